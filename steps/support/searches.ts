// The searches and deletes scenarios name, in the domain's words: "the consumer searches for the patient
// with the second provider as custodian". Each name stands for the query it sends; `{search}` and
// `{deletion}` (parameter-types.ts) accept these names only. A `|` in a value is sent as %7C (NRLS-GEN-005).
import { ODS_CODE_SYSTEM, PATIENT_URL_PREFIX } from '../../src/domain/identifiers.ts';
import type { NrlsWorld } from '../world.ts';
import type { WireFormat } from './formats.ts';

export type Query = [string, string][];

export interface NamedSearch {
  name: string;
  /** One query, or several sent one after another (each pointer of a lineage). */
  queries: (world: NrlsWorld) => Query[];
  /** The format asked for, where the name says it. */
  format?: WireFormat;
}

export interface NamedDeletion {
  name: string;
  query: (world: NrlsWorld) => Query;
}

/** A logical id of the guide's form that no pointer has. */
export const UNMATCHED_ID = '0353e505-f7be-4c20-8f4e-337e79a32c51-76009894321256642261';
const UNMATCHED_MASTER_IDENTIFIER = 'urn:ietf:rfc:3986|urn:oid:1.3.6.1.4.1.21367.2005.3.999';
const SNOMED = 'http://snomed.info/sct';

const subject = (world: NrlsWorld): [string, string] => ['subject', world.subjectOf(world.patient!)];
const existingId = (world: NrlsWorld): [string, string] => ['_id', world.existing!.id];
const custodian = (ods: string, system = ODS_CODE_SYSTEM): [string, string] => [
  'custodian.identifier',
  `${system}|${ods}`,
];
const firstRecordType = (world: NrlsWorld) => {
  const [type] = world.target.recordTypes;
  return `${type!.system}|${type!.code}`;
};
const masterIdentifier = (world: NrlsWorld) => {
  const { system, value } = world.existing!.masterIdentifier!;
  return `${system}|${value}`;
};

/** A search of the patient, narrowed by `more`. */
const forPatient = (name: string, more: (world: NrlsWorld) => Query = () => []): NamedSearch => ({
  name,
  queries: (world) => [[subject(world), ...more(world)]],
});
const once = (name: string, query: (world: NrlsWorld) => Query): NamedSearch => ({
  name,
  queries: (world) => [query(world)],
});
const forNhsNumber = (nhsNumber: string): NamedSearch =>
  once(`for the NHS number ${nhsNumber}`, () => [['subject', `${PATIENT_URL_PREFIX}${nhsNumber}`]]);

export const SEARCHES: NamedSearch[] = [
  forPatient('for the patient'),
  { ...forPatient('for the patient in JSON'), format: 'json' },
  { ...forPatient('for the patient in XML'), format: 'xml' },
  forPatient("for the number of the patient's pointers", () => [['_summary', 'count']]),
  // Narrowed by custodian or record type (NRLS-SEARCH-004..006), or by their aliases (NRLS-SEARCH-029, AMB-17)
  forPatient('for the patient with the second provider as custodian', (w) => [custodian(w.target.secondProvider.ods)]),
  forPatient('for the patient with the provider as custodian, by the alias custodian', (w) => [
    ['custodian', `${ODS_CODE_SYSTEM}|${w.target.provider.ods}`],
  ]),
  forPatient('for the patient with the first record type', (w) => [['type.coding', firstRecordType(w)]]),
  forPatient('for the patient with the first record type, by the alias type', (w) => [['type', firstRecordType(w)]]),
  once("by the pointer's id", (w) => [existingId(w)]),
  {
    name: 'for each pointer of the lineage by its id',
    queries: (world) => world.existingPointers.map((pointer): Query => [['_id', pointer.id]]),
  },
  once('by an id that matches no pointer', () => [['_id', UNMATCHED_ID]]),
  once('by a malformed id', () => [['_id', 'not-an-id']]),
  // Searches NRLS refuses (NRLS-SEARCH-009, -011, -012, -022, -023, -025)
  once("by the pointer's id and for the patient", (w) => [existingId(w), subject(w)]),
  forPatient('for the patient, summarised as data', () => [['_summary', 'data']]),
  forPatient('for the patient, summarised as true', () => [['_summary', 'true']]),
  forPatient("for the number of the patient's pointers from the provider", (w) => [
    ['_summary', 'count'],
    custodian(w.target.provider.ods),
  ]),
  forPatient("for the number of the patient's pointers of a record type", () => [
    ['_summary', 'count'],
    ['type.coding', `${SNOMED}|736253002`],
  ]),
  forPatient('for the patient with a custodian in another identifier system', (w) => [
    custodian(w.target.provider.ods, 'https://example.org/ods'),
  ]),
  forPatient('for the patient with an unknown custodian', (w) => [custodian(w.target.organisations.unknown)]),
  forPatient('for the patient with a custodian that is not a provider', (w) => [
    custodian(w.target.organisations.author),
  ]),
  forPatient('for the patient with a record type in another code system', () => [
    ['type.coding', 'http://loinc.org|736253002'],
  ]),
  forPatient('for the patient with a record type the value set does not hold', () => [
    ['type.coding', `${SNOMED}|718347000`],
  ]),
  forPatient('for the patient, ten pointers a page', () => [['_count', '10']]),
  forPatient('for the patient, sorted by indexed time', () => [['_sort', 'indexed']]),
  once('by patient rather than subject', (w) => [['patient', w.patient!]]),
  forPatient('for the patient, in the period 2018', () => [['period', '2018']]),
  // Searches that name no patient (NRLS-SEARCH-003, NRLS-SEARCH-020)
  once('with no parameters', () => []),
  once("for the provider's pointers, with no patient", (w) => [custodian(w.target.provider.ods)]),
  once('for pointers of a record type, with no patient', () => [['type.coding', `${SNOMED}|736253002`]]),
  once('for a patient URL with no NHS number', () => [['subject', PATIENT_URL_PREFIX]]),
  // Subjects that are not an NRLS patient (NRLS-SEARCH-019, NRLS-SEARCH-021, NRLS-NHS-006)
  once('for a patient on another server', () => [['subject', 'https://example.org/fhir/Patient/9876543210']]),
  forNhsNumber('9876543211'),
  forNhsNumber('0000003000'),
  forNhsNumber('987 654 3210'),
];

export const DELETIONS: NamedDeletion[] = [
  { name: 'the pointer by its id', query: (w) => [existingId(w)] },
  {
    name: 'the pointer by its master identifier',
    query: (w) => [
      ['subject', w.subjectOf(w.existing!.nhsNumber)],
      ['identifier', masterIdentifier(w)],
    ],
  },
  { name: 'by an id that matches no pointer', query: () => [['_id', UNMATCHED_ID]] },
  {
    name: 'by a master identifier that matches no pointer',
    query: (w) => [subject(w), ['identifier', UNMATCHED_MASTER_IDENTIFIER]],
  },
  // Deletes NRLS refuses (NRLS-DELETE-004, NRLS-DELETE-012, NRLS-NHS-004)
  {
    name: "by the pointer's master identifier value, with no system",
    query: (w) => [subject(w), ['identifier', w.existing!.masterIdentifier!.value!]],
  },
  {
    name: 'by a master identifier with a system but no value',
    query: (w) => [subject(w), ['identifier', 'urn:ietf:rfc:3986|']],
  },
  { name: 'with no parameters', query: () => [] },
  { name: 'by the patient alone', query: (w) => [subject(w)] },
  {
    name: 'the pointer by its id and its master identifier at once',
    query: (w) => [existingId(w), subject(w), ['identifier', masterIdentifier(w)]],
  },
  {
    name: 'the pointer by its master identifier, for the NHS number 9876543211',
    query: (w) => [
      ['subject', `${PATIENT_URL_PREFIX}9876543211`],
      ['identifier', masterIdentifier(w)],
    ],
  },
];
