// Judging an NRLS that behaves like the live service: the mock accepts pointers only for its known
// patients (--known-patients-only, NRLS-CREATE-025), and the target profile lists three test patients
// for new pointers. The whole suite passes against it twice in a row (what the first run leaves must not
// fail the second), in parallel too, and the cleanup leaves the target as it found it.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_FIXTURES_DIR } from '../../mock-server/fixtures.ts';
import type { AssuranceRun } from '../../src/report/model.ts';
import { ROOT, runCli, startMockProcess } from '../support/cli.ts';

/** Three valid NHS numbers the mock knows, besides the fixtures' own (one of which already has pointers). */
const TEST_PATIENTS = ['9876543210', '4000000004', '4000000012'];

const readRun = (out: string): AssuranceRun =>
  JSON.parse(readFileSync(join(out, 'latest', 'assurance.json'), 'utf8')) as AssuranceRun;

describe('fixed test patients against a mock that knows only its own patients', () => {
  it('the whole suite passes twice in a row and in parallel, and the target keeps only what it had', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'nrls-fixed-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const fixtures = join(dir, 'fixtures');
    cpSync(DEFAULT_FIXTURES_DIR, fixtures, { recursive: true });
    const patients = JSON.parse(readFileSync(join(fixtures, 'patients.json'), 'utf8')) as { knownPatients: string[] };
    writeFileSync(
      join(fixtures, 'patients.json'),
      JSON.stringify({ knownPatients: [...new Set([...patients.knownPatients, ...TEST_PATIENTS])] }),
    );
    const { baseUrl } = await startMockProcess(t, ['--fixtures', fixtures, '--known-patients-only']);
    const admin = async () => (await (await fetch(`${baseUrl}/_admin/DocumentReference`)).json()) as { id: string }[];
    const before = (await admin()).map((pointer) => pointer.id).sort();

    const profile = JSON.parse(readFileSync(join(ROOT, 'fixtures/targets/embedded-mock.json'), 'utf8')) as Record<
      string,
      unknown
    > & { patients: Record<string, unknown> };
    writeFileSync(
      join(dir, 'target.json'),
      JSON.stringify({
        ...profile,
        name: 'fixed patients',
        baseUrl,
        patients: { ...profile.patients, forNewPointers: TEST_PATIENTS },
      }),
    );
    const run = async (name: string, extra: string[] = []) => {
      const out = join(dir, name);
      const exit = await runCli(['run', '--quiet', '--target', join(dir, 'target.json'), '--out', out, ...extra]);
      assert.equal(exit.code, 0, `${name}: ${exit.stdout}${exit.stderr}`);
      const result = readRun(out);
      assert.equal(result.verdict, 'conformant', `${name}: ${result.verdictReason}`);
      assert.deepEqual(result.cleanup.left, [], `${name}: the cleanup deleted everything the scenarios created`);
      assert.ok(result.cleanup.deleted > 100, `${name}: ${result.cleanup.deleted} pointers deleted`);
      return result;
    };
    const first = await run('first');
    const second = await run('second');
    await run('parallel', ['--parallel', '2']);
    assert.equal(first.scenarios.length, second.scenarios.length);
    // A new patient was never made known: the mock refused none of the suite's creates for that reason.
    const unknownRefusals = first.scenarios
      .flatMap((scenario) => scenario.findings)
      .filter((finding) => /could not be found/.test(finding.actual ?? ''));
    assert.deepEqual(unknownRefusals, []);
    assert.deepEqual(
      (await admin()).map((pointer) => pointer.id).sort(),
      before,
      'the target holds what it held before the runs',
    );
  });
});
