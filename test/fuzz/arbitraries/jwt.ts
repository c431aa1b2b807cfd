// (c) JWTs for the fuzz run: a valid request whose bearer token has claims changed, removed or retyped
// (ASIDs, ODS codes and scopes of other actors among the values), odd alg headers, broken base64url,
// the wrong number of sections, padding, whitespace, truncation and other auth schemes.
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import {
  ASID_SYSTEM,
  ODS_CODE_SYSTEM,
  REASON_DIRECT_CARE,
  SCOPE_READ,
  SCOPE_WRITE,
  SDS_ROLE_PROFILE_SYSTEM,
  token,
} from '../../../src/domain/identifiers.ts';
import { CONSUMER_CLAIM, MANDATORY_CLAIMS, base64url, nrlsClaims, type JwtClaims } from '../../../src/domain/jwt.ts';
import { CONSUMER, OTHER_PROVIDER, PROVIDER } from '../../support/mock.ts';
import {
  ACTOR,
  acceptedPointer,
  asLatin1,
  described,
  headerSafe,
  interaction,
  validRequest,
  type FuzzRequest,
} from './request.ts';
import { elementKey, hostileJson, position, sometimes, type Json } from './values.ts';

const ALG_HEADERS: Json[] = [
  { alg: 'none', typ: 'JWT' },
  { alg: 'none' },
  { alg: 'None' },
  { alg: 'HS256', typ: 'JWT' },
  { alg: 'RS512' },
  { alg: '' },
  { alg: null },
  { alg: 123 },
  { alg: ['none'] },
  {},
  { typ: 'JWT' },
  { alg: 'none', crit: ['exp'] },
  { alg: 'none', kid: '../../dev/null' },
  { alg: 'none', jku: 'http://evil.example/jwks' },
  [],
  'none',
  42,
  null,
  { alg: 'none', typ: 'JWT', alg2: 'x'.repeat(5000) },
];

const CLAIM_NAMES = [...MANDATORY_CLAIMS, CONSUMER_CLAIM];

const claimValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: hostileJson },
  {
    weight: 4,
    arbitrary: fc.constantFrom<Json>(
      SCOPE_READ,
      SCOPE_WRITE,
      REASON_DIRECT_CARE,
      'DirectCare',
      token(ASID_SYSTEM, CONSUMER.asid),
      token(ASID_SYSTEM, PROVIDER.asid),
      token(ASID_SYSTEM, OTHER_PROVIDER.asid),
      token(ASID_SYSTEM, '000000000000'),
      `${ASID_SYSTEM}/${PROVIDER.asid}`,
      token(ASID_SYSTEM, ''),
      `${ASID_SYSTEM}|`,
      token(ODS_CODE_SYSTEM, 'MHT01'),
      token(ODS_CODE_SYSTEM, 'AMS01'),
      token(ODS_CODE_SYSTEM, 'RR8'),
      token(ODS_CODE_SYSTEM, 'ZZZ99'),
      `${ODS_CODE_SYSTEM}/MHT01`,
      token(SDS_ROLE_PROFILE_SYSTEM, '555021935107'),
      '|',
      '||',
      '|x',
      'x|',
      0,
      -1,
      1.5,
      2 ** 31,
      2 ** 53,
      1e21,
      -1e21,
      '1700000000',
      1700000000,
      9999999999,
    ),
  },
);

type ClaimMutation = { kind: 'delete'; claim: string } | { kind: 'set'; claim: string; value: Json };
const claimMutation: fc.Arbitrary<ClaimMutation> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), claim: fc.constantFrom(...CLAIM_NAMES) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      claim: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...CLAIM_NAMES) }, { weight: 1, arbitrary: elementKey }),
      value: claimValue,
    }),
  },
);

type Section = { kind: 'json'; value: Json } | { kind: 'raw'; text: string };
const brokenSection: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '=',
    'e30=',
    'eyJ',
    'e30',
    'bnVsbA',
    'W10',
    'MQ',
    'IiI',
    '!!!',
    'a+b/c=',
    'a b',
    'ÿþ',
    '%41',
    'a.b',
  ),
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }).map(asLatin1),
  fc.integer({ min: 1000, max: 12_000 }).map((n) => 'A'.repeat(n)),
);
const signature = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc
      .base64String({ maxLength: 64 })
      .map((text) => text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')),
  },
  { weight: 1, arbitrary: brokenSection },
);

type Structure =
  | 'three'
  | 'two'
  | 'four'
  | 'one'
  | 'empty-sections'
  | 'standard-base64'
  | 'padded'
  | 'whitespace'
  | 'truncated';
const structure = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Structure>('three') },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Structure>(
      'two',
      'four',
      'one',
      'empty-sections',
      'standard-base64',
      'padded',
      'whitespace',
      'truncated',
    ),
  },
);
const SCHEMES = [
  'Bearer ',
  'bearer ',
  'BEARER ',
  'Bearer  ',
  'Bearer\t',
  '',
  'Basic ',
  'Bearer',
  'Token ',
  ' Bearer ',
  'Bearer Bearer ',
];
const scheme = fc.oneof(
  { weight: 10, arbitrary: fc.constant('Bearer ') },
  { weight: 1, arbitrary: fc.constantFrom(...SCHEMES) },
);

function section(value: Json): string {
  return base64url(JSON.stringify(value) ?? 'null');
}

/** (c) JWTs: claims changed, removed or retyped; odd alg headers; broken base64url; extra sections. */
export const jwtRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    interaction,
    pointer: acceptedPointer,
    header: fc.oneof(
      { weight: 6, arbitrary: fc.constant<Json>({ alg: 'none', typ: 'JWT' }) },
      { weight: 2, arbitrary: fc.constantFrom(...ALG_HEADERS) },
      { weight: 1, arbitrary: hostileJson },
    ),
    claims: fc.array(claimMutation, { maxLength: 3 }),
    payload: fc.oneof(
      { weight: 12, arbitrary: fc.constant<Section | undefined>(undefined) },
      {
        weight: 1,
        arbitrary: fc.oneof(
          hostileJson.map((value): Section => ({ kind: 'json', value })),
          brokenSection.map((text): Section => ({ kind: 'raw', text })),
        ),
      },
    ),
    rawHeader: sometimes(brokenSection, 1, 12),
    signature,
    structure,
    scheme,
    cut: position,
  })
  .map(({ interaction, pointer, header, claims, payload, rawHeader, signature, structure, scheme, cut }) => {
    const actor = ACTOR[interaction];
    const base = nrlsClaims({
      asid: actor.asid,
      ods: actor.ods,
      scope: interaction === 'search' ? SCOPE_READ : SCOPE_WRITE,
      audience: 'https://nrls.example/DocumentReference',
      user: actor.user,
    });
    const labels: string[] = [];
    const mutated: JwtClaims = { ...base };
    for (const mutation of claims) {
      if (mutation.kind === 'delete') delete mutated[mutation.claim];
      else
        Object.defineProperty(mutated, mutation.claim, {
          value: mutation.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      labels.push(`${mutation.kind} ${mutation.claim.slice(0, 20)}`);
    }
    const isValidHeader = JSON.stringify(header) === JSON.stringify({ alg: 'none', typ: 'JWT' });
    if (!isValidHeader) labels.push('header');
    let sections = [
      rawHeader ?? section(header),
      payload === undefined
        ? section(mutated as Json)
        : payload.kind === 'json'
          ? section(payload.value)
          : payload.text,
      signature,
    ];
    if (rawHeader !== undefined) labels.push('raw header');
    if (payload !== undefined) labels.push(`payload ${payload.kind}`);
    if (signature !== '') labels.push('signature');
    switch (structure) {
      case 'two':
        sections = sections.slice(0, 2);
        break;
      case 'four':
        sections = [...sections, 'e30'];
        break;
      case 'one':
        sections = [sections.join('')];
        break;
      case 'empty-sections':
        sections = [...sections, '', ''];
        break;
      case 'standard-base64':
        sections = sections.map((text) => Buffer.from(text, 'base64url').toString('base64'));
        break;
      case 'padded':
        sections = sections.map((text) => `${text}==`);
        break;
      case 'whitespace':
        sections = sections.map((text) => text.replace(/(.{10})/g, '$1 '));
        break;
      case 'truncated':
        break;
    }
    let jwt = sections.join('.');
    if (structure === 'truncated') jwt = jwt.slice(0, Math.floor(cut * jwt.length));
    if (structure !== 'three') labels.push(structure);
    if (scheme !== 'Bearer ') labels.push(`scheme ${JSON.stringify(scheme)}`);
    const valid = validRequest(interaction, pointer);
    const headers = valid.headers.map(([name, value]): [string, string] =>
      name === 'Authorization' ? [name, headerSafe(scheme + jwt)] : [name, value],
    );
    return described({
      ...valid,
      headers,
      label: `${interaction} JWT: ${labels.join('; ') || 'unchanged'}`,
      expect: labels.length === 0 ? valid.expect : undefined,
    });
  });
