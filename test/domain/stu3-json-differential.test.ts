// The strict STU3 JSON check (stu3-json.ts, a walk over compiled STU3 tables) against the XML round trip
// it replaced (stu3-json-round-trip.ts): over generated pointers, valid and broken in every way the
// brief lists, both give the same answer: ok or not, the problem, and the element named. A round trip
// that threw counts as 'not-xml' (the new check returns that instead of throwing). Both are given the
// skeleton the mock gives them (parse-body.ts), and valid pointers are also compared as they are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkJsonResource, skeletonOf, type JsonResourceCheck } from '../../src/domain/stu3-json.ts';
import { checkJsonResourceByRoundTrip } from '../../src/domain/stu3-json-round-trip.ts';
import type { FhirResource } from '../../src/domain/stu3-xml.ts';
import { buildPointer } from '../../src/domain/pointer-builder.ts';
import { validPointer } from '../fuzz/arbitraries/index.ts';
import { applyTreeMutation, treeMutation } from '../fuzz/arbitraries/tree.ts';
import { boundedJson, elementKey, type Json } from '../fuzz/arbitraries/values.ts';

type Outcome = { ok: true } | { ok: false; problem: string; elementPath?: string };

const outcome = (check: () => JsonResourceCheck): Outcome => {
  try {
    const result = check();
    return result.ok ? { ok: true } : { ok: false, problem: result.problem, elementPath: result.elementPath };
  } catch {
    return { ok: false, problem: 'not-xml' };
  }
};
const byRoundTrip = (resource: unknown) => outcome(() => checkJsonResourceByRoundTrip(resource as FhirResource));
const bySchema = (resource: unknown) => outcome(() => checkJsonResource(resource as FhirResource));

/** The same answer; the element path only where the round trip names one (a throw names none). */
function assertAgree(resource: unknown, label: string): void {
  const old = byRoundTrip(resource);
  const now = bySchema(resource);
  const context = `${label}\n${JSON.stringify(resource).slice(0, 600)}`;
  assert.equal(now.ok, old.ok, `ok differs: round trip ${JSON.stringify(old)}, schema ${JSON.stringify(now)}: ${context}`);
  if (old.ok || now.ok) return;
  assert.equal(now.problem, old.problem, `problem differs: ${JSON.stringify(old)} vs ${JSON.stringify(now)}: ${context}`);
  if (old.elementPath !== undefined) assert.equal(now.elementPath, old.elementPath, `path differs: ${context}`);
}

const EXTENSION = { url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-x', valueString: 'v' };
/** FHIR-shaped values and near misses, for the places a mutation lands. */
const shapedValue: fc.Arbitrary<Json> = fc.constantFrom<Json>(
  'xx', '', 1, 0, true, false, null, [], {}, ['xx'], [''], [null], [1], [true], [[]], [{}], [['xx']], [{ reference: 'xx' }],
  { reference: 'xx' }, { reference: '' }, { reference: ['xx'] }, { colour: 'xx' }, { id: 'xx' }, { id: {} }, { id: ['xx'] },
  { extension: [EXTENSION] }, { extension: EXTENSION }, { extension: 'xx' }, [{ url: 'u' }], [{ valueString: 'v' }],
  [EXTENSION], [{ ...EXTENSION, valueBoolean: 'xx' }], [{ url: 'u', valueBoolean: true }], [{ url: 'u', valueInteger: 1 }],
  [{ url: 'u', valueReference: { reference: 'xx' } }], [{ url: 'u', valueReference: 'xx' }], [{ url: 'u', extension: [EXTENSION] }],
  { fhir_comments: ['c'] }, { fhir_comments: 'c' }, { length: 1 }, { coding: [{ system: 'xx', code: 'xx' }] },
  [{ resourceType: 'DocumentReference' }], [{ resourceType: 'DocumentReference', status: 'current' }],
  [{ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid' }] }], [{ resourceType: 'Patient' }],
  { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">plan</div>' }, { status: 'generated', div: '<div/>' },
  { status: 'generated', div: '<p>x</p>' }, { status: 'generated', div: '' }, { status: 'generated', div: '<div>a &amp; b</div>' },
);
const keyed: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: elementKey },
  { weight: 4, arbitrary: fc.constantFrom('_status', '_description', '_created', '_id', '_profile', '_title', '_subject', '_url',
    'extension', 'modifierExtension', 'id', 'fhir_comments', 'contained', 'text', 'div', '_div', 'resourceType', 'valueString',
    'valueBoolean', 'url', 'reference', 'display', 'coding', 'profile', 'related', 'event', 'period', 'start', 'encounter') },
);
const mutation = treeMutation(fc.oneof({ weight: 4, arbitrary: shapedValue }, { weight: 1, arbitrary: boundedJson })).chain((base) =>
  base.kind === 'inject' ? keyed.map((key) => ({ ...base, key })) : fc.constant(base),
);

/** Optional parts a pointer may also carry: extensions, primitive extensions, narrative, context, relatesTo. */
const enriched = fc
  .record({
    pointer: validPointer,
    extension: fc.boolean(),
    statusExtension: fc.boolean(),
    profile: fc.boolean(),
    narrative: fc.boolean(),
    context: fc.boolean(),
    attachmentExtension: fc.boolean(),
  })
  .map((parts) => {
    const pointer = structuredClone(parts.pointer) as unknown as Record<string, Json>;
    if (parts.extension) pointer.extension = [EXTENSION, { url: 'u', extension: [{ url: 'v', valueCodeableConcept: { text: 't' } }] }];
    if (parts.statusExtension) pointer._status = { id: 's', extension: [{ url: 'u', valueCode: 'c' }] };
    if (parts.profile) pointer.meta = { profile: ['p', 'q'], _profile: [null, { extension: [EXTENSION] }] };
    if (parts.narrative) pointer.text = { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>plan</p></div>' };
    if (parts.context) pointer.context = { period: { start: '2020' }, practiceSetting: { coding: [{ system: 's', code: 'c' }] }, related: [{ ref: { reference: 'r' } }] };
    if (parts.attachmentExtension) (pointer.content as Json[]).push({ attachment: { url: 'u', _title: { extension: [EXTENSION] }, size: 1 }, id: 'c2' });
    // A copy: the parts above are shared constants, and the mutations change the tree in place.
    return structuredClone(pointer) as Json;
  });

describe('strict STU3 JSON: schema walk against the XML round trip', () => {
  it('NRLS-PROF-001: agrees on generated pointers, valid and with 1 to 4 mutations (skeletons, as the mock checks them)', () => {
    let rejected = 0;
    let runs = 0;
    fc.assert(
      fc.property(enriched, fc.array(mutation, { minLength: 0, maxLength: 4 }), (pointer, mutations) => {
        const labels = mutations.map((change) => applyTreeMutation(pointer, change));
        const skeleton = skeletonOf(pointer);
        if (skeleton === null || typeof skeleton !== 'object' || Array.isArray(skeleton)) return;
        if ((skeleton as FhirResource).resourceType !== 'DocumentReference') return;
        runs += 1;
        if (!byRoundTrip(skeleton).ok) rejected += 1;
        assertAgree(skeleton, labels.join('; '));
      }),
      { seed: Number(process.env.STU3_DIFF_SEED ?? 20261124), numRuns: Number(process.env.STU3_DIFF_RUNS ?? 3000) },
    );
    // The generator must exercise both answers, not only one.
    assert.ok(rejected > runs / 5 && rejected < runs * 0.95, `${rejected} of ${runs} rejected`);
  });

  it('agrees on valid pointers as sent (not skeletons): ok', () => {
    fc.assert(
      fc.property(enriched, (pointer) => {
        assertAgree(pointer, 'raw');
        assert.deepEqual(bySchema(pointer), { ok: true });
      }),
      { seed: 20261125, numRuns: 300 },
    );
  });
});
