// `--db FILE`: the lowdb JSON file is the state. It starts from the fixtures, is replaced atomically,
// holds every change before the change is answered, groups concurrent writes, and a failed write undoes
// the change and answers 500. A file that is not a store is refused with an error naming it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { mockConfig, type MockConfig } from '../../../mock-server/config.ts';
import { openStore, StoreFileError } from '../../../mock-server/store/open-store.ts';
import { JsonFilePersistence, StoreWriteError } from '../../../mock-server/store/persistence.ts';
import type { StoreState } from '../../../mock-server/store/store-state.ts';
import { seedState } from '../../../mock-server/store/seed.ts';
import { generateNhsNumber } from '../../../src/domain/nhs-number.ts';
import { buildPointer } from '../../../src/domain/pointer-builder.ts';
import type { Pointer } from '../../../src/domain/pointer.ts';
import {
  KNOWN_PATIENT,
  OTHER_PROVIDER,
  PROVIDER,
  assertOutcome,
  bundleOf,
  create,
  createdId,
  remove,
  search,
  subjectQuery,
  servedMock,
  testFixtures,
  type ServedMock,
  type TestMock,
} from '../../support/mock.ts';

const INTERNAL_ERROR_HTML =
  '<html><title>500: Internal Server Error</title><body>500: Internal Server Error</body></html>';
const SEEDED = seedState(testFixtures());

/** A fresh temporary folder, removed after the test. */
function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nrls-db-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const readDb = (file: string): StoreState => JSON.parse(readFileSync(file, 'utf8')) as StoreState;
const idsIn = (file: string) => readDb(file).DocumentReference.map((pointer) => pointer.id);

/** The mock on its db file, served on a free port so parallel requests meet in one server. */
const openDbMock = (t: TestContext, dbFile: string, overrides: Partial<MockConfig> = {}): Promise<ServedMock> =>
  servedMock(t, { dbFile, ...overrides });

/** The persistence the store uses, counting its writes (one snapshot is taken per file write). */
class CountingPersistence extends JsonFilePersistence {
  snapshots = 0;

  constructor(file: string, snapshot: () => StoreState, onWrite: () => void = () => undefined) {
    super(file, () => {
      this.snapshots += 1;
      onWrite();
      return snapshot();
    });
  }
}

function countWrites(mock: ServedMock, onWrite?: () => void): CountingPersistence {
  const persistence = new CountingPersistence(mock.config.dbFile!, () => mock.store.state, onWrite);
  mock.store.usePersistence(persistence);
  return persistence;
}

const mine = (nhsNumber = KNOWN_PATIENT, changes: Partial<Parameters<typeof buildPointer>[0]> = {}): Pointer =>
  buildPointer({ nhsNumber, custodian: PROVIDER.ods, ...changes });

async function pointerById(mock: TestMock, id: string) {
  return bundleOf(await search(mock, { _id: id })).entry![0]!.resource;
}

describe('the --db file', () => {
  it('a missing db file is created from the fixtures, and an existing one is used as it is', async (t) => {
    const dir = tempDir(t);
    const dbFile = join(dir, 'pointers.json');
    const mock = await openDbMock(t, dbFile);
    assert.deepEqual(readDb(dbFile), SEEDED);
    assert.deepEqual(readdirSync(dir), ['pointers.json']);
    assert.equal(bundleOf(await search(mock, { _id: SEEDED.DocumentReference[0]!.id })).total, 1);

    const ownFile = join(dir, 'own.json');
    const own: StoreState = {
      DocumentReference: [SEEDED.DocumentReference[2]!],
      knownPatients: [{ id: KNOWN_PATIENT }],
    };
    writeFileSync(ownFile, JSON.stringify(own));
    const ownMock = await openDbMock(t, ownFile);
    assert.equal(ownMock.store.size, 1);
    assertOutcome(await search(ownMock, { _id: SEEDED.DocumentReference[0]!.id }), 'NO_RECORD_FOUND');
    assert.deepEqual(readDb(ownFile), own, 'opening does not rewrite the file');
  });

  it(
    'NRLS-CREATE-005, NRLS-DELETE-006: a 201 or 200 is sent only after ' +
      'the change is in the file, which is replaced, not rewritten',
    async (t) => {
      const dbFile = join(tempDir(t), 'pointers.json');
      const mock = await openDbMock(t, dbFile);
      const nhsNumber = generateNhsNumber();
      const original = mine(nhsNumber);
      const inodeBefore = statSync(dbFile).ino;

      const id = createdId(await create(mock, original));
      const saved = readDb(dbFile);
      assert.equal(saved.DocumentReference.find((pointer) => pointer.id === id)?.meta.versionId, '1');
      assert.ok(
        saved.knownPatients.some((patient) => patient.id === nhsNumber),
        'the new patient is known in the file (AMB-40)',
      );
      assert.notEqual(statSync(dbFile).ino, inodeBefore, 'a new file was renamed into place');

      const successorId = createdId(await create(mock, mine(nhsNumber, { replaces: original.masterIdentifier! })));
      const afterSupersede = readDb(dbFile).DocumentReference;
      const old = afterSupersede.find((pointer) => pointer.id === id)!;
      assert.deepEqual([old.status, old.meta.versionId], ['superseded', '2']);
      assert.ok(afterSupersede.some((pointer) => pointer.id === successorId));

      assertOutcome(await remove(mock, { _id: successorId }), 'RESOURCE_DELETED');
      assert.ok(!idsIn(dbFile).includes(successorId));
      assert.deepEqual(mock.internalErrors, []);
    },
  );

  it(
    'NRLS-SUPERSEDE-008, NRLS-DELETE-010 (AMB-40): a second mock ' +
      'opened on the same file sees every change (restart)',
    async (t) => {
      const dbFile = join(tempDir(t), 'pointers.json');
      const first = await openDbMock(t, dbFile);
      const nhsNumber = generateNhsNumber();
      const original = mine(nhsNumber);
      const originalId = createdId(await create(first, original));
      const successor = mine(nhsNumber, { replaces: original.masterIdentifier! });
      const successorId = createdId(await create(first, successor));
      const emptied = generateNhsNumber();
      assertOutcome(await remove(first, { _id: createdId(await create(first, mine(emptied))) }), 'RESOURCE_DELETED');
      assertOutcome(
        await remove(first, { _id: SEEDED.DocumentReference[2]!.id }, { as: OTHER_PROVIDER }),
        'RESOURCE_DELETED',
      );

      const second = await openDbMock(t, dbFile);
      const pointers = new Map(
        (bundleOf(await search(second, subjectQuery(nhsNumber))).entry ?? []).map((entry) => [
          entry.resource.id,
          entry.resource,
        ]),
      );
      assert.deepEqual([...pointers.keys()].sort(), [originalId, successorId].sort());
      assert.deepEqual(
        [pointers.get(originalId)!.status, pointers.get(originalId)!.meta.versionId],
        ['superseded', '2'],
      );
      assert.equal(
        bundleOf(await search(second, subjectQuery(emptied))).total,
        0,
        'a patient whose pointers were deleted stays known',
      );
      assertOutcome(await search(second, { _id: SEEDED.DocumentReference[2]!.id }), 'NO_RECORD_FOUND');
      // The indexes were rebuilt from the file: the duplicate check knows the successor's masterIdentifier.
      const master = successor.masterIdentifier!;
      assertOutcome(
        await create(second, mine(nhsNumber, { masterIdentifier: master })),
        'DUPLICATE_REJECTED',
        `Duplicate masterIdentifier value: ${master.value} system: ${master.system}`,
      );
    },
  );

  it('the file is complete JSON before every write and no temporary file is left behind', async (t) => {
    const dir = tempDir(t);
    const dbFile = join(dir, 'pointers.json');
    const mock = await openDbMock(t, dbFile);
    const seen: string[][] = [];
    countWrites(mock, () => {
      readDb(dbFile); // throws if a reader could see a partial file
      seen.push(readdirSync(dir));
    });
    const responses = await Promise.all(Array.from({ length: 40 }, () => create(mock, mine())));
    for (const res of responses) assertOutcome(res, 'RESOURCE_CREATED');
    assert.ok(seen.length > 0);
    for (const listing of seen) assert.deepEqual(listing, ['pointers.json']);
    assert.deepEqual(readdirSync(dir), ['pointers.json']);
    assert.deepEqual(readDb(dbFile), JSON.parse(JSON.stringify(mock.store.state)));
  });

  it(
    'group commit: 50 parallel creates are written in fewer ' + 'than 50 file writes, and all of them are in the file',
    async (t) => {
      const dbFile = join(tempDir(t), 'pointers.json');
      const mock = await openDbMock(t, dbFile);
      const persistence = countWrites(mock);
      const responses = await Promise.all(Array.from({ length: 50 }, () => create(mock, mine())));
      const ids = responses.map(createdId);
      assert.ok(
        persistence.snapshots >= 1 && persistence.snapshots < 50,
        `${persistence.snapshots} writes for 50 creates`,
      );
      const saved = new Set(idsIn(dbFile));
      for (const id of ids) assert.ok(saved.has(id), `pointer ${id} is in the file`);
    },
  );

  it('group commit: changes committed while a write is under way share the next write', async (t) => {
    const dbFile = join(tempDir(t), 'pointers.json');
    const mock = await openDbMock(t, dbFile);
    const persistence = countWrites(mock);
    const patients = Array.from({ length: 20 }, () => generateNhsNumber());
    await Promise.all(patients.map((nhsNumber) => mock.store.transact((tx) => tx.markKnown(nhsNumber))));
    assert.ok(persistence.snapshots <= 2, `${persistence.snapshots} writes for 20 changes made together`);
    const known = new Set(readDb(dbFile).knownPatients.map((patient) => patient.id));
    for (const nhsNumber of patients) assert.ok(known.has(nhsNumber));
  });

  for (const internalErrorBody of ['html', 'operation-outcome'] as const) {
    it(`NRLS-ERR-014, NRLS-SUPERSEDE-003, NRLS-SUPERSEDE-010 (AMB-39): a failed ` +
      `write undoes the change and answers 500, not a hang (${internalErrorBody})`, {
      timeout: 10_000,
    }, async (t) => {
      const folder = join(tempDir(t), 'db');
      mkdirSync(folder);
      const dbFile = join(folder, 'pointers.json');
      const mock = await openDbMock(t, dbFile, { internalErrorBody });
      const keptPatient = generateNhsNumber();
      const kept = mine(keptPatient);
      const keptId = createdId(await create(mock, kept));
      const keptBefore = await pointerById(mock, keptId);
      const stateBefore = JSON.parse(JSON.stringify(mock.store.state));
      const assertServerError = (res: { status: number; text: string; headers: Record<string, string> }) => {
        if (internalErrorBody === 'html') {
          assert.equal(res.status, 500);
          assert.equal(res.text, INTERNAL_ERROR_HTML);
        } else {
          assertOutcome(
            res,
            'INTERNAL_SERVER_ERROR',
            /^There has been an internal error when attempting to persist the DocumentReference\./,
          );
        }
      };

      rmSync(folder, { recursive: true }); // every write now fails
      const newPatient = generateNhsNumber();
      assertServerError(await create(mock, mine(newPatient)));
      assertServerError(await create(mock, mine(keptPatient, { replaces: kept.masterIdentifier! })));
      assertServerError(await remove(mock, { _id: keptId }));
      const batch = await Promise.all(Array.from({ length: 10 }, () => create(mock, mine())));
      for (const res of batch) assertServerError(res);

      assert.deepEqual(JSON.parse(JSON.stringify(mock.store.state)), stateBefore, 'every change was undone');
      assert.deepEqual(await pointerById(mock, keptId), keptBefore, 'the kept pointer is still current at version 1');
      assertOutcome(await search(mock, subjectQuery(newPatient)), 'NO_RECORD_FOUND');
      assert.ok(mock.internalErrors.length > 0, 'the failed write is reported');
      for (const error of mock.internalErrors) {
        assert.ok(error instanceof StoreWriteError, String(error));
        assert.equal((error.cause as NodeJS.ErrnoException).code, 'ENOENT');
      }

      mkdirSync(folder); // writes work again, and the next one holds no undone change
      const laterId = createdId(await create(mock, mine()));
      assert.deepEqual(
        idsIn(dbFile).sort(),
        [...stateBefore.DocumentReference.map((pointer: { id: string }) => pointer.id), laterId].sort(),
      );
    });
  }

  it('POST _admin/reset writes the fixtures to the file before it answers', async (t) => {
    const dbFile = join(tempDir(t), 'pointers.json');
    const mock = await openDbMock(t, dbFile);
    await create(mock, mine(generateNhsNumber()));
    assert.notDeepEqual(readDb(dbFile), SEEDED);
    assert.equal((await mock.http.post('/_admin/reset')).status, 200);
    assert.deepEqual(readDb(dbFile), SEEDED);
  });

  it('a 201 or 200 from _admin is sent only after the change is in the file', async (t) => {
    const dbFile = join(tempDir(t), 'pointers.json');
    const mock = await openDbMock(t, dbFile);
    const raw = {
      ...mine(generateNhsNumber()),
      id: 'admin-pointer',
      meta: { versionId: '1', lastUpdated: '2018-09-10T09:30:00+00:00' },
    };
    assert.equal((await mock.http.post('/_admin/DocumentReference').send(raw)).status, 201);
    assert.ok(idsIn(dbFile).includes('admin-pointer'), 'the admin POST is in the file');
    assert.equal((await mock.http.delete('/_admin/DocumentReference/admin-pointer')).status, 200);
    assert.ok(!idsIn(dbFile).includes('admin-pointer'), 'the admin DELETE is in the file');
  });
});

describe('a db file that is not a store', () => {
  const NOT_A_STORE: [string, string, RegExp][] = [
    ['text that is not JSON', '{"DocumentReference": [', /: not JSON \(/],
    ['an empty file', '', /: not JSON \(/],
    ['a JSON array', '[]', /: not an NRLS mock store/],
    ['JSON null', 'null', /: not an NRLS mock store/],
    ['an object without DocumentReference', '{"pointers": []}', /: not an NRLS mock store/],
    ['a DocumentReference that is not an array', '{"DocumentReference": {}}', /: not an NRLS mock store/],
    [
      'knownPatients that is not an array',
      '{"DocumentReference": [], "knownPatients": "9876543210"}',
      /: knownPatients must be an array/,
    ],
  ];
  for (const [defect, text, reason] of NOT_A_STORE) {
    it(`${defect} gives a StoreFileError naming the file, and the file is left alone`, async (t) => {
      const dbFile = join(tempDir(t), 'pointers.json');
      writeFileSync(dbFile, text);
      await assert.rejects(openStore(mockConfig(testFixtures(), { dbFile })), (error: Error) => {
        assert.ok(error instanceof StoreFileError, `${error.name}: ${error.message}`);
        assert.ok(error.message.startsWith(`${dbFile}: `), error.message);
        assert.match(error.message, reason);
        return true;
      });
      assert.equal(readFileSync(dbFile, 'utf8'), text);
    });
  }

  it('a folder given as the db file gives a StoreFileError naming it', async (t) => {
    const dbFile = tempDir(t);
    await assert.rejects(openStore(mockConfig(testFixtures(), { dbFile })), (error: Error) => {
      assert.ok(error instanceof StoreFileError, `${error.name}: ${error.message}`);
      assert.ok(error.message.startsWith(`${dbFile}: `), error.message);
      return true;
    });
  });

  for (const [defect, text] of [
    ['a null pointer', '{"DocumentReference": [null], "knownPatients": []}'],
    ['a pointer that is a number', '{"DocumentReference": [42], "knownPatients": []}'],
    ['a null known patient', '{"DocumentReference": [], "knownPatients": [null]}'],
  ] as const) {
    it(`${defect} in the collections gives a StoreFileError naming the file`, async (t) => {
      const dbFile = join(tempDir(t), 'pointers.json');
      writeFileSync(dbFile, text);
      await assert.rejects(openStore(mockConfig(testFixtures(), { dbFile })), (error: Error) => {
        assert.ok(error instanceof StoreFileError, `${error.name}: ${error.message}`);
        assert.ok(error.message.startsWith(`${dbFile}: `), error.message);
        return true;
      });
    });
  }
});
