// `nrls-conformance report RUN_DIR`: rebuilds assurance.json and assurance.html from a run folder's
// messages.ndjson (after a harness upgrade, say). The run identity is taken from the old assurance.json.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { Envelope } from '@cucumber/messages';
import { loadCatalogue, loadNotTestableReasons } from '../domain/requirements/catalogue.ts';
import { buildAssuranceRun } from '../report/build.ts';
import type { AssuranceRun } from '../report/model.ts';
import { writeRunReports } from '../report/write.ts';
import { CUCUMBER_REPORTS } from '../runner/run-suite.ts';

export function runReportCommand(argv: string[]): number {
  const [given] = argv;
  if (!given || argv.length > 1) {
    process.stderr.write('Usage: nrls-conformance report RUN_DIR\n');
    return 2;
  }
  // The run folder itself, not `latest`: writing the reports repoints `latest` at the folder's own name.
  const dir = existsSync(given) ? realpathSync(given) : given;
  const messages = join(dir, CUCUMBER_REPORTS.message);
  const previous = join(dir, 'assurance.json');
  if (!existsSync(messages) || !existsSync(previous)) {
    process.stderr.write(
      `nrls-conformance report: ${dir} is not a run folder (needs ${CUCUMBER_REPORTS.message} and assurance.json)\n`,
    );
    return 2;
  }
  const envelopes = readFileSync(messages, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Envelope);
  const old = JSON.parse(readFileSync(previous, 'utf8')) as AssuranceRun;
  // Statuses come from the check records the suite attaches; a run from before them cannot be rebuilt.
  if (old.schemaVersion !== 2) {
    process.stderr.write(
      `nrls-conformance report: ${previous} is schema version ${String(old.schemaVersion)}, from a harness ` +
        `before checks were recorded as data; run the suite again\n`,
    );
    return 2;
  }
  // The files were redacted when the run was written; only the secret names are known now.
  const run = buildAssuranceRun(envelopes, {
    identity: old.run,
    catalogue: loadCatalogue(),
    notTestable: loadNotTestableReasons(),
    secrets: [],
  });
  run.redactedSecrets = old.redactedSecrets;
  const written = writeRunReports(run, dir, []);
  process.stdout.write(`rebuilt ${written.html}\n`);
  return 0;
}
