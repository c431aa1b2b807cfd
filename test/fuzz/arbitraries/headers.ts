// (b) Headers for the fuzz run: a valid search, create or delete with fromASID, toASID, Accept,
// Content-Type and Authorization removed, emptied, duplicated, re-cased, edited, padded or made very
// long (past Node's 16 KB head limit now and then), plus extra headers, an odd Host, a reversed order
// and the wrong actor. Headers that change the framing of the exchange are left to Node.
import fc from 'fast-check';
import { CONSUMER, OTHER_PROVIDER, SPINE_ASID } from '../../support/mock.ts';
import { acceptValue } from './media-types.ts';
import {
  acceptedPointer,
  asLatin1,
  described,
  headerSafe,
  interaction,
  validRequest,
  type FuzzRequest,
} from './request.ts';
import { position, shortHostileString, sometimes } from './values.ts';

type HeaderMutation =
  | { kind: 'remove' | 'empty' | 'duplicate-same' | 'case' }
  | { kind: 'replace'; value: string }
  | { kind: 'duplicate'; value: string }
  | { kind: 'long'; length: number }
  | { kind: 'edit'; at: number; insert: string; remove: number }
  | { kind: 'pad'; before: string; after: string };

/** Well past Node's 16 KB head limit (431) now and then; kilobytes otherwise. */
const headerLength = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 256, max: 9000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 16_500, max: 24_000 }) },
);

const headerText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 16 }).map(asLatin1) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code)),
      maxLength: 16,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '0',
      '-1',
      ' ',
      '\t',
      'null',
      'undefined',
      '999999999999',
      '200000000115',
      '200000000118',
      '200000000119',
      SPINE_ASID,
      `${SPINE_ASID}, ${SPINE_ASID}`,
      'Bearer',
      'bearer x.y.z',
    ),
  },
  { weight: 1, arbitrary: shortHostileString.map(headerSafe) },
);

const headerMutation: fc.Arbitrary<HeaderMutation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('remove' as const, 'empty' as const, 'duplicate-same' as const, 'case' as const),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('replace' as const), value: headerText }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), value: headerText }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('long' as const), length: headerLength }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      at: position,
      insert: fc.oneof(fc.constant(''), headerText),
      remove: fc.integer({ min: 0, max: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('pad' as const),
      before: fc.constantFrom('', ' ', '\t', '  '),
      after: fc.constantFrom('', ' ', '\t', ',', ';'),
    }),
  },
);

/** The header lines a mutation of one header leaves. */
function mutateHeader(name: string, value: string, mutation: HeaderMutation): [string, string][] {
  switch (mutation.kind) {
    case 'remove':
      return [];
    case 'empty':
      return [[name, '']];
    case 'duplicate-same':
      return [
        [name, value],
        [name, value],
      ];
    case 'case':
      return [[name.toUpperCase(), value]];
    case 'replace':
      return [[name, mutation.value]];
    case 'duplicate':
      return [
        [name, value],
        [name, mutation.value],
      ];
    case 'long':
      return [[name, (value + 'x'.repeat(mutation.length)).slice(0, mutation.length)]];
    case 'edit': {
      const index = Math.floor(mutation.at * (value.length + 1));
      return [[name, value.slice(0, index) + mutation.insert + value.slice(index + mutation.remove)]];
    }
    case 'pad':
      return [[name, `${mutation.before}${value}${mutation.after}`]];
  }
}

const EXTRA_HEADER_NAMES = [
  'X-Forwarded-For',
  'X-Forwarded-Host',
  'Ssp-TraceID',
  'Ssp-From',
  'Ssp-To',
  'Ssp-InteractionID',
  'Prefer',
  'If-Match',
  'If-None-Match',
  'Cookie',
  'Accept-Charset',
  'Accept-Language',
  'Origin',
  'Range',
  'Cache-Control',
  'X-HTTP-Method-Override',
  'fromasid',
  'TOASID',
  'from-asid',
  'fromASID ',
  'Authorisation',
  'X-Request-ID',
];
/** Headers that change the framing of the exchange, which this fuzzing leaves to Node. */
const FRAMING = new Set([
  'content-length',
  'transfer-encoding',
  'host',
  'connection',
  'expect',
  'upgrade',
  'te',
  'trailer',
  'keep-alive',
]);
const extraHeader = fc.tuple(
  fc
    .oneof(
      fc.constantFrom(...EXTRA_HEADER_NAMES.filter((name) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))),
      fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,30}$/),
    )
    .filter((name) => !FRAMING.has(name.toLowerCase())),
  headerText,
);
const HOSTS = [
  'evil.example',
  'nrls.example:443',
  'a b',
  '[::1]:80',
  'example.com:99999',
  `${'h'.repeat(300)}.example`,
  'ex\u00e9.com',
  '../../etc',
  'localhost:0',
];

const NRLS_HEADERS = ['fromASID', 'toASID', 'Accept', 'Content-Type', 'Authorization'] as const;

/**
 * (b) Headers: a valid search, create or delete with fromASID, toASID, Accept, Content-Type and Authorization
 * broken.
 */
export const headerRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    interaction,
    pointer: acceptedPointer,
    mutations: fc.record(
      Object.fromEntries(NRLS_HEADERS.map((name) => [name, sometimes(headerMutation, 2, 3)])) as Record<
        (typeof NRLS_HEADERS)[number],
        fc.Arbitrary<HeaderMutation | undefined>
      >,
    ),
    accept: sometimes(acceptValue, 1, 2),
    extra: fc.array(extraHeader, { maxLength: 3 }),
    host: sometimes(fc.constantFrom(...HOSTS), 1, 12),
    order: fc.boolean(),
    actor: sometimes(fc.constantFrom(CONSUMER, OTHER_PROVIDER), 1, 6),
  })
  .map(({ interaction, pointer, mutations, accept, extra, host, order, actor }) => {
    const valid = validRequest(interaction, pointer, actor);
    const current = new Map<string, string>(valid.headers.map(([name, value]) => [name.toLowerCase(), value]));
    if (accept !== undefined) current.set('accept', headerSafe(accept));
    const headers: [string, string][] = [];
    const labels: string[] = [];
    for (const name of NRLS_HEADERS) {
      const value = current.get(name.toLowerCase());
      const mutation = mutations[name];
      if (mutation === undefined || value === undefined) {
        if (value !== undefined) headers.push([name, value]);
        continue;
      }
      headers.push(...mutateHeader(name, value, mutation));
      labels.push(`${name} ${mutation.kind}`);
    }
    for (const [name, value] of extra) headers.push([name, value]);
    if (extra.length > 0) labels.push(`${extra.length} extra`);
    if (host !== undefined) {
      headers.push(['Host', host]);
      labels.push('Host');
    }
    if (accept !== undefined) labels.push('Accept varied');
    if (actor !== undefined) labels.push(`as ${actor.ods}`);
    if (order) headers.reverse();
    return described({
      ...valid,
      headers,
      label: `${interaction} headers: ${labels.join('; ') || 'unchanged'}`,
      expect: labels.length === 0 ? valid.expect : undefined,
    });
  });
