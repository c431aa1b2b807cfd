// From the judged scenarios to what the run says: one group per defect (a failing check, however many
// scenarios it failed or blocked), a status for every requirement of the catalogue, and the verdict.
// A requirement fails only when a check about it failed; one that could not be judged because an earlier
// step failed for another reason is blocked, naming that defect. Pure, like build.ts.
import { binds } from '../domain/requirements/basis.ts';
import { TESTABLE_LEVELS, levelReason } from '../domain/requirements/catalogue.ts';
import type { BuildContext } from './build-context.ts';
import type { CheckRecord } from './check.ts';
import type {
  AmbiguityRow,
  AssuranceRun,
  DefectGroup,
  Finding,
  RequirementRow,
  RequirementStatus,
  ScenarioResult,
  Tally,
} from './model.ts';

export interface NotRunScenario {
  id: string;
  name: string;
  reason: string;
  requirementIds: string[];
  ambiguityIds: string[];
}

const STATUSES = ['passed', 'failed', 'blocked', 'broken', 'advisory', 'skipped'] as const;

/** How many scenarios (or any items with a scenario status) have each status. */
export function tally(items: { status: string }[]): Tally {
  const count = (status: string) => items.filter((item) => item.status === status).length;
  return Object.fromEntries(STATUSES.map((status) => [status, count(status)])) as unknown as Tally;
}

const isConformanceFailure = (finding: Finding) =>
  finding.outcome === 'failed' && (finding.kind === 'conformance' || finding.kind === 'timeout');

/** Groups the findings by defect and renames each finding's `defect` to its group's id (D1, D2, …). */
function groupDefects(scenarios: ScenarioResult[]): DefectGroup[] {
  const groups = new Map<string, DefectGroup>();
  for (const scenario of scenarios) {
    for (const finding of scenario.findings) {
      let group = groups.get(finding.defect);
      if (!group) {
        group = {
          id: '',
          about: finding.about,
          name: finding.name,
          ...(finding.amb ? { amb: finding.amb } : {}),
          basis: finding.basis,
          outcome: finding.outcome,
          kind: finding.kind,
          expected: finding.expected ?? '',
          actual: finding.actual ?? '',
          stage: finding.stage,
          failedScenarios: [],
          blockedScenarios: [],
        };
        groups.set(finding.defect, group);
      }
      const list =
        finding.stage === 'setup' && finding.outcome === 'failed' ? group.blockedScenarios : group.failedScenarios;
      if (!list.includes(scenario.id)) list.push(scenario.id);
    }
  }
  const ordered = [...groups.entries()].sort(
    ([, a], [, b]) =>
      Number(b.outcome === 'failed') - Number(a.outcome === 'failed') ||
      b.failedScenarios.length + b.blockedScenarios.length - (a.failedScenarios.length + a.blockedScenarios.length),
  );
  const ids = new Map(ordered.map(([key], at) => [key, `D${at + 1}`]));
  for (const scenario of scenarios) {
    for (const finding of scenario.findings) finding.defect = ids.get(finding.defect)!;
    if (scenario.blockedBy) scenario.blockedBy = ids.get(scenario.blockedBy)!;
  }
  return ordered.map(([key, group]) => ({ ...group, id: ids.get(key)! }));
}

const checksOf = (scenario: ScenarioResult): CheckRecord[] => scenario.steps.flatMap((step) => step.checks);

/** The defect that stopped a scenario before it judged everything: its setup's, or its first failure's. */
function stoppedBy(scenario: ScenarioResult): string | undefined {
  return scenario.blockedBy ?? scenario.findings.find((finding) => finding.outcome === 'failed')?.defect;
}

/**
 * Whether a scenario stopped before its end: failed, blocked or broken, or stopped at an advisory gate
 * (its later steps skipped). What it would have judged after that point is unknown, so none of its
 * requirements counts as proved by it (conservatively: a run that judged less must not look like a pass).
 */
const stopped = (scenario: ScenarioResult) =>
  scenario.status === 'failed' ||
  scenario.status === 'blocked' ||
  scenario.status === 'broken' ||
  (scenario.status === 'advisory' && scenario.steps.some((step) => step.status === 'skipped'));

function requirementStatus(
  id: string,
  tagged: ScenarioResult[],
  findings: Finding[],
  passedChecks: number,
  specOnly: boolean,
): { status: RequirementStatus; defects: string[] } | undefined {
  const failed = findings.filter((finding) => isConformanceFailure(finding) && binds(id, finding.amb, specOnly));
  if (failed.length > 0) return { status: 'failed', defects: [...new Set(failed.map((finding) => finding.defect))] };
  const unfinished = tagged.filter(stopped);
  if (unfinished.some((scenario) => scenario.status === 'broken')) return { status: 'broken', defects: [] };
  const blocking = unfinished.filter((scenario) => scenario.status === 'failed' || scenario.status === 'blocked');
  if (blocking.length > 0)
    return {
      status: 'blocked',
      defects: [...new Set(blocking.map(stoppedBy).filter((defect): defect is string => !!defect))],
    };
  const advisory = [
    ...findings.filter((finding) => finding.kind === 'conformance' || finding.kind === 'timeout'),
    ...unfinished.flatMap((scenario) => scenario.findings),
  ];
  if (advisory.length > 0)
    return { status: 'advisory', defects: [...new Set(advisory.map((finding) => finding.defect))] };
  if (passedChecks > 0 || tagged.length > 0) return { status: 'passed', defects: [] };
  return undefined;
}

function requirementRows(
  scenarios: ScenarioResult[],
  notRun: NotRunScenario[],
  context: BuildContext,
): RequirementRow[] {
  const findings = scenarios.flatMap((scenario) => scenario.findings);
  const passed = new Map<string, number>();
  for (const check of scenarios.flatMap(checksOf)) {
    if (check.outcome === 'passed') for (const id of check.about) passed.set(id, (passed.get(id) ?? 0) + 1);
  }
  return context.catalogue.requirements.map((requirement) => {
    const tagged = scenarios.filter((scenario) => scenario.requirementIds.includes(requirement.id));
    const row = {
      id: requirement.id,
      level: requirement.level,
      summary: requirement.summary,
      area: requirement.area,
      section: requirement.section,
      ambiguityIds: requirement.amb,
      scenarioIds: tagged.map((scenario) => scenario.id),
      checksPassed: passed.get(requirement.id) ?? 0,
      defects: [] as string[],
    };
    const judged = requirementStatus(
      requirement.id,
      tagged,
      findings.filter((finding) => finding.about.includes(requirement.id)),
      row.checksPassed,
      context.identity.specOnly,
    );
    if (judged) return { ...row, ...judged };
    const unselected = notRun.filter((scenario) => scenario.requirementIds.includes(requirement.id));
    if (unselected.length > 0)
      return {
        ...row,
        scenarioIds: unselected.map((scenario) => scenario.id),
        status: 'not run' as const,
        reason: unselected[0]!.reason,
      };
    const reason = context.notTestable[requirement.id] ?? levelReason(requirement.level);
    if (reason) return { ...row, status: 'not testable' as const, reason };
    if (!TESTABLE_LEVELS.has(requirement.level))
      return {
        ...row,
        status: 'not testable' as const,
        reason: `${requirement.level}: optional; no scenario asserts it`,
      };
    return { ...row, status: 'not run' as const, reason: 'no scenario proves it' };
  });
}

function ambiguityRows(scenarios: ScenarioResult[], notRun: NotRunScenario[], context: BuildContext): AmbiguityRow[] {
  return context.catalogue.ambiguities.map((ambiguity) => {
    const resting = scenarios.filter((scenario) => scenario.ambiguityIds.includes(ambiguity.id));
    const findings = resting.flatMap((scenario) => scenario.findings.filter((finding) => finding.amb === ambiguity.id));
    let status: RequirementStatus;
    if (findings.some((finding) => finding.outcome === 'failed')) status = 'failed';
    else if (findings.length > 0) status = 'advisory';
    else if (resting.some((scenario) => scenario.status === 'broken')) status = 'broken';
    else if (resting.some((scenario) => scenario.status === 'blocked' || scenario.status === 'failed'))
      status = 'blocked';
    else if (resting.length > 0) status = 'passed';
    else status = 'not run';
    const ids =
      resting.length > 0
        ? resting.map((scenario) => scenario.id)
        : notRun.filter((scenario) => scenario.ambiguityIds.includes(ambiguity.id)).map((scenario) => scenario.id);
    return { ...ambiguity, status, scenarioIds: ids };
  });
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function verdictOf(
  run: Omit<AssuranceRun, 'verdict' | 'verdictReason'>,
): Pick<AssuranceRun, 'verdict' | 'verdictReason'> {
  const { scenarioTotals: s, requirementTotals: r, judged } = run;
  const ran = s.passed + s.failed + s.blocked + s.broken + s.advisory;
  const failingDefects = run.defects.filter(
    (defect) => defect.outcome === 'failed' && defect.kind !== 'harness' && defect.kind !== 'unreachable',
  ).length;
  const advice =
    r.advisory > 0
      ? `; ${count(r.advisory, 'requirement')} ${r.advisory === 1 ? 'differs' : 'differ'} from a recommendation ` +
        `(advisory, not counted)`
      : '';
  if (ran === 0) return { verdict: 'incomplete', verdictReason: 'no scenario ran' };
  if (r.failed > 0) {
    return {
      verdict: 'not conformant',
      verdictReason:
        `${count(r.failed, 'requirement')} failed, ` +
        `from ${count(failingDefects, 'defect')}; ${count(s.failed, 'scenario')} failed ` +
        `and ${s.blocked} ${s.blocked === 1 ? 'was' : 'were'} blocked`,
    };
  }
  if (s.broken > 0) {
    const why = 'no response, or a harness or configuration problem';
    return { verdict: 'incomplete', verdictReason: `${s.broken} of ${ran} scenarios could not be judged (${why})` };
  }
  if (run.run.userTags !== '') {
    return {
      verdict: 'partial',
      verdictReason:
        `partial: ${judged.requirements} of ${judged.testable} testable requirements judged ` +
        `(tags ${run.run.userTags}); every selected scenario passed${advice}`,
    };
  }
  return {
    verdict: 'conformant',
    verdictReason:
      `all ${ran} scenarios passed; ${judged.requirements} of ${judged.testable} testable requirements ` +
      `judged${advice}`,
  };
}

export function judgeRun(
  scenarios: ScenarioResult[],
  notRun: NotRunScenario[],
  context: BuildContext,
  deleted = 0,
): AssuranceRun {
  const defects = groupDefects(scenarios);
  const requirements = requirementRows(scenarios, notRun, context);
  const requirementTotals = requirementTotalsOf(requirements);
  const areas = areaTallies(scenarios);
  const testable = requirements.length - requirementTotals['not testable'];
  const partial: Omit<AssuranceRun, 'verdict' | 'verdictReason'> = {
    schemaVersion: 2,
    run: context.identity,
    judged: {
      requirements: requirementTotals.passed + requirementTotals.failed + requirementTotals.advisory,
      testable,
    },
    scenarioTotals: tally(scenarios),
    requirementTotals,
    areas,
    defects,
    requirements,
    ambiguities: ambiguityRows(scenarios, notRun, context),
    scenarios,
    cleanup: {
      deleted,
      left: scenarios.flatMap((scenario) =>
        (scenario.leftOnTarget ?? []).map((left) => ({ scenario: scenario.id, ...left })),
      ),
    },
    notRun: notRun.map(({ id, name, reason }) => ({ id, name, reason })),
    redactedSecrets: context.secrets.map((secret) => secret.name),
  };
  const verdict = verdictOf(partial);
  return { ...partial, ...verdict };
}

/** How many requirement rows have each status. */
export function requirementTotalsOf(rows: readonly { status: RequirementStatus }[]): Record<RequirementStatus, number> {
  const totals = {
    passed: 0,
    failed: 0,
    blocked: 0,
    broken: 0,
    advisory: 0,
    'not run': 0,
    'not testable': 0,
  } as Record<RequirementStatus, number>;
  for (const row of rows) totals[row.status] += 1;
  return totals;
}

/** The scenarios' tally per area, areas in order. */
export function areaTallies(scenarios: readonly ScenarioResult[]): (Tally & { area: string })[] {
  return [...new Set(scenarios.map((scenario) => scenario.area))]
    .sort()
    .map((area) => ({ area, ...tally(scenarios.filter((scenario) => scenario.area === area)) }));
}
