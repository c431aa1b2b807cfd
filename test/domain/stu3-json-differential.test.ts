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
import { applyTreeMutation, treeMutation, type TreeMutation } from '../fuzz/arbitraries/tree.ts';
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
  const both = `round trip ${JSON.stringify(old)}, schema ${JSON.stringify(now)}`;
  assert.equal(now.ok, old.ok, `ok differs: ${both}: ${context}`);
  if (old.ok || now.ok) return;
  assert.equal(now.problem, old.problem, `problem differs: ${both}: ${context}`);
  if (old.elementPath !== undefined) assert.equal(now.elementPath, old.elementPath, `path differs: ${context}`);
}

const EXTENSION = { url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-x', valueString: 'v' };
/** FHIR-shaped values and near misses, for the places a mutation lands. */
const shapedValue: fc.Arbitrary<Json> = fc.constantFrom<Json>(
  'xx',
  '',
  1,
  0,
  true,
  false,
  null,
  [],
  {},
  ['xx'],
  [''],
  [null],
  [1],
  [true],
  [[]],
  [{}],
  [['xx']],
  [{ reference: 'xx' }],
  { reference: 'xx' },
  { reference: '' },
  { reference: ['xx'] },
  { colour: 'xx' },
  { id: 'xx' },
  { id: {} },
  { id: ['xx'] },
  { extension: [EXTENSION] },
  { extension: EXTENSION },
  { extension: 'xx' },
  [{ url: 'u' }],
  [{ valueString: 'v' }],
  [EXTENSION],
  [{ ...EXTENSION, valueBoolean: 'xx' }],
  [{ url: 'u', valueBoolean: true }],
  [{ url: 'u', valueInteger: 1 }],
  [{ url: 'u', valueReference: { reference: 'xx' } }],
  [{ url: 'u', valueReference: 'xx' }],
  [{ url: 'u', extension: [EXTENSION] }],
  { fhir_comments: ['c'] },
  { fhir_comments: 'c' },
  { length: 1 },
  { coding: [{ system: 'xx', code: 'xx' }] },
  [{ resourceType: 'DocumentReference' }],
  [{ resourceType: 'DocumentReference', status: 'current' }],
  [{ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid' }] }],
  [{ resourceType: 'Patient' }],
  { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">plan</div>' },
  { status: 'generated', div: '<div/>' },
  { status: 'generated', div: '<p>x</p>' },
  { status: 'generated', div: '' },
  { status: 'generated', div: '<div>a &amp; b</div>' },
);
const keyed: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: elementKey },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '_status',
      '_description',
      '_created',
      '_id',
      '_profile',
      '_title',
      '_subject',
      '_url',
      'extension',
      'modifierExtension',
      'id',
      'fhir_comments',
      'contained',
      'text',
      'div',
      '_div',
      'resourceType',
      'valueString',
      'valueBoolean',
      'url',
      'reference',
      'display',
      'coding',
      'profile',
      'related',
      'event',
      'period',
      'start',
      'encounter',
    ),
  },
);
const mutationValue = fc.oneof({ weight: 4, arbitrary: shapedValue }, { weight: 1, arbitrary: boundedJson });
const mutation: fc.Arbitrary<TreeMutation> = treeMutation(mutationValue).chain(
  (base): fc.Arbitrary<TreeMutation> =>
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
    const nested = { url: 'u', extension: [{ url: 'v', valueCodeableConcept: { text: 't' } }] };
    if (parts.extension) pointer.extension = [EXTENSION, nested];
    if (parts.statusExtension) pointer._status = { id: 's', extension: [{ url: 'u', valueCode: 'c' }] };
    if (parts.profile) pointer.meta = { profile: ['p', 'q'], _profile: [null, { extension: [EXTENSION] }] };
    const div = '<div xmlns="http://www.w3.org/1999/xhtml"><p>plan</p></div>';
    if (parts.narrative) pointer.text = { status: 'generated', div };
    const practiceSetting = { coding: [{ system: 's', code: 'c' }] };
    const related = [{ ref: { reference: 'r' } }];
    if (parts.context) pointer.context = { period: { start: '2020' }, practiceSetting, related };
    const attachment = { url: 'u', _title: { extension: [EXTENSION] }, size: 1 };
    if (parts.attachmentExtension) (pointer.content as Json[]).push({ attachment, id: 'c2' });
    // A copy: the parts above are shared constants, and the mutations change the tree in place.
    return structuredClone(pointer) as Json;
  });

describe('strict STU3 JSON: schema walk against the XML round trip', () => {
  it('NRLS-PROF-001: agrees on generated pointers, valid and with up to 4 mutations (as skeletons)', () => {
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

describe('strict STU3 JSON: examples', () => {
  const pointer = () => {
    const built = buildPointer({ nhsNumber: '9876543210', custodian: 'RR8' });
    return { ...built, id: 'abc', meta: { versionId: '2' } } as unknown as Record<string, Json>;
  };
  /** A change to a pointer and the schema walk's answer (problem and element path); the round trip must agree. */
  const CASES: [string, (p: Record<string, any>) => void, string][] = [
    ['as built', () => {}, 'ok'],
    ['an unknown element', (p) => (p.colour = 'red'), 'unknown-element colour'],
    ['an unknown nested element', (p) => (p.subject.colour = 'red'), 'unknown-element subject.colour'],
    ['an array for a single value', (p) => (p.status = ['current']), 'reshaped status'],
    ['an empty array for a single value', (p) => (p.status = []), 'reshaped status'],
    ['an object for a primitive', (p) => (p.status = {}), 'reshaped status'],
    ['a primitive for an object', (p) => (p.subject = 'x'), 'unknown-element subject'],
    ['an object for a repeating element', (p) => (p.author = p.author[0]), 'unknown-element author'],
    ['a string for a repeating primitive', (p) => (p.meta.profile = 'p'), 'reshaped meta.profile'],
    ['an empty object (present without a value: the profile check says so)', (p) => (p.subject = {}), 'ok'],
    ['an empty string', (p) => (p.description = ''), 'unknown-element description'],
    ['a null in an array of elements', (p) => p.author.push(null), 'not-xml'],
    ['extensions', (p) => (p.extension = [{ url: 'u', valueString: 'v' }]), 'ok'],
    ['an extension with no value', (p) => (p.extension = [{ url: 'u' }]), 'unknown-element extension'],
    [
      'an extension value of an unknown type',
      (p) => (p.extension = [{ url: 'u', valueColour: 'v' }]),
      'unknown-element extension',
    ],
    ['a boolean extension holding a string', (p) => (p.extension = [{ url: 'u', valueBoolean: 'x' }]), 'not-xml'],
    ['a primitive extension', (p) => (p._status = { id: 's', extension: [{ url: 'u', valueCode: 'c' }] }), 'ok'],
    [
      'a primitive extension with an unknown element',
      (p) => (p._status = { colour: 'x' }),
      'unknown-element status.colour',
    ],
    ['a primitive extension on no value', (p) => (p._description = { id: 'x' }), 'unknown-element description'],
    [
      'primitive extensions of a repeating primitive',
      (p) => Object.assign(p.meta, { profile: ['a', 'b'], _profile: [null, { id: 'x' }] }),
      'ok',
    ],
    ['an element id', (p) => (p.subject.id = 's1'), 'ok'],
    ['an element id that is an object', (p) => (p.subject.id = {}), 'reshaped subject.id'],
    [
      'a contained resource',
      (p) => (p.contained = [{ resourceType: 'DocumentReference', status: 'current' }]),
      'reshaped contained.DocumentReference',
    ],
    ['a contained resource of a type not loaded', (p) => (p.contained = [{ resourceType: 'Patient' }]), 'not-xml'],
    [
      'a narrative',
      (p) => (p.text = { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">plan</div>' }),
      'ok',
    ],
    [
      'a narrative that is not a div',
      (p) => (p.text = { status: 'generated', div: '<p>plan</p>' }),
      'unknown-element text.div',
    ],
    ['an empty narrative div', (p) => (p.text = { status: 'generated', div: '<div/>' }), 'reshaped text.div'],
    ['a narrative that is not XML', (p) => (p.text = { status: 'generated', div: 'plan' }), 'not-xml'],
    ['comments', (p) => (p.subject.fhir_comments = ['c']), 'ok'],
    ['a comment that is not an array', (p) => (p.subject.fhir_comments = 'c'), 'reshaped subject.fhir_comments'],
    [
      'a __proto__ member',
      (p) => Object.defineProperty(p, '__proto__', { value: 1, enumerable: true }),
      'unknown-element _proto__',
    ],
    ['an own hasOwnProperty member', (p) => Object.assign(p, { hasOwnProperty: 1 }), 'not-xml'],
  ];
  for (const [name, change, expected] of CASES) {
    it(`NRLS-PROF-001: ${name}: ${expected}`, () => {
      const resource = pointer();
      change(resource);
      const skeleton = skeletonOf(resource);
      const now = bySchema(skeleton);
      assert.equal(now.ok ? 'ok' : `${now.problem}${now.elementPath ? ` ${now.elementPath}` : ''}`, expected);
      assertAgree(skeleton, name);
    });
  }

  it('never throws, and names the STU3 type in its reasons', () => {
    const check = checkJsonResource({ ...pointer(), colour: 'red' } as unknown as FhirResource);
    const reason = 'colour is not an element of a FHIR STU3 DocumentReference';
    assert.deepEqual(check, { ok: false, problem: 'unknown-element', reason, elementPath: 'colour' });
    assert.deepEqual(checkJsonResource({ resourceType: 'Patient', colour: 'red' }), { ok: true });
  });
});
