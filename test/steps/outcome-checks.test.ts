// Each Then-check of the suite, fed a known-good response, passes; fed each known-bad variant, fails
// with expected against actual. A check that cannot fail proves nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Exchange } from '../../src/report/exchange.ts';
import { resourceToXml } from '../../src/domain/stu3-xml.ts';
import { ConformanceFailure } from '../../steps/support/failures.ts';
import { expectDiagnostics, expectFormat, expectOutcome, expectSearchset, type Answered } from '../../steps/support/outcome-checks.ts';
import { createdIdOf } from '../../steps/support/location.ts';

const SYSTEM = 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1';
const PROFILE = 'https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1';

function answered(status: number, body: unknown, headers: Record<string, string> = {}): Answered {
  const json = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    purpose: 'test', startedAt: new Date(0).toISOString(), durationMs: 1,
    request: { method: 'GET', url: 'http://nrls.test/DocumentReference', headers: {} },
    response: { status, headers: { 'content-type': 'application/fhir+json;charset=utf-8', ...headers }, body: json },
  } as Exchange as Answered;
}

const outcome = (overrides: Record<string, unknown> = {}, issue: Record<string, unknown> = {}, coding: Record<string, unknown> = {}) => ({
  resourceType: 'OperationOutcome', id: 'abc-123', meta: { profile: [PROFILE] },
  issue: [{ severity: 'error', code: 'not-found', details: { coding: [{ system: SYSTEM, code: 'NO_RECORD_FOUND', display: 'No record found', ...coding }] }, diagnostics: 'The given NHS number could not be found 9000000033', ...issue }],
  ...overrides,
});

const fails = (check: () => unknown, pattern: RegExp) =>
  assert.throws(check, (error: Error) => error instanceof ConformanceFailure && pattern.test(error.message));

describe('the OperationOutcome check', () => {
  it('passes the catalogue response', () => {
    expectOutcome(answered(404, outcome()), 404, 'NO_RECORD_FOUND');
  });

  const BAD: [string, Answered, RegExp][] = [
    ['another status', answered(400, outcome()), /expected HTTP 404[\s\S]*actual HTTP 400 NO_RECORD_FOUND "The given NHS number could not be found 9000000033"/],
    ['another Spine code', answered(404, outcome({}, {}, { code: 'INVALID_PARAMETER' })), /Spine code NO_RECORD_FOUND[\s\S]*INVALID_PARAMETER/],
    ['another display', answered(404, outcome({}, {}, { display: 'Not found' })), /display "No record found"/],
    ['another coding system', answered(404, outcome({}, {}, { system: 'http://example.org' })), /coding system/],
    ['another issue code', answered(404, outcome({}, { code: 'invalid' })), /issue code not-found/],
    ['another severity', answered(404, outcome({}, { severity: 'warning' })), /severity error/],
    ['no meta.profile', answered(404, outcome({ meta: undefined })), /meta\.profile/],
    ['no id', answered(404, outcome({ id: undefined })), /OperationOutcome id/],
    ['two issues', answered(404, { ...outcome(), issue: [outcome().issue[0], outcome().issue[0]] }), /NRLS shape/],
    ['a Bundle instead', answered(404, { resourceType: 'Bundle', id: 'x', type: 'searchset', total: 0 }), /a OperationOutcome/],
    ['HTML instead of FHIR', answered(404, '<html><body>Not Found</body></html>', { 'content-type': 'text/html' }), /a FHIR body/],
    ['JSON that does not parse', answered(404, '{"resourceType":', {}), /unparseable JSON/],
    ['XML outside the FHIR namespace', answered(404, '<OperationOutcome><id value="x"/></OperationOutcome>', { 'content-type': 'application/fhir+xml' }), /FHIR STU3 XML/],
  ];
  for (const [name, exchange, pattern] of BAD) {
    it(`fails ${name}`, () => fails(() => expectOutcome(exchange, 404, 'NO_RECORD_FOUND'), pattern));
  }

  it('reads XML and JSON alike', () => {
    const xml = resourceToXml(outcome() as never);
    expectOutcome(answered(404, xml, { 'content-type': 'application/fhir+xml;charset=utf-8' }), 404, 'NO_RECORD_FOUND');
  });

  it('needs the Spine message UUID in details.text for a success', () => {
    const created = (text: unknown) => answered(201, outcome({}, { severity: 'information', code: 'informational', details: { coding: [{ system: SYSTEM, code: 'RESOURCE_CREATED', display: 'New resource created' }], text } }));
    expectOutcome(created('3de126fa-b5f5-4783-b67f-30c02b865016'), 201, 'RESOURCE_CREATED');
    fails(() => expectOutcome(created('not a uuid'), 201, 'RESOURCE_CREATED'), /Spine message UUID/);
    fails(() => expectOutcome(created(undefined), 201, 'RESOURCE_CREATED'), /Spine message UUID/);
  });

  it('compares diagnostics after normalising typographic quotes and dashes (NRLS-OO-007), and nothing else', () => {
    const exchange = answered(400, outcome({}, { diagnostics: "reason_for_request (x) must be 'directcare'" }));
    const parsed = expectOutcome(answered(404, outcome()), 404, 'NO_RECORD_FOUND');
    expectDiagnostics(exchange, { ...parsed, issue: [{ ...parsed.issue[0], diagnostics: "reason_for_request (x) must be 'directcare'" }] }, 'reason_for_request (x) must be ‘directcare’', 'exactly');
    fails(() => expectDiagnostics(exchange, parsed, 'The given NHS number could not be found 9000000034', 'exactly'), /diagnostics/);
    fails(() => expectDiagnostics(exchange, parsed, 'could not be found 9000000034', 'contain'), /diagnostics that contain/);
  });
});

describe('the searchset check', () => {
  const pointer = {
    resourceType: 'DocumentReference', id: 'p1', meta: { versionId: '1' }, status: 'current',
    type: { coding: [{ system: 'http://snomed.info/sct', code: '736253002', display: 'x' }] }, subject: { reference: 's' },
    indexed: '2018-01-01T00:00:00Z', author: [{ reference: 'a' }], custodian: { reference: 'c' }, content: [{ attachment: { url: 'u', contentType: 'a/b' } }],
  };
  const bundle = (overrides: Record<string, unknown> = {}) => ({ resourceType: 'Bundle', id: 'b', type: 'searchset', total: 1, entry: [{ resource: pointer }], ...overrides });

  it('passes a bare searchset', () => {
    assert.equal(expectSearchset(answered(200, bundle())).total, 1);
  });

  const BAD: [string, unknown, RegExp][] = [
    ['a self link (NRLS-SEARCH-014)', bundle({ link: [{ relation: 'self', url: 'x' }] }), /NRLS shape/],
    ['entry.fullUrl (NRLS-SEARCH-014)', bundle({ entry: [{ fullUrl: 'x', resource: pointer }] }), /NRLS shape/],
    ['entry.search.mode (NRLS-SEARCH-014)', bundle({ entry: [{ search: { mode: 'match' }, resource: pointer }] }), /NRLS shape/],
    ['a pointer without versionId (NRLS-SEARCH-015)', bundle({ entry: [{ resource: { ...pointer, meta: {} } }] }), /versionId/],
    ['a total that is not the number of entries', bundle({ total: 2 }), /as many entries as total/],
    ['a batch instead of a searchset', bundle({ type: 'batch' }), /NRLS shape/],
  ];
  for (const [name, body, pattern] of BAD) {
    it(`fails ${name}`, () => fails(() => expectSearchset(answered(200, body)), pattern));
  }

  it('fails entries in a _summary=count answer (NRLS-SEARCH-010)', () => {
    fails(() => expectSearchset(answered(200, bundle()), true), /no entries/);
    expectSearchset(answered(200, bundle({ entry: undefined, total: 3 })), true);
  });
});

describe('the format and Location checks', () => {
  it('NRLS-FMT-009: needs the STU3 type with charset utf-8', () => {
    expectFormat(answered(200, '{}'), 'json');
    fails(() => expectFormat(answered(200, '{}', { 'content-type': 'application/json+fhir;charset=utf-8' }), 'json'), /Content-Type application\/fhir\+json/);
    fails(() => expectFormat(answered(200, '{}', { 'content-type': 'application/fhir+json' }), 'json'), /charset=utf-8/);
    fails(() => expectFormat(answered(200, '{}'), 'xml'), /application\/fhir\+xml/);
  });

  it('NRLS-CREATE-007 (AMB-52): the Location must be the ?_id= form', () => {
    assert.equal(createdIdOf(answered(201, '{}', { location: 'https://nrls.test/DocumentReference?_id=abc' })), 'abc');
    fails(() => createdIdOf(answered(201, '{}', { location: 'https://nrls.test/DocumentReference/abc' })), /_id=/);
    fails(() => createdIdOf(answered(201, '{}')), /a Location header/);
    fails(() => createdIdOf(answered(201, '{}', { location: '/DocumentReference?_id=abc' })), /absolute URL/);
  });
});
