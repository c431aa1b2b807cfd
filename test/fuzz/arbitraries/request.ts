// The request the fuzz generators produce, how it prints, how generated text goes into a header or a
// URL, and the valid starting points every family breaks: a valid pointer (fixed by the generated
// values alone, so a seed replays it) and a valid search, create or delete for the right actor.
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import type { ClientIdentity } from '../../../src/domain/client-identity.ts';
import { MASTER_IDENTIFIER_SYSTEM, patientUrl, token } from '../../../src/domain/identifiers.ts';
import { buildPointer } from '../../../src/domain/pointer-builder.ts';
import type { Pointer } from '../../../src/domain/pointer.ts';
import {
  CONSUMER,
  KNOWN_PATIENT,
  PROVIDER,
  SEEDED_PATIENT,
  UNKNOWN_PATIENT,
  headersFor,
  testFixtures,
  type Format,
} from '../../support/mock.ts';

/** One generated request. */
export interface FuzzRequest {
  /** Which generator made it and what it broke, for the figures and the counterexample. */
  label: string;
  method: string;
  /** Path and query string below the mock's root, as the client writes them. */
  target: string;
  /** In order; a name may appear more than once (a duplicated header). */
  headers: [string, string][];
  body?: Buffer;
  /** Set only when nothing was broken: the status the valid request must get. */
  expect?: number;
}

export type Interaction = 'search' | 'create' | 'delete';
export type { Format };

export const ACTOR: Record<Interaction, ClientIdentity> = { search: CONSUMER, create: PROVIDER, delete: PROVIDER };
export const METHOD: Record<Interaction, string> = { search: 'GET', create: 'POST', delete: 'DELETE' };
export const FHIR_TYPE: Record<Format, string> = { json: 'application/fhir+json', xml: 'application/fhir+xml' };
export const SEEDED_IDS = testFixtures().pointers.map((pointer) => pointer.id);
export const SEEDED_MASTER_IDS = testFixtures().pointers.map((pointer) =>
  token(pointer.masterIdentifier!.system!, pointer.masterIdentifier!.value!),
);
const SUBJECT_QUERY = `subject=${encodeURIComponent(patientUrl(SEEDED_PATIENT))}`;

/** Counterexamples print as a short dump, not a megabyte of Buffer. */
export function described(request: FuzzRequest): FuzzRequest {
  return Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) });
}

export function describeRequest(request: FuzzRequest): string {
  const cut = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);
  const lines = [`[${request.label}] ${request.method} ${cut(request.target)}`];
  for (const [name, value] of request.headers) lines.push(`  ${name}: ${cut(JSON.stringify(value))}`);
  if (request.body)
    lines.push(`  body (${request.body.length} bytes): ${cut(JSON.stringify(request.body.toString('latin1')), 600)}`);
  if (request.expect) lines.push(`  expected status ${request.expect}`);
  return lines.join('\n');
}

/** Header values Node's client may send: Latin-1, so other text goes as its UTF-8 bytes. */
export const asLatin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
export const headerSafe = (text: string) => asLatin1(text).replace(/[^\t\x20-\x7e\x80-\xff]/g, '');
/** encodeURIComponent, with lone surrogates sent as U+FFFD as a UTF-8 client would. */
export const percentEncode = (text: string) => encodeURIComponent(Buffer.from(text, 'utf8').toString('utf8'));

const patient = fc.oneof(
  { weight: 3, arbitrary: fc.constant(SEEDED_PATIENT) },
  { weight: 3, arbitrary: fc.constant(KNOWN_PATIENT) },
  { weight: 1, arbitrary: fc.constant(UNKNOWN_PATIENT) },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{10}$/) },
);

/** A valid pointer for the acting provider, fixed by the generated values (no clock or random ids in play). */
export const validPointer: fc.Arbitrary<Pointer> = fc
  .record({
    nhsNumber: patient,
    master: fc.noBias(fc.uuid()),
    attachment: fc.noBias(fc.uuid()),
    supersedes: fc.oneof(
      { weight: 6, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom(...SEEDED_MASTER_IDS) },
    ),
    author: fc.constantFrom('RGD', 'MHT01', 'RR8', 'AMS01'),
  })
  .map(({ nhsNumber, master, attachment, supersedes, author }) => {
    const replaces =
      supersedes === undefined
        ? undefined
        : { system: supersedes.split('|')[0], value: supersedes.slice(supersedes.indexOf('|') + 1) };
    const pointer = buildPointer({
      nhsNumber,
      custodian: PROVIDER.ods,
      author,
      masterIdentifier: { system: MASTER_IDENTIFIER_SYSTEM, value: `urn:uuid:${master}` },
      replaces,
    });
    const time = '2026-11-23T10:00:00+00:00';
    Object.assign(pointer, { created: time, indexed: time });
    pointer.content![0]!.attachment = {
      ...pointer.content![0]!.attachment,
      url: `https://provider.example.nhs.uk/crisis-plans/${attachment}.pdf`,
      creation: time,
    };
    return pointer;
  });

/** The valid request for an interaction, which each family then breaks; `expect` is the status it gets. */
export function validRequest(
  interaction: Interaction,
  pointer?: Pointer,
  actor: ClientIdentity = ACTOR[interaction],
): FuzzRequest {
  const headers = Object.entries(headersFor(actor, interaction === 'search' ? 'read' : 'write')) as [string, string][];
  switch (interaction) {
    case 'search':
      return {
        label: 'search',
        method: 'GET',
        target: `/DocumentReference?${SUBJECT_QUERY}`,
        headers: [...headers, ['Accept', FHIR_TYPE.json]],
        expect: 200,
      };
    case 'create':
      return {
        label: 'create',
        method: 'POST',
        target: '/DocumentReference',
        headers: [...headers, ['Accept', FHIR_TYPE.json], ['Content-Type', FHIR_TYPE.json]],
        body: Buffer.from(
          JSON.stringify(pointer ?? buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods })),
        ),
        expect: 201,
      };
    case 'delete':
      // A provider's delete of a pointer it cannot own: always a well-formed 404.
      return {
        label: 'delete',
        method: 'DELETE',
        target: `/DocumentReference?_id=${SEEDED_IDS[0]}-fuzz`,
        headers: [...headers, ['Accept', FHIR_TYPE.xml]],
        expect: 404,
      };
  }
}

export const interaction = fc.constantFrom<Interaction>('search', 'create', 'delete');
/** Valid pointers for patients who stay known, so a valid create always gets 201. */
export const acceptedPointer = validPointer.map((pointer) => ({
  ...pointer,
  subject: { reference: patientUrl(KNOWN_PATIENT) },
  relatesTo: undefined,
}));
