// The `{base}/_admin` API: json-server's own router over the mock's lowdb state, for testers to inspect
// and seed raw pointers. Its writes are seen by the NRLS routes at once (indexes rebuilt), reset restores
// the fixtures, and its errors are OperationOutcomes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { patientUrl } from '../../../src/domain/identifiers.ts';
import { generateNhsNumber } from '../../../src/domain/nhs-number.ts';
import { buildPointer, uniqueMasterIdentifier } from '../../../src/domain/pointer-builder.ts';
import type { StoredPointer } from '../../../src/domain/pointer.ts';
import {
  CONSUMER,
  OTHER_PROVIDER,
  PROVIDER,
  SEEDED_PATIENT,
  assertOutcome,
  bundleOf,
  create,
  createdId,
  headersFor,
  remove,
  search,
  subjectQuery,
  testFixtures,
  testMock,
  type TestMock,
} from '../../support/mock.ts';

const SEEDED = testFixtures().pointers;
/** The seeded pointer that is current and owned by RR8 (OTHER_PROVIDER). */
const SEEDED_CURRENT = SEEDED.find((pointer) => pointer.status === 'current' && !pointer.relatesTo)!;

/** A pointer as it would be stored: what testers seed through `_admin`. */
function rawPointer(nhsNumber: string, id = `admin-${generateNhsNumber()}`): StoredPointer {
  return {
    ...buildPointer({ nhsNumber, custodian: PROVIDER.ods }),
    id,
    meta: {
      versionId: '1',
      lastUpdated: '2018-09-10T09:30:00+00:00',
      profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/NRLS-DocumentReference-1'],
    },
  };
}

async function adminList(mock: TestMock, base = ''): Promise<StoredPointer[]> {
  const res = await mock.http.get(`${base}/_admin/DocumentReference`);
  assert.equal(res.status, 200, res.text.slice(0, 300));
  return JSON.parse(res.text) as StoredPointer[];
}

describe('the _admin API', () => {
  it('GET _admin/DocumentReference lists the seeded pointers as stored', async () => {
    const mock = testMock();
    assert.deepEqual(await adminList(mock), SEEDED);
  });

  it(
    'NRLS-CREATE-025 (AMB-40): a pointer POSTed through _admin ' +
      'is found by NRLS search and its patient becomes known',
    async () => {
      const mock = testMock();
      const nhsNumber = generateNhsNumber();
      assertOutcome(await search(mock, subjectQuery(nhsNumber)), 'NO_RECORD_FOUND');
      const raw = rawPointer(nhsNumber);

      const res = await mock.http.post('/_admin/DocumentReference').send(raw);
      assert.equal(res.status, 201);
      assert.deepEqual(JSON.parse(res.text), raw);
      assert.deepEqual(
        bundleOf(await search(mock, subjectQuery(nhsNumber))).entry!.map((entry) => entry.resource),
        [raw],
      );
      assert.deepEqual(bundleOf(await search(mock, { _id: raw.id })).entry![0]!.resource, raw);
      const known = JSON.parse((await mock.http.get('/_admin/knownPatients')).text) as { id: string }[];
      assert.ok(known.some((patient) => patient.id === nhsNumber));

      // Every index sees it: the duplicate check, and supersede's target lookup.
      const master = raw.masterIdentifier!;
      const duplicate = await create(
        mock,
        buildPointer({ nhsNumber, custodian: PROVIDER.ods, masterIdentifier: master }),
      );
      assertOutcome(
        duplicate,
        'DUPLICATE_REJECTED',
        `Duplicate masterIdentifier value: ${master.value} system: ${master.system}`,
      );
      assertOutcome(
        await create(mock, buildPointer({ nhsNumber, custodian: PROVIDER.ods, replaces: master })),
        'RESOURCE_CREATED',
      );
      const superseded = bundleOf(await search(mock, { _id: raw.id })).entry![0]!.resource;
      assert.deepEqual([superseded.status, superseded.meta.versionId], ['superseded', '2']);
    },
  );

  it(
    'NRLS-SEARCH-028, NRLS-DELETE-010: a pointer DELETEd ' + 'through _admin is gone from NRLS search and delete',
    async () => {
      const mock = testMock();
      const res = await mock.http.delete(`/_admin/DocumentReference/${SEEDED_CURRENT.id}`);
      assert.equal(res.status, 200);
      assertOutcome(await search(mock, { _id: SEEDED_CURRENT.id }), 'NO_RECORD_FOUND');
      const left = bundleOf(await search(mock, subjectQuery(SEEDED_PATIENT))).entry!.map((entry) => entry.resource.id);
      assert.deepEqual(
        left.sort(),
        SEEDED.filter((pointer) => pointer !== SEEDED_CURRENT)
          .map((pointer) => pointer.id)
          .sort(),
      );
      assertOutcome(await remove(mock, { _id: SEEDED_CURRENT.id }, { as: OTHER_PROVIDER }), 'NO_RECORD_FOUND');
    },
  );

  it('a pointer PATCHed through _admin is indexed by its new masterIdentifier', async () => {
    const mock = testMock();
    const master = uniqueMasterIdentifier();
    const res = await mock.http
      .patch(`/_admin/DocumentReference/${SEEDED_CURRENT.id}`)
      .send({ masterIdentifier: master });
    assert.equal(res.status, 200);
    const old = SEEDED_CURRENT.masterIdentifier!;
    const subject = patientUrl(SEEDED_PATIENT);
    assertOutcome(
      await remove(mock, { subject, identifier: `${old.system}|${old.value}` }, { as: OTHER_PROVIDER }),
      'NO_RECORD_FOUND',
    );
    assertOutcome(
      await remove(mock, { subject, identifier: `${master.system}|${master.value}` }, { as: OTHER_PROVIDER }),
      'RESOURCE_DELETED',
    );
  });

  it(
    'POST _admin/reset restores the fixtures: pointers and ' +
      'patients created since disappear, changed ones come back',
    async () => {
      const mock = testMock();
      const nhsNumber = generateNhsNumber();
      const createdIdNow = createdId(await create(mock, buildPointer({ nhsNumber, custodian: PROVIDER.ods })));
      assertOutcome(
        await create(
          mock,
          buildPointer({
            nhsNumber: SEEDED_PATIENT,
            custodian: OTHER_PROVIDER.ods,
            replaces: SEEDED_CURRENT.masterIdentifier!,
          }),
          { as: OTHER_PROVIDER },
        ),
        'RESOURCE_CREATED',
      );
      const raw = rawPointer(generateNhsNumber());
      assert.equal((await mock.http.post('/_admin/DocumentReference').send(raw)).status, 201);
      assert.equal((await mock.http.delete(`/_admin/DocumentReference/${SEEDED[0]!.id}`)).status, 200);

      const res = await mock.http.post('/_admin/reset');
      assert.equal(res.status, 200);
      assert.deepEqual(JSON.parse(res.text), { reset: true, pointers: SEEDED.length });

      assert.deepEqual(await adminList(mock), SEEDED);
      assertOutcome(await search(mock, { _id: createdIdNow }), 'NO_RECORD_FOUND');
      assertOutcome(await search(mock, { _id: raw.id }), 'NO_RECORD_FOUND');
      assertOutcome(
        await search(mock, subjectQuery(nhsNumber)),
        'NO_RECORD_FOUND',
        `The given NHS number could not be found ${nhsNumber}`,
      );
      const restored = bundleOf(await search(mock, { _id: SEEDED_CURRENT.id })).entry![0]!.resource;
      assert.deepEqual(restored, SEEDED_CURRENT);
      // The indexes were rebuilt too: the restored pointer can be superseded again.
      assertOutcome(
        await create(
          mock,
          buildPointer({
            nhsNumber: SEEDED_PATIENT,
            custodian: OTHER_PROVIDER.ods,
            replaces: SEEDED_CURRENT.masterIdentifier!,
          }),
          { as: OTHER_PROVIDER },
        ),
        'RESOURCE_CREATED',
      );
    },
  );

  it('an _admin 404 is an OperationOutcome', async () => {
    const mock = testMock();
    const requests = [
      mock.http.get('/_admin/DocumentReference/no-such-pointer'),
      mock.http.delete('/_admin/DocumentReference/no-such-pointer'),
      mock.http.put('/_admin/DocumentReference/no-such-pointer').send({ resourceType: 'DocumentReference' }),
      mock.http.patch('/_admin/DocumentReference/no-such-pointer').send({ status: 'current' }),
      mock.http.get('/_admin/Patient'),
      mock.http.get('/_admin'),
    ];
    for (const res of await Promise.all(requests)) {
      assert.match(res.headers['content-type']!, /^application\/fhir\+json/);
      assertOutcome(res, 'ADMIN_NOT_FOUND');
    }
    assert.deepEqual(await adminList(mock), SEEDED, 'nothing changed');
  });

  it('malformed _admin requests are 400 OperationOutcomes, not 500 stack traces', async () => {
    const mock = testMock();
    const requests = [
      mock.http.post('/_admin/DocumentReference').set('Content-Type', 'application/json').send('{"resourceType": '),
      mock.http.post('/_admin/DocumentReference').send(SEEDED[0]!), // an id that is already taken
    ];
    for (const res of await Promise.all(requests)) {
      assert.ok(res.status < 500, `status ${res.status}: ${res.text.slice(0, 200)}`);
      assertOutcome(res, 'ADMIN_BAD_REQUEST');
      assert.doesNotMatch(res.text, /node_modules|\n\s+at /, 'no stack trace');
    }
    assert.deepEqual(await adminList(mock), SEEDED);
  });

  it('NRLS-GEN-002: under a base path the admin API is below it, and not at the root', async () => {
    const mock = testMock({ basePath: '/nrls-ri' });
    assert.deepEqual(await adminList(mock, '/nrls-ri'), SEEDED);
    const nhsNumber = generateNhsNumber();
    const raw = rawPointer(nhsNumber);
    assert.equal((await mock.http.post('/nrls-ri/_admin/DocumentReference').send(raw)).status, 201);
    const found = await mock.http
      .get('/nrls-ri/DocumentReference')
      .query(subjectQuery(nhsNumber))
      .set(headersFor(CONSUMER, 'read'))
      .set('Accept', 'application/fhir+json');
    assert.deepEqual(
      bundleOf(found).entry!.map((entry) => entry.resource.id),
      [raw.id],
    );

    assertOutcome(
      await mock.http.get('/_admin/DocumentReference').set('Accept', 'application/fhir+json'),
      'UNKNOWN_PATH',
    );
    assertOutcome(await mock.http.get('/nrls-ri/_admin/Patient'), 'ADMIN_NOT_FOUND');
    const reset = await mock.http.post('/nrls-ri/_admin/reset');
    assert.equal(reset.status, 200);
    assert.deepEqual(await adminList(mock, '/nrls-ri'), SEEDED);
  });
});
