import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MockConfig } from '../../../mock-server/config.ts';
import type { Fixtures } from '../../../mock-server/fixtures.ts';
import type { ClientIdentity } from '../../../src/domain/client-identity.ts';
import { ASID_SYSTEM, ODS_CODE_SYSTEM, token } from '../../../src/domain/identifiers.ts';
import { MANDATORY_CLAIMS, base64url, encodeUnsignedJwt, type JwtClaims } from '../../../src/domain/jwt.ts';
import { buildPointer } from '../../../src/domain/pointer-builder.ts';
import {
  ACCEPT,
  CONSUMER,
  KNOWN_PATIENT,
  OTHER_PROVIDER,
  PROVIDER,
  SEEDED_PATIENT,
  assertOutcome,
  bundleOf,
  createdId,
  headersFor,
  subjectQuery,
  testFixtures,
  testMock,
  type Format,
  type TestMock,
} from '../../support/mock.ts';

const FORMATS: Format[] = ['json', 'xml'];
type Interaction = 'search' | 'create' | 'delete';

/** One defect per row: the claims and Authorization of a valid request, changed in one place. */
interface Case {
  title: string;
  as?: ClientIdentity;
  interaction?: Interaction;
  /** Changes to the valid claims; `undefined` removes a claim. */
  claims?: JwtClaims;
  /** The Authorization value built from the valid token; undefined leaves the header out. */
  authorization?: (jwt: string) => string | undefined;
  /** Other request headers that differ from the valid request. */
  headers?: Record<string, string>;
  config?: Partial<MockConfig>;
  fixtures?: (fixtures: Fixtures) => void;
}

interface Refusal extends Case {
  /** The spec's text (§4.3), or null where the spec defines the rule but gives no text. */
  diagnostics: string | null;
}

const now = () => Math.floor(Date.now() / 1000);
const systemOf = (as: ClientIdentity) => token(ASID_SYSTEM, as.asid);
const sections = (...parts: string[]) => parts.join('.');
const jwtHeader = (jwt: string) => jwt.split('.')[0]!;
const jwtPayload = (jwt: string) => jwt.split('.')[1]!;
const OTHER_USER = 'https://fhir.nhs.uk/Id/sds-role-profile-id|999999999999';

/** Sends `row` as the interaction it names, with a valid body and query for that interaction. */
function send(mock: TestMock, row: Case, format: Format, deleteId = 'no-such-pointer') {
  const as = row.as ?? CONSUMER;
  const interaction = row.interaction ?? 'search';
  const headers = headersFor(as, interaction === 'search' ? 'read' : 'write', row.claims);
  if (row.authorization) {
    const value = row.authorization(headers.Authorization!.replace(/^Bearer /, ''));
    if (value === undefined) delete headers.Authorization;
    else headers.Authorization = value;
  }
  Object.assign(headers, row.headers, { Accept: ACCEPT[format] });
  if (interaction === 'search')
    return mock.http.get('/DocumentReference').query(subjectQuery(SEEDED_PATIENT)).set(headers);
  if (interaction === 'delete') return mock.http.delete('/DocumentReference').query({ _id: deleteId }).set(headers);
  const pointer = buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: as.ods });
  return mock.http
    .post('/DocumentReference')
    .set(headers)
    .set('Content-Type', ACCEPT.json)
    .send(JSON.stringify(pointer));
}

function mockFor(row: Case): TestMock {
  const fixtures = testFixtures();
  row.fixtures?.(fixtures);
  return testMock({ fixtures, ...row.config });
}

/** §4.3: every JWT failure is 400, issue `structure`, MISSING_OR_INVALID_HEADER; only diagnostics vary. */
function assertJwtRefusal(res: Parameters<typeof assertOutcome>[0], diagnostics: string | null) {
  const issue = assertOutcome(res, 'INVALID_JWT', diagnostics ?? undefined);
  assert.equal(res.status, 400);
  assert.equal(issue.severity, 'error');
  assert.equal(issue.code, 'structure');
  assert.deepEqual(issue.details?.coding, [
    {
      system: 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1',
      code: 'MISSING_OR_INVALID_HEADER',
      display: 'There is a required header missing or invalid',
    },
  ]);
  assert.match(issue.diagnostics ?? '', /\S/, 'diagnostics');
}

const c = CONSUMER;
const p = PROVIDER;
const strict: Partial<MockConfig> = { strictJwt: true };
const searchOnly = (fixtures: Fixtures) => {
  fixtures.asids.find((client) => client.asid === PROVIDER.asid)!.interactions = ['search'];
};

const REFUSALS: Refusal[] = [
  {
    title: 'NRLS-JWT-008, NRLS-HDR-001 (AMB-01): no Authorization header',
    authorization: () => undefined,
    diagnostics: 'The Authorisation header must be supplied',
  },
  {
    title: 'NRLS-JWT-009, NRLS-JWT-003: a token of one section',
    authorization: () => 'Bearer abc',
    diagnostics: 'The JWT associated with the Authorisation header must have the 3 sections',
  },
  {
    title: 'NRLS-JWT-009, NRLS-JWT-004: an unsecured token whose trailing dot was dropped',
    authorization: (jwt) => `Bearer ${jwt.slice(0, -1)}`,
    diagnostics: 'The JWT associated with the Authorisation header must have the 3 sections',
  },
  {
    title: 'NRLS-JWT-009, NRLS-JWT-003: a token of four sections',
    authorization: (jwt) => `Bearer ${jwt}.x`,
    diagnostics: 'The JWT associated with the Authorisation header must have the 3 sections',
  },
  {
    title: 'NRLS-JWT-009: an empty header section',
    authorization: (jwt) => `Bearer ${sections('', jwtPayload(jwt), '')}`,
    diagnostics: 'The JWT associated with the Authorisation header must have the 3 sections',
  },
  {
    title: 'NRLS-JWT-009: an empty payload section',
    authorization: (jwt) => `Bearer ${sections(jwtHeader(jwt), '', '')}`,
    diagnostics: 'The JWT associated with the Authorisation header must have the 3 sections',
  },
  {
    title: 'NRLS-JWT-009 (AMB-54): the Bearer scheme with no token',
    authorization: () => 'Bearer',
    diagnostics: 'The JWT associated with the Authorisation header must have the 3 sections',
  },
  {
    title: 'NRLS-JWT-009, NRLS-JWT-007 (AMB-54): another scheme is read as part of a bare token',
    authorization: (jwt) => `Basic ${jwt}`,
    diagnostics: 'The JWT associated with the Authorisation header must have the 3 sections',
  },
  {
    title: 'NRLS-JWT-026 (AMB-59): a payload that is not base64url',
    authorization: (jwt) => `Bearer ${sections(jwtHeader(jwt), '%%%', '')}`,
    diagnostics: 'The JWT associated with the Authorisation header must have the 3 sections',
  },
  {
    title: 'NRLS-JWT-026 (AMB-59): a payload that is not JSON',
    authorization: (jwt) => `Bearer ${sections(jwtHeader(jwt), base64url('not json'), '')}`,
    diagnostics: 'The JWT associated with the Authorisation header must have the 3 sections',
  },
  {
    title: 'NRLS-JWT-026 (AMB-59): a payload that is a JSON array, not an object',
    authorization: (jwt) => `Bearer ${sections(jwtHeader(jwt), base64url('[]'), '')}`,
    diagnostics: 'The JWT associated with the Authorisation header must have the 3 sections',
  },
  {
    title: 'NRLS-JWT-026 (AMB-59): a payload that is a JSON string, not an object',
    authorization: (jwt) => `Bearer ${sections(jwtHeader(jwt), base64url('"claims"'), '')}`,
    diagnostics: 'The JWT associated with the Authorisation header must have the 3 sections',
  },
  ...MANDATORY_CLAIMS.map(
    (claim): Refusal => ({
      title:
        `NRLS-JWT-010${claim === 'sub' ? ' (AMB-56)' : claim === 'exp' || claim === 'iat' ? ' (AMB-06)' : ''}` +
        `: a consumer token without ${claim}`,
      claims: { [claim]: undefined },
      diagnostics: `The mandatory claim ${claim} from the JWT associated with the Authorisation header is missing`,
    }),
  ),
  {
    title: 'NRLS-JWT-010, NRLS-JWT-023 (AMB-56): a provider token without sub',
    as: p,
    interaction: 'create',
    claims: { sub: undefined },
    diagnostics: 'The mandatory claim sub from the JWT associated with the Authorisation header is missing',
  },
  {
    title: 'NRLS-JWT-015, NRLS-SEARCH-032 (AMB-08): a consumer token without requesting_user',
    claims: { requesting_user: undefined, sub: systemOf(c) },
    diagnostics: 'The mandatory claim requesting_user from the JWT associated with the Authorisation header is missing',
  },
  {
    title: 'NRLS-JWT-015, NRLS-AUTHZ-009 (AMB-08): an ASID with search only is a consumer whatever its organisation',
    as: p,
    fixtures: searchOnly,
    diagnostics: 'The mandatory claim requesting_user from the JWT associated with the Authorisation header is missing',
  },
  {
    title: 'NRLS-JWT-011: sub differs from requesting_user',
    claims: { sub: OTHER_USER },
    diagnostics: `requesting_user (${c.user}) and sub (${OTHER_USER}) claim’s values must match`,
  },
  {
    title: 'NRLS-JWT-022, NRLS-JWT-011: with requesting_user present, sub equal to requesting_system is refused',
    claims: { sub: systemOf(c) },
    diagnostics: `requesting_user (${c.user}) and sub (${systemOf(c)}) claim’s values must match`,
  },
  {
    title: 'NRLS-JWT-012: without requesting_user, sub differs from requesting_system',
    as: p,
    interaction: 'create',
    claims: { sub: systemOf(OTHER_PROVIDER) },
    diagnostics: `requesting_system (${systemOf(p)}) and sub (${systemOf(OTHER_PROVIDER)}) claim’s values must match`,
  },
  {
    title: 'NRLS-JWT-013: reason_for_request is not directcare',
    claims: { reason_for_request: 'patientcare' },
    diagnostics: 'reason_for_request (patientcare) must be ‘directcare’',
  },
  {
    title: 'NRLS-JWT-014: a scope that is neither read nor write',
    claims: { scope: 'patient/DocumentReference.delete' },
    diagnostics:
      'scope (patient/DocumentReference.delete) must match either ' +
      '‘patient/DocumentReference.read’ or ‘patient/DocumentReference.write’',
  },
  {
    title: 'NRLS-JWT-014, NRLS-JWT-025 (AMB-07): a search with the write scope',
    as: p,
    claims: { scope: 'patient/DocumentReference.write' },
    diagnostics:
      'scope (patient/DocumentReference.write) must match either ' +
      '‘patient/DocumentReference.read’ or ‘patient/DocumentReference.write’',
  },
  {
    title: 'NRLS-JWT-014, NRLS-JWT-025 (AMB-07): a create with the read scope',
    as: p,
    interaction: 'create',
    claims: { scope: 'patient/DocumentReference.read' },
    diagnostics:
      'scope (patient/DocumentReference.read) must match either ' +
      '‘patient/DocumentReference.read’ or ‘patient/DocumentReference.write’',
  },
  {
    title: 'NRLS-JWT-014, NRLS-JWT-025 (AMB-07): a delete with the read scope',
    as: p,
    interaction: 'delete',
    claims: { scope: 'patient/DocumentReference.read' },
    diagnostics:
      'scope (patient/DocumentReference.read) must match either ' +
      '‘patient/DocumentReference.read’ or ‘patient/DocumentReference.write’',
  },
  ...[`${ASID_SYSTEM}/${c.asid}`, c.asid, `https://fhir.nhs.uk/Id/sds-user-id|${c.asid}`, `${ASID_SYSTEM}|`].map(
    (value): Refusal => ({
      title: `NRLS-JWT-016 (AMB-04): requesting_system ${JSON.stringify(value)} is not of the pipe form`,
      claims: { requesting_system: value },
      diagnostics: `requesting_system (${value}) must be of the form [https://fhir.nhs.uk/Id/accredited-system/[ASID]]`,
    }),
  ),
  {
    title: 'NRLS-JWT-017: the requesting_system ASID is unknown',
    claims: { requesting_system: token(ASID_SYSTEM, '200000000999') },
    config: { requestingSystemMustMatchFromAsid: false },
    diagnostics: 'The ASID defined in the requesting_system (200000000999) is unknown',
  },
  ...[`${ODS_CODE_SYSTEM}/${c.ods}`, c.ods, token(ASID_SYSTEM, c.ods), `${ODS_CODE_SYSTEM}|`].map(
    (value): Refusal => ({
      title: `NRLS-JWT-018 (AMB-04): requesting_organization ${JSON.stringify(value)} is not of the pipe form`,
      claims: { requesting_organization: value },
      diagnostics:
        `requesting_organisation (${value}) must be of the form ` +
        `[https://fhir.nhs.uk/Id/ods-organization-code/[ODSCode]`,
    }),
  ),
  {
    title: 'NRLS-JWT-019: the requesting_organization ODS code is unknown',
    claims: { requesting_organization: token(ODS_CODE_SYSTEM, 'XYZ99') },
    diagnostics: 'The ODS code defined in the requesting_organisation(XYZ99) is unknown',
  },
  {
    title: 'NRLS-JWT-020, NRLS-AUTHZ-004: the requesting_organization is not the ASID’s organisation',
    claims: { requesting_organization: token(ODS_CODE_SYSTEM, OTHER_PROVIDER.ods) },
    diagnostics:
      `requesting_system ASID (${c.asid}) is not associated with the ` +
      `requesting_organisation ODS code (${OTHER_PROVIDER.ods})`,
  },
  {
    title: 'NRLS-JWT-021, NRLS-AUTHZ-003 (AMB-05): requesting_system differs from fromASID',
    as: p,
    headers: { fromASID: OTHER_PROVIDER.asid },
    diagnostics: `The ASID defined in the requesting_system (${p.asid}) does not match the FromASID in the request`,
  },
  ...(
    [
      ['exp as a numeric string', { exp: String(now() + 300) }],
      ['iat with a fraction', { iat: now() + 0.5 }],
      ['exp as a boolean', { exp: true }],
    ] as const
  ).map(
    ([what, claims]): Refusal => ({
      title: `NRLS-JWT-024 (AMB-06): ${what} is not an integer (the spec gives no text)`,
      claims,
      diagnostics: null,
    }),
  ),
  ...['someone', 'https://local.example/users|', '|u1'].map(
    (user): Refusal => ({
      title:
        `NRLS-JWT-015 (AMB-11): requesting_user ${JSON.stringify(user)} ` +
        `is not system|value (the spec gives no text)`,
      claims: { requesting_user: user, sub: user },
      diagnostics: null,
    }),
  ),
  {
    title: 'NRLS-JWT-005 (AMB-55) strict: alg other than none',
    authorization: (jwt) => `Bearer ${sections(base64url('{"alg":"HS256","typ":"JWT"}'), jwtPayload(jwt), '')}`,
    config: strict,
    diagnostics: null,
  },
  {
    title: 'NRLS-JWT-005 (AMB-55) strict: alg none with a signature',
    authorization: (jwt) => `Bearer ${jwt}c2lnbmF0dXJl`,
    config: strict,
    diagnostics: null,
  },
  {
    title: 'NRLS-JWT-024, NRLS-JWT-006 (AMB-06) strict: exp is not iat + 300',
    claims: { exp: now() + 600 },
    config: strict,
    diagnostics: null,
  },
  {
    title: 'NRLS-JWT-024 (AMB-06) strict: the token has expired',
    claims: { iat: now() - 600, exp: now() - 300 },
    config: strict,
    diagnostics: null,
  },
  {
    title: 'NRLS-JWT-024 (AMB-06) strict: the token is not yet valid',
    claims: { iat: now() + 120, exp: now() + 420 },
    config: strict,
    diagnostics: null,
  },
];

describe('JWT validation (§4.3)', () => {
  for (const row of REFUSALS) {
    for (const format of FORMATS) {
      it(`${row.title}: 400 MISSING_OR_INVALID_HEADER, issue structure (NRLS-ERR-004) (${format})`, async () => {
        const res = await send(mockFor(row), row, format);
        assertJwtRefusal(res, row.diagnostics);
      });
    }
  }
});

/**
 * NRLS-JWT-027: two defects on either side of one step of the suggested order; the earlier check must
 * answer. (Elsewhere every request has one defect, so nothing else depends on the order.)
 */
const ORDER: Refusal[] = [
  {
    title: 'claim presence (aud) before the requesting_user rules',
    claims: { aud: undefined, sub: OTHER_USER },
    diagnostics: 'The mandatory claim aud from the JWT associated with the Authorisation header is missing',
  },
  {
    title: 'the requesting_user rules before the requesting_system format',
    claims: { sub: OTHER_USER, requesting_system: `${ASID_SYSTEM}/${c.asid}` },
    diagnostics: `requesting_user (${c.user}) and sub (${OTHER_USER}) claim’s values must match`,
  },
  {
    title: 'the requesting_system sub match before its format',
    as: p,
    claims: { requesting_system: `${ASID_SYSTEM}/${p.asid}` },
    diagnostics: `requesting_system (${ASID_SYSTEM}/${p.asid}) and sub (${systemOf(p)}) claim’s values must match`,
  },
  {
    title: 'a known requesting_system ASID before the fromASID match',
    claims: { requesting_system: token(ASID_SYSTEM, '200000000999') },
    diagnostics: 'The ASID defined in the requesting_system (200000000999) is unknown',
  },
  {
    title: 'the fromASID match before reason_for_request',
    as: p,
    headers: { fromASID: OTHER_PROVIDER.asid },
    claims: { reason_for_request: 'patientcare' },
    diagnostics: `The ASID defined in the requesting_system (${p.asid}) does not match the FromASID in the request`,
  },
  {
    title: 'reason_for_request before scope',
    claims: { reason_for_request: 'patientcare', scope: 'x' },
    diagnostics: 'reason_for_request (patientcare) must be ‘directcare’',
  },
  {
    title: 'scope before requesting_organization presence',
    claims: { scope: 'x', requesting_organization: undefined },
    diagnostics: 'scope (x) must match either ‘patient/DocumentReference.read’ or ‘patient/DocumentReference.write’',
  },
];

describe('JWT check order (NRLS-JWT-027)', () => {
  for (const row of ORDER) {
    it(`NRLS-JWT-027: ${row.title}`, async () => {
      assertJwtRefusal(await send(mockFor(row), row, 'json'), row.diagnostics);
    });
  }
});

/** Requests with nothing wrong: each must get the interaction's success status. */
const ACCEPTED: Case[] = [
  { title: 'NRLS-JWT-001, NRLS-JWT-002: a valid consumer token for a search' },
  { title: 'NRLS-JWT-023: a provider token without requesting_user, for a search', as: p },
  { title: 'NRLS-JWT-023: a provider token without requesting_user, for a create', as: p, interaction: 'create' },
  { title: 'NRLS-JWT-023: a provider token without requesting_user, for a delete', as: p, interaction: 'delete' },
  {
    title: 'NRLS-JWT-011, NRLS-JWT-023: a provider token with requesting_user equal to sub',
    as: { ...p, user: OTHER_USER },
    interaction: 'create',
  },
  {
    title: 'NRLS-JWT-015 (AMB-11): requesting_user under a local system',
    claims: { requesting_user: 'https://local.example/users|u1', sub: 'https://local.example/users|u1' },
  },
  {
    title: 'NRLS-JWT-015, NRLS-AUTHZ-009 (AMB-08): an ASID holding create is no consumer, so needs no requesting_user',
    as: { asid: '200000000120', ods: '1XR' },
    interaction: 'create',
    fixtures: (f) => void f.asids.push({ asid: '200000000120', ods: '1XR', interactions: ['search', 'create'] }),
  },
  ...['bearer', 'BEARER', 'BeArEr'].map(
    (scheme): Case => ({
      title: `NRLS-JWT-007 (AMB-54): the scheme written ${scheme}`,
      authorization: (jwt) => `${scheme} ${jwt}`,
    }),
  ),
  { title: 'NRLS-JWT-007 (AMB-54): a bare token without the scheme', authorization: (jwt) => jwt },
  {
    title: 'NRLS-JWT-005 (AMB-55): a signed HS256 token is accepted unverified',
    authorization: (jwt) =>
      `Bearer ${sections(base64url('{"alg":"HS256","typ":"JWT"}'), jwtPayload(jwt), 'c2lnbmF0dXJl')}`,
  },
  {
    title: 'NRLS-JWT-005 (AMB-55): alg none with a non-empty signature is accepted unverified',
    authorization: (jwt) => `Bearer ${jwt}c2lnbmF0dXJl`,
  },
  {
    title: 'NRLS-JWT-024 (AMB-06): an expired token is accepted by default',
    claims: { iat: now() - 3600, exp: now() - 3300 },
  },
  { title: 'NRLS-JWT-024 (AMB-06): exp other than iat + 300 is accepted by default', claims: { exp: now() + 86_400 } },
  {
    title:
      'NRLS-JWT-004, NRLS-JWT-005, NRLS-JWT-024 (AMB-55, AMB-06) ' +
      'strict: alg none, empty signature, exp = iat + 300 around now',
    config: strict,
  },
  {
    title: 'NRLS-JWT-004, NRLS-JWT-005 (AMB-55) strict: a provider create with an unsecured token',
    as: p,
    interaction: 'create',
    config: strict,
  },
];

const SUCCESS: Record<Interaction, number> = { search: 200, create: 201, delete: 200 };

describe('JWT acceptance (§4.1, §4.3)', () => {
  for (const row of ACCEPTED) {
    it(`${row.title}: the request succeeds`, async () => {
      const mock = mockFor(row);
      let deleteId: string | undefined;
      if (row.interaction === 'delete') {
        const pointer = buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods });
        deleteId = createdId(
          await mock.http
            .post('/DocumentReference')
            .set(headersFor(PROVIDER, 'write'))
            .set('Content-Type', ACCEPT.json)
            .send(JSON.stringify(pointer)),
        );
      }
      const res = await send(mock, row, 'json', deleteId);
      assert.equal(res.status, SUCCESS[row.interaction ?? 'search'], res.text.slice(0, 300));
      if ((row.interaction ?? 'search') === 'search') assert.ok(bundleOf(res).total > 0);
    });
  }

  it(
    'NRLS-JWT-014, NRLS-JWT-021: one token sent again is judged ' +
      'again (the mock keeps decoded tokens, not verdicts)',
    async () => {
      const mock = testMock();
      const headers = headersFor(PROVIDER, 'read');
      const asSearch = (extra: Record<string, string> = {}) =>
        mock.http
          .get('/DocumentReference')
          .query(subjectQuery(SEEDED_PATIENT))
          .set({ ...headers, ...extra })
          .set('Accept', ACCEPT.json);
      for (let round = 1; round <= 2; round++) {
        assert.equal((await asSearch()).status, 200, `round ${round}: the token is valid for a search`);
        assertJwtRefusal(
          await asSearch({ fromASID: OTHER_PROVIDER.asid }),
          `The ASID defined in the requesting_system (${PROVIDER.asid}) does not match the FromASID in the request`,
        );
        const create = await mock.http
          .post('/DocumentReference')
          .set(headers)
          .set('Content-Type', ACCEPT.json)
          .send(JSON.stringify(buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods })));
        assertJwtRefusal(
          create,
          'scope (patient/DocumentReference.read) must match either ' +
            '‘patient/DocumentReference.read’ or ‘patient/DocumentReference.write’',
        );
      }
    },
  );

  it(
    'NRLS-JWT-003, NRLS-JWT-004: a client token is three ' + 'base64url sections, alg none, and keeps its trailing dot',
    async () => {
      const jwt = headersFor(CONSUMER, 'read').Authorization!.replace(/^Bearer /, '');
      assert.match(jwt, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.$/);
      assert.deepEqual(JSON.parse(Buffer.from(jwtHeader(jwt), 'base64url').toString()), { alg: 'none', typ: 'JWT' });
      assert.equal(jwt, encodeUnsignedJwt(JSON.parse(Buffer.from(jwtPayload(jwt), 'base64url').toString())));
      const res = await send(
        testMock({ strictJwt: true }),
        { title: 'valid', authorization: () => `Bearer ${jwt}` },
        'xml',
      );
      assert.ok(bundleOf(res).total > 0);
    },
  );
});
