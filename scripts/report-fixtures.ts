// The report tests' fixtures, from real runs of the suite against the embedded mock (test/fixtures/report):
//   golden-messages.ndjson  the Cucumber messages of a tagged run (@NRLS-SEARCH-022 or @NRLS-UNSUP-004) against
//                           the mock with the fault non-provider-custodian-filter (one scenario fails), for
//                           build.test.ts
//   pass-run.json           the whole suite against the mock, trimmed
//   fail-run.json           the whole suite against the mock with the fault location-path-form, trimmed
// Trimmed: passed and blocked scenarios lose their exchanges and their passed checks (the files stay small),
// but for the first XML response of the pass run, which the HTML tests show as text.
//   npm run report-fixtures
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Envelope } from '@cucumber/messages';
import { Faults, type FaultName } from '../mock-server/faults/index.ts';
import type { AssuranceRun } from '../src/report/model.ts';
import { type InProcessRun, judgeEmbeddedMock } from '../src/runner/in-process-run.ts';
import { PROJECT_ROOT, loadSuiteSupport } from '../src/runner/run-suite.ts';

const OUT = join(PROJECT_ROOT, 'test', 'fixtures', 'report');
const GOLDEN_TAGS = '@NRLS-SEARCH-022 or @NRLS-UNSUP-004';
const support = await loadSuiteSupport();

function judge(faults: FaultName[], tags = '', runId = 'fixture'): Promise<InProcessRun> {
  const started = new Date('2026-01-01T00:00:00.000Z');
  const times = { startedAt: started, finishedAt: new Date(started.getTime() + 60_000) };
  return judgeEmbeddedMock({ runId, support, tags, times, mock: { faults: new Faults(faults) } });
}

async function trimmedRun(faults: FaultName[], keepOneXml: boolean): Promise<AssuranceRun> {
  const { run } = await judge(faults, '', faults.length > 0 ? 'fixture-fail' : 'fixture-pass');
  let xmlKept = !keepOneXml;
  for (const scenario of run.scenarios) {
    if (scenario.status !== 'passed' && scenario.status !== 'blocked') continue;
    for (const step of scenario.steps) {
      step.checks = step.checks.filter((check) => check.outcome !== 'passed');
      const xml = xmlKept ? undefined : step.exchanges.find((exchange) => exchange.response?.body.startsWith('<?xml'));
      if (xml) xmlKept = true;
      step.exchanges = xml ? [xml] : [];
    }
  }
  return run;
}

/** Every pickle (the requirements not selected are told apart by them), and only the feature files that ran. */
function ranOnly(envelopes: Envelope[]): Envelope[] {
  const ran = new Set(envelopes.flatMap((envelope) => (envelope.testCase ? [envelope.testCase.pickleId] : [])));
  const uris = new Set(
    envelopes.flatMap((envelope) => (envelope.pickle && ran.has(envelope.pickle.id) ? [envelope.pickle.uri] : [])),
  );
  return envelopes.filter((envelope) =>
    envelope.source
      ? uris.has(envelope.source.uri)
      : envelope.gherkinDocument
        ? uris.has(envelope.gherkinDocument.uri!)
        : true,
  );
}

const golden = ranOnly((await judge(['non-provider-custodian-filter'], GOLDEN_TAGS)).envelopes);
writeFileSync(
  join(OUT, 'golden-messages.ndjson'),
  `${golden.map((envelope) => JSON.stringify(envelope)).join('\n')}\n`,
);
writeFileSync(join(OUT, 'pass-run.json'), `${JSON.stringify(await trimmedRun([], true))}\n`);
writeFileSync(join(OUT, 'fail-run.json'), `${JSON.stringify(await trimmedRun(['location-path-form'], false))}\n`);
console.log(`wrote ${OUT}: golden-messages.ndjson, pass-run.json, fail-run.json`);
