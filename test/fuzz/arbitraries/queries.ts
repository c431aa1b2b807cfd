// (d) Query strings for the fuzz run: search and delete parameters added, dropped, repeated, renamed and
// junk-encoded (raw, double-encoded, broken percent escapes), odd separators and trailers, `_format`
// values, values long enough to pass Node's 16 KB head limit, and the odd path and method.
import fc from 'fast-check';
import {
  MASTER_IDENTIFIER_SYSTEM,
  ODS_CODE_SYSTEM,
  PATIENT_URL_PREFIX,
  SNOMED_SYSTEM,
  patientUrl,
  token,
} from '../../../src/domain/identifiers.ts';
import { KNOWN_PATIENT, SEEDED_PATIENT, UNKNOWN_PATIENT } from '../../support/mock.ts';
import { FORMAT_VALUES, acceptValue } from './media-types.ts';
import {
  METHOD,
  SEEDED_IDS,
  SEEDED_MASTER_IDS,
  described,
  headerSafe,
  percentEncode,
  validRequest,
  type FuzzRequest,
} from './request.ts';
import { position, shortHostileString, sometimes } from './values.ts';

const PARAMETER_NAMES = [
  'subject',
  '_id',
  'custodian.identifier',
  'custodian',
  'type.coding',
  'type',
  '_summary',
  '_format',
  'identifier',
];
const ODD_PARAMETER_NAMES = [
  '_count',
  '_sort',
  'patient',
  'period',
  'created',
  '_elements',
  'subject:exact',
  'subject.identifier',
  '_include',
  '_revinclude',
  'status',
  '',
  '_',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'Subject',
  'subject ',
  ' subject',
  '_ID',
  '_format[]',
  'subject[0]',
];
const parameterName = fc.oneof(
  { weight: 16, arbitrary: fc.constantFrom(...PARAMETER_NAMES) },
  { weight: 6, arbitrary: fc.constantFrom(...ODD_PARAMETER_NAMES) },
  { weight: 2, arbitrary: fc.string({ maxLength: 10 }) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 3000 }).map((n) => 'q'.repeat(n)) },
);
const PARAMETER_VALUES = [
  patientUrl(SEEDED_PATIENT),
  patientUrl(KNOWN_PATIENT),
  patientUrl(UNKNOWN_PATIENT),
  patientUrl('1234567890'),
  patientUrl(''),
  patientUrl('987654321'),
  patientUrl('98765432100'),
  patientUrl('9876543210/extra'),
  patientUrl('9876543210 '),
  PATIENT_URL_PREFIX,
  'https://demographics.spineservices.nhs.uk/STU3/Patient',
  '9876543210',
  token(ODS_CODE_SYSTEM, 'RR8'),
  token(ODS_CODE_SYSTEM, 'MHT01'),
  token(ODS_CODE_SYSTEM, 'AMS01'),
  token(ODS_CODE_SYSTEM, 'ZZZ99'),
  token(ODS_CODE_SYSTEM, ''),
  `${ODS_CODE_SYSTEM}/RR8`,
  'RR8',
  '|',
  '||',
  '|RR8',
  token(SNOMED_SYSTEM, '736253002'),
  token(SNOMED_SYSTEM, '0'),
  '736253002',
  `${SNOMED_SYSTEM}|`,
  'count',
  'true',
  'data',
  'COUNT',
  ...SEEDED_IDS,
  ...SEEDED_MASTER_IDS,
  token(MASTER_IDENTIFIER_SYSTEM, ''),
  'json',
  'xml',
  ...FORMAT_VALUES,
];
/** Kilobytes sometimes; past Node's 16 KB head limit (431) rarely. */
const parameterValue = fc.oneof(
  { weight: 24, arbitrary: fc.constantFrom(...PARAMETER_VALUES) },
  { weight: 12, arbitrary: shortHostileString },
  { weight: 3, arbitrary: fc.integer({ min: 200, max: 4000 }).map((n) => 'v'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 16_500, max: 20_000 }).map((n) => 'v'.repeat(n)) },
);
const PERCENT_JUNK = [
  '%',
  '%Z',
  '%ZZ',
  '%C0%AF',
  '%FF',
  '%00',
  '%E2%82',
  '%2',
  '%%',
  '%u0041',
  '%25',
  '%0A',
  '%7C',
  '+',
  '%2B',
  '%26',
  '%3D',
  '#',
  '?',
  '&',
  '=',
];

type Encoding = 'encoded' | 'raw' | 'junk' | 'double';
const encoding = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Encoding>('encoded') },
  { weight: 1, arbitrary: fc.constantFrom<Encoding>('raw', 'junk', 'double') },
);

function encodePart(text: string, how: Encoding, junk: string, fraction: number): string {
  switch (how) {
    case 'encoded':
      return percentEncode(text);
    case 'raw':
      return text;
    case 'double':
      return percentEncode(percentEncode(text));
    case 'junk': {
      const encoded = percentEncode(text);
      const index = Math.floor(fraction * (encoded.length + 1));
      return encoded.slice(0, index) + junk + encoded.slice(index);
    }
  }
}

const parameter = fc.record({
  name: parameterName,
  value: parameterValue,
  encoding,
  junk: fc.constantFrom(...PERCENT_JUNK),
  at: position,
  noEquals: fc.boolean(),
});
type Parameter = { name: string; value: string; encoding: Encoding; junk: string; at: number; noEquals: boolean };

const BASE_QUERIES: Record<'search' | 'delete', [string, string][][]> = {
  search: [
    [['subject', patientUrl(SEEDED_PATIENT)]],
    [['_id', SEEDED_IDS[1]!]],
    [
      ['subject', patientUrl(SEEDED_PATIENT)],
      ['_summary', 'count'],
    ],
    [
      ['subject', patientUrl(SEEDED_PATIENT)],
      ['custodian.identifier', token(ODS_CODE_SYSTEM, 'RR8')],
      ['type.coding', token(SNOMED_SYSTEM, '736253002')],
    ],
  ],
  delete: [
    [['_id', `${SEEDED_IDS[0]}-fuzz`]],
    [
      ['subject', patientUrl(SEEDED_PATIENT)],
      ['identifier', token(MASTER_IDENTIFIER_SYSTEM, 'urn:uuid:00000000-0000-4000-8000-00000000f022')],
    ],
  ],
};
const PATHS = [
  '/DocumentReference/',
  '/DocumentReference/5a3e1c0e-7f4d-4c61-9a57-2d0b6d1f0a11-10000000000000000001',
  '/DocumentReference/%ZZ',
  '/DocumentReference/%E2%82',
  '/DocumentReference/a%2Fb',
  '/DocumentReference/_history',
  '/DocumentReference/../DocumentReference',
  '//DocumentReference',
  '/DocumentReference%2F',
  '/DocumentReference;x',
  '/documentreference',
  '/DOCUMENTREFERENCE',
  '/Patient',
  '/',
  '/metadata',
  '/DocumentReference/_search',
  '/DocumentReference/%00',
  '/DocumentReference/%',
  '/%ZZ',
  '/DocumentReference/x/y/z',
];
const OTHER_METHODS = ['PUT', 'PATCH', 'OPTIONS', 'TRACE', 'POST', 'PURGE', 'PROPFIND'];

/**
 * (d) Query strings for search and delete: parameters added, dropped, repeated, renamed, junk-encoded; `_format`;
 * the odd path and method.
 */
export const queryRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    interaction: fc.constantFrom<'search' | 'delete'>('search', 'search', 'delete'),
    base: fc.nat(),
    drop: sometimes(fc.array(position, { minLength: 1, maxLength: 2 }), 1, 2),
    added: fc.array(parameter, { maxLength: 4 }),
    repeat: sometimes(position, 1, 4),
    format: sometimes(fc.constantFrom(...FORMAT_VALUES), 1, 5),
    separator: fc.oneof(
      { weight: 12, arbitrary: fc.constant('&') },
      { weight: 1, arbitrary: fc.constantFrom(';', '&&', '&=&', '&amp;', '%26') },
    ),
    trailer: fc.oneof(
      { weight: 12, arbitrary: fc.constant('') },
      { weight: 1, arbitrary: fc.constantFrom('&', '?', '#frag', '&=', '=', '?&') },
    ),
    path: sometimes(fc.constantFrom(...PATHS), 1, 10),
    method: sometimes(fc.constantFrom(...OTHER_METHODS), 1, 15),
    accept: sometimes(acceptValue, 1, 3),
  })
  .map(({ interaction, base, drop, added, repeat, format, separator, trailer, path, method, accept }) => {
    const bases = BASE_QUERIES[interaction];
    const pairs: Parameter[] = bases[base % bases.length]!.map(([name, value]) => ({
      name,
      value,
      encoding: 'encoded',
      junk: '',
      at: 0,
      noEquals: false,
    }));
    const labels: string[] = [];
    for (const fraction of drop ?? []) {
      if (pairs.length === 0) break;
      const [removed] = pairs.splice(Math.floor(fraction * pairs.length), 1);
      labels.push(`drop ${removed!.name}`);
    }
    for (const extra of added) {
      pairs.push(extra);
      labels.push(`add ${extra.name.slice(0, 20)}${extra.encoding === 'encoded' ? '' : ` (${extra.encoding})`}`);
    }
    if (repeat !== undefined && pairs.length > 0) {
      const repeated = pairs[Math.floor(repeat * pairs.length)]!;
      pairs.push(repeated);
      labels.push(`repeat ${repeated.name.slice(0, 20)}`);
    }
    if (format !== undefined) {
      pairs.push({ name: '_format', value: format, encoding: 'encoded', junk: '', at: 0, noEquals: false });
      labels.push(`_format ${JSON.stringify(format)}`);
    }
    const query = pairs
      .map((pair) => {
        const name = encodePart(pair.name, pair.encoding, pair.junk, pair.at);
        return pair.noEquals && pair.encoding !== 'encoded'
          ? name
          : `${name}=${encodePart(pair.value, pair.encoding, pair.junk, 1 - pair.at)}`;
      })
      .join(separator);
    if (separator !== '&') labels.push(`separator ${separator}`);
    if (trailer !== '') labels.push(`trailer ${trailer}`);
    if (path !== undefined) labels.push(`path ${path}`);
    if (method !== undefined) labels.push(`method ${method}`);
    const valid = validRequest(interaction);
    const headers = valid.headers.filter(([name]) => name !== 'Accept');
    if (accept !== undefined) headers.push(['Accept', headerSafe(accept)]);
    const target = `${path ?? '/DocumentReference'}${query === '' ? '' : `?${query}`}${trailer}`;
    return described({
      label: `${interaction} query: ${labels.join('; ') || 'base'}`,
      method: method ?? METHOD[interaction],
      target,
      headers,
    });
  });
