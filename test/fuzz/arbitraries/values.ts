// Hostile values for the fuzz generators: strings (markup, look-alikes of valid codes and URLs, control
// characters, lone surrogates, kilobytes and the odd megabyte), numbers, JSON values (deep, wide, with
// a JavaScript `length`) and element keys, plus the small helpers every generator shares. The other
// modules put these where a valid request had something sensible.
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import {
  MASTER_IDENTIFIER_SYSTEM,
  PATIENT_URL_PREFIX,
  SNOMED_SYSTEM,
  organisationUrl,
  patientUrl,
} from '../../../src/domain/identifiers.ts';
import { SEEDED_PATIENT, UNKNOWN_PATIENT } from '../../support/mock.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Step = string | number;

/** `arbitrary` in `weight` of `weight + nilWeight` cases, undefined otherwise. */
export function sometimes<T>(
  arbitrary: fc.Arbitrary<T>,
  weight: number,
  nilWeight: number,
): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight, arbitrary }, { weight: nilWeight, arbitrary: fc.constant(undefined) });
}

/** A position in something not yet built: a fraction, shrinking to the start. */
export const position = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_001);
export const at = <T>(items: readonly T[], fraction: number): T | undefined =>
  items[Math.floor(fraction * items.length)];

// ---------------------------------------------------------------------------------------------
// Hostile values

const controlChar = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));
const MARKUP = [
  '<',
  '&',
  '>',
  '"',
  "'",
  '<![CDATA[x]]>',
  ']]>',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#x1F600;',
  '&lol;',
  '<!--',
  '-->',
  '</DocumentReference>',
  '<script>alert(1)</script>',
  '\\',
  '\\u0000',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j lookup, sent as text to see it stays text
  '${jndi:x}',
  '%00',
  '%ZZ',
  '{}',
  '[]',
  'null',
];
const LOOKALIKES = [
  '',
  ' ',
  '\t',
  'current',
  'Current',
  'superseded',
  'entered-in-error',
  'replaces',
  '736253002',
  SNOMED_SYSTEM,
  patientUrl(SEEDED_PATIENT),
  patientUrl(UNKNOWN_PATIENT),
  patientUrl('1234567890'),
  `${PATIENT_URL_PREFIX}`,
  organisationUrl('MHT01'),
  organisationUrl('RR8'),
  organisationUrl('ZZZ99'),
  organisationUrl(''),
  'https://directory.spineservices.nhs.uk/STU3/Organization/',
  MASTER_IDENTIFIER_SYSTEM,
  'urn:uuid:',
  '2026-02-30T10:00:00+00:00',
  '2026-01-01',
  '2026-01-01T00:00:00Z',
  '2026-01-01T25:61:61+00:00',
  '9999-12-31T23:59:59.9999999+14:00',
  'application/pdf',
  'text',
  'a/b/c',
  'https://',
  'http://x y',
  '0',
  '-1',
  'true',
];
const loneSurrogate = fc.constantFrom('\uD800', '\uDFFF', 'a\uDBFFb', '\uDC00\uD800');

/** Long strings: kilobytes usually, past the 1 MB body limit rarely. */
export const longString = fc
  .oneof(
    {
      weight: 30,
      arbitrary: fc.record({
        bytes: fc.integer({ min: 256, max: 65_536 }),
        unit: fc.constantFrom('a', 'é', '€', '😀', '<', '&', ' ', '\u0001'),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        bytes: fc.integer({ min: 1_000_000, max: 1_150_000 }),
        unit: fc.constantFrom('a', 'é', '😀'),
      }),
    },
  )
  .map(({ bytes, unit }) => unit.repeat(Math.max(1, Math.floor(bytes / Buffer.byteLength(unit)))));

export const shortHostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: controlChar, minLength: 1, maxLength: 8 }) },
  { weight: 3, arbitrary: fc.constantFrom(...MARKUP) },
  { weight: 3, arbitrary: fc.constantFrom(...LOOKALIKES) },
  { weight: 1, arbitrary: loneSurrogate },
);

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 18, arbitrary: shortHostileString },
  { weight: 1, arbitrary: longString },
);

const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1, -1, 1.5, 1e308, -1e308, 5e-324, 2 ** 53 + 2, 20260101),
);

function nested(depth: number, shape: 'object' | 'array'): Json {
  let value: Json = 1;
  for (let level = 0; level < depth; level++) value = shape === 'object' ? { a: value } : [value];
  return value;
}
/** Around MAX_XML_DEPTH (32) levels, on both sides. */
const deepJson = fc
  .record({ depth: fc.integer({ min: 2, max: 48 }), shape: fc.constantFrom('object' as const, 'array' as const) })
  .map(({ depth, shape }) => nested(depth, shape));

/**
 * Values the STU3 writer takes in bounded time: the XML generator writes its mutated tree with it, and
 * the writer walks a value given for a repeating element by its length.
 */
export const boundedJson: fc.Arbitrary<Json> = fc.oneof(
  { weight: 8, arbitrary: shortHostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom<Json>(null, true, false) },
  { weight: 1, arbitrary: fc.constantFrom<Json>({}, [], [null], [[]], { value: null }, [{}], { reference: null }) },
  { weight: 1, arbitrary: deepJson },
);

export const hostileJson: fc.Arbitrary<Json> = fc.oneof(
  { weight: 12, arbitrary: boundedJson },
  { weight: 1, arbitrary: longString },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  // JavaScript's idea of a length, for a writer that loops to it
  { weight: 1, arbitrary: fc.constantFrom<Json>({ length: 1e12 }, { length: '2' }, { 0: 'a', length: 1 }) },
);

/**
 * Wide arrays: a few thousand elements usually, hundreds of thousands rarely (under 1 MB of JSON, but
 * every element is work for the STU3 converter). JSON only: the XML generator would have to write them.
 */
const wideArray: fc.Arbitrary<Json> = fc
  .record({
    length: fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 100, max: 5000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 100_000, max: 300_000 }) },
    ),
    item: fc.constantFrom<Json>({}, 0, null, [], '', { url: 'x' }),
  })
  // Each element its own copy: a later mutation injecting into one shared object would put its value
  // into every element at once, and a wide value into each of 300,000 elements is no request at all.
  .map(({ length, item }) => Array.from({ length }, () => structuredClone(item)));

export const hostileJsonOrWide: fc.Arbitrary<Json> = fc.oneof(
  { weight: 15, arbitrary: hostileJson },
  { weight: 1, arbitrary: wideArray },
);

/** STU3 DocumentReference element names (and their datatypes' children), plus keys with meaning to JavaScript. */
export const KNOWN_KEYS = [
  'id',
  'meta',
  'implicitRules',
  'language',
  'text',
  'contained',
  'extension',
  'modifierExtension',
  'masterIdentifier',
  'identifier',
  'status',
  'docStatus',
  'type',
  'class',
  'subject',
  'created',
  'indexed',
  'author',
  'authenticator',
  'custodian',
  'relatesTo',
  'description',
  'securityLabel',
  'content',
  'context',
  'system',
  'value',
  'code',
  'display',
  'reference',
  'coding',
  'attachment',
  'url',
  'contentType',
  'title',
  'creation',
  'target',
  'versionId',
  'profile',
  'version',
  'format',
  'data',
  'size',
  '_status',
  '_description',
  '_id',
  'fhir_comments',
  'resourceType',
];
const ODD_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  'status ',
  'Status',
  'foo',
  '$ref',
  'a.b',
  'a/b',
  '<x>',
  '\u0000',
  '0',
  '-1',
  'div',
];
export const elementKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KNOWN_KEYS) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_KEYS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 20_000 }).map((n) => 'k'.repeat(n)) },
);
