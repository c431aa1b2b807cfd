import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MockConfig } from '../../../mock-server/config.ts';
import { buildPointer } from '../../../src/domain/pointer-builder.ts';
import {
  ACCEPT,
  CONSUMER,
  KNOWN_PATIENT,
  OTHER_PROVIDER,
  PROVIDER,
  SEEDED_PATIENT,
  SPINE_ASID,
  assertOutcome,
  create,
  createdId,
  headersFor,
  resourceOf,
  subjectQuery,
  testFixtures,
  testMock,
  type Format,
  type TestMock,
} from '../../support/mock.ts';

const FORMATS: Format[] = ['json', 'xml'];
const INTERACTIONS = ['search', 'create', 'delete'] as const;
type Interaction = (typeof INTERACTIONS)[number];
const SUCCESS: Record<Interaction, number> = { search: 200, create: 201, delete: 200 };
type Headers = Record<string, string>;

/** The valid headers of `interaction` for its usual actor: a consumer searches, a provider writes. */
function validHeaders(interaction: Interaction): Headers {
  return interaction === 'search' ? headersFor(CONSUMER, 'read') : headersFor(PROVIDER, 'write');
}

/** A request for `interaction` that is valid apart from its headers; `accept` null sends no Accept. */
async function send(mock: TestMock, interaction: Interaction, headers: Headers, accept: string | null = ACCEPT.json) {
  const withAccept = accept === null ? headers : { ...headers, Accept: accept };
  if (interaction === 'search')
    return mock.http.get('/DocumentReference').query(subjectQuery(SEEDED_PATIENT)).set(withAccept);
  if (interaction === 'create') {
    const pointer = buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods });
    return mock.http
      .post('/DocumentReference')
      .set(withAccept)
      .set('Content-Type', ACCEPT.json)
      .send(JSON.stringify(pointer));
  }
  const id = createdId(await create(mock, buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods })));
  return mock.http.delete('/DocumentReference').query({ _id: id }).set(withAccept);
}

const without = (headers: Headers, ...names: string[]) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name)));

/** §2.6 NRLS-ERR-001..004, written out from the spec rather than read from the mock's table. */
function assertHeaderRefusal(
  res: Parameters<typeof assertOutcome>[0],
  issueCode: 'invalid' | 'structure',
  diagnostics: string,
) {
  const issue = assertOutcome(
    res,
    issueCode === 'structure' ? 'INVALID_JWT' : 'MISSING_OR_INVALID_HEADER',
    diagnostics,
  );
  assert.equal(res.status, 400);
  assert.equal(issue.severity, 'error');
  assert.equal(issue.code, issueCode);
  assert.deepEqual(issue.details?.coding, [
    {
      system: 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1',
      code: 'MISSING_OR_INVALID_HEADER',
      display: 'There is a required header missing or invalid',
    },
  ]);
  assert.deepEqual((resourceOf(res) as { meta?: unknown }).meta, {
    profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1'],
  });
}

interface Refusal {
  title: string;
  change: (headers: Headers) => Headers;
  config?: Partial<MockConfig>;
  issue: 'invalid' | 'structure';
  diagnostics: string;
}

const REFUSALS: Refusal[] = [
  {
    title: 'NRLS-HDR-001, NRLS-ERR-003, NRLS-ERR-004, NRLS-JWT-008 (AMB-01): no Authorization gets the JWT form',
    change: (h) => without(h, 'Authorization'),
    issue: 'structure',
    diagnostics: 'The Authorisation header must be supplied',
  },
  {
    title: 'NRLS-HDR-002, NRLS-ERR-001: no fromASID',
    change: (h) => without(h, 'fromASID'),
    issue: 'invalid',
    diagnostics: 'fromASID HTTP Header is missing',
  },
  {
    title: 'NRLS-HDR-002, NRLS-HDR-006, NRLS-ERR-001 (AMB-03): an empty fromASID',
    change: (h) => ({ ...h, fromASID: '' }),
    issue: 'invalid',
    diagnostics: 'fromASID HTTP Header is missing',
  },
  // AMB-05 is turned off so that the unknown fromASID is the only defect (a token cannot name an unknown ASID).
  {
    title: 'NRLS-HDR-006, NRLS-AUTHZ-001, NRLS-ERR-001 (AMB-03): a fromASID that is no known client ASID',
    change: (h) => ({ ...h, fromASID: '200000000999' }),
    config: { requestingSystemMustMatchFromAsid: false },
    issue: 'invalid',
    diagnostics: 'fromASID HTTP Header is missing',
  },
  {
    title: 'NRLS-HDR-003, NRLS-ERR-002: no toASID',
    change: (h) => without(h, 'toASID'),
    issue: 'invalid',
    diagnostics: 'toASID HTTP Header is missing',
  },
  {
    title:
      'NRLS-HDR-006, NRLS-AUTHZ-002, NRLS-ERR-002 (AMB-03, AMB-60): a toASID other than the Spine ASID 999999999999',
    change: (h) => ({ ...h, toASID: '999999999998' }),
    issue: 'invalid',
    diagnostics: 'toASID HTTP Header is missing',
  },
  {
    title: 'NRLS-HDR-006, NRLS-AUTHZ-002, NRLS-ERR-002 (AMB-03, AMB-60): the client’s own ASID as toASID',
    change: (h) => ({ ...h, toASID: h.fromASID! }),
    issue: 'invalid',
    diagnostics: 'toASID HTTP Header is missing',
  },
  {
    title: 'NRLS-HDR-007, NRLS-ERR-001: the retired Ssp-From and Ssp-To do not stand in for fromASID and toASID',
    change: (h) => ({ ...without(h, 'fromASID', 'toASID'), 'Ssp-From': h.fromASID!, 'Ssp-To': h.toASID! }),
    issue: 'invalid',
    diagnostics: 'fromASID HTTP Header is missing',
  },
];

describe('request headers: refusals (§1.6, §2.6)', () => {
  for (const row of REFUSALS) {
    for (const interaction of INTERACTIONS) {
      for (const format of FORMATS) {
        it(`${row.title}: a ${interaction} gets 400 MISSING_OR_INVALID_HEADER (${format})`, async () => {
          const mock = testMock(row.config);
          const res = await send(mock, interaction, row.change(validHeaders(interaction)), ACCEPT[format]);
          assertHeaderRefusal(res, row.issue, row.diagnostics);
          assert.match(
            res.headers['content-type']!,
            format === 'json' ? /^application\/fhir\+json/ : /^application\/fhir\+xml/,
          );
        });
      }
    }
  }
});

const recase = (headers: Headers, rename: (name: string) => string) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [rename(name), value]));

const ACCEPTED: { title: string; change: (headers: Headers) => Headers; accept?: string | null }[] = [
  { title: 'NRLS-HDR-004: Accept is optional', change: (h) => h, accept: null },
  {
    title: 'NRLS-HDR-005 (AMB-02): header names in upper case',
    change: (h) => recase(h, (name) => name.toUpperCase()),
  },
  {
    title: 'NRLS-HDR-005 (AMB-02): header names in lower case',
    change: (h) => recase(h, (name) => name.toLowerCase()),
  },
  {
    title: 'NRLS-HDR-005 (AMB-02): header names in mixed case',
    change: (h) =>
      recase(h, (name) => ({ Authorization: 'aUtHoRiZaTiOn', fromASID: 'FromAsid', toASID: 'TOasid' })[name] ?? name),
  },
  {
    title: 'NRLS-HDR-007: Ssp-* headers are ignored, whatever they say',
    change: (h) => ({
      ...h,
      'Ssp-TraceID': 'not-a-uuid',
      'Ssp-InteractionID': 'urn:nhs:names:services:gpconnect:fhir:rest:read:metadata',
      'Ssp-Version': '0',
      'Ssp-From': '000000000000',
      'Ssp-To': '000000000000',
    }),
  },
  {
    title: 'NRLS-HDR-008: If-Match and If-None-Match have no effect',
    change: (h) => ({ ...h, 'If-Match': 'W/"99"', 'If-None-Match': '*' }),
  },
  {
    title: 'NRLS-AUTHZ-001, NRLS-AUTHZ-002 (AMB-60): the client’s own ASID and the Spine ASID 999999999999',
    change: (h) => ({ ...h, toASID: SPINE_ASID }),
  },
];

describe('request headers: accepted requests (§1.6)', () => {
  for (const row of ACCEPTED) {
    for (const interaction of INTERACTIONS) {
      it(`${row.title}: a ${interaction} succeeds`, async () => {
        const mock = testMock();
        const res = await send(
          mock,
          interaction,
          row.change(validHeaders(interaction)),
          row.accept === null ? null : ACCEPT.json,
        );
        assert.equal(res.status, SUCCESS[interaction], res.text.slice(0, 300));
        // NRLS-HDR-008: no ETag semantics, so no ETag is sent either.
        assert.equal(res.headers.etag, undefined);
        // NRLS-HDR-004, NRLS-FMT-005: without Accept the answer is XML.
        if (row.accept === null) assert.match(res.headers['content-type']!, /^application\/fhir\+xml;charset=utf-8$/);
        assert.ok(resourceOf(res).resourceType);
      });
    }
  }

  it('NRLS-AUTHZ-002 (AMB-60): the Spine ASID is configurable, and then 999999999999 is refused', async () => {
    const fixtures = testFixtures();
    fixtures.spineAsid = '888888888888';
    const mock = testMock({ fixtures });
    const refused = await send(mock, 'search', validHeaders('search'));
    assertHeaderRefusal(refused, 'invalid', 'toASID HTTP Header is missing');
    const accepted = await send(mock, 'search', { ...validHeaders('search'), toASID: '888888888888' });
    assert.equal(accepted.status, 200, accepted.text.slice(0, 300));
  });
});

describe('NRLS-HDR-009: the custodian must be affiliated with fromASID', () => {
  for (const format of FORMATS) {
    it(
      `NRLS-HDR-009, NRLS-CREATE-003, NRLS-AUTHZ-013 (AMB-28): a create for ` +
        `another organisation’s custodian is 400 INVALID_RESOURCE (${format})`,
      async () => {
        const mock = testMock();
        const res = await create(mock, buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: OTHER_PROVIDER.ods }), {
          format,
        });
        const issue = assertOutcome(
          res,
          'INVALID_RESOURCE',
          'The custodian ODS code is not affiliated with the sender ASID.',
        );
        assert.equal(issue.details?.coding[0]?.code, 'INVALID_RESOURCE');
        assert.equal(res.status, 400);
      },
    );

    it(
      `NRLS-HDR-009, NRLS-DELETE-005, NRLS-AUTHZ-014 (AMB-28): deleting another ` +
        `organisation’s pointer is 400 INVALID_RESOURCE; its owner may (${format})`,
      async () => {
        const mock = testMock();
        const id = createdId(
          await create(mock, buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: OTHER_PROVIDER.ods }), {
            as: OTHER_PROVIDER,
          }),
        );
        const refused = await mock.http
          .delete('/DocumentReference')
          .query({ _id: id })
          .set(headersFor(PROVIDER, 'write'))
          .set('Accept', ACCEPT[format]);
        const issue = assertOutcome(
          refused,
          'INVALID_RESOURCE',
          'The custodian ODS code is not affiliated with the sender ASID.',
        );
        assert.equal(issue.details?.coding[0]?.code, 'INVALID_RESOURCE');
        assert.equal(refused.status, 400);
        const owner = await mock.http
          .delete('/DocumentReference')
          .query({ _id: id })
          .set(headersFor(OTHER_PROVIDER, 'write'))
          .set('Accept', ACCEPT[format]);
        assert.equal(owner.status, 200, owner.text.slice(0, 300));
      },
    );
  }
});
