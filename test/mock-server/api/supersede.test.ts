import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPointer, uniqueMasterIdentifier } from '../../../src/domain/pointer-builder.ts';
import { generateNhsNumber } from '../../../src/domain/nhs-number.ts';
import type { Identifier } from '../../../src/domain/pointer.ts';
import {
  OTHER_PROVIDER,
  PROVIDER,
  assertOutcome,
  bundleOf,
  create,
  createdId,
  remove,
  search,
  subjectQuery,
  testMock,
  type Format,
  type TestMock,
} from '../../support/mock.ts';

const FORMATS: Format[] = ['json', 'xml'];

/** A current pointer for a fresh patient, created through the API. */
async function existingPointer(mock: TestMock, as = PROVIDER) {
  const nhsNumber = generateNhsNumber();
  const master = uniqueMasterIdentifier();
  const res = await create(mock, buildPointer({ nhsNumber, custodian: as.ods, masterIdentifier: master }), { as });
  return { nhsNumber, master, id: createdId(res) };
}

async function pointerById(mock: TestMock, id: string) {
  return bundleOf(await search(mock, { _id: id })).entry![0]!.resource;
}

function replacement(nhsNumber: string, replaces: Identifier, custodian = PROVIDER.ods) {
  return buildPointer({ nhsNumber, custodian, replaces });
}

describe('supersede a pointer', () => {
  for (const format of FORMATS) {
    it(
      `NRLS-SUPERSEDE-002, NRLS-SUPERSEDE-003, NRLS-SUPERSEDE-009, NRLS-CREATE-022, NRLS-LIFE-006: a ` +
        `create with relatesTo replaces supersedes the target and answers like a create (${format})`,
      async () => {
        const mock = testMock();
        const old = await existingPointer(mock);
        const res = await create(mock, replacement(old.nhsNumber, old.master), { format });
        assertOutcome(res, 'RESOURCE_CREATED', 'Successfully created resource DocumentReference');
        const newId = createdId(res);
        assert.notEqual(newId, old.id, 'Location names the new pointer');
        const fresh = await pointerById(mock, newId);
        assert.equal(fresh.status, 'current');
        assert.equal((await pointerById(mock, old.id)).status, 'superseded');
      },
    );

    it(
      `NRLS-SUPERSEDE-008, NRLS-LIFE-008, NRLS-LIFE-009 (AMB-34): the superseded ` +
        `pointer goes up one version, the new one starts at 1 (${format})`,
      async () => {
        const mock = testMock();
        const old = await existingPointer(mock);
        const newId = createdId(await create(mock, replacement(old.nhsNumber, old.master), { format }));
        const superseded = await pointerById(mock, old.id);
        assert.equal(superseded.meta.versionId, '2');
        assert.equal((await pointerById(mock, newId)).meta.versionId, '1');
      },
    );
  }

  it(
    'NRLS-SUPERSEDE-014, NRLS-SUPERSEDE-015, NRLS-LIFE-010, NRLS-SEARCH-016: a ' +
      'chain keeps every pointer, one current at the head, each naming its ancestor',
    async () => {
      const mock = testMock();
      const first = await existingPointer(mock);
      const secondMaster = uniqueMasterIdentifier();
      const second = buildPointer({
        nhsNumber: first.nhsNumber,
        custodian: PROVIDER.ods,
        masterIdentifier: secondMaster,
        replaces: first.master,
      });
      assertOutcome(await create(mock, second), 'RESOURCE_CREATED');
      assertOutcome(await create(mock, replacement(first.nhsNumber, secondMaster)), 'RESOURCE_CREATED');
      const bundle = bundleOf(await search(mock, subjectQuery(first.nhsNumber)));
      assert.equal(bundle.total, 3, 'superseded pointers are not deleted');
      const statuses = bundle.entry!.map((entry) => entry.resource.status).sort();
      assert.deepEqual(statuses, ['current', 'superseded', 'superseded']);
      const head = bundle.entry!.find((entry) => entry.resource.status === 'current')!.resource;
      assert.deepEqual(head.relatesTo?.[0]?.target?.identifier, secondMaster);
    },
  );

  it(
    'NRLS-SUPERSEDE-006, NRLS-SUPERSEDE-012 (AMB-31, AMB-32): a target ' +
      'that does not exist is INVALID_RESOURCE and nothing is stored',
    async () => {
      const mock = testMock();
      const old = await existingPointer(mock);
      const pointer = replacement(old.nhsNumber, uniqueMasterIdentifier());
      assertOutcome(await create(mock, pointer), 'INVALID_RESOURCE', /^Resource is invalid : relatesTo\.target/);
      assert.equal(bundleOf(await search(mock, subjectQuery(old.nhsNumber))).total, 1);
    },
  );

  it('NRLS-SUPERSEDE-012 (AMB-31): the target is looked up for the same patient only', async () => {
    const mock = testMock();
    const old = await existingPointer(mock);
    const otherPatient = generateNhsNumber();
    assertOutcome(
      await create(mock, replacement(otherPatient, old.master)),
      'INVALID_RESOURCE',
      /^Resource is invalid : relatesTo\.target/,
    );
    assert.equal((await pointerById(mock, old.id)).status, 'current');
  });

  it(
    'NRLS-SUPERSEDE-005, NRLS-AUTHZ-015, NRLS-HDR-009 (AMB-32): a target ' +
      'owned by another provider is INVALID_RESOURCE, rolled back',
    async () => {
      const mock = testMock();
      const theirs = await existingPointer(mock, OTHER_PROVIDER);
      const pointer = replacement(theirs.nhsNumber, theirs.master);
      assertOutcome(await create(mock, pointer), 'INVALID_RESOURCE', /^Resource is invalid : relatesTo\.target/);
      assert.equal((await pointerById(mock, theirs.id)).status, 'current');
      assert.equal((await pointerById(mock, theirs.id)).meta.versionId, '1');
      // The new pointer was not kept: its masterIdentifier is still free.
      assertOutcome(await create(mock, { ...pointer, relatesTo: undefined }), 'RESOURCE_CREATED');
    },
  );

  it(
    'NRLS-SUPERSEDE-007, NRLS-LIFE-007, NRLS-SUPERSEDE-003 (AMB-32): ' +
      'a target that is already superseded cannot be superseded again',
    async () => {
      const mock = testMock();
      const old = await existingPointer(mock);
      assertOutcome(await create(mock, replacement(old.nhsNumber, old.master)), 'RESOURCE_CREATED');
      const again = replacement(old.nhsNumber, old.master);
      assertOutcome(await create(mock, again), 'INVALID_RESOURCE', /^Resource is invalid : relatesTo\.code/);
      assert.equal((await pointerById(mock, old.id)).meta.versionId, '2', 'no second increment');
      assertOutcome(await create(mock, { ...again, relatesTo: undefined }), 'RESOURCE_CREATED');
    },
  );

  it(
    'NRLS-SUPERSEDE-013, NRLS-ID-003: the replacement needs its own ' +
      'masterIdentifier; reusing the old one is DUPLICATE_REJECTED',
    async () => {
      const mock = testMock();
      const old = await existingPointer(mock);
      const pointer = buildPointer({
        nhsNumber: old.nhsNumber,
        custodian: PROVIDER.ods,
        masterIdentifier: old.master,
        replaces: old.master,
      });
      assertOutcome(
        await create(mock, pointer),
        'DUPLICATE_REJECTED',
        `Duplicate masterIdentifier value: ${old.master.value} system: ${old.master.system}`,
      );
      assert.equal((await pointerById(mock, old.id)).status, 'current');
    },
  );

  it(
    'NRLS-SUPERSEDE-004: only the first relatesTo is interpreted; ' +
      'later ones are stored unresolved and unvalidated',
    async () => {
      const mock = testMock();
      const old = await existingPointer(mock);
      const pointer = replacement(old.nhsNumber, old.master);
      const dangling = {
        code: 'no-such-code',
        target: { identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:oid:9.9.9' } },
      };
      pointer.relatesTo!.push(dangling);
      const newId = createdId(await create(mock, pointer));
      assert.deepEqual((await pointerById(mock, newId)).relatesTo?.[1], dangling);
      assert.equal((await pointerById(mock, old.id)).status, 'superseded');
    },
  );

  it('NRLS-SUPERSEDE-011 (AMB-33): a valid code other than replaces is stored and changes no status', async () => {
    const mock = testMock();
    const old = await existingPointer(mock);
    for (const code of ['transforms', 'signs', 'appends']) {
      const pointer = replacement(old.nhsNumber, old.master);
      pointer.relatesTo![0]!.code = code;
      const newId = createdId(await create(mock, pointer));
      assert.equal((await pointerById(mock, newId)).relatesTo?.[0]?.code, code);
    }
    assert.equal((await pointerById(mock, old.id)).status, 'current');
  });

  it('NRLS-SUPERSEDE-001, NRLS-UNSUP-002, NRLS-UNSUP-006: PUT is not a way to change a status', async () => {
    const mock = testMock();
    const old = await existingPointer(mock);
    const res = await mock.http
      .put(`/DocumentReference/${old.id}`)
      .set('Content-Type', 'application/fhir+json')
      .send('{}');
    assert.ok(res.status >= 400);
    assert.equal((await pointerById(mock, old.id)).status, 'current');
  });

  it('NRLS-DELETE-013 (AMB-36): deleting the replacement leaves the pointer it superseded as it is', async () => {
    const mock = testMock();
    const old = await existingPointer(mock);
    const newId = createdId(await create(mock, replacement(old.nhsNumber, old.master)));
    assertOutcome(await remove(mock, { _id: newId }), 'RESOURCE_DELETED');
    const left = await pointerById(mock, old.id);
    assert.equal(left.status, 'superseded');
    assert.equal(left.meta.versionId, '2');
  });
});
