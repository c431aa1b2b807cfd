// Benchmark (figures, not a timed test): wall time of the full suite against the embedded mock, start-up
// included, as `npm start` runs it, serial and with --parallel 2. Run: npm run bench:suite [-- RUNS]
import { cpus } from 'node:os';
import { timeSuiteRun } from '../bench/suite-time.ts';

const runs = Number(process.argv[2] ?? 3);

function timeOnce(extra: string[]): { ms: number; scenarios: number } {
  const run = timeSuiteRun(extra);
  if (run.exit !== 0) throw new Error(`run failed (exit ${run.exit}): ${run.output}`);
  return { ms: run.ms, scenarios: run.scenarios! };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; ${runs} runs each`,
);
for (const [label, extra] of [
  ['serial', []],
  ['--parallel 2', ['--parallel', '2']],
] as const) {
  const samples = Array.from({ length: runs }, () => timeOnce([...extra]));
  const times = samples.map((sample) => sample.ms);
  console.log(
    `full suite, ${label}: ${samples[0]!.scenarios} scenarios; wall time ` +
      `median ${(median(times) / 1000).toFixed(2)} s, ` +
      `min ${(Math.min(...times) / 1000).toFixed(2)} s, max ${(Math.max(...times) / 1000).toFixed(2)} s ` +
      `(start-up included)`,
  );
}
