// A failed write to the db file (the snapshot cannot be made, or the file cannot be written) rejects every
// change waiting on it with a StoreWriteError naming the file, undoes them, and leaves the store working:
// the next change is written. Over HTTP the rejection is the 500 of AMB-39, never a hang.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import {
  JsonFilePersistence,
  StoreWriteError,
  writeFileAtomically,
  type StateWriter,
} from '../../../mock-server/store/persistence.ts';
import type { StoreState } from '../../../mock-server/store/store-state.ts';
import { generateNhsNumber } from '../../../src/domain/nhs-number.ts';
import { buildPointer } from '../../../src/domain/pointer-builder.ts';
import type { StoredPointer } from '../../../src/domain/pointer.ts';
import { PROVIDER, assertOutcome, create, createdId, servedMock } from '../../support/mock.ts';

function tempFile(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nrls-persistence-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'pointers.json');
}

const readDb = (file: string): StoreState => JSON.parse(readFileSync(file, 'utf8')) as StoreState;
const pointerWithId = (id: string) => ({ id, resourceType: 'DocumentReference' }) as StoredPointer;

/** A writer that fails while `failing.now` is true, and writes the file otherwise. */
function switchableWriter(): { write: StateWriter; failing: { now: boolean }; calls: number } {
  const control = {
    failing: { now: true },
    calls: 0,
    write: (async (file, chunks, sequence) => {
      control.calls += 1;
      if (control.failing.now) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      await writeFileAtomically(file, chunks, sequence);
    }) as StateWriter,
  };
  return control;
}

/** Settles within the test's time, or says it hung. */
const settled = <T>(promise: Promise<T>) =>
  Promise.race([
    promise.then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the commit hung')), 2_000).unref()),
  ]);

describe('a failed write to the db file', () => {
  const lostTitle = 'NRLS-SUPERSEDE-010: a failing writer rejects every waiting commit, undoes them newest first';
  it(`${lostTitle}, and the next commit is written`, async (t) => {
    const file = tempFile(t);
    const state: StoreState = { DocumentReference: [], knownPatients: [] };
    const writer = switchableWriter();
    const persistence = new JsonFilePersistence(file, () => state, writer.write);
    const undone: string[] = [];
    const change = (id: string) => {
      state.DocumentReference.push(pointerWithId(id));
      return persistence.commit(() => {
        undone.push(id);
        const at = state.DocumentReference.findIndex((pointer) => pointer.id === id);
        state.DocumentReference.splice(at, 1);
      });
    };

    // The first starts a write; the other two wait for it and are lost with it.
    const results = await Promise.all(['a', 'b', 'c'].map((id) => settled(change(id))));
    for (const result of results) {
      assert.equal(result.ok, false, 'a commit whose write failed is rejected');
      const error = (result as { error: unknown }).error;
      assert.ok(error instanceof StoreWriteError, String(error));
      assert.equal(error.file, file);
      assert.match(error.message, /^the store could not be written to .*pointers\.json: ENOSPC: no space left/);
      assert.equal((error.cause as NodeJS.ErrnoException).code, 'ENOSPC');
    }
    assert.deepEqual(undone, ['c', 'b', 'a']);
    assert.deepEqual(state.DocumentReference, []);

    writer.failing.now = false;
    const later = await settled(change('d'));
    assert.deepEqual(later, { ok: true, value: undefined }, 'a commit after the failure succeeds');
    assert.deepEqual(
      readDb(file).DocumentReference.map((pointer) => pointer.id),
      ['d'],
    );
  });

  it('NRLS-SUPERSEDE-010: an unserialisable snapshot rejects its commit, not hanging every later one', async (t) => {
    const file = tempFile(t);
    const state: StoreState = { DocumentReference: [], knownPatients: [] };
    const persistence = new JsonFilePersistence(file, () => state);
    // JSON.stringify throws on a BigInt: serialiseState throws, before any file is touched.
    const unserialisable = { ...pointerWithId('bad'), size: 1n } as unknown as StoredPointer;
    state.DocumentReference.push(unserialisable);
    const failed = await settled(persistence.commit(() => state.DocumentReference.pop()));
    assert.equal(failed.ok, false);
    const error = (failed as { error: unknown }).error;
    assert.ok(error instanceof StoreWriteError, String(error));
    assert.match(error.message, /BigInt/);
    assert.equal(state.DocumentReference.length, 0, 'the change was undone');

    state.DocumentReference.push(pointerWithId('good'));
    const later = await settled(persistence.commit(() => state.DocumentReference.pop()));
    assert.deepEqual(later, { ok: true, value: undefined }, 'the store keeps working');
    assert.deepEqual(
      readDb(file).DocumentReference.map((pointer) => pointer.id),
      ['good'],
    );
  });

  it('every waiting commit is rejected even when an undo throws', async (t) => {
    const file = tempFile(t);
    const writer = switchableWriter();
    const empty = (): StoreState => ({ DocumentReference: [], knownPatients: [] });
    const persistence = new JsonFilePersistence(file, empty, writer.write);
    const results = await Promise.all([
      settled(persistence.commit(() => undefined)),
      settled(
        persistence.commit(() => {
          throw new Error('undo bug');
        }),
      ),
    ]);
    for (const result of results) {
      assert.equal(result.ok, false);
      const { message } = (result as { error: Error }).error;
      assert.match(message, /could not be written.*; undoing a change failed too: undo bug$/);
    }
    writer.failing.now = false;
    assert.deepEqual(await settled(persistence.commit(() => undefined)), { ok: true, value: undefined });
  });

  for (const failure of ['the writer', 'the snapshot'] as const) {
    const title = `NRLS-ERR-014 (AMB-39): a create whose write fails in ${failure} is a 500 OperationOutcome`;
    it(`${title}, and the next create is stored`, async (t) => {
      const dbFile = tempFile(t);
      const mock = await servedMock(t, { dbFile, internalErrorBody: 'operation-outcome' });
      const writer = switchableWriter();
      let snapshotFails = failure === 'the snapshot';
      const snapshot = () => {
        if (snapshotFails) throw new TypeError('the state cannot be serialised');
        return mock.store.state;
      };
      writer.failing.now = failure === 'the writer';
      mock.store.usePersistence(new JsonFilePersistence(dbFile, snapshot, writer.write));
      const nhsNumber = generateNhsNumber();

      const refused = await create(mock, buildPointer({ nhsNumber, custodian: PROVIDER.ods }));
      assertOutcome(refused, 'INTERNAL_SERVER_ERROR', /^There has been an internal error when attempting to persist/);
      assert.equal(mock.internalErrors.length, 1);
      assert.ok(mock.internalErrors[0] instanceof StoreWriteError, 'the failure is reported, naming the file');
      assert.equal(mock.store.findForPatient(nhsNumber).length, 0, 'the change was undone');

      writer.failing.now = false;
      snapshotFails = false;
      const id = createdId(await create(mock, buildPointer({ nhsNumber, custodian: PROVIDER.ods })));
      const stored = readDb(dbFile).DocumentReference.map((pointer) => pointer.id);
      assert.ok(stored.includes(id), 'the later create is in the file');
    });
  }

  it('an _admin write or reset not written is a 500 ADMIN_STORE_FAILED, undone; the next works', async (t) => {
    const dbFile = tempFile(t);
    const mock = await servedMock(t, { dbFile });
    const writer = switchableWriter();
    mock.store.usePersistence(new JsonFilePersistence(dbFile, () => mock.store.state, writer.write));
    const raw = { ...buildPointer({ nhsNumber: generateNhsNumber(), custodian: PROVIDER.ods }), id: 'admin-pointer' };
    const before = JSON.stringify(mock.store.state);

    const posted = await mock.http.post('/_admin/DocumentReference').send(raw);
    for (const res of [posted, await mock.http.post('/_admin/reset')]) {
      const issue = assertOutcome(res, 'ADMIN_STORE_FAILED', /could not be written to the store and was undone: /);
      assert.match(issue.diagnostics!, /ENOSPC/);
    }
    assert.equal(JSON.stringify(mock.store.state), before, 'both were undone');
    assert.equal(mock.store.findById('admin-pointer'), undefined);

    writer.failing.now = false;
    assert.equal((await mock.http.post('/_admin/DocumentReference').send(raw)).status, 201);
    assert.ok(readDb(dbFile).DocumentReference.some((pointer) => pointer.id === 'admin-pointer'));
    assert.equal((await mock.http.post('/_admin/reset')).status, 200);
    assert.ok(!readDb(dbFile).DocumentReference.some((pointer) => pointer.id === 'admin-pointer'));
  });

  it('an _admin write whose undo cannot read the file either is a 500; later changes are still written', async (t) => {
    const folder = join(tempFile(t), '..', 'db');
    mkdirSync(folder);
    const dbFile = join(folder, 'pointers.json');
    const mock = await servedMock(t, { dbFile });
    rmSync(folder, { recursive: true }); // the write fails, and the undo (which reads the file) too
    const raw = { ...buildPointer({ nhsNumber: generateNhsNumber(), custodian: PROVIDER.ods }), id: 'admin-pointer' };
    const posted = await mock.http.post('/_admin/DocumentReference').send(raw);
    assertOutcome(posted, 'ADMIN_STORE_FAILED', /could not be written to the store nor undone: .*undoing a change/);

    mkdirSync(folder);
    const nhsNumber = generateNhsNumber();
    const created = await settled(create(mock, buildPointer({ nhsNumber, custodian: PROVIDER.ods })).then(createdId));
    assert.equal(created.ok, true, 'a later create is answered, not left hanging');
    const stored = readDb(dbFile).DocumentReference.map((pointer) => pointer.id);
    assert.ok(stored.includes((created as { value: string }).value), 'the later create is in the file');
  });
});
