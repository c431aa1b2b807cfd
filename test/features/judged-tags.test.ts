// The suite against the embedded mock, in this process, in both modes: every scenario passes, and every
// requirement a scenario is tagged with is judged by a check of that scenario (a tag no check is about
// would claim a proof the suite does not make). Under --spec-only nothing is advisory: the mock follows
// every AMB choice and recommendation. And each When step sends the identity it names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AssuranceRun } from '../../src/report/model.ts';
import { judgeEmbeddedMock } from '../../src/runner/in-process-run.ts';
import { loadSuiteSupport } from '../../src/runner/run-suite.ts';
import { startEmbeddedMock } from '../../src/runner/targets.ts';

// Cucumber's step definitions load once per process; both runs share them (as the mutation run does).
const support = loadSuiteSupport();

async function judgeMock(specOnly: boolean): Promise<AssuranceRun> {
  return (await judgeEmbeddedMock({ runId: 'judged-tags', support: await support, specOnly })).run;
}

const fullRun = judgeMock(false);

describe('every requirement tag is judged by a check', () => {
  it("the full suite against the mock: conformant, and each scenario's checks are about each of its tags", async () => {
    const run = await fullRun;
    assert.equal(run.verdict, 'conformant', run.verdictReason);
    const unjudged = run.scenarios.flatMap((scenario) => {
      const about = new Set(scenario.steps.flatMap((step) => step.checks.flatMap((check) => check.about)));
      return scenario.requirementIds
        .filter((id) => !about.has(id))
        .map((id) => `${scenario.id} (${scenario.name}): ${id}`);
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

describe('real actors: the identity a When step names is the identity on the wire', () => {
  it(
    "every request of every When step carries the named actor's " +
      'fromASID, requesting_system and requesting_organization',
    async () => {
      const run = await fullRun;
      // The embedded mock's identities, as the run used them (its target is not sent anything here).
      const mock = await startEmbeddedMock();
      await mock.stop();
      const target = mock.target;
      const identities = {
        consumer: target.consumer,
        'second provider': target.secondProvider,
        provider: target.provider,
      } as const;
      let judged = 0;
      for (const scenario of run.scenarios) {
        // A scenario whose defect is the identity itself (an unknown fromASID, another ASID in the token) sends it
        // on purpose.
        if (
          scenario.steps.some((step) =>
            new RegExp(
              /^the request has /.source +
                /(an unknown fromASID|no fromASID|header names|.*requesting_(system|organization)|.*ASID)/.source,
            ).test(step.text),
          )
        )
          continue;
        for (const step of scenario.steps.filter((candidate) => candidate.keyword === 'When')) {
          const actor = (['second provider', 'consumer', 'provider'] as const).find((role) =>
            step.text.startsWith(`the ${role} `),
          );
          assert.ok(actor, `${scenario.id}: "${step.text}" names an actor`);
          const { asid, ods } = identities[actor];
          assert.ok(step.exchanges.length > 0, `${scenario.id}: "${step.text}" sent a request`);
          for (const exchange of step.exchanges) {
            assert.equal(exchange.request.headers.fromASID, asid, `${scenario.id}: "${step.text}" fromASID`);
            if (!exchange.request.jwtClaims) continue; // a scenario about the token's absence or structure
            assert.equal(
              exchange.request.jwtClaims?.requesting_system,
              `https://fhir.nhs.uk/Id/accredited-system|${asid}`,
              `${scenario.id}: "${step.text}" requesting_system`,
            );
            assert.equal(
              exchange.request.jwtClaims?.requesting_organization,
              `https://fhir.nhs.uk/Id/ods-organization-code|${ods}`,
              `${scenario.id}: "${step.text}" requesting_organization`,
            );
            judged += 1;
          }
        }
      }
      assert.ok(judged > 200, `${judged} requests judged`);
    },
  );
});
