// `newPatients`: what a create or supersede for a valid NHS number the mock does not know gets. `accept`
// (the default, AMB-40) makes the patient known; `refuse` answers as the live NRLS does, which only takes
// pointers for patients Spine knows (NRLS-CREATE-025): 404 NO_RECORD_FOUND with NRLS-ERR-012's
// diagnostics, the mock's choice where the catalogue gives no code.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { StoreState } from '../../../mock-server/store/store-state.ts';
import { generateNhsNumber } from '../../../src/domain/nhs-number.ts';
import { buildPointer, uniqueMasterIdentifier } from '../../../src/domain/pointer-builder.ts';
import type { Identifier, Pointer } from '../../../src/domain/pointer.ts';
import {
  KNOWN_PATIENT,
  OTHER_PROVIDER,
  PROVIDER,
  SEEDED_PATIENT,
  assertOutcome,
  bundleOf,
  create,
  createdId,
  search,
  servedMock,
  subjectQuery,
  testFixtures,
  testMock,
  type Format,
  type TestMock,
} from '../../support/mock.ts';

const FORMATS: Format[] = ['json', 'xml'];
const mine = (nhsNumber: string, replaces?: Identifier): Pointer =>
  buildPointer({ nhsNumber, custodian: PROVIDER.ods, ...(replaces ? { replaces } : {}) });
const notFound = (nhsNumber: string) => `The given NHS number could not be found ${nhsNumber}`;
const refusing = () => testMock({ newPatients: 'refuse' });

/** Asserts the patient is still unknown: no pointer of theirs is stored and a search is 404. */
async function assertStillUnknown(mock: TestMock, nhsNumber: string, storedBefore: number): Promise<void> {
  assert.equal(mock.app.store.size, storedBefore, 'nothing is stored');
  assert.equal(mock.app.store.isKnownPatient(nhsNumber), false, 'the patient did not become known');
  assertOutcome(await search(mock, subjectQuery(nhsNumber)), 'NO_RECORD_FOUND', notFound(nhsNumber));
}

describe('new patients (NRLS-CREATE-025, AMB-40)', () => {
  it('NRLS-CREATE-025 (AMB-40): the default fixtures accept new patients, and so does the mock', () => {
    assert.equal(testFixtures().newPatients, 'accept');
    assert.equal(testMock().app.config.newPatients, 'accept');
  });

  for (const format of FORMATS) {
    it(
      `NRLS-CREATE-025, NRLS-ERR-012 (AMB-40): under refuse a create for a valid ` +
        `unknown patient is 404 NO_RECORD_FOUND and stores nothing (${format})`,
      async () => {
        const mock = refusing();
        const nhsNumber = generateNhsNumber();
        const before = mock.app.store.size;
        assertOutcome(await create(mock, mine(nhsNumber), { format }), 'NO_RECORD_FOUND', notFound(nhsNumber));
        await assertStillUnknown(mock, nhsNumber, before);
      },
    );

    it(
      `NRLS-CREATE-025, NRLS-CREATE-005 (AMB-40): under refuse ` +
        `a create for a known patient is still 201 (${format})`,
      async () => {
        const mock = refusing();
        for (const nhsNumber of [KNOWN_PATIENT, SEEDED_PATIENT]) {
          const id = createdId(await create(mock, mine(nhsNumber), { format }));
          assert.equal(bundleOf(await search(mock, { _id: id })).total, 1);
        }
      },
    );
  }

  it(
    'NRLS-CREATE-025, NRLS-SUPERSEDE-003 (AMB-40): under refuse a supersede for an ' +
      'unknown patient is refused the same way, before its target is looked up',
    async () => {
      const mock = refusing();
      const nhsNumber = generateNhsNumber();
      const before = mock.app.store.size;
      assertOutcome(
        await create(mock, mine(nhsNumber, uniqueMasterIdentifier())),
        'NO_RECORD_FOUND',
        notFound(nhsNumber),
      );
      await assertStillUnknown(mock, nhsNumber, before);
    },
  );

  it(
    'NRLS-CREATE-025, NRLS-SUPERSEDE-002 (AMB-40): under refuse ' + 'a supersede for a known patient still supersedes',
    async () => {
      const mock = refusing();
      const old = mine(KNOWN_PATIENT);
      const oldId = createdId(await create(mock, old));
      const newId = createdId(await create(mock, mine(KNOWN_PATIENT, old.masterIdentifier)));
      assert.equal(bundleOf(await search(mock, { _id: oldId })).entry![0]!.resource.status, 'superseded');
      assert.equal(bundleOf(await search(mock, { _id: newId })).entry![0]!.resource.status, 'current');
    },
  );

  it(
    'NRLS-CREATE-025 (AMB-40, AMB-50): under refuse the earlier checks ' +
      'still come first: validation, ownership and organisations',
    async () => {
      const mock = refusing();
      const nhsNumber = generateNhsNumber();
      const invalid = mine(nhsNumber);
      delete invalid.indexed;
      assertOutcome(await create(mock, invalid), 'INVALID_RESOURCE', 'Resource is invalid : indexed');
      const theirs = buildPointer({ nhsNumber, custodian: OTHER_PROVIDER.ods });
      assertOutcome(
        await create(mock, theirs),
        'INVALID_RESOURCE',
        'The custodian ODS code is not affiliated with the sender ASID.',
      );
      const unknownAuthor = buildPointer({ nhsNumber, custodian: PROVIDER.ods, author: 'XYZ99' });
      assertOutcome(
        await create(mock, unknownAuthor),
        'ORGANISATION_NOT_FOUND',
        'The ODS code in the custodian and/or author element is not resolvable – XYZ99.',
      );
      assertOutcome(await create(mock, mine('9876543211')), 'INVALID_NHS_NUMBER');
    },
  );

  it(
    'NRLS-CREATE-025 (AMB-40): patients.json newPatients "refuse" ' +
      "is the mock's setting unless the config overrides it",
    async () => {
      const fixtures = { ...testFixtures(), newPatients: 'refuse' as const };
      const nhsNumber = generateNhsNumber();
      assertOutcome(await create(testMock({ fixtures }), mine(nhsNumber)), 'NO_RECORD_FOUND', notFound(nhsNumber));
      assertOutcome(await create(testMock({ fixtures, newPatients: 'accept' }), mine(nhsNumber)), 'RESOURCE_CREATED');
    },
  );

  it(
    'NRLS-CREATE-025, NRLS-SEARCH-017 (AMB-40): under accept a create for a ' +
      'valid unseen patient is 201 and makes the patient known, as before',
    async () => {
      const mock = testMock({ newPatients: 'accept' });
      const nhsNumber = generateNhsNumber();
      assertOutcome(await search(mock, subjectQuery(nhsNumber)), 'NO_RECORD_FOUND');
      const old = mine(nhsNumber);
      assertOutcome(await create(mock, old), 'RESOURCE_CREATED');
      assertOutcome(await create(mock, mine(nhsNumber, old.masterIdentifier)), 'RESOURCE_CREATED');
      assert.equal(bundleOf(await search(mock, subjectQuery(nhsNumber))).total, 2);
    },
  );

  it(
    'NRLS-CREATE-025 (AMB-40): with a --db file, refuse writes nothing for ' +
      'an unknown patient, and a patient known in the file is accepted',
    async (t: TestContext) => {
      const dir = mkdtempSync(join(tmpdir(), 'nrls-known-'));
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      const dbFile = join(dir, 'pointers.json');
      const readDb = () => JSON.parse(readFileSync(dbFile, 'utf8')) as StoreState;

      // An earlier accepting run made a new patient known in the file.
      const earlier = generateNhsNumber();
      const accepting = await servedMock(t, { dbFile });
      assertOutcome(await create(accepting, mine(earlier)), 'RESOURCE_CREATED');

      const mock = await servedMock(t, { dbFile, newPatients: 'refuse' });
      const fileBefore = readFileSync(dbFile, 'utf8');
      const unknown = generateNhsNumber();
      assertOutcome(await create(mock, mine(unknown)), 'NO_RECORD_FOUND', notFound(unknown));
      assert.equal(readFileSync(dbFile, 'utf8'), fileBefore, 'the file is not rewritten');
      assert.ok(!readDb().knownPatients.some((patient) => patient.id === unknown));
      assertOutcome(await search(mock, subjectQuery(unknown)), 'NO_RECORD_FOUND', notFound(unknown));

      assertOutcome(await create(mock, mine(earlier)), 'RESOURCE_CREATED');
      assert.equal(
        readDb().DocumentReference.filter((pointer) => pointer.subject?.reference?.endsWith(earlier)).length,
        2,
      );
      assert.deepEqual(mock.internalErrors, []);
    },
  );
});
