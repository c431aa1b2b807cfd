// The mutation run (`npm run mutation`): the full suite against the mock with each named fault in turn.
// A fault is killed when the suite fails and at least one failed scenario is tagged with a requirement
// the fault breaks. Prints a table and the score, writes reports/mutation/mutation.{md,json}, and exits
// 1 if any fault survives or the run with no fault is not all green.
//
//   npm run mutation [-- --jobs N] [-- --faults a,b]
//
// Workers (child processes, one per job) load the step definitions once and run the suite in-process
// against an in-process mock per fault: no start-up cost per fault.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Envelope } from '@cucumber/messages';
import { FAULTS, FAULT_NAMES, Faults, type FaultName } from '../mock-server/faults.ts';
import { loadFixtures } from '../mock-server/fixtures.ts';
import { buildAssuranceRun } from '../src/report/build.ts';
import { loadCatalogue, loadNotTestableReasons } from '../src/domain/requirements/catalogue.ts';
import { PROJECT_ROOT, loadSuiteSupport, runSuite } from '../src/runner/run-suite.ts';
import { startEmbeddedMock } from '../src/runner/targets.ts';
import { runIdentity } from '../src/runner/identity.ts';

const BASELINE = '(no fault)';

interface ScenarioOutcome {
  id: string;
  name: string;
  status: string;
  requirementIds: string[];
}

interface FaultRun {
  fault: string;
  ms: number;
  scenarios: number;
  failed: ScenarioOutcome[];
}

/**
 * The mutation run's mock also accepts a second record type (AMB-46 makes the value set configurable),
 * so that the scenarios tagged @two-record-types run: with NRLS-RecordType-1's single code, a type
 * filter cannot be seen to leave anything out.
 */
function mutationFixtures() {
  const fixtures = loadFixtures();
  fixtures.recordTypes.push({ system: 'http://snomed.info/sct', code: '734163000', display: 'Care plan (record artifact)' });
  return fixtures;
}

/** Runs the suite against a mock with `names` switched on; returns the scenarios that did not pass. */
async function judge(names: FaultName[], support: Awaited<ReturnType<typeof loadSuiteSupport>>): Promise<Omit<FaultRun, 'fault'>> {
  const started = performance.now();
  // Internal errors are what some faults are about (a crash on bad input); the scenarios judge them.
  const mock = await startEmbeddedMock({ faults: new Faults(names), fixtures: mutationFixtures(), reportInternalError: () => undefined });
  const envelopes: Envelope[] = [];
  try {
    await runSuite({ target: mock.target, outDir: '', support, onEnvelope: (envelope) => envelopes.push(envelope) });
  } finally {
    await mock.stop();
  }
  const now = new Date();
  const run = buildAssuranceRun(envelopes, {
    identity: runIdentity({ runId: 'mutation', target: mock.target, embeddedMock: true, startedAt: now, finishedAt: now, tagFilter: '', parallel: 0 }),
    catalogue: loadCatalogue(),
    notTestable: loadNotTestableReasons(),
    secrets: [],
  });
  const failed = run.scenarios
    .filter((scenario) => scenario.status !== 'passed')
    .map(({ id, name, status, requirementIds }) => ({ id, name, status, requirementIds }));
  return { ms: performance.now() - started, scenarios: run.scenarios.length, failed };
}

async function worker(faults: string[], resultFile: string): Promise<void> {
  const support = await loadSuiteSupport();
  const results: FaultRun[] = [];
  for (const fault of faults) {
    results.push({ fault, ...(await judge(fault === BASELINE ? [] : [fault as FaultName], support)) });
    process.stdout.write(`  ${fault}: ${results[results.length - 1]!.failed.length} scenarios failed\n`);
  }
  writeFileSync(resultFile, JSON.stringify(results));
}

function runWorker(faults: string[], resultFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'scripts/mutation.ts'), '--worker', '--faults', faults.join(','), '--result', resultFile], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`a mutation worker exited with ${code}`))));
  });
}

interface Verdict {
  fault: string;
  area: string;
  breaks: readonly string[];
  description: string;
  killed: boolean;
  killedBy: { id: string; name: string; requirementIds: string[] }[];
  otherFailures: number;
  ms: number;
}

function verdictOf(run: FaultRun): Verdict {
  const spec = FAULTS[run.fault as FaultName];
  const killers = run.failed.filter((scenario) => scenario.status === 'failed' && scenario.requirementIds.some((id) => spec.breaks.includes(id)));
  return {
    fault: run.fault,
    area: spec.area,
    breaks: spec.breaks,
    description: spec.description,
    killed: killers.length > 0,
    killedBy: killers.map(({ id, name, requirementIds }) => ({ id, name, requirementIds: requirementIds.filter((r) => spec.breaks.includes(r)) })),
    otherFailures: run.failed.length - killers.length,
    ms: Math.round(run.ms),
  };
}

function markdown(verdicts: Verdict[], score: string, baseline: FaultRun, seconds: string): string {
  const lines = [
    '# Mutation run',
    '',
    `Score: **${score}** faults killed. Baseline (no fault): ${baseline.scenarios - baseline.failed.length} of ${baseline.scenarios} scenarios passed. Wall time ${seconds} s.`,
    '',
    'A fault is killed when the suite fails against the mock with that fault and at least one failed scenario is tagged with a requirement the fault breaks.',
    '',
    '| Fault | Area | Breaks | Verdict | Killed by (scenarios tagged with a broken requirement) |',
    '|---|---|---|---|---|',
  ];
  for (const verdict of verdicts) {
    const killers = verdict.killedBy.slice(0, 3).map((k) => `${k.name} (\`${k.id}\`)`).join('<br>');
    const more = verdict.killedBy.length > 3 ? `<br>… and ${verdict.killedBy.length - 3} more` : '';
    lines.push(`| \`${verdict.fault}\`: ${verdict.description} | ${verdict.area} | ${verdict.breaks.join(', ')} | ${verdict.killed ? 'killed' : '**SURVIVED**'} | ${killers}${more} |`);
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
    },
  });
  if (values.worker) {
    await worker(values.faults!.split(','), values.result!);
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
  console.log(`mutation run: ${chosen.length} faults and a baseline, full suite each, ${jobs} worker process(es)`);
  const shards: string[][] = Array.from({ length: jobs }, () => []);
  [BASELINE, ...chosen].forEach((fault, at) => shards[at % jobs]!.push(fault));
  const scratch = join(tmpdir(), `nrls-mutation-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  await Promise.all(shards.map((faults, at) => runWorker(faults, join(scratch, `${at}.json`))));
  const runs = shards.flatMap((_, at) => JSON.parse(readFileSync(join(scratch, `${at}.json`), 'utf8')) as FaultRun[]);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);

  const baseline = runs.find((run) => run.fault === BASELINE)!;
  const verdicts = chosen.map((fault) => verdictOf(runs.find((run) => run.fault === fault)!));
  const killed = verdicts.filter((verdict) => verdict.killed).length;
  const score = `${killed}/${verdicts.length}`;
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'mutation.json'), `${JSON.stringify({ score, killed, total: verdicts.length, seconds: Number(seconds), baseline: { scenarios: baseline.scenarios, failed: baseline.failed }, faults: verdicts }, null, 2)}\n`);
  writeFileSync(join(values.out, 'mutation.md'), markdown(verdicts, score, baseline, seconds));

  console.log('');
  const width = Math.max(...verdicts.map((verdict) => verdict.fault.length));
  for (const verdict of verdicts) {
    console.log(`${verdict.killed ? '✔ killed  ' : '✖ SURVIVED'} ${verdict.fault.padEnd(width)}  ${verdict.killedBy.length} killing scenarios (${verdict.breaks.join(', ')})`);
  }
  console.log('');
  console.log(`baseline (no fault): ${baseline.scenarios - baseline.failed.length} of ${baseline.scenarios} scenarios passed`);
  console.log(`mutation score: ${score} faults killed (${seconds} s); ${join(values.out, 'mutation.md')}`);
  const survivors = verdicts.filter((verdict) => !verdict.killed);
  if (baseline.failed.length > 0) console.log(`✖ the suite fails against the mock with no fault: ${baseline.failed.map((s) => s.name).join('; ')}`);
  if (survivors.length > 0) console.log(`✖ surviving faults: ${survivors.map((verdict) => verdict.fault).join(', ')}`);
  return baseline.failed.length === 0 && survivors.length === 0 ? 0 : 1;
}

process.exitCode = await main();
