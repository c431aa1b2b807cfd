// `npx cucumber-js` from the repository root, as a developer or an editor plugin runs it: cucumber.mjs
// loads the TypeScript steps and starts the embedded mock for the run (src/runner/cucumber-target.ts).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Finished {
  code: number | null;
  output: string;
}

function cucumberJs(...args: string[]): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const argv = ['--no-install', 'cucumber-js', '--format', 'summary', ...args];
    const child = spawn('npx', argv, { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('npx cucumber-js with the repository configuration (cucumber.mjs)', () => {
  it('runs one feature file against the embedded mock, every scenario passing', async () => {
    const { code, output } = await cucumberJs('features/lifecycle.feature');
    assert.equal(code, 0, output);
    const scenarios = /^(\d+) scenarios? \((\d+) passed\)$/m.exec(output);
    assert.ok(scenarios, `no all-passed scenario count in:\n${output}`);
    assert.equal(scenarios[1], scenarios[2]);
    assert.ok(Number(scenarios[1]) >= 3, output);
    assert.doesNotMatch(output, /undefined|ambiguous/i);
  });

  it('fails a run whose target profile cannot be read, naming the file', async () => {
    const profile = '{"profile":"nope.json"}';
    const { code, output } = await cucumberJs('features/lifecycle.feature', '--world-parameters', profile);
    assert.notEqual(code, 0, output);
    assert.match(output, /nope\.json: cannot be read/);
  });
});
