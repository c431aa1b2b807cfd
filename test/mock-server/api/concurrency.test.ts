// Races over real sockets against one server: the duplicate check, supersede and delete are atomic, and
// creates racing deletes neither lose nor duplicate pointers, in memory and with a `--db` file.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { openStore } from '../../../mock-server/store/open-store.ts';
import { patientUrl } from '../../../src/domain/identifiers.ts';
import { generateNhsNumber } from '../../../src/domain/nhs-number.ts';
import { buildPointer, uniqueMasterIdentifier } from '../../../src/domain/pointer-builder.ts';
import type { Pointer } from '../../../src/domain/pointer.ts';
import {
  PROVIDER,
  assertOutcome,
  bundleOf,
  create,
  createdId,
  remove,
  search,
  servedMock,
  subjectQuery,
  testFixtures,
  type ServedMock,
} from '../../support/mock.ts';

type Storage = 'in memory' | 'with a db file';
const STORAGES: Storage[] = ['in memory', 'with a db file'];
const SEEDED_POINTERS = testFixtures().pointers.length;

/** One server on a free port for the whole test, so parallel requests really meet in one process. */
async function serve(t: TestContext, storage: Storage): Promise<ServedMock> {
  if (storage === 'in memory') return servedMock(t);
  const dir = mkdtempSync(join(tmpdir(), 'nrls-concurrency-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return servedMock(t, { dbFile: join(dir, 'pointers.json') });
}

const mine = (nhsNumber: string, changes: Partial<Parameters<typeof buildPointer>[0]> = {}): Pointer =>
  buildPointer({ nhsNumber, custodian: PROVIDER.ods, ...changes });

function countStatuses(responses: readonly { status: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of responses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** With a db file: the file holds exactly the live state, and a store reopened from it indexes the same pointers. */
async function assertDurable(mock: ServedMock): Promise<void> {
  assert.deepEqual(mock.internalErrors, []);
  if (!mock.config.dbFile) return;
  const live = JSON.parse(JSON.stringify(mock.store.state));
  assert.deepEqual(
    JSON.parse(readFileSync(mock.config.dbFile, 'utf8')),
    live,
    'the db file holds exactly the live state',
  );
  const reopened = await openStore(mock.config);
  assert.deepEqual(reopened.state, live);
  for (const pointer of mock.store.state.DocumentReference) assert.equal(reopened.findById(pointer.id)?.id, pointer.id);
}

async function pointersOf(mock: ServedMock, nhsNumber: string) {
  return (bundleOf(await search(mock, subjectQuery(nhsNumber))).entry ?? []).map((entry) => entry.resource);
}

for (const storage of STORAGES) {
  describe(`concurrent requests (${storage})`, () => {
    it(
      `NRLS-CREATE-013, NRLS-ID-004, NRLS-PROF-017: 100 parallel creates of one ` +
        `masterIdentifier for one patient give one 201 and 99 DUPLICATE_REJECTED (${storage})`,
      async (t) => {
        const mock = await serve(t, storage);
        const nhsNumber = generateNhsNumber();
        const master = uniqueMasterIdentifier();
        const responses = await Promise.all(
          Array.from({ length: 100 }, () => create(mock, mine(nhsNumber, { masterIdentifier: master }))),
        );

        assert.deepEqual(countStatuses(responses), { 201: 1, 400: 99 });
        const winner = responses.find((res) => res.status === 201)!;
        assertOutcome(winner, 'RESOURCE_CREATED');
        for (const res of responses.filter((candidate) => candidate !== winner)) {
          assertOutcome(
            res,
            'DUPLICATE_REJECTED',
            `Duplicate masterIdentifier value: ${master.value} system: ${master.system}`,
          );
        }
        assert.deepEqual(
          (await pointersOf(mock, nhsNumber)).map((pointer) => pointer.id),
          [createdId(winner)],
        );
        assert.equal(mock.store.size, SEEDED_POINTERS + 1);
        await assertDurable(mock);
      },
    );

    it(
      `NRLS-SUPERSEDE-003, NRLS-SUPERSEDE-007, NRLS-SUPERSEDE-008 (AMB-32): 20 parallel ` +
        `supersedes of one pointer give one 201 and 19 INVALID_RESOURCE (${storage})`,
      async (t) => {
        const mock = await serve(t, storage);
        const nhsNumber = generateNhsNumber();
        const original = mine(nhsNumber);
        const originalId = createdId(await create(mock, original));
        const successors = Array.from({ length: 20 }, () => mine(nhsNumber, { replaces: original.masterIdentifier! }));
        const responses = await Promise.all(successors.map((successor) => create(mock, successor)));

        assert.deepEqual(countStatuses(responses), { 201: 1, 400: 19 });
        const winnerAt = responses.findIndex((res) => res.status === 201);
        for (const [at, res] of responses.entries()) {
          if (at === winnerAt) assertOutcome(res, 'RESOURCE_CREATED');
          else assertOutcome(res, 'INVALID_RESOURCE', /^Resource is invalid : relatesTo\.code/);
        }
        const byId = new Map((await pointersOf(mock, nhsNumber)).map((pointer) => [pointer.id, pointer]));
        assert.equal(byId.size, 2, 'the original and exactly one successor');
        const old = byId.get(originalId)!;
        assert.deepEqual([old.status, old.meta.versionId], ['superseded', '2']);
        const successor = byId.get(createdId(responses[winnerAt]!))!;
        assert.deepEqual([successor.status, successor.meta.versionId], ['current', '1']);
        assert.deepEqual(successor.masterIdentifier, successors[winnerAt]!.masterIdentifier);
        assert.deepEqual(successor.relatesTo, [
          { code: 'replaces', target: { identifier: original.masterIdentifier } },
        ]);
        await assertDurable(mock);
      },
    );

    it(
      `NRLS-DELETE-006, NRLS-DELETE-008, NRLS-DELETE-009, NRLS-DELETE-010: parallel deletes of ` +
        `one pointer, by _id and by masterIdentifier, give one 200 and the rest 404 (${storage})`,
      async (t) => {
        const mock = await serve(t, storage);
        const nhsNumber = generateNhsNumber();
        const pointer = mine(nhsNumber);
        const id = createdId(await create(mock, pointer));
        const { system, value } = pointer.masterIdentifier!;
        const byId = Array.from({ length: 10 }, () => remove(mock, { _id: id }).then((res) => ({ res, missing: id })));
        const byIdentifier = Array.from({ length: 10 }, () =>
          remove(mock, { subject: patientUrl(nhsNumber), identifier: `${system}|${value}` }).then((res) => ({
            res,
            missing: value!,
          })),
        );
        const results = await Promise.all(byId.flatMap((request, at) => [request, byIdentifier[at]!]));

        assert.deepEqual(countStatuses(results.map(({ res }) => res)), { 200: 1, 404: 19 });
        for (const { res, missing } of results) {
          if (res.status === 200) assertOutcome(res, 'RESOURCE_DELETED');
          else
            assertOutcome(
              res,
              'NO_RECORD_FOUND',
              `No record found for supplied DocumentReference identifier - ${missing}`,
            );
        }
        assertOutcome(await search(mock, { _id: id }), 'NO_RECORD_FOUND');
        assert.deepEqual(await pointersOf(mock, nhsNumber), [], 'the patient stays known with no pointers (AMB-53)');
        assert.equal(mock.store.size, SEEDED_POINTERS);
        await assertDurable(mock);
      },
    );

    it(
      `NRLS-CREATE-013, NRLS-DELETE-010, NRLS-SEARCH-028: creates ` +
        `racing deletes lose and duplicate nothing (${storage})`,
      async (t) => {
        const mock = await serve(t, storage);
        const nhsNumber = generateNhsNumber();
        const old = Array.from({ length: 20 }, () => mine(nhsNumber));
        const oldIds = (await Promise.all(old.map((pointer) => create(mock, pointer)))).map(createdId);
        // Each old pointer is deleted while a create reuses its masterIdentifier and an unrelated create runs.
        const reusing = old.map((pointer) => mine(nhsNumber, { masterIdentifier: pointer.masterIdentifier! }));
        const fresh = Array.from({ length: 20 }, () => mine(nhsNumber));
        const rounds = await Promise.all(
          oldIds.map(async (id, at) => {
            const [deleted, reused, created] = await Promise.all([
              remove(mock, { _id: id }),
              create(mock, reusing[at]!),
              create(mock, fresh[at]!),
            ]);
            return { deleted, reused, created };
          }),
        );

        const expected = new Set<string>();
        for (const [at, { deleted, reused, created }] of rounds.entries()) {
          assertOutcome(deleted, 'RESOURCE_DELETED');
          assertOutcome(created, 'RESOURCE_CREATED');
          expected.add(createdId(created));
          const master = old[at]!.masterIdentifier!;
          // Either the delete came first (201) or the create did (duplicate); both are consistent.
          if (reused.status === 201) expected.add(createdId(reused));
          else
            assertOutcome(
              reused,
              'DUPLICATE_REJECTED',
              `Duplicate masterIdentifier value: ${master.value} system: ${master.system}`,
            );
        }

        const found = await pointersOf(mock, nhsNumber);
        const ids = found.map((pointer) => pointer.id);
        assert.equal(new Set(ids).size, ids.length, 'no pointer is listed twice');
        assert.deepEqual(new Set(ids), expected, 'exactly the pointers whose create succeeded');
        for (const id of oldIds) assertOutcome(await search(mock, { _id: id }), 'NO_RECORD_FOUND');
        for (const id of expected) assert.equal(bundleOf(await search(mock, { _id: id })).total, 1);
        for (const { masterIdentifier } of old) {
          const holders = found.filter((pointer) => pointer.masterIdentifier?.value === masterIdentifier!.value);
          assert.ok(
            holders.length <= 1,
            `masterIdentifier ${masterIdentifier!.value} is held by ${holders.length} pointers`,
          );
        }
        assert.equal(mock.store.size, SEEDED_POINTERS + expected.size);
        await assertDurable(mock);
      },
    );
  });
}
