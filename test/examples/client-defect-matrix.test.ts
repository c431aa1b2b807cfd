// Issue 12's proof: the example Provider and Consumer clients pass every client scenario, and each named
// defect of the faulty variant, switched on alone, shows as it should: a request or handling defect as one
// failed defect group about a requirement it breaks; a warning-only one as a warning; a control as nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadDefects, matrixTable, planFor, runDefectMatrix } from '../../scripts/client-defect-matrix.ts';
import type { AssuranceRun } from '../../src/report/model.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the example clients under client assurance', () => {
  for (const role of ['provider', 'consumer'] as const) {
    it(`the clean ${role} client passes every ${role} scenario: CONFORMANT, exit 0`, () => {
      const out = mkdtempSync(join(tmpdir(), `nrls-clean-${role}-`));
      const driver = join(root, 'examples', 'clients', `${role}-driver.json`);
      // Slow answers after 1.5 s, past the client's own 1 s timeout: it must report those as failures.
      const args = ['assure-client', '--role', role, '--driver', driver, '--out', out, '--trigger-delay', '1500'];
      const run = spawnSync(process.execPath, [join(root, 'bin', 'nrls-conformance.js'), ...args, '--quiet'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NRLS_CLIENT_TIMEOUT_MS: '1000', NRLS_CLIENT_DEFECT: '' },
      });
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /verdict: CONFORMANT/);
      const report = JSON.parse(
        readFileSync(join(realpathSync(join(out, 'latest')), 'assurance.json'), 'utf8'),
      ) as AssuranceRun;
      assert.equal(report.verdict, 'conformant');
      assert.equal(report.scenarioTotals.failed + report.scenarioTotals.broken + report.scenarioTotals.blocked, 0);
      assert.ok(report.scenarios.length >= 9, `${report.scenarios.length} scenarios`);
      assert.ok(report.scenarios.every((scenario) => scenario.tags.includes(`@${role}`)));
      // Only client requirements are in the matrix: no server requirement is "not run".
      assert.equal(report.requirementTotals['not run'], 0);
    });
  }
});

describe('the faulty example client: every named defect, one at a time', async () => {
  const defects = await loadDefects();

  it('has at least 20 named client defects, each with a plan', () => {
    const real = defects.filter((defect) => !defect.control);
    assert.ok(real.length >= 20, `${real.length} defects`);
    for (const defect of defects) assert.doesNotThrow(() => planFor(defect), defect.name);
  });

  it('each is caught and attributed to a requirement it breaks (controls: nothing; warnings: a warning)', async () => {
    const rows = await runDefectMatrix(3);
    // The matrix in the test output: defect, caught, requirement.
    console.log(matrixTable(rows));
    for (const row of rows) {
      assert.ok(
        row.caught,
        `${row.defect} (${row.kind}): exit ${row.exitCode}, ${row.verdict}; failed ${JSON.stringify(row.failed)}; ` +
          `warned ${row.warned.join(', ')}; expected ${row.breaks.join(', ') || 'nothing'}`,
      );
    }
    assert.equal(rows.length, defects.length);
  });
});
