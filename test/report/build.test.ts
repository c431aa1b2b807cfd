// Golden Cucumber messages → AssuranceRun. The messages are from a run of four scenarios against a mock
// that wrongly lets a non-provider organisation be a custodian filter (--fault non-provider-custodian-filter,
// --tags "@NRLS-SEARCH-022 or @NRLS-UNSUP-004"): three pass, one fails. Volatile fields (ids, times, ports)
// are not compared. Every status comes from the check records the steps attached, never from text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Envelope } from '@cucumber/messages';
import { loadCatalogue, loadNotTestableReasons } from '../../src/domain/requirements/catalogue.ts';
import { buildAssuranceRun } from '../../src/report/build.ts';
import { CHECK_MEDIA_TYPE, type CheckAttachment } from '../../src/report/check.ts';
import type { RunIdentity } from '../../src/report/model.ts';
import { SCHEMA_FILE } from '../../src/report/schema.ts';

const envelopes = readFileSync(new URL('../fixtures/report/golden-messages.ndjson', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Envelope);

const identity: RunIdentity = {
  id: 'golden',
  harness: { name: 'nrls-conformance', version: '0', commit: 'x' },
  spec: { name: 'NRLS', catalogue: 'c' },
  target: { name: 't', baseUrl: 'http://127.0.0.1:1', embeddedMock: true },
  startedAt: new Date(0).toISOString(),
  finishedAt: new Date(1).toISOString(),
  durationMs: 1,
  node: 'v20',
  platform: 'linux',
  tagFilter: '(@NRLS-SEARCH-022 or @NRLS-UNSUP-004) and not @two-record-types',
  userTags: '@NRLS-SEARCH-022 or @NRLS-UNSUP-004',
  specOnly: false,
  parallel: 0,
};

const build = (
  secrets: { name: string; value: string }[] = [],
  messages: readonly Envelope[] = envelopes,
  overrides: Partial<RunIdentity> = {},
) =>
  buildAssuranceRun(messages, {
    identity: { ...identity, ...overrides },
    catalogue: loadCatalogue(),
    notTestable: loadNotTestableReasons(),
    secrets,
  });

/** The golden messages with every check attachment rewritten by `change`. */
function withChecks(change: (attachment: CheckAttachment) => CheckAttachment): Envelope[] {
  return envelopes.map((envelope) => {
    if (envelope.attachment?.mediaType !== CHECK_MEDIA_TYPE) return envelope;
    return {
      attachment: {
        ...envelope.attachment,
        body: JSON.stringify(change(JSON.parse(envelope.attachment.body) as CheckAttachment)),
      },
    } as Envelope;
  });
}

describe('building the assurance model from Cucumber messages', () => {
  const run = build();

  it('gives each scenario of the run its status, area, tags and requirement ids', () => {
    const summary = run.scenarios.map((scenario) => [scenario.area, scenario.name, scenario.status]);
    assert.deepEqual(summary, [
      ['search', 'A search with a custodian in another system is refused', 'passed'],
      ['search', 'A search with an unknown custodian is refused', 'passed'],
      ['search', 'A search with a custodian without the provider role is refused', 'failed'],
      ['unsupported', 'The provider asks for the capability statement: refused', 'passed'],
    ]);
    const failed = run.scenarios[2]!;
    assert.deepEqual(failed.requirementIds, ['NRLS-SEARCH-022', 'NRLS-ODS-002']);
    assert.deepEqual(failed.ambiguityIds, ['AMB-20']);
    assert.match(failed.id, /^features\/search\.feature:\d+$/);
  });

  it('keeps the steps in order, with the exchanges each step made and the checks each decided', () => {
    const failed = run.scenarios[2]!;
    assert.deepEqual(
      failed.steps.map((step) => `${step.keyword} ${step.status}`),
      ['Given passed', 'Given passed', 'When passed', 'Then failed', 'Hook passed'],
    );
    // The cleanup: the pointer the setup created, deleted by its owner, shown as evidence and never judged.
    const cleanup = failed.steps[4]!;
    assert.deepEqual(cleanup.checks, []);
    assert.equal(cleanup.exchanges.length, 1);
    assert.match(cleanup.exchanges[0]!.purpose, /^cleanup: delete pointer \S+ as the provider$/);
    assert.equal(cleanup.exchanges[0]!.request.method, 'DELETE');
    assert.equal(cleanup.exchanges[0]!.response?.status, 200);
    const exchanges = run.scenarios.flatMap((scenario) => scenario.steps.flatMap((step) => step.exchanges));
    const created = exchanges.filter(
      (exchange) => exchange.request.method === 'POST' && exchange.response?.status === 201,
    ).length;
    assert.ok(created >= 3);
    assert.deepEqual(run.cleanup, { deleted: created, left: [] }, 'every pointer the scenarios created was deleted');
    assert.equal(exchanges.filter((exchange) => exchange.purpose.startsWith('cleanup: ')).length, created);
    assert.equal(failed.steps[1]!.exchanges.length, 1, 'the setup create');
    assert.match(failed.steps[1]!.exchanges[0]!.purpose, /^setup: /);
    assert.deepEqual(
      failed.steps[1]!.checks.map((check) => [check.name, check.stage, check.outcome]),
      [
        ['no redirect', 'setup', 'passed'],
        ['created', 'setup', 'passed'],
        ['a Location header', 'setup', 'passed'],
        ['an absolute Location', 'setup', 'passed'],
        ['Location in the ?_id= form', 'setup', 'passed'],
      ],
    );
    const search = failed.steps[2]!.exchanges[0]!;
    assert.equal(search.request.method, 'GET');
    assert.equal(search.response?.status, 200);
    assert.equal(search.request.headers.Authorization, 'Bearer [REDACTED]');
    assert.equal(search.request.jwtClaims?.scope, 'patient/DocumentReference.read');
    const [finding] = failed.findings;
    assert.deepEqual(
      { ...finding, exchange: undefined },
      {
        name: 'refused',
        about: ['NRLS-SEARCH-022', 'NRLS-ODS-002'],
        stage: 'scenario',
        outcome: 'failed',
        kind: 'conformance',
        basis: 'spec',
        defect: 'D1',
        expected: 'a refusal: HTTP 4xx with an OperationOutcome',
        actual: 'HTTP 200 Bundle of 0 pointers',
        exchange: undefined,
      },
    );
    assert.equal(failed.steps[3]!.error, undefined, 'a failure a check recorded needs no error text');
  });

  it('groups the failures by defect: one failing check, whichever scenarios it reached', () => {
    assert.equal(run.defects.length, 1);
    assert.deepEqual(
      { ...run.defects[0], actual: undefined },
      {
        id: 'D1',
        about: ['NRLS-SEARCH-022', 'NRLS-ODS-002'],
        name: 'refused',
        basis: 'spec',
        outcome: 'failed',
        kind: 'conformance',
        actual: undefined,
        expected: 'a refusal: HTTP 4xx with an OperationOutcome',
        stage: 'scenario',
        failedScenarios: [run.scenarios[2]!.id],
        blockedScenarios: [],
      },
    );
  });

  it('gives every catalogue requirement a row: judged by its checks, not run, or not testable with the reason', () => {
    assert.equal(run.requirements.length, loadCatalogue().requirements.length);
    const row = (id: string) => run.requirements.find((requirement) => requirement.id === id)!;
    assert.equal(row('NRLS-SEARCH-022').status, 'failed');
    assert.deepEqual(row('NRLS-SEARCH-022').defects, ['D1']);
    assert.equal(row('NRLS-UNSUP-004').status, 'passed');
    assert.equal(
      row('NRLS-OO-003').status,
      'passed',
      'judged by the profile facets of the refusals, though no scenario of the run is tagged with it',
    );
    assert.ok(row('NRLS-OO-003').checksPassed >= 2);
    assert.equal(row('NRLS-SEARCH-011').status, 'not run');
    assert.equal(row('NRLS-SEARCH-011').reason, 'not selected by the tag filter');
    assert.equal(row('NRLS-SEC-001').status, 'not testable');
    assert.match(row('NRLS-SEC-001').reason!, /TLS/);
    assert.equal(row('NRLS-ASSURE-001').status, 'not testable');
    assert.match(row('NRLS-ASSURE-001').reason!, /^INFO/);
    assert.deepEqual(row('NRLS-SEARCH-022').scenarioIds.length, 3);
  });

  it('calls the run not conformant, and tells failed from broken', () => {
    assert.equal(run.verdict, 'not conformant');
    assert.equal(run.verdictReason, '2 requirements failed, from 1 defect; 1 scenario failed and 0 were blocked');
    assert.deepEqual(run.scenarioTotals, { passed: 3, failed: 1, blocked: 0, broken: 0, advisory: 0, skipped: 0 });
    assert.deepEqual(
      run.areas.map((area) => [area.area, area.passed, area.failed]),
      [
        ['search', 2, 1],
        ['unsupported', 1, 0],
      ],
    );
  });

  it('a failure that does not bind under --spec-only is advisory: the verdict is a partial pass', () => {
    // The same records, the failing facet now resting on an AMB choice (as under --spec-only).
    const advisory = withChecks((attachment) => ({
      checks: attachment.checks.map((check) =>
        check.outcome === 'failed' ? { ...check, amb: 'AMB-20', outcome: 'advisory' } : check,
      ),
    })).map((envelope) =>
      envelope.testStepFinished?.testStepResult.status === 'FAILED'
        ? ({
            testStepFinished: {
              ...envelope.testStepFinished,
              testStepResult: { ...envelope.testStepFinished.testStepResult, status: 'PASSED' },
            },
          } as Envelope)
        : envelope,
    );
    const run = build([], advisory, { specOnly: true });
    assert.equal(run.scenarios[2]!.status, 'advisory');
    assert.equal(run.requirements.find((row) => row.id === 'NRLS-SEARCH-022')!.status, 'advisory');
    assert.equal(run.defects[0]!.outcome, 'advisory');
    assert.equal(run.verdict, 'partial');
  });

  it(
    'a failed setup check blocks the scenario: its own ' + "requirements are blocked, the setup's requirement failed",
    () => {
      // The setup creates failed (and so, as Cucumber would, nothing after them judged anything).
      const blocked = withChecks((attachment) => ({
        checks: attachment.checks
          .filter((check) => check.stage === 'setup')
          .map((check) =>
            check.name === 'created'
              ? {
                  ...check,
                  outcome: 'failed' as const,
                  kind: 'conformance' as const,
                  expected: 'the pointer created (HTTP 2xx)',
                  actual: 'HTTP 500',
                }
              : check,
          ),
      })).map((envelope) =>
        envelope.testStepFinished?.testStepResult.status === 'FAILED'
          ? ({
              testStepFinished: {
                ...envelope.testStepFinished,
                testStepResult: { ...envelope.testStepFinished.testStepResult, status: 'SKIPPED' },
              },
            } as Envelope)
          : envelope,
      );
      const run = build([], blocked);
      assert.deepEqual(
        run.scenarios.filter((scenario) => scenario.area === 'search').map((scenario) => scenario.status),
        ['blocked', 'blocked', 'blocked'],
      );
      const row = (id: string) => run.requirements.find((requirement) => requirement.id === id)!;
      assert.equal(row('NRLS-CREATE-001').status, 'failed');
      assert.equal(row('NRLS-SEARCH-022').status, 'blocked');
      assert.deepEqual(row('NRLS-SEARCH-022').defects, [run.defects[0]!.id]);
      assert.equal(run.defects[0]!.blockedScenarios.length, 4, 'every scenario made a pointer in its setup');
    },
  );

  it('conforms to assurance.schema.json', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
      JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')),
    );
    assert.ok(validate(JSON.parse(JSON.stringify(run))), JSON.stringify(validate.errors?.slice(0, 3)));
  });

  it('lists only the names of the secrets it was given', () => {
    const redacted = build([{ name: 'consumer.user', value: 'RGD' }]);
    assert.deepEqual(redacted.redactedSecrets, ['consumer.user']);
  });

  it(
    'a step that failed without a failed check is a harness ' +
      'fault: the scenario is broken, whatever the error says',
    () => {
      const broken = withChecks((attachment) => ({
        checks: attachment.checks.filter((check) => check.outcome !== 'failed'),
      })).map((envelope) => {
        const result = envelope.testStepFinished?.testStepResult;
        if (result?.status !== 'FAILED') return envelope;
        // The same exception class and message a conformance failure would carry: the text decides nothing.
        return {
          testStepFinished: {
            ...envelope.testStepFinished!,
            testStepResult: {
              ...result,
              exception: { type: 'CheckFailure', message: 'expected a refusal\n  actual HTTP 200' },
            },
          },
        } as Envelope;
      });
      const run = build([], broken);
      assert.equal(run.scenarios[2]!.status, 'broken');
      assert.equal(run.scenarios[2]!.steps[3]!.error?.message, 'expected a refusal\n  actual HTTP 200');
      assert.equal(run.verdict, 'incomplete');
      assert.equal(run.requirements.find((row) => row.id === 'NRLS-SEARCH-022')!.status, 'broken');
    },
  );

  it('a failed check of kind unreachable makes the scenario broken, not failed', () => {
    const unreachable = withChecks((attachment) => ({
      checks: attachment.checks.map((check) =>
        check.outcome === 'failed' ? { ...check, kind: 'unreachable' } : check,
      ),
    }));
    const run = build([], unreachable);
    assert.equal(run.scenarios[2]!.status, 'broken');
    assert.equal(run.requirements.find((row) => row.id === 'NRLS-SEARCH-022')!.status, 'broken');
  });
});
