import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ASID_SYSTEM, ODS_CODE_SYSTEM, token } from '../../src/domain/identifiers.ts';
import { encodeUnsignedJwt, nrlsClaims } from '../../src/domain/jwt.ts';
import { resourceToXml, type FhirResource } from '../../src/domain/stu3-xml.ts';
import {
  CONSUMER,
  CUSTODIAN_FILTER,
  DIRECTORY,
  MASTER_ID_QUERY,
  PROVIDER,
  SUBJECT,
  create,
  failedRules,
  judge,
  pointer,
  request,
  search,
  supersede,
  verdictOf,
} from './rules-requests.ts';

const now = () => Math.floor(Date.now() / 1000);

describe('client rules: clean requests', () => {
  const cases = {
    'a provider create (JSON)': create(),
    'a provider create (XML)': request('POST', '/DocumentReference', {
      body: resourceToXml(pointer() as FhirResource),
      headers: { 'Content-Type': 'application/fhir+xml', Accept: 'application/fhir+xml' },
    }),
    'a provider supersede': supersede(),
    'a provider delete by id': request('DELETE', '/DocumentReference?_id=abc-123'),
    'a provider delete by master identifier': request('DELETE', `/DocumentReference?${MASTER_ID_QUERY}`),
    'a consumer search': search(),
    'a consumer search with custodian, type and _format': search(
      `subject=${SUBJECT}&${CUSTODIAN_FILTER}&type.coding=http%3A%2F%2Fsnomed.info%2Fsct%7C736253002&_format=json`,
    ),
    'a consumer _summary=count search': search(`subject=${SUBJECT}&_summary=count`),
    'a provider search by _id': request('GET', '/DocumentReference?_id=abc-123'),
  };
  for (const [name, exchange] of Object.entries(cases)) {
    it(`NRLS-CREATE-001, NRLS-SEARCH-001, NRLS-DELETE-002: ${name} fails no rule`, () => {
      const verdicts = judge(exchange);
      assert.deepEqual(failedRules(verdicts), [], JSON.stringify(verdicts, null, 1));
      assert.ok(verdicts.some((verdict) => verdict.rule === 'accepted-by-nrls' && verdict.outcome === 'passed'));
    });
  }
});

describe('client rules: the example-client defects, each failing one rule', () => {
  it('NRLS-HDR-004: a missing Accept passes (MAY), where TKW V01 flags it (D1)', () => {
    const verdicts = judge(create(undefined, { headers: { Accept: undefined } }));
    assert.deepEqual(failedRules(verdicts), []);
    assert.equal(verdictOf(verdicts, 'accept-header')?.outcome, 'passed');
  });

  it('NRLS-FMT-002: a DSTU2 Accept is a warning', () => {
    const verdicts = judge(search(undefined, { headers: { Accept: 'application/json+fhir' } }));
    assert.deepEqual(failedRules(verdicts), []);
    assert.equal(verdictOf(verdicts, 'accept-header')?.outcome, 'warning');
  });

  it('§3.1: a body without meta.profile is a warning (not required on requests), where TKW V26 fails it', () => {
    const verdicts = judge(create((p) => delete p.meta));
    assert.deepEqual(failedRules(verdicts), []);
    assert.equal(verdictOf(verdicts, 'body-meta-profile')?.outcome, 'warning');
  });

  it('NRLS-CREATE-001: a body claiming the 2.x NRL profile fails body-meta-profile, and only it', () => {
    const nrl2 = 'https://fhir.nhs.uk/STU3/StructureDefinition/NRL-DocumentReference-1';
    const verdicts = judge(create((p) => (p.meta = { profile: [nrl2] })));
    assert.deepEqual(failedRules(verdicts), ['body-meta-profile']);
  });

  const defects: [string, () => ReturnType<typeof create>, string][] = [
    [
      'NRLS-JWT-025: a read scope on a create',
      () => create(undefined, { access: 'read' }),
      'jwt-scope-fits-interaction',
    ],
    [
      'NRLS-JWT-021: requesting_system not the fromASID',
      () => {
        const other = token(ASID_SYSTEM, '200000000119');
        return create(undefined, { claims: { requesting_system: other, sub: other } });
      },
      'jwt-requesting-system-is-from-asid',
    ],
    ['NRLS-JWT-006: exp - iat = 3600', () => create(undefined, { claims: { exp: now() + 3600 } }), 'jwt-lifetime'],
    [
      'NRLS-SUPERSEDE-002: relatesTo code not replaces',
      () => supersede((p) => (p.relatesTo![0]!.code = 'transforms')),
      'supersede-relates-to-replaces',
    ],
    [
      'NRLS-SUPERSEDE-016: relatesTo target without identifier',
      () => supersede((p) => (p.relatesTo![0]!.target = { reference: 'https://nrls.example/DocumentReference/x' })),
      'supersede-target-identifier',
    ],
    [
      'NRLS-GEN-005: an unencoded pipe in a token parameter',
      () => search(`subject=${SUBJECT}&custodian.identifier=${ODS_CODE_SYSTEM}|MHT01`),
      'token-pipe-encoded',
    ],
    ['NRLS-HDR-002: no fromASID', () => create(undefined, { headers: { fromASID: undefined } }), 'from-asid-header'],
    [
      'NRLS-HDR-003: a wrong toASID',
      () => search(undefined, { headers: { toASID: '123456789012' } }),
      'to-asid-header',
    ],
    [
      'NRLS-JWT-015: a consumer JWT without requesting_user',
      () => search(undefined, { identity: { ...CONSUMER, user: undefined } }),
      'jwt-requesting-user',
    ],
    [
      'NRLS-JWT-013: reason_for_request not directcare',
      () => search(undefined, { claims: { reason_for_request: 'patientaccess' } }),
      'jwt-reason-for-request',
    ],
    [
      'NRLS-JWT-004: a signed JWT (alg HS256)',
      () => {
        const claims = nrlsClaims({ ...PROVIDER, scope: 'patient/DocumentReference.write', audience: 'https://nrls' });
        const signed = `${encodeUnsignedJwt(claims, { alg: 'HS256', typ: 'JWT' })}c2lnbmF0dXJl`;
        return create(undefined, { headers: { Authorization: `Bearer ${signed}` } });
      },
      'jwt-structure',
    ],
    [
      "NRLS-CREATE-003: a custodian not the sender's ODS",
      () =>
        create((p) => (p.custodian = { reference: 'https://directory.spineservices.nhs.uk/STU3/Organization/RR8' })),
      'body-custodian-is-sender',
    ],
    [
      'NRLS-CREATE-017: an NHS number with a bad check digit',
      () =>
        create((p) => (p.subject = { reference: 'https://demographics.spineservices.nhs.uk/STU3/Patient/9876543211' })),
      'body-subject-nhs-number',
    ],
    ['NRLS-CREATE-011: status not current', () => create((p) => (p.status = 'superseded')), 'body-status-current'],
    [
      'NRLS-AUTHZ-006: a consumer attempting create',
      () => create(undefined, { identity: CONSUMER }),
      'interaction-permitted',
    ],
    ['NRLS-SEARCH-011: _summary=other', () => search(`subject=${SUBJECT}&_summary=text`), 'search-summary'],
    ['NRLS-SEARCH-025: an unknown parameter', () => search(`subject=${SUBJECT}&_count=5`), 'search-parameters-known'],
    [
      'NRLS-JWT-011: sub not requesting_user',
      () => search(undefined, { claims: { sub: 'someone|else' } }),
      'jwt-sub-matches',
    ],
    [
      'NRLS-SEARCH-001 (TKW V24): a body on a GET',
      () => search(undefined, { body: JSON.stringify(pointer()) }),
      'no-body-on-search',
    ],
    [
      'NRLS-DELETE-002 (TKW V24): a body on a DELETE',
      () => request('DELETE', '/DocumentReference?_id=x', { body: JSON.stringify(pointer()) }),
      'no-body-on-delete',
    ],
  ];
  for (const [name, build, rule] of defects) {
    it(`${name} fails ${rule}, and only it`, () => {
      const verdicts = judge(build());
      assert.deepEqual(failedRules(verdicts), [rule], JSON.stringify(verdicts, null, 1));
      assert.ok(verdictOf(verdicts, rule)!.detail.length > 0);
    });
  }

  it('NRLS-JWT-025: the detail names the scope, the interaction and the scope it needs', () => {
    const detail = verdictOf(judge(create(undefined, { access: 'read' })), 'jwt-scope-fits-interaction')!.detail;
    assert.equal(
      detail,
      'scope patient/DocumentReference.read does not fit create (needs patient/DocumentReference.write)',
    );
  });

  it('NRLS-JWT-010: the detail names the missing claim', () => {
    const verdicts = judge(search(undefined, { claims: { requesting_organization: undefined } }));
    assert.deepEqual(failedRules(verdicts), ['jwt-mandatory-claims']);
    assert.match(verdictOf(verdicts, 'jwt-mandatory-claims')!.detail, /requesting_organization/);
  });

  it('the directory in the tests is the fixtures one', () => {
    assert.equal(DIRECTORY.spineAsid, '999999999999');
    assert.ok(DIRECTORY.systems.some((system) => system.asid === PROVIDER.asid));
  });
});
