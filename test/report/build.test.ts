// Golden Cucumber messages → AssuranceRun. The messages are from a run of four scenarios against a mock
// that wrongly lets a non-provider organisation be a custodian filter: three pass, one fails. Volatile
// fields (ids, times, ports) are not compared.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Envelope } from '@cucumber/messages';
import { loadCatalogue, loadNotTestableReasons } from '../../src/domain/requirements/catalogue.ts';
import { buildAssuranceRun, splitExpectedActual } from '../../src/report/build.ts';
import type { RunIdentity } from '../../src/report/model.ts';
import { SCHEMA_FILE } from '../../src/report/schema.ts';

const envelopes = readFileSync(new URL('../fixtures/report/golden-messages.ndjson', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Envelope);

const identity: RunIdentity = {
  id: 'golden', harness: { name: 'nrls-conformance', version: '0', commit: 'x' }, spec: { name: 'NRLS', catalogue: 'c' },
  target: { name: 't', baseUrl: 'http://127.0.0.1:1', embeddedMock: true }, startedAt: new Date(0).toISOString(),
  finishedAt: new Date(1).toISOString(), durationMs: 1, node: 'v20', platform: 'linux', tagFilter: '@NRLS-SEARCH-022 or @NRLS-UNSUP-004', parallel: 0,
};

const build = (secrets: { name: string; value: string }[] = []) =>
  buildAssuranceRun(envelopes, { identity, catalogue: loadCatalogue(), notTestable: loadNotTestableReasons(), secrets });

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

  it('keeps the steps in order, with the exchanges each step made and expected against actual', () => {
    const failed = run.scenarios[2]!;
    assert.deepEqual(failed.steps.map((step) => `${step.keyword} ${step.status}`), ['Given passed', 'Given passed', 'When passed', 'Then failed']);
    assert.equal(failed.steps[1]!.exchanges.length, 1, 'the setup create');
    assert.match(failed.steps[1]!.exchanges[0]!.purpose, /^setup: /);
    const search = failed.steps[2]!.exchanges[0]!;
    assert.equal(search.request.method, 'GET');
    assert.equal(search.response?.status, 200);
    assert.equal(search.request.headers.Authorization, 'Bearer [REDACTED]');
    assert.equal(search.request.jwtClaims?.scope, 'patient/DocumentReference.read');
    assert.equal(failed.steps[3]!.error?.type, 'ConformanceFailure');
    assert.equal(failed.steps[3]!.error?.expected, 'HTTP 400');
    assert.match(failed.steps[3]!.error?.actual ?? '', /^HTTP 200 with body/);
  });

  it('gives every catalogue requirement a row: proved, failed, not run or not testable with the reason', () => {
    assert.equal(run.requirements.length, loadCatalogue().requirements.length);
    const row = (id: string) => run.requirements.find((requirement) => requirement.id === id)!;
    assert.equal(row('NRLS-SEARCH-022').status, 'failed');
    assert.equal(row('NRLS-UNSUP-004').status, 'passed');
    assert.equal(row('NRLS-CREATE-001').status, 'not run');
    assert.equal(row('NRLS-CREATE-001').reason, 'no scenario proves it');
    assert.equal(row('NRLS-SEC-001').status, 'not testable');
    assert.match(row('NRLS-SEC-001').reason!, /TLS/);
    assert.equal(row('NRLS-ASSURE-001').status, 'not testable');
    assert.match(row('NRLS-ASSURE-001').reason!, /^INFO/);
    assert.deepEqual(row('NRLS-SEARCH-022').scenarioIds.length, 3);
  });

  it('calls the run not conformant, and tells failed from broken', () => {
    assert.equal(run.verdict, 'not conformant');
    assert.deepEqual(run.scenarioTotals, { passed: 3, failed: 1, broken: 0, skipped: 0 });
    assert.deepEqual(run.areas.map((area) => [area.area, area.passed, area.failed]), [['search', 2, 1], ['unsupported', 1, 0]]);
  });

  it('conforms to assurance.schema.json', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    assert.ok(validate(JSON.parse(JSON.stringify(run))), JSON.stringify(validate.errors?.slice(0, 3)));
  });

  it('redacts secrets from error messages and lists only their names', () => {
    const secret = { name: 'consumer.user', value: 'RGD' };
    const redacted = build([secret]);
    assert.ok(!JSON.stringify(redacted.scenarios[2]!.steps[3]!.error).includes('RGD'));
    assert.deepEqual(redacted.redactedSecrets, ['consumer.user']);
  });

  it('a step error that is not a conformance failure makes the scenario broken, and the verdict incomplete', () => {
    const broken = envelopes.map((envelope) => {
      const result = envelope.testStepFinished?.testStepResult;
      if (!result || result.status !== 'FAILED') return envelope;
      return { testStepFinished: { ...envelope.testStepFinished!, testStepResult: { ...result, exception: { type: 'TransportFailure', message: 'ECONNRESET' } } } } as Envelope;
    });
    const run = buildAssuranceRun(broken, { identity, catalogue: loadCatalogue(), notTestable: loadNotTestableReasons(), secrets: [] });
    assert.equal(run.scenarios[2]!.status, 'broken');
    assert.equal(run.verdict, 'incomplete');
    assert.equal(run.requirements.find((row) => row.id === 'NRLS-SEARCH-022')!.status, 'broken');
  });

  it('splits expected and actual out of a conformance failure', () => {
    assert.deepEqual(splitExpectedActual('expected HTTP 404\n  actual HTTP 200\n  exchange: GET x → 200'), { expected: 'HTTP 404', actual: 'HTTP 200' });
    assert.deepEqual(splitExpectedActual('the scenario made requests nobody checked'), {});
  });
});
