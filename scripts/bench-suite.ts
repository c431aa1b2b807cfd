// Benchmark (figures, not a timed test): wall time of the full suite against the embedded mock, start-up
// included, as `npm start` runs it, serial and with --parallel 2. Run: npm run bench:suite [-- RUNS]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[2] ?? 3);

function timeOnce(extra: string[]): { ms: number; scenarios: number } {
  const out = mkdtempSync(join(tmpdir(), 'nrls-bench-'));
  const started = performance.now();
  const run = spawnSync(process.execPath, ['bin/nrls-conformance.js', 'run', '--quiet', '--out', out, ...extra], { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`run failed (exit ${run.status}): ${run.stdout}${run.stderr}`);
  const scenarios = (JSON.parse(readFileSync(join(out, 'latest', 'assurance.json'), 'utf8')) as { scenarios: unknown[] }).scenarios.length;
  rmSync(out, { recursive: true, force: true });
  return { ms, scenarios };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; ${runs} runs each`);
for (const [label, extra] of [['serial', []], ['--parallel 2', ['--parallel', '2']]] as const) {
  const samples = Array.from({ length: runs }, () => timeOnce([...extra]));
  const times = samples.map((sample) => sample.ms);
  console.log(
    `full suite, ${label}: ${samples[0]!.scenarios} scenarios; wall time median ${(median(times) / 1000).toFixed(2)} s, ` +
      `min ${(Math.min(...times) / 1000).toFixed(2)} s, max ${(Math.max(...times) / 1000).toFixed(2)} s (start-up included)`,
  );
}
