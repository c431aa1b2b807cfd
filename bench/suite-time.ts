// The suite's wall time against the embedded mock, start-up included, as `npm start` runs it: shared by
// `npm run bench` (one run each way) and `npm run bench:suite` (several, with the median).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/runner/run-suite.ts';

export interface SuiteRun {
  ms: number;
  exit: number | null;
  /** Scenarios in the run's assurance report, when it wrote one. */
  scenarios?: number;
  /** What the run printed, for a failure. */
  output: string;
}

/**
 * One full run (`nrls-conformance run --quiet` plus `extra`), its reports written to a temporary folder and removed.
 */
export function timeSuiteRun(extra: readonly string[]): SuiteRun {
  const out = mkdtempSync(join(tmpdir(), 'nrls-bench-suite-'));
  try {
    const started = performance.now();
    const run = spawnSync(process.execPath, ['bin/nrls-conformance.js', 'run', '--quiet', '--out', out, ...extra], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    const ms = performance.now() - started;
    const report = join(out, 'latest', 'assurance.json');
    const scenarios = existsSync(report)
      ? (JSON.parse(readFileSync(report, 'utf8')) as { scenarios: unknown[] }).scenarios.length
      : undefined;
    return { ms, exit: run.status, scenarios, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
