// (a) Create bodies for the fuzz run: a valid pointer mutated as a tree (tree.ts), then as text (JSON
// members and tokens here, XML in xml.ts: duplicated keys and raw tokens cannot live in a JS object),
// then as bytes (truncated, bit-flipped, invalid UTF-8, BOMs, UTF-16), sometimes padded to around the
// 1 MB body limit, sent under a random Content-Type, Accept and `_format`.
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { DEFAULT_BODY_LIMIT_BYTES } from '../../../mock-server/config.ts';
import { resourceToXml, type FhirResource } from '../../../src/domain/stu3-xml.ts';
import { PROVIDER, headersFor } from '../../support/mock.ts';
import { FORMAT_VALUES, acceptValue, contentTypeFor } from './media-types.ts';
import {
  FHIR_TYPE,
  described,
  headerSafe,
  percentEncode,
  validPointer,
  type Format,
  type FuzzRequest,
} from './request.ts';
import { applyTreeMutation, treeMutation } from './tree.ts';
import {
  at,
  boundedJson,
  elementKey,
  hostileJson,
  hostileJsonOrWide,
  position,
  sometimes,
  type Json,
} from './values.ts';
import { applyXmlMutation, xmlMutation, type XmlMutation } from './xml.ts';

/** Raw JSON tokens JSON.stringify never writes. */
const JSON_JUNK = [
  '1e999',
  '-',
  '01',
  'NaN',
  'Infinity',
  'undefined',
  "'x'",
  '"\\u12"',
  '"\\uD800"',
  '"\\x41"',
  '[1,]',
  '{"a":1,}',
  '/* c */',
  '"a\nb"',
  '"\t"',
  ',',
  ':',
  '}',
  ']',
  '{',
  '[',
  '""',
  '"\\"',
  'true false',
  '\u00a0',
  '\u2028',
];

type TextMutation =
  | { kind: 'insert-member'; at: number; key: string; value: string }
  | { kind: 'insert-token'; at: number; text: string };

const jsonTextMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('insert-member' as const),
      at: position,
      key: elementKey,
      value: fc.oneof(
        hostileJson.map((value) => JSON.stringify(value)),
        fc.constantFrom(...JSON_JUNK),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('insert-token' as const),
      at: position,
      text: fc.constantFrom(...JSON_JUNK),
    }),
  },
);

/** Duplicated keys and raw tokens go in as text: a JS object cannot hold them. */
function applyJsonTextMutation(text: string, mutation: TextMutation): { text: string; label: string } {
  if (mutation.kind === 'insert-token') {
    const index = Math.floor(mutation.at * (text.length + 1));
    return { text: text.slice(0, index) + mutation.text + text.slice(index), label: 'insert-token' };
  }
  const braces = [...text.matchAll(/\{/g)].map((match) => match.index);
  const index = (at(braces, mutation.at) ?? 0) + 1;
  return {
    text: `${text.slice(0, index)}${JSON.stringify(mutation.key)}:${mutation.value},${text.slice(index)}`,
    label: `insert-member ${mutation.key.slice(0, 20)}`,
  };
}

type ByteMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'insert'; at: number; bytes: readonly number[] }
  | { kind: 'bom' | 'utf16' }
  | { kind: 'replace-all'; bytes: readonly number[] };

const INVALID_UTF8 = [
  [0xff],
  [0xfe],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x82],
  [0x00],
  [0xf4, 0x90, 0x80, 0x80],
  [0x80],
];
const someBytes = fc.oneof(
  fc.constantFrom(...INVALID_UTF8),
  fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }),
);

const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, bytes: someBytes }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('bom' as const, 'utf16' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('replace-all' as const),
      bytes: fc.oneof(
        fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }),
        fc.constantFrom([], [0x20], [0x0a, 0x09], [0x7b, 0x7d], [0x3c, 0x3e]),
      ),
    }),
  },
);

function applyByteMutation(body: Buffer, mutation: ByteMutation): Buffer {
  const index = (fraction: number, extra = 0) => Math.floor(fraction * (body.length + extra));
  switch (mutation.kind) {
    case 'truncate':
      return body.subarray(0, index(mutation.at));
    case 'flip': {
      if (body.length === 0) return body;
      const copy = Buffer.from(body);
      copy[index(mutation.at)]! ^= 1 << mutation.bit;
      return copy;
    }
    case 'insert': {
      const i = index(mutation.at, 1);
      return Buffer.concat([body.subarray(0, i), Buffer.from(mutation.bytes), body.subarray(i)]);
    }
    case 'bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
    case 'utf16':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body.toString('utf8'), 'utf16le')]);
    case 'replace-all':
      return Buffer.from(mutation.bytes);
  }
}

/** Padding to a size around the body limit: exactly at it, just past it, or a little either side. */
const sizeProbe = fc
  .oneof(fc.integer({ min: -2, max: 2 }), fc.integer({ min: -4096, max: 4096 }))
  .map((delta) => DEFAULT_BODY_LIMIT_BYTES + delta);

function padTo(body: Buffer, size: number): Buffer {
  return body.length >= size ? body : Buffer.concat([body, Buffer.alloc(size - body.length, 0x20)]);
}

/** (a) Create bodies: a valid pointer, mutated as a tree, as text and as bytes, under a random Content-Type. */
export function bodyRequest(format: Format): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      pointer: validPointer,
      tree: fc.array(treeMutation(format === 'json' ? hostileJsonOrWide : boundedJson), { maxLength: 3 }),
      text: sometimes(
        fc.array<TextMutation | XmlMutation>(format === 'json' ? jsonTextMutation : xmlMutation, {
          minLength: 1,
          maxLength: 3,
        }),
        2,
        3,
      ),
      bytes: sometimes(fc.array(byteMutation, { minLength: 1, maxLength: 3 }), 1, 5),
      size: sometimes(sizeProbe, 1, 19),
      contentType: contentTypeFor(format),
      accept: acceptValue,
      formatParameter: sometimes(fc.constantFrom(...FORMAT_VALUES), 1, 8),
    })
    .map(({ pointer, tree, text, bytes, size, contentType, accept, formatParameter }) => {
      const labels: string[] = [];
      const resource = structuredClone(pointer) as unknown as Json;
      for (const mutation of tree) labels.push(applyTreeMutation(resource, mutation));
      let written: string;
      if (format === 'json') {
        written = JSON.stringify(resource);
        for (const mutation of (text ?? []) as TextMutation[]) {
          const applied = applyJsonTextMutation(written, mutation);
          written = applied.text;
          labels.push(applied.label);
        }
      } else {
        let xml: unknown;
        try {
          xml = resourceToXml(resource as FhirResource);
        } catch {
          // The writer cannot take every tree; the text mutations below still apply.
        }
        if (typeof xml !== 'string') labels.push('(tree not writable as XML)');
        written = typeof xml === 'string' ? xml : resourceToXml(pointer as FhirResource);
        for (const mutation of (text ?? []) as XmlMutation[]) {
          const applied = applyXmlMutation(written, mutation);
          written = applied.text;
          labels.push(applied.label);
        }
      }
      let body: Buffer = Buffer.from(written, 'utf8');
      for (const mutation of bytes ?? []) {
        body = applyByteMutation(body, mutation);
        labels.push(`bytes ${mutation.kind}`);
      }
      if (size !== undefined) {
        body = padTo(body, size);
        labels.push(`padded to ${size}`);
      }
      const headers = Object.entries(headersFor(PROVIDER, 'write')) as [string, string][];
      if (contentType !== undefined) headers.push(['Content-Type', headerSafe(contentType)]);
      if (accept !== undefined) headers.push(['Accept', headerSafe(accept)]);
      if (contentType !== FHIR_TYPE[format])
        labels.push(`Content-Type ${contentType === undefined ? '(none)' : JSON.stringify(contentType.slice(0, 40))}`);
      const target =
        formatParameter === undefined
          ? '/DocumentReference'
          : `/DocumentReference?_format=${percentEncode(formatParameter)}`;
      return described({
        label: `${format} body: ${labels.join('; ') || 'unchanged'}`,
        method: 'POST',
        target,
        headers,
        body,
      });
    });
}
