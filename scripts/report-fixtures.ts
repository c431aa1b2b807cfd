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
import { loadCatalogue, loadNotTestableReasons } from '../src/domain/requirements/catalogue.ts';
import { buildAssuranceRun } from '../src/report/build.ts';
import type { AssuranceRun } from '../src/report/model.ts';
import { runIdentity } from '../src/runner/identity.ts';
import { PROJECT_ROOT, loadSuiteSupport, runSuite } from '../src/runner/run-suite.ts';
import { startEmbeddedMock } from '../src/runner/targets.ts';
import type { ResolvedTarget } from '../src/target/profile.ts';

const OUT = join(PROJECT_ROOT, 'test', 'fixtures', 'report');
const GOLDEN_TAGS = '@NRLS-SEARCH-022 or @NRLS-UNSUP-004';
const support = loadSuiteSupport();

async function messagesOf(faults: FaultName[], tags = ''): Promise<{ envelopes: Envelope[]; target: ResolvedTarget }> {
  const mock = await startEmbeddedMock({ faults: new Faults(faults) });
  const envelopes: Envelope[] = [];
  try {
    await runSuite({
      target: mock.target,
      outDir: '',
      support: await support,
      tags,
      onEnvelope: (envelope) => envelopes.push(envelope),
    });
  } finally {
    await mock.stop();
  }
  return { envelopes, target: mock.target };
}

async function trimmedRun(faults: FaultName[], keepOneXml: boolean): Promise<AssuranceRun> {
  const started = new Date('2026-01-01T00:00:00.000Z');
  const { envelopes, target } = await messagesOf(faults);
  const run = buildAssuranceRun(envelopes, {
    identity: runIdentity({
      runId: faults.length > 0 ? 'fixture-fail' : 'fixture-pass',
      target,
      embeddedMock: true,
      startedAt: started,
      finishedAt: new Date(started.getTime() + 60_000),
      tagFilter: 'not @two-record-types',
      userTags: '',
      specOnly: false,
      parallel: 0,
    }),
    catalogue: loadCatalogue(),
    notTestable: loadNotTestableReasons(),
    secrets: [],
  });
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

const golden = ranOnly((await messagesOf(['non-provider-custodian-filter'], GOLDEN_TAGS)).envelopes);
writeFileSync(
  join(OUT, 'golden-messages.ndjson'),
  `${golden.map((envelope) => JSON.stringify(envelope)).join('\n')}\n`,
);
writeFileSync(join(OUT, 'pass-run.json'), `${JSON.stringify(await trimmedRun([], true))}\n`);
writeFileSync(join(OUT, 'fail-run.json'), `${JSON.stringify(await trimmedRun(['location-path-form'], false))}\n`);
console.log(`wrote ${OUT}: golden-messages.ndjson, pass-run.json, fail-run.json`);
