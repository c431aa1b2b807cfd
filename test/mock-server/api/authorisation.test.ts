import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Fixtures } from '../../../mock-server/fixtures.ts';
import type { ClientIdentity } from '../../../src/domain/client-identity.ts';
import { ODS_CODE_SYSTEM, token, type Interaction } from '../../../src/domain/identifiers.ts';
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
  create,
  createdId,
  headersFor,
  search,
  subjectQuery,
  testFixtures,
  testMock,
  type Format,
  type TestMock,
} from '../../support/mock.ts';

const FORMATS: Format[] = ['json', 'xml'];
const SUCCESS: Record<Interaction, number> = { search: 200, create: 201, delete: 200 };
type Response = Parameters<typeof assertOutcome>[0];

/**
 * Sends `interaction` as `as`, with a token whose scope fits the interaction (AMB-07) so that only the
 * ASID's rights are in question. A delete targets a pointer made beforehand by `owner`.
 */
async function attempt(
  mock: TestMock,
  as: ClientIdentity,
  interaction: Interaction,
  format: Format,
  owner: ClientIdentity = PROVIDER,
) {
  const headers = { ...headersFor(as, interaction === 'search' ? 'read' : 'write'), Accept: ACCEPT[format] };
  if (interaction === 'search')
    return { res: await mock.http.get('/DocumentReference').query(subjectQuery(SEEDED_PATIENT)).set(headers) };
  if (interaction === 'create') {
    const pointer = buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: as.ods });
    const res = await mock.http
      .post('/DocumentReference')
      .set(headers)
      .set('Content-Type', ACCEPT.json)
      .send(JSON.stringify(pointer));
    return { res, masterIdentifier: pointer.masterIdentifier! };
  }
  const id = createdId(
    await create(mock, buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: owner.ods }), { as: owner }),
  );
  return { res: await mock.http.delete('/DocumentReference').query({ _id: id }).set(headers), id };
}

/** NRLS-ERR-015 (AMB-10), written out from the spec rather than read from the mock's table. */
function assertAccessDenied(res: Response, asid: string, interaction: Interaction) {
  const diagnostics =
    `ASID ${asid} is not authorised for interaction ` +
    `urn:nhs:names:services:nrls:fhir:rest:${interaction}:documentreference`;
  const issue = assertOutcome(res, 'ACCESS_DENIED', diagnostics);
  assert.equal(res.status, 403);
  assert.equal(issue.severity, 'error');
  assert.equal(issue.code, 'forbidden');
  assert.deepEqual(issue.details?.coding, [
    {
      system: 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1',
      code: 'ACCESS_DENIED',
      display: 'Access has been denied to process this request',
    },
  ]);
}

/** The JWT form of §4.3 (NRLS-ERR-004). */
function assertJwtRefusal(res: Response, diagnostics: string) {
  const issue = assertOutcome(res, 'INVALID_JWT', diagnostics);
  assert.equal(res.status, 400);
  assert.equal(issue.code, 'structure');
  assert.equal(issue.details?.coding[0]?.code, 'MISSING_OR_INVALID_HEADER');
}

/** A client system added to the fixtures with exactly `interactions`. */
function withClient(client: ClientIdentity, interactions: Interaction[]): TestMock {
  const fixtures: Fixtures = testFixtures();
  fixtures.asids.push({ asid: client.asid, ods: client.ods, interactions });
  return testMock({ fixtures });
}

const ROLES: { title: string; as: ClientIdentity; interaction: Interaction; allowed: boolean }[] = [
  {
    title: 'NRLS-SEARCH-001, NRLS-AUTHZ-006: a consumer may search',
    as: CONSUMER,
    interaction: 'search',
    allowed: true,
  },
  {
    title:
      'NRLS-CREATE-002, NRLS-AUTHZ-005, NRLS-AUTHZ-006, NRLS-AUTHZ-007, ' +
      'NRLS-ERR-015 (AMB-10): a consumer may not create',
    as: CONSUMER,
    interaction: 'create',
    allowed: false,
  },
  {
    title:
      'NRLS-DELETE-001, NRLS-AUTHZ-005, NRLS-AUTHZ-006, NRLS-AUTHZ-007, ' +
      'NRLS-ERR-015 (AMB-10): a consumer may not delete',
    as: CONSUMER,
    interaction: 'delete',
    allowed: false,
  },
  {
    title: 'NRLS-SEARCH-001, NRLS-AUTHZ-006, NRLS-AUTHZ-008 (AMB-09): a provider may search',
    as: PROVIDER,
    interaction: 'search',
    allowed: true,
  },
  {
    title: 'NRLS-CREATE-002, NRLS-AUTHZ-006: a provider may create',
    as: PROVIDER,
    interaction: 'create',
    allowed: true,
  },
  {
    title: 'NRLS-DELETE-001, NRLS-AUTHZ-006: a provider may delete',
    as: PROVIDER,
    interaction: 'delete',
    allowed: true,
  },
];

describe('authorisation by ASID and interaction (§4.5)', () => {
  for (const row of ROLES) {
    for (const format of FORMATS) {
      it(`${row.title} (${format})`, async () => {
        const mock = testMock();
        const { res, id, masterIdentifier } = await attempt(mock, row.as, row.interaction, format);
        if (row.allowed) {
          assert.equal(res.status, SUCCESS[row.interaction], res.text.slice(0, 300));
          return;
        }
        assertAccessDenied(res, row.as.asid, row.interaction);
        // Blocked means nothing happened: the pointer was not stored, or is still there.
        const after = bundleOf(await search(mock, id ? { _id: id } : subjectQuery(KNOWN_PATIENT)));
        if (id) assert.equal(after.total, 1, 'the pointer a consumer tried to delete is still there');
        else
          assert.ok(
            !after.entry?.some((entry) => entry.resource.masterIdentifier?.value === masterIdentifier!.value),
            'nothing was created',
          );
      });
    }
  }

  const PARTIAL = { asid: '200000000120', ods: '1XR' };
  const cases: {
    title: string;
    interactions: Interaction[];
    as: ClientIdentity;
    interaction: Interaction;
    owner?: ClientIdentity;
  }[] = [
    {
      title: 'NRLS-AUTHZ-005: an ASID holding search and create, but not delete, may not delete its own pointer',
      interactions: ['search', 'create'],
      as: PARTIAL,
      interaction: 'delete',
      owner: PARTIAL,
    },
    {
      title:
        'NRLS-AUTHZ-005, NRLS-AUTHZ-008 (AMB-09): an ASID with ' +
        'provider writes but no search interaction may not search',
      interactions: ['create', 'delete'],
      as: PARTIAL,
      interaction: 'search',
    },
    {
      title: 'NRLS-AUTHZ-005: an ASID holding no interaction may not search',
      interactions: [],
      as: { ...PARTIAL, user: CONSUMER.user },
      interaction: 'search',
    },
  ];
  for (const row of cases) {
    it(`${row.title}: 403 ACCESS_DENIED`, async () => {
      const mock = withClient(row.as, row.interactions);
      const { res } = await attempt(mock, row.as, row.interaction, 'json', row.owner);
      assertAccessDenied(res, row.as.asid, row.interaction);
    });
  }

  it('NRLS-AUTHZ-005, NRLS-AUTHZ-008 (AMB-09): an ASID holding only search and create may do both', async () => {
    const mock = withClient(PARTIAL, ['search', 'create']);
    assert.equal((await attempt(mock, PARTIAL, 'create', 'xml')).res.status, 201);
    assert.equal((await attempt(mock, PARTIAL, 'search', 'xml')).res.status, 200);
  });

  it(
    'NRLS-AUTHZ-008 (AMB-09, AMB-21): a provider search ' + 'returns every pointer of the patient, whoever owns it',
    async () => {
      const bundle = bundleOf(await search(testMock(), subjectQuery(SEEDED_PATIENT), { as: PROVIDER }));
      assert.ok(bundle.total > 0);
      assert.ok(
        bundle.entry!.every((entry) => entry.resource.custodian?.reference?.endsWith(`/${OTHER_PROVIDER.ods}`)),
        'seeded pointers belong to RR8',
      );
    },
  );
});

describe('the caller’s identity: fromASID, requesting_system, requesting_organization (§4.4)', () => {
  it('NRLS-AUTHZ-003, NRLS-JWT-021 (AMB-05): requesting_system must hold the fromASID ASID', async () => {
    const res = await testMock()
      .http.get('/DocumentReference')
      .query(subjectQuery(SEEDED_PATIENT))
      .set({ ...headersFor(PROVIDER, 'read'), fromASID: OTHER_PROVIDER.asid, Accept: ACCEPT.json });
    assertJwtRefusal(
      res,
      `The ASID defined in the requesting_system (${PROVIDER.asid}) does not match the FromASID in the request`,
    );
  });

  it('NRLS-AUTHZ-003 (AMB-05): the requesting_system/fromASID check can be turned off', async () => {
    const res = await testMock({ requestingSystemMustMatchFromAsid: false })
      .http.get('/DocumentReference')
      .query(subjectQuery(SEEDED_PATIENT))
      .set({ ...headersFor(PROVIDER, 'read'), fromASID: OTHER_PROVIDER.asid, Accept: ACCEPT.json });
    assert.equal(res.status, 200, res.text.slice(0, 300));
  });

  for (const format of FORMATS) {
    it(
      `NRLS-AUTHZ-004, NRLS-ODS-003, NRLS-JWT-020: requesting_organization ` +
        `must be the ODS code of the ASID (${format})`,
      async () => {
        const res = await testMock()
          .http.post('/DocumentReference')
          .set({
            ...headersFor(PROVIDER, 'write', { requesting_organization: token(ODS_CODE_SYSTEM, OTHER_PROVIDER.ods) }),
            Accept: ACCEPT[format],
            'Content-Type': ACCEPT.json,
          })
          .send(JSON.stringify(buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods })));
        assertJwtRefusal(
          res,
          `requesting_system ASID (${PROVIDER.asid}) is not associated with ` +
            `the requesting_organisation ODS code (${OTHER_PROVIDER.ods})`,
        );
      },
    );
  }

  it(
    'NRLS-AUTHZ-004, NRLS-ODS-003: the ASID’s one ODS code ' + 'decides requesting_organization and ownership',
    async () => {
      const fixtures = testFixtures();
      fixtures.asids.find((client) => client.asid === PROVIDER.asid)!.ods = '1XR';
      const mock = testMock({ fixtures });
      const moved = { ...PROVIDER, ods: '1XR' };
      // The old organisation no longer matches the ASID…
      const stale = await create(mock, buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods }));
      assertJwtRefusal(
        stale,
        `requesting_system ASID (${PROVIDER.asid}) is not associated ` +
          `with the requesting_organisation ODS code (${PROVIDER.ods})`,
      );
      // …while the new one is accepted in the token, and owns what it creates…
      assert.equal(
        (await create(mock, buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: '1XR' }), { as: moved })).status,
        201,
      );
      // …and the old organisation is no longer a custodian this ASID may use.
      const notOwned = await create(mock, buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods }), {
        as: moved,
      });
      assertOutcome(notOwned, 'INVALID_RESOURCE', 'The custodian ODS code is not affiliated with the sender ASID.');
    },
  );

  it(
    'NRLS-AUTHZ-009, NRLS-JWT-015 (AMB-08): a search-only ASID is a consumer ' +
      'and needs requesting_user, even for a provider organisation',
    async () => {
      const searchOnly = { asid: '200000000121', ods: OTHER_PROVIDER.ods };
      const res = await withClient(searchOnly, ['search'])
        .http.get('/DocumentReference')
        .query(subjectQuery(SEEDED_PATIENT))
        .set({ ...headersFor(searchOnly, 'read'), Accept: ACCEPT.json });
      assertJwtRefusal(
        res,
        'The mandatory claim requesting_user from the JWT associated with the Authorisation header is missing',
      );
      const withUser = { ...searchOnly, user: CONSUMER.user };
      const ok = await withClient(withUser, ['search'])
        .http.get('/DocumentReference')
        .query(subjectQuery(SEEDED_PATIENT))
        .set({ ...headersFor(withUser, 'read'), Accept: ACCEPT.json });
      assert.equal(ok.status, 200, ok.text.slice(0, 300));
    },
  );

  it(
    'NRLS-AUTHZ-009 (AMB-08): an ASID holding any write ' + 'interaction is no consumer and needs no requesting_user',
    async () => {
      const writer = { asid: '200000000121', ods: '1XR' };
      const res = await withClient(writer, ['search', 'delete'])
        .http.get('/DocumentReference')
        .query(subjectQuery(SEEDED_PATIENT))
        .set({ ...headersFor(writer, 'read'), Accept: ACCEPT.json });
      assert.equal(res.status, 200, res.text.slice(0, 300));
    },
  );
});
