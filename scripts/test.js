#!/usr/bin/env node
// `npm test`: every runner of the project, then one plain line `N passed, N failed` summing them all
// (also written to reports/test-summary.txt, which .ci/run prints last).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = join(root, 'reports');
mkdirSync(reports, { recursive: true });

function filesUnder(dir, suffix) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, suffix) : path.endsWith(suffix) ? [path] : [];
  });
}

/** node:test over test/**\/*.test.ts; counts come from a TAP copy of the results. */
function runNodeTests() {
  const tap = join(reports, 'node-test.tap');
  const files = filesUnder(join(root, 'test'), '.test.ts').sort();
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
    { cwd: root, stdio: 'inherit' },
  );
  const text = readFileSync(tap, 'utf8');
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  const failed = count('fail') + count('cancelled');
  return { name: 'node:test', passed: count('pass'), failed: failed || (run.status === 0 ? 0 : 1) };
}

const results = [runNodeTests()];
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
for (const r of results) console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed`);
const summary = `${passed} passed, ${failed} failed`;
writeFileSync(join(reports, 'test-summary.txt'), `${summary}\n`);
console.log(summary);
process.exitCode = failed === 0 ? 0 : 1;
