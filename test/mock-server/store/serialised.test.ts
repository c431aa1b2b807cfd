// The serialised forms the store keeps for search responses stay bounded, and are never stale.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_POINTERS, forgetSerialised, jsonOf, keptForms, xmlOf } from '../../../mock-server/store/serialised.ts';
import type { FhirResource } from '../../../src/domain/stu3-xml.ts';

const resource = (n: number) => ({ resourceType: 'DocumentReference', id: `id-${n}`, status: 'current' }) as FhirResource;

describe('the serialised forms of stored pointers', () => {
  it(`are kept for at most ${MAX_POINTERS.toLocaleString('en-GB')} pointers however many are served`, () => {
    const served = Array.from({ length: MAX_POINTERS * 2 + 10 }, (_, n) => resource(n));
    for (const pointer of served) {
      assert.equal(jsonOf(pointer).toString('utf8'), JSON.stringify(pointer));
      assert.ok(keptForms() <= MAX_POINTERS, `${keptForms()} kept`);
    }
    assert.equal(jsonOf(served[0]!).toString('utf8'), JSON.stringify(served[0]), 'a dropped form is made again, correctly');
  });

  it('are made once while the pointer is unchanged, and anew once the store forgets them', () => {
    const pointer = resource(1);
    let writes = 0;
    const write = (r: FhirResource) => `<${r.status}/>${++writes}`;
    assert.equal(xmlOf(pointer, write), '<current/>1');
    assert.equal(xmlOf(pointer, write), '<current/>1');
    assert.equal(jsonOf(pointer), jsonOf(pointer), 'the same bytes, not a copy');
    (pointer as unknown as { status: string }).status = 'superseded';
    forgetSerialised(pointer);
    assert.equal(xmlOf(pointer, write), '<superseded/>2');
    assert.match(jsonOf(pointer).toString('utf8'), /"superseded"/);
  });
});
