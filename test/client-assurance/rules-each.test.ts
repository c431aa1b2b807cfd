import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CLIENT_RULES, clientRulesFor, interactionOf } from '../../src/client-assurance/rules.ts';
import { ASID_SYSTEM, ODS_CODE_SYSTEM, token } from '../../src/domain/identifiers.ts';
import { base64url } from '../../src/domain/jwt.ts';
import type { Pointer } from '../../src/domain/pointer.ts';
import {
  PROVIDER,
  SUBJECT,
  TARGET,
  create,
  failedRules,
  judge,
  request,
  search,
  supersede,
  verdictOf,
} from './rules-requests.ts';

const now = () => Math.floor(Date.now() / 1000);
const ORG = 'https://directory.spineservices.nhs.uk/STU3/Organization/';
const encoded = (text: string) => encodeURIComponent(text);

describe('client rules: one defect, one failed rule', () => {
  const defects: [string, () => ReturnType<typeof create>, string][] = [
    ['NRLS-UNSUP-001: a read by path', () => request('GET', '/DocumentReference/abc'), 'interaction-supported'],
    [
      'NRLS-HDR-002: a fromASID of 11 digits',
      () => create(undefined, { headers: { fromASID: '20000000011' } }),
      'from-asid-header',
    ],
    [
      'NRLS-HDR-001: no Authorization',
      () => create(undefined, { headers: { Authorization: undefined } }),
      'authorization-bearer',
    ],
    [
      'NRLS-JWT-001: a token without the Bearer scheme',
      () => {
        const exchange = create();
        const header = exchange.request.headers.find(([name]) => name === 'Authorization')!;
        header[1] = header[1].replace('Bearer ', '');
        return exchange;
      },
      'authorization-bearer',
    ],
    [
      'NRLS-FMT-001: Accept text/plain',
      () => search(undefined, { headers: { Accept: 'text/plain' } }),
      'accept-header',
    ],
    ['NRLS-FMT-006: _format=html', () => search(`subject=${SUBJECT}&_format=html`), 'format-parameter'],
    [
      "NRLS-GEN-005: a raw '+' in _format",
      () => search(`subject=${SUBJECT}&_format=application/fhir+json`),
      'format-parameter',
    ],
    [
      'NRLS-JWT-009: a JWT of two sections',
      () => create(undefined, { headers: { Authorization: 'Bearer abc.def' } }),
      'jwt-structure',
    ],
    [
      'NRLS-JWT-026: a payload that is not JSON',
      () =>
        create(undefined, {
          headers: { Authorization: `Bearer ${base64url('{"alg":"none"}')}.${base64url('nope')}.` },
        }),
      'jwt-payload-json',
    ],
    [
      'NRLS-JWT-006: an iat an hour ahead',
      () => create(undefined, { claims: { iat: now() + 3600, exp: now() + 3900 } }),
      'jwt-fresh',
    ],
    [
      'NRLS-JWT-006: an expired token',
      () => create(undefined, { claims: { iat: now() - 3600, exp: now() - 3300 } }),
      'jwt-fresh',
    ],
    [
      'NRLS-JWT-014: scope patient/*.read',
      () => search(undefined, { claims: { scope: 'patient/*.read' } }),
      'jwt-scope',
    ],
    [
      'NRLS-JWT-016: requesting_system in the slash form',
      () => {
        const slash = `${ASID_SYSTEM}/${PROVIDER.asid}`;
        return create(undefined, { claims: { requesting_system: slash, sub: slash } });
      },
      'jwt-requesting-system',
    ],
    [
      'NRLS-JWT-018: requesting_organization without a system',
      () => create(undefined, { claims: { requesting_organization: 'MHT01' } }),
      'jwt-requesting-organization',
    ],
    [
      'NRLS-JWT-020: requesting_organization of another organisation',
      () => create(undefined, { claims: { requesting_organization: token(ODS_CODE_SYSTEM, 'RR8') } }),
      'jwt-requesting-organization-is-sender',
    ],
    [
      'NRLS-PROF-001: a body that is not JSON',
      () => request('POST', '/DocumentReference', { body: '{"resourceType":' }),
      'body-parses',
    ],
    [
      'NRLS-CREATE-027: a Patient body',
      () => request('POST', '/DocumentReference', { body: '{"resourceType":"Patient"}' }),
      'body-parses',
    ],
    ['NRLS-PROF-001: an element STU3 does not define', () => create((p) => (p.colour = 'blue')), 'body-parses'],
    [
      'NRLS-PROF-008: a type code outside the value set',
      () => create((p) => (p.type!.coding![0]!.code = '718347000')),
      'body-type',
    ],
    ['NRLS-PROF-003: an empty status', () => create((p) => (p.status = '')), 'body-status-current'],
    ['NRLS-PROF-009: indexed a date only', () => create((p) => (p.indexed = '2018-01-01')), 'body-indexed'],
    [
      'NRLS-PROF-018: a relative url',
      () => create((p) => (p.content![0]!.attachment!.url = 'plans/1.pdf')),
      'body-content',
    ],
    ['NRLS-PROF-002: no content', () => create((p) => delete p.content), 'body-content'],
    [
      'NRLS-PROF-010: creation not a dateTime',
      () => create((p) => (p.content![0]!.attachment!.creation = '2018-13-01')),
      'body-attachment-creation',
    ],
    [
      'NRLS-CREATE-012: masterIdentifier without system',
      () => create((p) => delete p.masterIdentifier!.system),
      'body-master-identifier',
    ],
    [
      'NRLS-PROF-012: a subject with the wrong base',
      () => create((p) => (p.subject = { reference: 'https://example.org/Patient/9876543210' })),
      'body-subject-reference',
    ],
    [
      'NRLS-PROF-005: two authors',
      () => create((p) => (p.author = [{ reference: `${ORG}RGD` }, { reference: `${ORG}RR8` }])),
      'body-author',
    ],
    [
      'NRLS-PROF-014: a custodian with the wrong base',
      () => create((p) => (p.custodian = { reference: 'https://example.org/Organization/MHT01' })),
      'body-custodian-reference',
    ],
    [
      'NRLS-PROF-004: subject.display',
      () => create((p) => ((p.subject as Record<string, unknown>).display = 'Jo Bloggs')),
      'body-prohibited-elements',
    ],
    [
      'NRLS-SUPERSEDE-013: a supersede repeating the target masterIdentifier',
      () => supersede((p: Pointer) => (p.masterIdentifier = { ...TARGET })),
      'supersede-own-master-identifier',
    ],
    [
      'NRLS-SEARCH-003: a search without subject',
      () => search(`${'type.coding'}=${encoded('http://snomed.info/sct|736253002')}`),
      'search-subject',
    ],
    [
      'NRLS-SEARCH-021: a search NHS number with a bad check digit',
      () => search(`subject=${encoded('https://demographics.spineservices.nhs.uk/STU3/Patient/9876543211')}`),
      'search-subject',
    ],
    ['NRLS-SEARCH-009: _id with subject', () => search(`_id=abc&subject=${SUBJECT}`), 'search-id-alone'],
    [
      'NRLS-SEARCH-022: a custodian filter with the wrong system',
      () => search(`subject=${SUBJECT}&custodian.identifier=${encoded('https://example.org/ods|MHT01')}`),
      'search-custodian-token',
    ],
    [
      'NRLS-SEARCH-022: a custodian filter naming an organisation without the provider role',
      () => search(`subject=${SUBJECT}&custodian=${encoded(`${ODS_CODE_SYSTEM}|AMS01`)}`),
      'search-custodian-token',
    ],
    [
      'NRLS-SEARCH-023: a type filter with another code',
      () => search(`subject=${SUBJECT}&type.coding=${encoded('http://snomed.info/sct|718347000')}`),
      'search-type-token',
    ],
    [
      'NRLS-DELETE-012: a delete by subject alone',
      () => request('DELETE', `/DocumentReference?subject=${SUBJECT}`),
      'delete-parameters',
    ],
    [
      'NRLS-DELETE-004: a delete identifier without value',
      () => request('DELETE', `/DocumentReference?subject=${SUBJECT}&identifier=${encoded('urn:ietf:rfc:3986|')}`),
      'delete-parameters',
    ],
    [
      'NRLS-GEN-005: a raw pipe in a delete identifier',
      () => request('DELETE', `/DocumentReference?subject=${SUBJECT}&identifier=urn:ietf:rfc:3986|urn:uuid:1`),
      'token-pipe-encoded',
    ],
  ];
  for (const [name, build, rule] of defects) {
    it(`${name} fails ${rule}, and only it`, () => {
      const verdicts = judge(build());
      assert.deepEqual(failedRules(verdicts), [rule], JSON.stringify(verdicts, null, 1));
    });
  }

  it('NRLS-HDR-005 (AMB-02): a lower-case header name is a warning, not a failure', () => {
    const exchange = create();
    exchange.request.headers = exchange.request.headers.map(([name, value]) => [name.toLowerCase(), value]);
    const verdicts = judge(exchange);
    assert.deepEqual(failedRules(verdicts), []);
    assert.equal(verdictOf(verdicts, 'header-name-case')?.outcome, 'warning');
  });

  it('NRLS-FMT-010 (AMB-16): a body without Content-Type is a warning, not a failure', () => {
    const verdicts = judge(create(undefined, { headers: { 'Content-Type': undefined } }));
    assert.deepEqual(failedRules(verdicts), []);
    assert.equal(verdictOf(verdicts, 'body-content-type')?.outcome, 'warning');
  });
});

describe('client rules: accepted-by-nrls', () => {
  const refused = (status: number, spineCode: string, diagnostics = '') => ({
    headers: {},
    status,
    spineCode,
    body: JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ diagnostics }] }),
  });

  it('NRLS-CREATE-021: an INVALID_RESOURCE no trigger caused fails, naming the Spine code', () => {
    const verdict = verdictOf(
      judge(create(undefined, { response: refused(400, 'INVALID_RESOURCE') })),
      'accepted-by-nrls',
    )!;
    assert.equal(verdict.outcome, 'failed');
    assert.deepEqual(verdict.requirements, ['NRLS-CREATE-021']);
    assert.match(verdict.detail, /400 INVALID_RESOURCE/);
  });

  it('NRLS-HDR-003: MISSING_OR_INVALID_HEADER is tied to the header its diagnostics name', () => {
    const response = refused(400, 'MISSING_OR_INVALID_HEADER', 'toASID HTTP Header is missing');
    assert.deepEqual(verdictOf(judge(search(undefined, { response })), 'accepted-by-nrls')!.requirements, [
      'NRLS-HDR-003',
    ]);
  });

  it('NRLS-DELETE-008: NO_RECORD_FOUND on a delete fails; on a search it is only a warning', () => {
    const response = refused(404, 'NO_RECORD_FOUND');
    const deleted = verdictOf(judge(request('DELETE', '/DocumentReference?_id=x', { response })), 'accepted-by-nrls')!;
    assert.deepEqual([deleted.outcome, deleted.requirements], ['failed', ['NRLS-DELETE-008']]);
    assert.equal(verdictOf(judge(search(undefined, { response })), 'accepted-by-nrls')!.outcome, 'warning');
  });

  it('one defect, one failure: a refusal a rule already explains is not failed again', () => {
    const response = refused(400, 'MISSING_OR_INVALID_HEADER', 'scope (patient/DocumentReference.read) must match');
    const verdicts = judge(create(undefined, { response, access: 'read' }));
    assert.deepEqual(failedRules(verdicts), ['jwt-scope-fits-interaction']);
    assert.equal(verdictOf(verdicts, 'accepted-by-nrls'), undefined);
  });

  it('a refusal a simulator trigger caused gives no verdict', () => {
    const trigger = { id: 'create-invalid-resource', outcome: 'spine-error' };
    const verdicts = judge(create(undefined, { response: refused(400, 'INVALID_RESOURCE'), trigger }));
    assert.equal(verdictOf(verdicts, 'accepted-by-nrls'), undefined);
  });
});

describe('client rules: the table', () => {
  const catalogue = readFileSync(new URL('../../spec/nrls-api-1.2.md', import.meta.url), 'utf8');

  it('every rule has a unique kebab-case id, a catalogue requirement, a level and TKW ids V01–V51', () => {
    assert.equal(new Set(CLIENT_RULES.map((rule) => rule.id)).size, CLIENT_RULES.length);
    for (const rule of CLIENT_RULES) {
      assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(rule.requirements.length > 0, rule.id);
      for (const id of rule.requirements) assert.ok(catalogue.includes(`| ${id} |`), `${rule.id}: ${id}`);
      assert.ok(['MUST', 'SHALL', 'SHOULD', 'MAY', 'INHERITED', 'MOCK-REC'].includes(rule.level), rule.id);
      for (const check of rule.tkw) assert.match(check, /^V(0[1-9]|[1-4][0-9]|5[01])$/, rule.id);
      assert.ok(!('judge' in rule), `${rule.id} is a plain descriptor`);
    }
  });

  it('NRLS-AUTHZ-009: clientRulesFor gives a consumer no body rules, a provider no requesting_user rule', () => {
    const consumer = clientRulesFor('consumer').map((rule) => rule.id);
    const provider = clientRulesFor('provider').map((rule) => rule.id);
    assert.ok(consumer.includes('jwt-requesting-user') && !consumer.includes('body-meta-profile'));
    assert.ok(provider.includes('body-meta-profile') && !provider.includes('jwt-requesting-user'));
  });

  it('NRLS-CREATE-022: interactionOf reads the method, the path and relatesTo', () => {
    const of = (method: string, url: string, body?: string) => interactionOf({ method, url, headers: [], body });
    assert.equal(of('GET', '/nrls-ri/DocumentReference?subject=x'), 'search');
    assert.equal(of('POST', '/DocumentReference', JSON.stringify({ resourceType: 'DocumentReference' })), 'create');
    assert.equal(of('POST', '/DocumentReference', supersede().request.body), 'supersede');
    assert.equal(
      of('POST', '/DocumentReference', '<DocumentReference><relatesTo><code value="replaces"/>'),
      'supersede',
    );
    assert.equal(of('DELETE', '/DocumentReference?_id=1'), 'delete');
    assert.equal(of('PUT', '/DocumentReference'), undefined);
    assert.equal(of('GET', '/DocumentReference/1'), undefined);
  });
});
