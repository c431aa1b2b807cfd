// The mutation run (`npm run mutation`): the full suite against the mock with each named fault in turn,
// in a full run and under --spec-only. A fault is killed when the report lists as failed a requirement the
// fault declares it breaks. Prints a table, the score and the over-blame (failed requirements a fault does
// not declare), writes reports/mutation/mutation.{md,json}, and exits 1 if any fault survives the full
// run, any normative fault survives --spec-only, or the run with no fault is not conformant.
//
//   npm run mutation [-- --jobs N] [-- --faults a,b] [-- --scope all|declared]
//
// --scope declared (what `npm test` runs): each fault first against the scenarios tagged with the
// requirements it declares, and against the whole suite only if those do not kill it (see Scope); under
// --spec-only, a fault resting on an AMB choice or a recommendation is judged on its declared scenarios.
//
// Workers (child processes, one per job) load the step definitions once and run the suite in-process
// against an in-process mock per fault: no start-up cost per fault.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FAULTS, FAULT_NAMES, Faults, type FaultName, type FaultSpec } from '../mock-server/faults/index.ts';
import { NORMATIVE_LEVELS, levelOf } from '../src/domain/requirements/basis.ts';
import { judgeEmbeddedMock } from '../src/runner/in-process-run.ts';
import { PROJECT_ROOT, loadSuiteSupport } from '../src/runner/run-suite.ts';
import { fixturesWithTwoRecordTypes } from '../src/runner/targets.ts';

const BASELINE = '(no fault)';

/** What one run of the suite against one mock said: enough to judge a fault, in both modes. */
interface ModeResult {
  /** The scenarios run: the whole suite, or only those tagged with a requirement the fault declares. */
  scope: Scope;
  verdict: string;
  scenarios: number;
  /** Scenarios that did not pass (failed, blocked, broken), with their status. */
  notPassed: { id: string; name: string; status: string }[];
  /** Requirements the report lists as failed. */
  failedRequirements: string[];
  advisoryRequirements: string[];
}

interface FaultRun {
  fault: string;
  ms: number;
  full: ModeResult;
  specOnly: ModeResult;
}

/**
 * `all`: every fault against the whole suite, which also measures over-blame (`npm run mutation`).
 * `declared` (`npm test`): each fault first against the scenarios tagged with a requirement it declares;
 * a fault those do not kill is judged again against the whole suite. A kill in the declared scenarios is
 * a kill of the whole suite too (the same scenarios fail the same checks), so every killed-or-survived
 * verdict is the one the whole suite gives; over-blame is not measured.
 */
type Scope = 'all' | 'declared';

/**
 * The default fixtures with a second record type, read and checked once: AMB-46 makes the value set
 * configurable, so that the scenarios tagged @two-record-types run (with NRLS-RecordType-1's single code, a
 * type filter cannot be seen to leave anything out).
 */
const FIXTURES = fixturesWithTwoRecordTypes();

/** Runs the suite (or the scenarios `tags` selects) against a mock with `names` switched on, in one mode. */
async function judgeMode(
  names: FaultName[],
  support: Awaited<ReturnType<typeof loadSuiteSupport>>,
  specOnly: boolean,
  tags = '',
): Promise<ModeResult> {
  const { run } = await judgeEmbeddedMock({
    runId: 'mutation',
    support,
    specOnly,
    tags,
    mock: {
      faults: new Faults(names),
      // A fresh copy for each mock (a store may change what it was seeded with).
      fixtures: structuredClone(FIXTURES),
      // Internal errors are what some faults are about (a crash on bad input); the scenarios judge them.
      reportInternalError: () => undefined,
    },
  });
  const requirementsWith = (status: string) =>
    run.requirements.filter((row) => row.status === status).map((row) => row.id);
  return {
    scope: tags ? 'declared' : 'all',
    verdict: run.verdict,
    scenarios: run.scenarios.length,
    notPassed: run.scenarios
      .filter((scenario) => scenario.status !== 'passed')
      .map(({ id, name, status }) => ({ id, name, status })),
    failedRequirements: requirementsWith('failed'),
    advisoryRequirements: requirementsWith('advisory'),
  };
}

async function worker(faults: string[], resultFile: string, scope: Scope): Promise<void> {
  const support = await loadSuiteSupport();
  const results: FaultRun[] = [];
  for (const fault of faults) {
    const started = performance.now();
    const names = fault === BASELINE ? [] : [fault as FaultName];
    const breaks: readonly string[] = fault === BASELINE ? [] : FAULTS[fault as FaultName].breaks;
    const declaredTags = scope === 'declared' ? breaks.map((id) => `@${id}`).join(' or ') : '';
    // Under --spec-only a fault resting on an AMB choice or a recommendation is expected to be advisory, and
    // nothing is asked of it there: its declared scenarios are enough to report it.
    const normative = fault !== BASELINE && isNormativeFault(FAULTS[fault as FaultName]);
    // The whole suite decides whenever the declared scenarios do not kill the fault (and for the baseline).
    const judge = async (specOnly: boolean): Promise<ModeResult> => {
      const declared = declaredTags ? await judgeMode(names, support, specOnly, declaredTags) : undefined;
      if (declared?.failedRequirements.some((id) => breaks.includes(id))) return declared;
      if (declared && specOnly && !normative) return declared;
      return judgeMode(names, support, specOnly);
    };
    const full = await judge(false);
    const specOnly = await judge(true);
    results.push({ fault, ms: performance.now() - started, full, specOnly });
    process.stdout.write(
      `  ${fault}: ${full.failedRequirements.length} requirements failed ` +
        `(${specOnly.failedRequirements.length} under --spec-only)\n`,
    );
  }
  writeFileSync(resultFile, JSON.stringify(results));
}

function runWorker(faults: string[], resultFile: string, scope: Scope): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(PROJECT_ROOT, 'scripts/mutation.ts'),
        '--worker',
        '--faults',
        faults.join(','),
        '--result',
        resultFile,
        '--scope',
        scope,
      ],
      {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`a mutation worker exited with ${code}`))));
  });
}

interface Verdict {
  fault: string;
  area: string;
  breaks: readonly string[];
  amb?: string;
  description: string;
  /** The fault breaks a rule of the spec itself (not one of our AMB choices or a recommendation). */
  normative: boolean;
  killed: boolean;
  killedSpecOnly: boolean;
  /** Requirements the full run failed that the fault does not declare (measured over the whole suite only). */
  overBlame: string[];
  /** The scenarios that gave the full run's verdict. */
  judgedOn: Scope;
  failedRequirements: string[];
  blockedScenarios: number;
  ms: number;
}

function verdictOf(run: FaultRun): Verdict {
  const spec: FaultSpec = FAULTS[run.fault as FaultName];
  const declared = (ids: string[]) => ids.filter((id) => spec.breaks.includes(id));
  return {
    fault: run.fault,
    area: spec.area,
    breaks: spec.breaks,
    ...(spec.amb ? { amb: spec.amb } : {}),
    description: spec.description,
    normative: isNormativeFault(spec),
    killed: declared(run.full.failedRequirements).length > 0,
    killedSpecOnly: declared(run.specOnly.failedRequirements).length > 0,
    overBlame: run.full.failedRequirements.filter((id) => !spec.breaks.includes(id)),
    judgedOn: run.full.scope,
    failedRequirements: run.full.failedRequirements,
    blockedScenarios: run.full.notPassed.filter((scenario) => scenario.status === 'blocked').length,
    ms: Math.round(run.ms),
  };
}

/** A fault breaks the spec itself when it departs from no AMB choice and breaks a requirement at a normative level. */
function isNormativeFault(spec: FaultSpec): boolean {
  return !spec.amb && spec.breaks.some((id) => NORMATIVE_LEVELS.has(levelOf(id) ?? ''));
}

function overBlameText(verdict: Verdict): string {
  if (verdict.judgedOn !== 'all') return 'not measured (declared scenarios only)';
  return `${verdict.overBlame.length}${verdict.overBlame.length > 0 ? `: ${verdict.overBlame.join(', ')}` : ''}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Summary {
  score: string;
  killed: number;
  total: number;
  normative: number;
  killedSpecOnly: number;
  normativeKilledSpecOnly: number;
  /** Over the faults judged on the whole suite (`measured` of them). */
  overBlame: { measured: number; median: number; max: number; faultsWithNone: number };
}

function summarise(verdicts: Verdict[]): Summary {
  const normative = verdicts.filter((verdict) => verdict.normative);
  // Over a subset of the scenarios a fault fails fewer requirements than it would over the whole suite.
  const overBlame = verdicts.filter((verdict) => verdict.judgedOn === 'all').map((verdict) => verdict.overBlame.length);
  return {
    score: `${verdicts.filter((verdict) => verdict.killed).length}/${verdicts.length}`,
    killed: verdicts.filter((verdict) => verdict.killed).length,
    total: verdicts.length,
    normative: normative.length,
    killedSpecOnly: verdicts.filter((verdict) => verdict.killedSpecOnly).length,
    normativeKilledSpecOnly: normative.filter((verdict) => verdict.killedSpecOnly).length,
    overBlame: {
      measured: overBlame.length,
      median: overBlame.length > 0 ? median(overBlame) : 0,
      max: Math.max(0, ...overBlame),
      faultsWithNone: overBlame.filter((count) => count === 0).length,
    },
  };
}

function markdown(verdicts: Verdict[], summary: Summary, baseline: FaultRun, seconds: string): string {
  const lines = [
    '# Mutation run',
    '',
    `Score: **${summary.score}** faults killed in the full run; ` +
      `**${summary.normativeKilledSpecOnly}/${summary.normative}** faults that break a rule of the spec itself ` +
      `killed under \`--spec-only\` (${summary.killedSpecOnly}/${summary.total} of all faults). Over-blame ` +
      `(failed requirements a fault does not declare, over the ${summary.overBlame.measured} faults judged on ` +
      `the whole suite): median ${summary.overBlame.median}, max ${summary.overBlame.max}; ` +
      `${summary.overBlame.faultsWithNone} of ${summary.overBlame.measured} faults with none.`,
    '',
    `Baseline (no fault): ${baseline.full.verdict}, ${baseline.full.scenarios - baseline.full.notPassed.length}` +
      ` of ${baseline.full.scenarios} scenarios passed; under --spec-only ${baseline.specOnly.verdict}. Wall ` +
      `time ${seconds} s.`,
    '',
    'A fault is **killed** when the report lists as failed at least one requirement the fault declares it ' +
      'breaks: the suite caught the defect for the right reason. *Normative* faults break a rule of the spec ' +
      'itself (a requirement at MUST, SHALL, SHOULD, MAY or INHERITED level, and no AMB choice); the others ' +
      'depart from one of our AMB choices or a mock recommendation, which `--spec-only` reports as advisory. ' +
      '*Over-blame* lists the requirements the full run failed that the fault does not declare.',
    '',
    '| Fault | Area | Breaks | Normative | Full run | --spec-only | Over-blame | Blocked scenarios |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const verdict of verdicts) {
    const specOnly = verdict.killedSpecOnly ? 'killed' : verdict.normative ? '**SURVIVED**' : 'advisory only';
    lines.push(
      `| \`${verdict.fault}\`: ${verdict.description} | ${verdict.area} ` +
        `| ${verdict.breaks.join(', ')}${verdict.amb ? ` (${verdict.amb})` : ''} ` +
        `| ${verdict.normative ? 'yes' : 'no'} | ${verdict.killed ? 'killed' : '**SURVIVED**'} | ${specOnly} ` +
        `| ${overBlameText(verdict)} ` +
        `| ${verdict.blockedScenarios} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      worker: { type: 'boolean', default: false },
      faults: { type: 'string' },
      result: { type: 'string' },
      jobs: { type: 'string', default: String(Math.min(2, availableParallelism())) },
      out: { type: 'string', default: join(PROJECT_ROOT, 'reports', 'mutation') },
      scope: { type: 'string', default: 'all' },
    },
  });
  if (values.scope !== 'all' && values.scope !== 'declared') {
    console.error(`--scope must be all or declared, not ${values.scope}`);
    return 2;
  }
  const scope: Scope = values.scope;
  if (values.worker) {
    await worker(values.faults!.split(','), values.result!, scope);
    return 0;
  }
  const chosen = values.faults ? values.faults.split(',') : FAULT_NAMES;
  const unknown = chosen.filter((name) => !FAULT_NAMES.includes(name as FaultName));
  if (unknown.length > 0) {
    console.error(`unknown faults: ${unknown.join(', ')}`);
    return 2;
  }
  const jobs = Math.max(1, Number(values.jobs));
  const started = performance.now();
  const scenarios = scope === 'all' ? 'the whole suite each' : 'the scenarios of their declared requirements first';
  console.log(`mutation run: ${chosen.length} faults and a baseline, ${scenarios}, ${jobs} worker process(es)`);
  const shards: string[][] = Array.from({ length: jobs }, () => []);
  for (const [at, fault] of [BASELINE, ...chosen].entries()) shards[at % jobs]!.push(fault);
  const scratch = join(tmpdir(), `nrls-mutation-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  await Promise.all(shards.map((faults, at) => runWorker(faults, join(scratch, `${at}.json`), scope)));
  const runs = shards.flatMap((_, at) => JSON.parse(readFileSync(join(scratch, `${at}.json`), 'utf8')) as FaultRun[]);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);

  const baseline = runs.find((run) => run.fault === BASELINE)!;
  const verdicts = chosen.map((fault) => verdictOf(runs.find((run) => run.fault === fault)!));
  const summary = summarise(verdicts);
  const baselineProblems = [
    ...(baseline.full.verdict === 'conformant'
      ? []
      : [
          `the full run against the mock with no fault ` +
            `is ${baseline.full.verdict}: ${baseline.full.notPassed.map((s) => s.name).join('; ')}`,
        ]),
    ...(baseline.specOnly.verdict === 'conformant' && baseline.specOnly.advisoryRequirements.length === 0
      ? []
      : [
          `the --spec-only run against the mock with no fault is ${baseline.specOnly.verdict} ` +
            `(advisory: ${baseline.specOnly.advisoryRequirements.join(', ') || 'none'})`,
        ]),
  ];
  mkdirSync(values.out, { recursive: true });
  writeFileSync(
    join(values.out, 'mutation.json'),
    `${JSON.stringify(
      {
        ...summary,
        seconds: Number(seconds),
        baseline: { full: baseline.full, specOnly: baseline.specOnly },
        faults: verdicts,
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(join(values.out, 'mutation.md'), markdown(verdicts, summary, baseline, seconds));

  console.log('');
  const width = Math.max(...verdicts.map((verdict) => verdict.fault.length));
  for (const verdict of verdicts) {
    const specOnly = verdict.killedSpecOnly
      ? 'killed under --spec-only'
      : verdict.normative
        ? 'SURVIVED --spec-only'
        : 'advisory under --spec-only';
    console.log(
      `${verdict.killed ? '✔ killed  ' : '✖ SURVIVED'} ${verdict.fault.padEnd(width)}  ${specOnly}; ` +
        `over-blame ${overBlameText(verdict)}`,
    );
  }
  console.log('');
  console.log(`baseline (no fault): ${baseline.full.verdict}; --spec-only ${baseline.specOnly.verdict}`);
  console.log(
    `mutation score: ${summary.score} faults killed; normative faults killed under ` +
      `--spec-only: ${summary.normativeKilledSpecOnly}/${summary.normative}; over-blame ` +
      `median ${summary.overBlame.median}, max ${summary.overBlame.max} ` +
      `over ${summary.overBlame.measured} faults (${seconds} ` +
      `s); ${join(values.out, 'mutation.md')}`,
  );
  const survivors = verdicts.filter((verdict) => !verdict.killed);
  const specSurvivors = verdicts.filter((verdict) => verdict.normative && !verdict.killedSpecOnly);
  for (const problem of baselineProblems) console.log(`✖ ${problem}`);
  if (survivors.length > 0) console.log(`✖ surviving faults: ${survivors.map((verdict) => verdict.fault).join(', ')}`);
  if (specSurvivors.length > 0)
    console.log(
      `✖ normative faults surviving --spec-only: ${specSurvivors.map((verdict) => verdict.fault).join(', ')}`,
    );
  return baselineProblems.length === 0 && survivors.length === 0 && specSurvivors.length === 0 ? 0 : 1;
}

process.exitCode = await main();
