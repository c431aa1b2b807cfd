// The fuzz run (`npm run fuzz`): the properties of test/fuzz/properties.ts with many more cases than
// `npm test` runs, from a fresh seed each time. Each property gets a fresh in-process mock; its cases
// share that mock's store, and the valid requests are checked every 100 cases and at the end.
// Prints progress, then per property the cases run, wall time and cases per second, the statuses and
// catalogue answers seen; on a failure the shrunk counterexample and how to replay it. Exits 1 if any
// property fails.
//
//   npm run fuzz [-- --runs N] [-- --seed S] [-- --only NAME[,NAME]] [-- --path P]
//
// --runs   cases per property (default 2,000: 10,000 over the five properties)
// --seed   fast-check seed (default random; printed, so a failure can be replayed)
// --only   run only these properties (json-bodies, xml-bodies, headers, jwts, query-strings)
// --path   with --seed and --only, replay one failing case from the path a failure printed
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { describeRequest, type FuzzRequest } from '../test/fuzz/arbitraries/index.ts';
import {
  FUZZ_PROPERTIES,
  assertStillServing,
  fuzzProperty,
  openFuzzSession,
  type FuzzProperty,
  type FuzzTally,
} from '../test/fuzz/properties.ts';

const DEFAULT_RUNS = 2000;
const STILL_SERVING_EVERY = 100;
const PROGRESS_EVERY = 500;

/** `cases` counts requests sent, shrinking included. */
interface PropertyRun extends FuzzTally {
  name: string;
  ms: number;
  failure?: { counterexample?: string; error: string; path?: string; numRuns: number; numShrinks: number };
}

function positiveInteger(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) {
    console.error(`--${option} must be a positive integer, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return value;
}

const { values } = parseArgs({
  options: { runs: { type: 'string' }, seed: { type: 'string' }, only: { type: 'string' }, path: { type: 'string' } },
  strict: true,
});
const runs = values.runs === undefined ? DEFAULT_RUNS : positiveInteger(values.runs, 'runs');
const seed = values.seed === undefined ? Math.floor(Math.random() * 0x8000_0000) : Number(values.seed);
if (!Number.isSafeInteger(seed)) {
  console.error(`--seed must be an integer, not ${JSON.stringify(values.seed)}`);
  process.exit(2);
}
const only = values.only?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !FUZZ_PROPERTIES.some((property) => property.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(
    `unknown properties: ${unknown.join(', ')}; known: ${FUZZ_PROPERTIES.map((property) => property.name).join(', ')}`,
  );
  process.exit(2);
}
const selected = FUZZ_PROPERTIES.filter((property) => !only || only.includes(property.name));

const number = (n: number) => n.toLocaleString('en-GB');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (cases: number, ms: number) => number(Math.round(cases / (ms / 1000)));

async function runProperty(property: FuzzProperty): Promise<PropertyRun> {
  const session = await openFuzzSession();
  const started = performance.now();
  const onCase = () => {
    if (session.cases % PROGRESS_EVERY === 0) {
      const ms = performance.now() - started;
      console.log(
        `  ${property.name}: ${number(session.cases)} cases, ${seconds(ms)}, ${rate(session.cases, ms)} cases/s`,
      );
    }
  };
  const run: PropertyRun = {
    name: property.name,
    cases: 0,
    ms: 0,
    statuses: session.statuses,
    answers: session.answers,
    slowest: session.slowest,
  };
  try {
    const details = await fc.check(
      fuzzProperty(property, session, { stillServingEvery: STILL_SERVING_EVERY, onCase }),
      {
        seed,
        numRuns: runs,
        ...(values.path === undefined ? {} : { path: values.path }),
      },
    );
    if (details.failed) {
      const counterexample = details.counterexample?.[0] as FuzzRequest | undefined;
      run.failure = {
        counterexample: counterexample && describeRequest(counterexample),
        error: details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance),
        path: details.counterexamplePath ?? undefined,
        numRuns: details.numRuns,
        numShrinks: details.numShrinks,
      };
    } else {
      // The server keeps answering and valid requests still succeed, in both formats.
      await assertStillServing(session, 'json');
      await assertStillServing(session, 'xml');
    }
  } catch (error) {
    run.failure ??= { error: `after the run: ${(error as Error).message}`, numRuns: session.cases, numShrinks: 0 };
  } finally {
    run.cases = session.cases;
    run.ms = performance.now() - started;
    await session.close();
  }
  return run;
}

function histogram<K>(counts: Map<K, number>, label: (key: K) => string): string[] {
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return [...counts.entries()]
    .sort(([a], [b]) => label(a).localeCompare(label(b), 'en', { numeric: true }))
    .map(
      ([key, n]) =>
        `    ${label(key).padEnd(34)} ${number(n).padStart(7)}  ${((100 * n) / total).toFixed(1).padStart(5)}%`,
    );
}

function merge<K>(maps: Map<K, number>[]): Map<K, number> {
  const merged = new Map<K, number>();
  for (const map of maps) for (const [key, n] of map) merged.set(key, (merged.get(key) ?? 0) + n);
  return merged;
}

console.log(
  `fuzz: seed ${seed}, ${number(runs)} cases per property, ${selected.length} properties ` +
    `(${selected.map((property) => property.name).join(', ')})`,
);
console.log(`replay: npm run fuzz -- --seed ${seed} --runs ${runs}`);
const started = performance.now();
const results: PropertyRun[] = [];
for (const property of selected) {
  console.log(`${property.name}: ${property.requirements.join(', ')}: ${property.summary}`);
  const result = await runProperty(property);
  results.push(result);
  console.log(
    `  ${property.name}: ${result.failure ? 'FAILED' : 'passed'}, ${number(result.cases)} cases ` +
      `in ${seconds(result.ms)}`,
  );
}
const wall = performance.now() - started;
const total = results.reduce((sum, result) => sum + result.cases, 0);

console.log('\nfigures');
console.log(`  ${'property'.padEnd(16)} ${'cases'.padStart(8)} ${'time'.padStart(9)} ${'cases/s'.padStart(8)}  result`);
for (const result of results) {
  console.log(
    `  ${result.name.padEnd(16)} ${number(result.cases).padStart(8)} ${seconds(result.ms).padStart(9)} ` +
      `${rate(result.cases, result.ms).padStart(8)}  ${result.failure ? 'FAILED' : 'passed'}`,
  );
}
console.log(
  `  ${'total'.padEnd(16)} ${number(total).padStart(8)} ${seconds(wall).padStart(9)} ${rate(total, wall).padStart(8)}`,
);
console.log(`  seed ${seed}`);
console.log('\n  statuses (all properties)');
for (const line of histogram(merge(results.map((result) => result.statuses)), String)) console.log(line);
console.log('\n  answers (status and catalogue row or resource type)');
for (const line of histogram(merge(results.map((result) => result.answers)), String)) console.log(line);
for (const result of results) {
  console.log(
    `\n  ${result.name}: statuses ${[...result.statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}×${n}`)
      .join(', ')}`,
  );
}

console.log('\n  slowest answers');
for (const slow of results
  .flatMap((result) => result.slowest.map((entry) => ({ ...entry, name: result.name })))
  .sort((a, b) => b.ms - a.ms)
  .slice(0, 5)) {
  console.log(`    ${slow.ms.toFixed(0).padStart(6)} ms  ${slow.status}  ${slow.name}: ${slow.label.slice(0, 120)}`);
}

const failed = results.filter((result) => result.failure);
for (const result of failed) {
  const failure = result.failure!;
  console.log(
    `\n✖ ${result.name} failed after ${number(failure.numRuns)} passing cases and ${failure.numShrinks} shrinks`,
  );
  console.log(`  ${failure.error.split('\n').join('\n  ')}`);
  if (failure.counterexample)
    console.log(`  counterexample:\n    ${failure.counterexample.split('\n').join('\n    ')}`);
  const path = failure.path ? ` --path ${failure.path}` : '';
  console.log(`  replay: npm run fuzz -- --seed ${seed} --runs ${runs} --only ${result.name}${path}`);
}
console.log(
  failed.length === 0
    ? `\nfuzz: ${number(total)} cases, no property failed (seed ${seed})`
    : `\nfuzz: ${failed.length} of ${results.length} properties failed (seed ${seed})`,
);
process.exitCode = failed.length === 0 ? 0 : 1;
