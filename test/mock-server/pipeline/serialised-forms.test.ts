// The serialised forms a serialiser keeps for search responses: bounded, one cache per app, and never
// stale: a pointer the store superseded, restored, changed through _admin or deleted is served as it is
// now, in JSON and XML, however often it was served before.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_POINTERS, SerialisedForms } from '../../../mock-server/pipeline/serialised-forms.ts';
import type { FhirResource } from '../../../src/domain/stu3-xml.ts';
import { generateNhsNumber } from '../../../src/domain/nhs-number.ts';
import { buildPointer } from '../../../src/domain/pointer-builder.ts';
import {
  PROVIDER,
  assertOutcome,
  bundleOf,
  create,
  createdId,
  remove,
  resourceOf,
  search,
  subjectQuery,
  testMock,
  type Format,
  type TestMock,
} from '../../support/mock.ts';

const resource = (n: number) =>
  ({ resourceType: 'DocumentReference', id: `id-${n}`, status: 'current' }) as FhirResource;

/** Stamps as a test sets them: every object has stamp 0 until the test says otherwise. */
function testStamps() {
  const stamps = new WeakMap<object, number>();
  return {
    stampOf: (object: object) => stamps.get(object) ?? 0,
    set: (object: object, stamp: number) => stamps.set(object, stamp),
  };
}

describe('the serialised forms of stored pointers', () => {
  it(`are kept for at most ${MAX_POINTERS.toLocaleString('en-GB')} pointers however many are served`, () => {
    const forms = new SerialisedForms(testStamps());
    const served = Array.from({ length: MAX_POINTERS * 2 + 10 }, (_, n) => resource(n));
    for (const pointer of served) {
      assert.equal(forms.jsonOf(pointer).toString('utf8'), JSON.stringify(pointer));
      assert.ok(forms.size <= MAX_POINTERS, `${forms.size} kept`);
    }
    const again = forms.jsonOf(served[0]!).toString('utf8');
    assert.equal(again, JSON.stringify(served[0]), 'a dropped form is made again, correctly');
  });

  it('are made once while the stamp is unchanged, and anew once the store stamps the pointer again', () => {
    const stamps = testStamps();
    const forms = new SerialisedForms(stamps);
    const pointer = resource(1);
    let writes = 0;
    const write = (r: FhirResource) => `<${r.status}/>${++writes}`;
    assert.equal(forms.xmlOf(pointer, write), '<current/>1');
    assert.equal(forms.xmlOf(pointer, write), '<current/>1');
    assert.equal(forms.jsonOf(pointer), forms.jsonOf(pointer), 'the same bytes, not a copy');
    (pointer as unknown as { status: string }).status = 'superseded';
    stamps.set(pointer, 1);
    assert.equal(forms.xmlOf(pointer, write), '<superseded/>2');
    assert.match(forms.jsonOf(pointer).toString('utf8'), /"superseded"/);
    assert.equal(forms.size, 1, 'a form made anew replaces the old one');
  });

  it('belong to one serialiser: another one makes its own', () => {
    const stamps = testStamps();
    const [first, second] = [new SerialisedForms(stamps), new SerialisedForms(stamps)];
    const pointer = resource(2);
    assert.equal(
      first.xmlOf(pointer, () => '<first/>'),
      '<first/>',
    );
    assert.equal(
      second.xmlOf(pointer, () => '<second/>'),
      '<second/>',
    );
    assert.equal(
      first.xmlOf(pointer, () => '<again/>'),
      '<first/>',
    );
    assert.equal(second.size, 1);
  });
});

const mine = (nhsNumber: string) => buildPointer({ nhsNumber, custodian: PROVIDER.ods });

/** The pointer with this id as a search by subject returns it, in the given format. */
async function servedPointer(mock: TestMock, nhsNumber: string, id: string, format: Format) {
  const bundle = bundleOf(await search(mock, subjectQuery(nhsNumber), { format }));
  const entry = bundle.entry?.find((candidate) => candidate.resource.id === id);
  assert.ok(entry, `pointer ${id} is in the searchset (${format})`);
  return entry.resource;
}

const statusAndVersion = (pointer: { status?: string; meta: { versionId: string } }) => [
  pointer.status,
  pointer.meta.versionId,
];

describe('search results served from kept forms', () => {
  for (const format of ['json', 'xml'] as const) {
    const title = `NRLS-SUPERSEDE-008: a pointer served before it was superseded is served superseded at version 2`;
    it(`${title} (${format})`, async () => {
      const mock = testMock();
      const nhsNumber = generateNhsNumber();
      const original = mine(nhsNumber);
      const originalId = createdId(await create(mock, original));
      for (let again = 0; again < 2; again++) {
        assert.deepEqual(statusAndVersion(await servedPointer(mock, nhsNumber, originalId, format)), ['current', '1']);
      }
      const replacement = buildPointer({ nhsNumber, custodian: PROVIDER.ods, replaces: original.masterIdentifier! });
      assert.equal((await create(mock, replacement)).status, 201);
      assert.deepEqual(statusAndVersion(await servedPointer(mock, nhsNumber, originalId, format)), ['superseded', '2']);
      const byId = bundleOf(await search(mock, { _id: originalId }, { format })).entry![0]!.resource;
      assert.deepEqual(statusAndVersion(byId), ['superseded', '2']);
    });

    it(`NRLS-SEARCH-028: a pointer served before it was deleted is in no search result after (${format})`, async () => {
      const mock = testMock();
      const nhsNumber = generateNhsNumber();
      const keptId = createdId(await create(mock, mine(nhsNumber)));
      const deletedId = createdId(await create(mock, mine(nhsNumber)));
      await servedPointer(mock, nhsNumber, deletedId, format);
      assert.equal((await remove(mock, { _id: deletedId })).status, 200);
      const bundle = bundleOf(await search(mock, subjectQuery(nhsNumber), { format }));
      assert.deepEqual(
        bundle.entry!.map((entry) => entry.resource.id),
        [keptId],
      );
      assertOutcome(await search(mock, { _id: deletedId }, { format }), 'NO_RECORD_FOUND');
    });

    it(`a pointer changed in place through _admin is served as changed, not as before (${format})`, async () => {
      const mock = testMock();
      const nhsNumber = generateNhsNumber();
      const id = createdId(await create(mock, mine(nhsNumber)));
      assert.equal((await servedPointer(mock, nhsNumber, id, format)).status, 'current');
      const patched = await mock.http.patch(`/_admin/DocumentReference/${id}`).send({ status: 'superseded' });
      assert.equal(patched.status, 200, patched.text.slice(0, 300));
      assert.equal((await servedPointer(mock, nhsNumber, id, format)).status, 'superseded');
    });
  }

  it('NRLS-SUPERSEDE-010: a supersede undone after a failed write is served current again (JSON, XML)', async () => {
    const mock = testMock();
    const nhsNumber = generateNhsNumber();
    const original = mine(nhsNumber);
    const originalId = createdId(await create(mock, original));
    let failing = true;
    const store = mock.app.store;
    // A write that fails after the supersede was applied in memory: forms made meanwhile must not outlive it.
    store.usePersistence({
      commit: async (undo) => {
        if (!failing) return;
        const formats = ['json', 'xml'] as const;
        const served = await Promise.all(formats.map((format) => servedPointer(mock, nhsNumber, originalId, format)));
        for (const pointer of served) assert.equal(pointer.status, 'superseded', 'served while the write is under way');
        undo(); // as JsonFilePersistence does on a failed write
        throw new Error('disk full');
      },
    });
    const replacement = buildPointer({ nhsNumber, custodian: PROVIDER.ods, replaces: original.masterIdentifier! });
    assert.equal((await create(mock, replacement)).status, 500);
    failing = false;
    for (const format of ['json', 'xml'] as const) {
      assert.deepEqual(statusAndVersion(await servedPointer(mock, nhsNumber, originalId, format)), ['current', '1']);
    }
    assert.equal(resourceOf(await search(mock, subjectQuery(nhsNumber))).total, 1, 'the replacement was undone too');
  });
});
