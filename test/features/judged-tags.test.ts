// The suite against the embedded mock, in this process, in both modes: every scenario passes, and every
// requirement a scenario is tagged with is judged by a check of that scenario (a tag no check is about
// would claim a proof the suite does not make). Under --spec-only nothing is advisory: the mock follows
// every AMB choice and recommendation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Envelope } from '@cucumber/messages';
import { loadCatalogue, loadNotTestableReasons } from '../../src/domain/requirements/catalogue.ts';
import { buildAssuranceRun } from '../../src/report/build.ts';
import type { AssuranceRun } from '../../src/report/model.ts';
import { runIdentity } from '../../src/runner/identity.ts';
import { loadSuiteSupport, runSuite } from '../../src/runner/run-suite.ts';
import { startEmbeddedMock } from '../../src/runner/targets.ts';

// Cucumber's step definitions load once per process; both runs share them (as the mutation run does).
const support = loadSuiteSupport();

async function judgeMock(specOnly: boolean): Promise<AssuranceRun> {
  const mock = await startEmbeddedMock();
  const envelopes: Envelope[] = [];
  try {
    await runSuite({ target: mock.target, outDir: '', specOnly, support: await support, onEnvelope: (envelope) => envelopes.push(envelope) });
  } finally {
    await mock.stop();
  }
  const now = new Date();
  return buildAssuranceRun(envelopes, {
    identity: runIdentity({ runId: 'judged-tags', target: mock.target, embeddedMock: true, startedAt: now, finishedAt: now, tagFilter: '', userTags: '', specOnly, parallel: 0 }),
    catalogue: loadCatalogue(),
    notTestable: loadNotTestableReasons(),
    secrets: [],
  });
}

describe('every requirement tag is judged by a check', () => {
  it('the full suite against the mock: conformant, and each scenario\'s checks are about each of its tags', async () => {
    const run = await judgeMock(false);
    assert.equal(run.verdict, 'conformant', run.verdictReason);
    const unjudged = run.scenarios.flatMap((scenario) => {
      const about = new Set(scenario.steps.flatMap((step) => step.checks.flatMap((check) => check.about)));
      return scenario.requirementIds.filter((id) => !about.has(id)).map((id) => `${scenario.id} (${scenario.name}): ${id}`);
    });
    assert.deepEqual(unjudged, []);
  });

  it('--spec-only against the mock: conformant with nothing advisory', async () => {
    const run = await judgeMock(true);
    assert.equal(run.verdict, 'conformant', run.verdictReason);
    assert.equal(run.requirementTotals.advisory, 0);
    assert.deepEqual(run.defects, []);
  });
});
