// Faults from the command line: `mock --fault NAME` as a separate process, judged over --target URL,
// is caught by a scenario tagged with the requirement it breaks (the mutation run against a remote
// target); and `run --fault` for the embedded mock.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { FAULTS } from '../../mock-server/faults/index.ts';
import type { AssuranceRun } from '../../src/report/model.ts';
import { runCli, startMockProcess } from '../support/cli.ts';

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nrls-fault-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function killers(out: string, fault: keyof typeof FAULTS) {
  const run = JSON.parse(readFileSync(join(out, 'latest', 'assurance.json'), 'utf8')) as AssuranceRun;
  return run.scenarios.filter(
    (scenario) =>
      scenario.status === 'failed' && scenario.requirementIds.some((id) => FAULTS[fault].breaks.includes(id)),
  );
}

describe('faults from the command line', () => {
  it('a fault of a mock started on its own is killed by the suite run over --target URL', async (t) => {
    const { baseUrl, child } = await startMockProcess(t, ['--fault', 'location-path-form']);
    assert.match(child.stderr(), /deliberately faulty: location-path-form/);
    const out = tempDir(t);
    // The create scenarios are enough to see it; the mutation run judges every fault on the whole suite.
    const exit = await runCli(['run', '--quiet', '--target', baseUrl, '--tags', '@area-create', '--out', out]);
    assert.equal(exit.code, 1, exit.stdout + exit.stderr);
    assert.ok(killers(out, 'location-path-form').length > 0, 'a failed scenario tagged NRLS-CREATE-007');
  });

  it('run --fault makes the embedded mock faulty, and the suite catches it', async (t) => {
    const out = tempDir(t);
    const exit = await runCli([
      'run',
      '--quiet',
      '--fault',
      'type-filter-ignored',
      '--tags',
      '@area-search',
      '--out',
      out,
    ]);
    // With the spec's single record type the type filter cannot be observed: the scenario that could
    // (tagged @two-record-types) is left out, so this fault survives here; the mutation run gives the
    // mock a second record type to kill it.
    assert.equal(exit.code, 0, exit.stdout + exit.stderr);
    const other = await runCli([
      'run',
      '--quiet',
      '--fault',
      'count-with-entries',
      '--tags',
      '@area-search',
      '--out',
      out,
    ]);
    assert.equal(other.code, 1, other.stdout + other.stderr);
    assert.ok(killers(out, 'count-with-entries').length > 0);
  });

  it('an unknown fault, or a fault with --target, is a configuration error', async () => {
    const unknown = await runCli(['mock', '--fault', 'no-such-fault']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown fault "no-such-fault"/);
    const remote = await runCli(['run', '--fault', 'json-by-default', '--target', 'http://127.0.0.1:9']);
    assert.equal(remote.code, 2);
    assert.match(remote.stderr, /--fault applies to the embedded mock/);
  });
});
