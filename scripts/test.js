#!/usr/bin/env node
// `npm test`: every runner of the project, then one plain line `N passed, N failed` summing them all
// (also written to reports/test-summary.txt, which .ci/run prints last). The golden run comes first; then
// the static checks (tsc, Biome, line length, import cycles) and the mutation run go beside the node:test
// files, which run several at a time: most of them wait on child processes, sockets and the container
// engine, not the CPU.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const reports = join(root, 'reports');
mkdirSync(reports, { recursive: true });

function filesUnder(dir, suffix) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, suffix) : path.endsWith(suffix) ? [path] : [];
  });
}

/** Test files at a time: node's default (one less than the cores) leaves a 2-core machine mostly idle. */
const TEST_CONCURRENCY = Math.max(2, availableParallelism() + 1);

/**
 * Test files that run in this process's own modules (no child processes, signals or timing bounds): one
 * node process runs them all, instead of one each that loads tsx, the STU3 definitions and the mock again.
 */
const IN_ONE_PROCESS = ['mock-server', 'domain', 'report', 'runner', 'steps', 'target', 'scripts', 'dependencies'];
const OWN_PROCESS = new Set(['report/redaction-canary.test.ts']);
const IN_ONE_PROCESS_FILE = 'in-process.test.mjs';

/** The test files as node:test is given them: the in-process ones imported by one generated file. */
function testFiles() {
  const all = filesUnder(join(root, 'test'), '.test.ts');
  const inOne = (file) => {
    const path = relative(join(root, 'test'), file);
    return IN_ONE_PROCESS.includes(path.split('/')[0]) && !OWN_PROCESS.has(path);
  };
  const generated = join(reports, IN_ONE_PROCESS_FILE);
  const imports = all
    .filter(inOne)
    .sort()
    .map((file) => `await import(${JSON.stringify(pathToFileURL(file).href)});`);
  writeFileSync(generated, `// Written by scripts/test.js: test files run in one process.\n${imports.join('\n')}\n`);
  return [...all.filter((file) => !inOne(file)), generated];
}

/**
 * The files that take longest (building and running the image, packing and installing the package, whole
 * suites over processes) start first, so that the short ones fill the gaps instead of waiting behind them.
 */
const LONGEST_FIRST = [
  'containers/image.test.ts',
  'examples/client-defect-matrix.test.ts',
  'package/pack.test.ts',
  IN_ONE_PROCESS_FILE,
  'cli/fixed-patients.test.ts',
  'cli/fault-cli.test.ts',
  'cli/verdicts-cli.test.ts',
  'cli/run-cli.test.ts',
  'cli/hostile-targets.test.ts',
  'cli/assure-client-cli.test.ts',
];

/** A child process whose end is awaited; `quiet` keeps its output for later (see runQuietly). */
function runChild(args, stdio = 'inherit') {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio });
    child.on('close', (status) => resolve({ status }));
  });
}

/** node:test over test/**\/*.test.ts; counts come from a TAP copy of the results. */
async function runNodeTests() {
  const tap = join(reports, 'node-test.tap');
  const rank = (file) => {
    const at = LONGEST_FIRST.findIndex((name) => file.endsWith(`/${name}`));
    return at < 0 ? LONGEST_FIRST.length : at;
  };
  const files = testFiles().sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const run = await runChild([
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${TEST_CONCURRENCY}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const text = readFileSync(tap, 'utf8');
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  const failed = count('fail') + count('cancelled');
  // Skipped tests (the container tests without an engine) are said, with their reasons, never counted as passed.
  const skipped = [...text.matchAll(/^\s*ok \d+ - (.*) # SKIP (.*)$/gm)].map(
    ([, title, reason]) => `${title} (${reason})`,
  );
  return { name: 'node:test', passed: count('pass'), failed: failed || (run.status === 0 ? 0 : 1), skipped };
}

/**
 * The golden run: the full Cucumber suite against the embedded mock, as `npm start` runs it. Every
 * scenario must pass; its counts come from the run's assurance.json.
 */
function runGoldenSuite() {
  const out = join(reports, 'golden');
  // A run that dies before writing must not be judged by an earlier run's reports (here and in the gate below).
  rmSync(join(out, 'latest'), { force: true });
  const run = spawnSync(process.execPath, ['bin/nrls-conformance.js', 'run', '--quiet', '--out', out], {
    cwd: root,
    stdio: 'inherit',
  });
  let totals;
  try {
    totals = JSON.parse(readFileSync(join(out, 'latest', 'assurance.json'), 'utf8')).scenarioTotals;
  } catch {
    console.log(`✖ the golden run wrote no assurance.json (exit ${run.status})`);
    return { name: 'cucumber (golden run against the mock)', passed: 0, failed: 1 };
  }
  const failed = totals.failed + totals.broken + totals.skipped;
  return {
    name: 'cucumber (golden run against the mock)',
    passed: totals.passed,
    failed: failed || (run.status === 0 ? 0 : 1),
  };
}

/**
 * Every testable requirement (the normative levels and MOCK-REC) not in not-testable.json is exercised: the
 * golden run gives it the status "passed" with at least one passing check about it. Run after the golden
 * run; scripts/exercised-requirements.ts prints each one that is not, with its level and summary.
 */
function checkRequirementsExercised() {
  const name = 'requirements exercised (passed, with a passing check, in the golden run)';
  const result = join(reports, 'exercised-requirements.json');
  rmSync(result, { force: true });
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/exercised-requirements.ts',
      join(reports, 'golden', 'latest', 'assurance.json'),
      '--result',
      result,
    ],
    { cwd: root, stdio: 'inherit' },
  );
  try {
    const { passed, failed } = JSON.parse(readFileSync(result, 'utf8'));
    return { name, passed, failed: failed || (run.status === 0 ? 0 : 1) };
  } catch {
    console.log(`✖ the requirements gate wrote no result (exit ${run.status})`);
    return { name, passed: 0, failed: 1 };
  }
}

/**
 * The mutation run: the suite against the mock with each named fault, in a full run and under --spec-only.
 * Every fault must be killed, every fault that breaks a rule of the spec itself also under --spec-only, and
 * the runs with no fault must be conformant. Counts: one per fault, plus one for the baseline if it fails.
 * Each fault is judged first on the scenarios of the requirements it declares, and on the whole suite when
 * those do not kill it: the same killed-or-survived verdicts as `npm run mutation`, in a third of the time
 * (over-blame, which needs the whole suite for every fault, is left to `npm run mutation`). It runs beside
 * the node:test files, its output kept and printed when they are done.
 */
async function runMutation() {
  const out = join(reports, 'mutation');
  const args = ['--import', 'tsx', 'scripts/mutation.ts', '--scope', 'declared', '--out', out];
  const run = await runQuietly('mutation run', args);
  console.log(`--- mutation run (scripts/mutation.ts --scope declared)\n${run.output.trimEnd()}`);
  let result;
  try {
    result = JSON.parse(readFileSync(join(out, 'mutation.json'), 'utf8'));
  } catch {
    console.log(`✖ the mutation run wrote no mutation.json (exit ${run.status})`);
    return { name: 'mutation run (faults killed)', passed: 0, failed: 1 };
  }
  const caught = result.faults.filter((fault) => fault.killed && (!fault.normative || fault.killedSpecOnly)).length;
  const baseline = result.baseline;
  const baselineFailed =
    baseline.full.verdict === 'conformant' &&
    baseline.specOnly.verdict === 'conformant' &&
    baseline.specOnly.advisoryRequirements.length === 0
      ? 0
      : 1;
  return {
    name: 'mutation run (faults killed, normative ones also under --spec-only)',
    passed: caught,
    failed: result.faults.length - caught + baselineFailed,
  };
}

/** A check run beside the tests, its output kept and printed in one piece when it ends. */
function runQuietly(name, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (status) => resolve({ name, status, output }));
  });
}

/**
 * The static checks: the TypeScript compiler (strict), Biome's formatter and linter (biome.jsonc; fix with
 * `npx biome check --write`), the 120-character line limit and the import-cycle finder.
 */
function startStaticChecks() {
  return Promise.all([
    runQuietly('typecheck (tsc --noEmit)', [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root]),
    runQuietly('format and lint (biome ci)', [
      join(root, 'node_modules/@biomejs/biome/bin/biome'),
      'ci',
      '--colors=off',
    ]),
    runQuietly('line length (scripts/line-length.js)', ['scripts/line-length.js']),
    runQuietly('import cycles (scripts/import-cycles.js)', ['scripts/import-cycles.js']),
  ]);
}

function staticResults(runs) {
  return runs.map(({ name, status, output }) => {
    console.log(`--- ${name}\n${output.trimEnd()}`);
    return { name, passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1 };
  });
}

// The golden run and its gate first (seconds), then everything else side by side.
const golden = [runGoldenSuite(), checkRequirementsExercised()];
const staticChecks = startStaticChecks();
const mutation = runMutation();
const nodeTests = await runNodeTests();
const results = [...staticResults(await staticChecks), nodeTests, ...golden, await mutation];
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
for (const r of results)
  console.log(
    `${r.name}: ${r.passed} passed, ${r.failed} failed${r.skipped?.length ? `, ${r.skipped.length} skipped` : ''}`,
  );
for (const skip of results.flatMap((r) => r.skipped ?? [])) console.log(`skipped: ${skip}`);
const summary = `${passed} passed, ${failed} failed`;
writeFileSync(join(reports, 'test-summary.txt'), `${summary}\n`);
console.log(summary);
process.exitCode = failed === 0 ? 0 : 1;
