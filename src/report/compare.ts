// Two runs side by side (issue 13, point 2): per requirement and per scenario, what got worse, what was
// fixed and what came or went, so that a supplier fixing defects, or a reviewer checking a re-submission, sees
// what changed and CI can gate on a regression. Pure: two models in, one comparison model out
// (`compare --json` writes it as it is).
import type { AssuranceRun, RequirementStatus, ScenarioStatus, Verdict } from './model.ts';

/** A status on one side; `absent` when that run has no such requirement or scenario at all. */
export type ComparedStatus = RequirementStatus | ScenarioStatus | 'absent';

/**
 * newly failed: now failed or broken, was neither; newly blocked: now blocked, was not (a failure now
 * blocked hides whether it was fixed, so it counts); no longer run: now not run or skipped, was run;
 * fixed: was failed, broken or blocked, now passed or advisory; newly run: was not run, now passed or
 * advisory; new: only in B; removed: only in A; changed: any other move (passed ↔ advisory, failed ↔ broken, not run ↔
 * skipped). blocked → failed counts as newly failed.
 */
export type ChangeKind =
  | 'newly failed'
  | 'newly blocked'
  | 'no longer run'
  | 'fixed'
  | 'newly run'
  | 'new'
  | 'removed'
  | 'changed';

export const CHANGE_KINDS: readonly ChangeKind[] = [
  'newly failed',
  'newly blocked',
  'no longer run',
  'fixed',
  'newly run',
  'new',
  'removed',
  'changed',
];

export interface Change {
  subject: 'requirement' | 'scenario';
  /** The requirement id, or the scenario's uri:line in B (in A when B no longer has it). */
  id: string;
  /** The requirement's summary or the scenario's name. */
  name: string;
  from: ComparedStatus;
  to: ComparedStatus;
  kind: ChangeKind;
  /** Got worse: newly failed, newly blocked, or no longer run when it had passed. */
  regression: boolean;
  /** Why it is what it is now (the defect that failed or blocked it, why it was not run), or was before. */
  why: string;
}

/** What a reader needs to know about each side, and what makes two runs comparable. */
export interface ComparedRun {
  /** The folder or bundle it was read from. */
  path: string;
  id: string;
  verdict: Verdict;
  verdictReason: string;
  harness: string;
  target: string;
  tagFilter: string;
  specOnly: boolean;
}

export interface RunComparison {
  a: ComparedRun;
  b: ComparedRun;
  /** How the runs' identities differ (harness, target, tag filter, spec-only): each a mixed-in change. */
  identityDifferences: string[];
  verdictChanged: boolean;
  regressions: number;
  requirements: Change[];
  scenarios: Change[];
}

/** `NOT CONFORMANT: 1 requirement failed…`, without saying the verdict twice when the reason starts with it. */
export function verdictWords(run: ComparedRun): string {
  const reason = run.verdictReason.startsWith(`${run.verdict}:`)
    ? run.verdictReason.slice(run.verdict.length + 1).trim()
    : run.verdictReason;
  return `${run.verdict.toUpperCase()}: ${reason}`;
}

const FAILING = new Set<ComparedStatus>(['failed', 'broken']);
const PASSING = new Set<ComparedStatus>(['passed', 'advisory']);
const UNRUN = new Set<ComparedStatus>(['not run', 'skipped']);

export function classify(from: ComparedStatus, to: ComparedStatus): { kind: ChangeKind; regression: boolean } {
  // Only one run has it: the harnesses differ (a scenario renamed, the catalogue revised), which the identity
  // warning says; a run of one harness lists every scenario of its suite, run or not.
  if (from === 'absent') return { kind: 'new', regression: false };
  if (to === 'absent') return { kind: 'removed', regression: false };
  if (FAILING.has(to) && !FAILING.has(from)) return { kind: 'newly failed', regression: true };
  // failed → blocked too: the defect moved earlier and hides whether the own one was fixed.
  if (to === 'blocked') return { kind: 'newly blocked', regression: true };
  // A failure that stopped being tested is not a regression, but the reader must still see it.
  if (UNRUN.has(to) && !UNRUN.has(from)) return { kind: 'no longer run', regression: PASSING.has(from) };
  if (PASSING.has(to) && (FAILING.has(from) || from === 'blocked')) return { kind: 'fixed', regression: false };
  if (PASSING.has(to) && UNRUN.has(from)) return { kind: 'newly run', regression: false };
  return { kind: 'changed', regression: false };
}

/** `D1 Location in the ?_id= form` for each of the defect ids, from the run that found them. */
function defectWords(run: AssuranceRun, ids: readonly string[]): string {
  return ids.map((id) => `${id} ${run.defects.find((defect) => defect.id === id)?.name ?? ''}`.trim()).join('; ');
}

function requirementWhy(run: AssuranceRun, id: string): string {
  const row = run.requirements.find((candidate) => candidate.id === id);
  if (!row) return '';
  if (row.defects.length > 0) return `${row.status === 'blocked' ? 'by ' : ''}${defectWords(run, row.defects)}`;
  return row.reason ?? '';
}

function compareRequirements(a: AssuranceRun, b: AssuranceRun): Change[] {
  const before = new Map(a.requirements.map((row) => [row.id, row]));
  const after = new Map(b.requirements.map((row) => [row.id, row]));
  const changes: Change[] = [];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const from = before.get(id)?.status ?? 'absent';
    const to = after.get(id)?.status ?? 'absent';
    if (from === to) continue;
    const { kind, regression } = classify(from, to);
    // The reason is the side that explains the change: the defect now, or the defect that was fixed.
    const why = kind === 'fixed' ? requirementWhy(a, id) : requirementWhy(b, id) || requirementWhy(a, id);
    const name = (after.get(id) ?? before.get(id))!.summary;
    changes.push({ subject: 'requirement', id, name, from, to, kind, regression, why });
  }
  return changes;
}

interface ScenarioSide {
  id: string;
  name: string;
  status: ScenarioStatus | 'not run';
  why: string;
}

/**
 * A scenario's key is its feature file and name, not its id (uri:line): lines move when a feature file is
 * edited. An outline's examples may share a name; the nth of them is matched with the nth.
 */
function scenariosByKey(run: AssuranceRun): Map<string, ScenarioSide> {
  const sides: (ScenarioSide & { uri: string; line: number })[] = [
    ...run.scenarios.map((scenario) => ({
      id: scenario.id,
      uri: scenario.uri,
      line: scenario.line,
      name: scenario.name,
      status: scenario.status,
      why: scenario.blockedBy
        ? `by ${defectWords(run, [scenario.blockedBy])}`
        : defectWords(run, [...new Set(scenario.findings.map((finding) => finding.defect))]),
    })),
    ...run.notRun.map((skipped) => ({
      id: skipped.id,
      uri: skipped.id.replace(/:\d+$/, ''),
      line: Number(/:(\d+)$/.exec(skipped.id)?.[1] ?? 0),
      name: skipped.name,
      status: 'not run' as const,
      why: skipped.reason,
    })),
  ];
  sides.sort((x, y) => x.uri.localeCompare(y.uri) || x.line - y.line);
  const keyed = new Map<string, ScenarioSide>();
  for (const side of sides) {
    let occurrence = 1;
    while (keyed.has(`${side.uri}\u0000${side.name}\u0000${occurrence}`)) occurrence += 1;
    keyed.set(`${side.uri}\u0000${side.name}\u0000${occurrence}`, side);
  }
  return keyed;
}

function compareScenarios(a: AssuranceRun, b: AssuranceRun): Change[] {
  const before = scenariosByKey(a);
  const after = scenariosByKey(b);
  const changes: Change[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(key);
    const now = after.get(key);
    const from = was?.status ?? 'absent';
    const to = now?.status ?? 'absent';
    if (from === to) continue;
    const { kind, regression } = classify(from, to);
    const why = kind === 'fixed' ? (was?.why ?? '') : now?.why || was?.why || '';
    const { id, name } = (now ?? was)!;
    changes.push({ subject: 'scenario', id, name, from, to, kind, regression, why });
  }
  return changes.sort((x, y) => x.id.localeCompare(y.id, undefined, { numeric: true }));
}

function describeRun(run: AssuranceRun, path: string): ComparedRun {
  const { harness, target } = run.run;
  return {
    path,
    id: run.run.id,
    verdict: run.verdict,
    verdictReason: run.verdictReason,
    harness: `${harness.name} ${harness.version} (${harness.commit})`,
    target: target.embeddedMock ? target.name : `${target.name} at ${target.baseUrl}`,
    tagFilter: run.run.tagFilter,
    specOnly: run.run.specOnly,
  };
}

/**
 * What else differs between the runs. The embedded mock listens on a new port each run, so two embedded
 * mocks are the same target when their names (which carry the faults injected) agree.
 */
function identityDifferences(a: ComparedRun, b: ComparedRun): string[] {
  const quoted = (text: string) => (text ? `"${text}"` : '(whole suite)');
  const differences: string[] = [];
  if (a.harness !== b.harness) differences.push(`harness: ${a.harness} → ${b.harness}`);
  if (a.target !== b.target) differences.push(`target: ${a.target} → ${b.target}`);
  if (a.tagFilter !== b.tagFilter) differences.push(`tag filter: ${quoted(a.tagFilter)} → ${quoted(b.tagFilter)}`);
  if (a.specOnly !== b.specOnly) differences.push(`spec-only: ${a.specOnly} → ${b.specOnly}`);
  return differences;
}

export function compareRuns(a: AssuranceRun, b: AssuranceRun, paths = { a: '', b: '' }): RunComparison {
  const sideA = describeRun(a, paths.a);
  const sideB = describeRun(b, paths.b);
  const requirements = compareRequirements(a, b);
  const scenarios = compareScenarios(a, b);
  return {
    a: sideA,
    b: sideB,
    identityDifferences: identityDifferences(sideA, sideB),
    verdictChanged: a.verdict !== b.verdict,
    regressions: [...requirements, ...scenarios].filter((change) => change.regression).length,
    requirements,
    scenarios,
  };
}
