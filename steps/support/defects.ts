// The pointer defects scenarios name: each starts from a valid pointer and breaks exactly one thing
// (§3.4). The name is the words a scenario uses ("it has no indexed time").
import { ORGANISATION_URL_PREFIX, PATIENT_URL_PREFIX } from '../../src/domain/identifiers.ts';
import { withWrongCheckDigit } from '../../src/domain/nhs-number.ts';
import type { Pointer } from '../../src/domain/pointer.ts';
import type { ResolvedTarget } from '../../src/target/profile.ts';

/** Pointers are edited as plain JSON: the defects are exactly what the types forbid. */
// biome-ignore lint/suspicious/noExplicitAny: a defect may put any value anywhere
type Json = Record<string, any>;

export interface PointerDefect {
  name: string;
  apply: (pointer: Json, target: ResolvedTarget) => void;
}

const remove = (name: string, apply: (p: Json) => void): PointerDefect => ({ name, apply });
const set = (name: string, apply: (p: Json, t: ResolvedTarget) => void): PointerDefect => ({ name, apply });
const otherMaster = { system: 'urn:ietf:rfc:3986', value: 'urn:oid:1.3.6.1.4.1.21367.2005.3.7' };

export const POINTER_DEFECTS: PointerDefect[] = [
  // NRLS-PROF-002: mandatory elements missing
  remove('no status', (p) => delete p.status),
  remove('no type', (p) => delete p.type),
  remove('no type coding', (p) => delete p.type.coding),
  remove('no type system', (p) => delete p.type.coding[0].system),
  remove('no type code', (p) => delete p.type.coding[0].code),
  remove('no type display', (p) => delete p.type.coding[0].display),
  remove('no subject', (p) => delete p.subject),
  remove('no indexed time', (p) => delete p.indexed),
  remove('no author', (p) => delete p.author),
  remove('no custodian', (p) => delete p.custodian),
  remove('no content', (p) => delete p.content),
  remove('no content type', (p) => delete p.content[0].attachment.contentType),
  remove('no attachment URL', (p) => delete p.content[0].attachment.url),
  // NRLS-CREATE-012: not a defect, the master identifier is optional
  remove('no master identifier', (p) => delete p.masterIdentifier),
  remove('a master identifier without a system', (p) => delete p.masterIdentifier.system),
  remove('a master identifier without a value', (p) => delete p.masterIdentifier.value),
  set('a relatesTo without a code', (p) => (p.relatesTo = [{ target: { identifier: otherMaster } }])),
  set('a relatesTo without a target', (p) => (p.relatesTo = [{ code: 'replaces' }])),
  // NRLS-PROF-003: present without a value. An empty string, not a space: STU3's string allows whitespace.
  set('an empty status', (p) => (p.status = '')),
  set('an empty type code', (p) => (p.type.coding[0].code = '')),
  set('an empty type display', (p) => (p.type.coding[0].display = '')),
  set('an empty subject reference', (p) => (p.subject.reference = '')),
  set('an empty master identifier value', (p) => (p.masterIdentifier.value = '')),
  set('an empty attachment URL', (p) => (p.content[0].attachment.url = '')),
  // NRLS-PROF-004: prohibited elements
  set('a type coding version', (p) => (p.type.coding[0].version = '2018-04')),
  set('a subject display', (p) => (p.subject.display = 'Jane Smith')),
  set(
    'a subject identifier',
    (p) => (p.subject.identifier = { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9876543210' }),
  ),
  set('an author display', (p) => (p.author[0].display = 'Record owner')),
  set(
    'a custodian identifier',
    (p, t) =>
      (p.custodian.identifier = { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: t.provider.ods }),
  ),
  // NRLS-PROF-005
  set('two type codings', (p) => p.type.coding.push({ ...p.type.coding[0] })),
  set('two authors', (p) => p.author.push({ ...p.author[0] })),
  // NRLS-PROF-006, NRLS-PROF-007
  set('status "draft"', (p) => (p.status = 'draft')),
  set('status "superseded"', (p) => (p.status = 'superseded')),
  set('status "entered-in-error"', (p) => (p.status = 'entered-in-error')),
  // NRLS-PROF-008 (AMB-46)
  set('type code "718347000"', (p) => {
    p.type.coding[0].code = '718347000';
    p.type.coding[0].display = 'Mental health care plan';
  }),
  set('a type system other than SNOMED CT', (p) => (p.type.coding[0].system = 'http://loinc.org')),
  // NRLS-PROF-009, NRLS-PROF-022
  set('an indexed date without a time', (p) => (p.indexed = '2018-09-10')),
  set('an indexed time without a time zone', (p) => (p.indexed = '2018-09-10T09:30:00')),
  set('an indexed time on 30 February', (p) => (p.indexed = '2018-02-30T09:30:00+00:00')),
  // NRLS-PROF-010
  set('an attachment creation that is not a dateTime', (p) => (p.content[0].attachment.creation = 'last Tuesday')),
  set(
    'an attachment creation time without a time zone',
    (p) => (p.content[0].attachment.creation = '2018-09-10T09:30:00'),
  ),
  // NRLS-PROF-011
  set('relatesTo code "updates"', (p) => (p.relatesTo = [{ code: 'updates', target: { identifier: otherMaster } }])),
  // NRLS-SUPERSEDE-016
  set(
    'a relatesTo target given by URL',
    (p, t) => (p.relatesTo = [{ code: 'replaces', target: { reference: `${t.baseUrl}/DocumentReference/123` } }]),
  ),
  // NRLS-PROF-012
  set(
    'a subject on another server',
    (p) => (p.subject.reference = p.subject.reference.replace(PATIENT_URL_PREFIX, 'https://example.org/fhir/Patient/')),
  ),
  set('a subject URL without an NHS number', (p) => (p.subject.reference = PATIENT_URL_PREFIX)),
  // NRLS-PROF-013, NRLS-NHS-001/002/006
  set(
    'an NHS number with a wrong check digit',
    (p) =>
      (p.subject.reference =
        PATIENT_URL_PREFIX + withWrongCheckDigit(p.subject.reference.slice(PATIENT_URL_PREFIX.length))),
  ),
  set('an NHS number of nine digits', (p) => (p.subject.reference = p.subject.reference.slice(0, -1))),
  set('an NHS number with spaces', (p) => {
    const n = p.subject.reference.slice(PATIENT_URL_PREFIX.length);
    p.subject.reference = `${PATIENT_URL_PREFIX}${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
  }),
  // NRLS-PROF-014
  set(
    'an author on another server',
    (p) =>
      (p.author[0].reference = p.author[0].reference.replace(
        ORGANISATION_URL_PREFIX,
        'https://example.org/fhir/Organization/',
      )),
  ),
  set(
    'a custodian on another server',
    (p) =>
      (p.custodian.reference = p.custodian.reference.replace(
        ORGANISATION_URL_PREFIX,
        'https://example.org/fhir/Organization/',
      )),
  ),
  // NRLS-PROF-015
  set(
    'an unknown author organisation',
    (p, t) => (p.author[0].reference = ORGANISATION_URL_PREFIX + t.organisations.unknown),
  ),
  set('an author URL without an ODS code', (p) => (p.author[0].reference = ORGANISATION_URL_PREFIX)),
  // NRLS-ODS-004 (AMB-57): codes are opaque and case-sensitive
  set(
    'an author ODS code in lower case',
    (p, t) => (p.author[0].reference = ORGANISATION_URL_PREFIX + t.organisations.author.toLowerCase()),
  ),
  // NRLS-PROF-016
  set(
    "the second provider's custodian",
    (p, t) => (p.custodian.reference = ORGANISATION_URL_PREFIX + t.secondProvider.ods),
  ),
  // NRLS-PROF-018, NRLS-PROF-019
  set('a relative attachment URL', (p) => (p.content[0].attachment.url = 'plans/crisis-plan.pdf')),
  set('content type "pdf"', (p) => (p.content[0].attachment.contentType = 'pdf')),
];

export function applyDefect(pointer: Pointer, defect: PointerDefect, target: ResolvedTarget): Pointer {
  const copy = structuredClone(pointer) as Json;
  defect.apply(copy, target);
  return copy as Pointer;
}
