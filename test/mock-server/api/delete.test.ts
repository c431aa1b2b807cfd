import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPointer, uniqueMasterIdentifier } from '../../../src/domain/pointer-builder.ts';
import { generateNhsNumber } from '../../../src/domain/nhs-number.ts';
import { patientUrl } from '../../../src/domain/identifiers.ts';
import {
  OTHER_PROVIDER,
  PROVIDER,
  SEEDED_PATIENT,
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

async function ownPointer(mock: TestMock, as = PROVIDER) {
  const nhsNumber = generateNhsNumber();
  const master = uniqueMasterIdentifier();
  const id = createdId(
    await create(mock, buildPointer({ nhsNumber, custodian: as.ods, masterIdentifier: master }), { as }),
  );
  return { nhsNumber, master, id };
}

describe('delete a pointer', () => {
  for (const format of FORMATS) {
    it(
      `NRLS-DELETE-002, NRLS-DELETE-006, NRLS-DELETE-007, NRLS-DELETE-011, NRLS-OO-005 (AMB-37, ` +
        `AMB-43): delete by _id answers 200 RESOURCE_DELETED naming the request URL (${format})`,
      async () => {
        const mock = testMock();
        const { id } = await ownPointer(mock);
        const res = await remove(mock, { _id: id }, { format });
        const issue = assertOutcome(res, 'RESOURCE_DELETED');
        assert.match(
          issue.diagnostics!,
          /^Successfully removed resource DocumentReference: http:\/\/127\.0\.0\.1:\d+\/DocumentReference\?_id=/,
        );
        assert.ok(issue.diagnostics!.endsWith(`/DocumentReference?_id=${id}`), issue.diagnostics);
        assert.match(issue.details?.text ?? '', /^[0-9a-f-]{36}$/);
      },
    );

    it(
      `NRLS-DELETE-003, NRLS-DELETE-010: delete by subject and ` +
        `masterIdentifier removes it from search (${format})`,
      async () => {
        const mock = testMock();
        const { nhsNumber, master, id } = await ownPointer(mock);
        const res = await remove(
          mock,
          { subject: patientUrl(nhsNumber), identifier: `${master.system}|${master.value}` },
          { format },
        );
        assertOutcome(res, 'RESOURCE_DELETED');
        assertOutcome(
          await search(mock, { _id: id }),
          'NO_RECORD_FOUND',
          `No record found for supplied DocumentReference identifier - ${id}`,
        );
        assert.equal(bundleOf(await search(mock, subjectQuery(nhsNumber))).total, 0);
      },
    );

    it(
      `NRLS-DELETE-008, NRLS-DELETE-010, NRLS-ERR-011: deleting an ` +
        `unknown or already deleted id is 404 NO_RECORD_FOUND (${format})`,
      async () => {
        const mock = testMock();
        const { id } = await ownPointer(mock);
        assertOutcome(await remove(mock, { _id: id }, { format }), 'RESOURCE_DELETED');
        assertOutcome(
          await remove(mock, { _id: id }, { format }),
          'NO_RECORD_FOUND',
          `No record found for supplied DocumentReference identifier - ${id}`,
        );
      },
    );
  }

  it('NRLS-DELETE-009 (AMB-35): a masterIdentifier that matches nothing is 404 with the identifier value', async () => {
    const mock = testMock();
    const master = uniqueMasterIdentifier();
    const res = await remove(mock, {
      subject: patientUrl(SEEDED_PATIENT),
      identifier: `${master.system}|${master.value}`,
    });
    assertOutcome(
      res,
      'NO_RECORD_FOUND',
      `No record found for supplied DocumentReference identifier - ${master.value}`,
    );
  });

  it(
    'NRLS-DELETE-005, NRLS-AUTHZ-014, NRLS-HDR-009 (AMB-28): a pointer ' +
      'owned by another provider is INVALID_RESOURCE and stays',
    async () => {
      const mock = testMock();
      const theirs = await ownPointer(mock, OTHER_PROVIDER);
      assertOutcome(
        await remove(mock, { _id: theirs.id }),
        'INVALID_RESOURCE',
        'The custodian ODS code is not affiliated with the sender ASID.',
      );
      const bySubject = await remove(mock, {
        subject: patientUrl(theirs.nhsNumber),
        identifier: `${theirs.master.system}|${theirs.master.value}`,
      });
      assertOutcome(bySubject, 'INVALID_RESOURCE', 'The custodian ODS code is not affiliated with the sender ASID.');
      assert.equal(bundleOf(await search(mock, { _id: theirs.id })).total, 1);
    },
  );

  it('NRLS-DELETE-013 (AMB-36): a superseded pointer can be deleted', async () => {
    const mock = testMock();
    const old = await ownPointer(mock);
    assertOutcome(
      await create(mock, buildPointer({ nhsNumber: old.nhsNumber, custodian: PROVIDER.ods, replaces: old.master })),
      'RESOURCE_CREATED',
    );
    assertOutcome(await remove(mock, { _id: old.id }), 'RESOURCE_DELETED');
  });

  const REFUSALS: {
    ids: string;
    query: (p: { nhsNumber: string; id: string }) => Record<string, string>;
    key: 'INVALID_PARAMETER' | 'INVALID_NHS_NUMBER';
    diagnostics?: string;
  }[] = [
    { ids: 'NRLS-DELETE-012 (AMB-35)', query: () => ({}), key: 'INVALID_PARAMETER' },
    { ids: 'NRLS-DELETE-012 (AMB-35)', query: (p) => ({ subject: patientUrl(p.nhsNumber) }), key: 'INVALID_PARAMETER' },
    {
      ids: 'NRLS-DELETE-004',
      query: (p) => ({ subject: patientUrl(p.nhsNumber), identifier: 'urn:oid:1.2.3' }),
      key: 'INVALID_PARAMETER',
    },
    {
      ids: 'NRLS-DELETE-004',
      query: (p) => ({ subject: patientUrl(p.nhsNumber), identifier: 'urn:ietf:rfc:3986|' }),
      key: 'INVALID_PARAMETER',
    },
    {
      ids: 'NRLS-DELETE-004',
      query: (p) => ({ subject: patientUrl(p.nhsNumber), identifier: '|urn:oid:1.2.3' }),
      key: 'INVALID_PARAMETER',
    },
    {
      ids: 'NRLS-DELETE-012 (AMB-35)',
      query: (p) => ({ _id: p.id, subject: patientUrl(p.nhsNumber), identifier: 'urn:ietf:rfc:3986|urn:oid:1.2.3' }),
      key: 'INVALID_PARAMETER',
    },
    {
      ids: 'NRLS-DELETE-012 (AMB-35)',
      query: (p) => ({ _id: p.id, 'custodian.identifier': 'x' }),
      key: 'INVALID_PARAMETER',
      diagnostics: 'Invalid parameter: custodian.identifier',
    },
    {
      ids: 'NRLS-DELETE-012, NRLS-NHS-004 (AMB-35)',
      query: () => ({ subject: patientUrl('9876543211'), identifier: 'urn:ietf:rfc:3986|urn:oid:1.2.3' }),
      key: 'INVALID_NHS_NUMBER',
      diagnostics: 'The NHS number does not conform to the NHS Number format: 9876543211.',
    },
    {
      ids: 'NRLS-DELETE-012 (AMB-35)',
      query: (p) => ({
        subject: `https://example.org/Patient/${p.nhsNumber}`,
        identifier: 'urn:ietf:rfc:3986|urn:oid:1.2.3',
      }),
      key: 'INVALID_PARAMETER',
      diagnostics:
        'The given resource URL does not conform to the expected format - ' +
        'https://demographics.spineservices.nhs.uk/STU3/Patient/[NHS Number]',
    },
  ];

  for (const [at, refusal] of REFUSALS.entries()) {
    it(
      `${refusal.ids}: malformed delete parameters #${at + 1} ` + `are 400 ${refusal.key}, and nothing is deleted`,
      async () => {
        const mock = testMock();
        const pointer = await ownPointer(mock);
        assertOutcome(await remove(mock, refusal.query(pointer)), refusal.key, refusal.diagnostics);
        assert.equal(bundleOf(await search(mock, { _id: pointer.id })).total, 1);
      },
    );
  }
});
