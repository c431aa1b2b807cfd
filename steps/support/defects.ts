// The pointer defects scenarios name: each starts from a valid pointer and breaks exactly one thing
// (§3.4). The name is the words a scenario uses ("it has no indexed time"); `element` is what it breaks.
import { ORGANISATION_URL_PREFIX, PATIENT_URL_PREFIX } from '../../src/domain/identifiers.ts';
import { withWrongCheckDigit } from '../../src/domain/nhs-number.ts';
import type { Pointer } from '../../src/domain/pointer.ts';
import type { ResolvedTarget } from '../../src/target/profile.ts';

/** Pointers are edited as plain JSON: the defects are exactly what the types forbid. */
// biome-ignore lint/suspicious/noExplicitAny: a defect may put any value anywhere
type Json = Record<string, any>;

export interface PointerDefect {
  name: string;
  element: string;
  apply: (pointer: Json, target: ResolvedTarget) => void;
}

const remove = (name: string, element: string, apply: (p: Json) => void): PointerDefect => ({ name, element, apply });
const set = (name: string, element: string, apply: (p: Json, t: ResolvedTarget) => void): PointerDefect => ({
  name,
  element,
  apply,
});
const otherMaster = { system: 'urn:ietf:rfc:3986', value: 'urn:oid:1.3.6.1.4.1.21367.2005.3.7' };

export const POINTER_DEFECTS: PointerDefect[] = [
  // NRLS-PROF-002: mandatory elements missing
  remove('no status', 'status', (p) => delete p.status),
  remove('no type', 'type', (p) => delete p.type),
  remove('no type coding', 'type.coding', (p) => delete p.type.coding),
  remove('no type system', 'type.coding.system', (p) => delete p.type.coding[0].system),
  remove('no type code', 'type.coding.code', (p) => delete p.type.coding[0].code),
  remove('no type display', 'type.coding.display', (p) => delete p.type.coding[0].display),
  remove('no subject', 'subject', (p) => delete p.subject),
  remove('no indexed time', 'indexed', (p) => delete p.indexed),
  remove('no author', 'author', (p) => delete p.author),
  remove('no custodian', 'custodian', (p) => delete p.custodian),
  remove('no content', 'content', (p) => delete p.content),
  remove('no content type', 'content.attachment.contentType', (p) => delete p.content[0].attachment.contentType),
  remove('no attachment URL', 'content.attachment.url', (p) => delete p.content[0].attachment.url),
  // NRLS-CREATE-012: not a defect, the master identifier is optional
  remove('no master identifier', 'masterIdentifier', (p) => delete p.masterIdentifier),
  remove('a master identifier without a system', 'masterIdentifier.system', (p) => delete p.masterIdentifier.system),
  remove('a master identifier without a value', 'masterIdentifier.value', (p) => delete p.masterIdentifier.value),
  set('a relatesTo without a code', 'relatesTo.code', (p) => (p.relatesTo = [{ target: { identifier: otherMaster } }])),
  set('a relatesTo without a target', 'relatesTo.target', (p) => (p.relatesTo = [{ code: 'replaces' }])),
  // NRLS-PROF-003: present without a value. An empty string, not a space: STU3's string allows whitespace.
  set('an empty status', 'status', (p) => (p.status = '')),
  set('an empty type code', 'type.coding.code', (p) => (p.type.coding[0].code = '')),
  set('an empty type display', 'type.coding.display', (p) => (p.type.coding[0].display = '')),
  set('an empty subject reference', 'subject.reference', (p) => (p.subject.reference = '')),
  set('an empty master identifier value', 'masterIdentifier.value', (p) => (p.masterIdentifier.value = '')),
  set('an empty attachment URL', 'content.attachment.url', (p) => (p.content[0].attachment.url = '')),
  // NRLS-PROF-004: prohibited elements
  set('a type coding version', 'type.coding.version', (p) => (p.type.coding[0].version = '2018-04')),
  set('a subject display', 'subject.display', (p) => (p.subject.display = 'Jane Smith')),
  set(
    'a subject identifier',
    'subject.identifier',
    (p) => (p.subject.identifier = { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9876543210' }),
  ),
  set('an author display', 'author.display', (p) => (p.author[0].display = 'Record owner')),
  set(
    'a custodian identifier',
    'custodian.identifier',
    (p, t) =>
      (p.custodian.identifier = { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: t.provider.ods }),
  ),
  // NRLS-PROF-005
  set('two type codings', 'type.coding', (p) => p.type.coding.push({ ...p.type.coding[0] })),
  set('two authors', 'author', (p) => p.author.push({ ...p.author[0] })),
  // NRLS-PROF-006, NRLS-PROF-007
  set('status "draft"', 'status', (p) => (p.status = 'draft')),
  set('status "superseded"', 'status', (p) => (p.status = 'superseded')),
  set('status "entered-in-error"', 'status', (p) => (p.status = 'entered-in-error')),
  // NRLS-PROF-008 (AMB-46)
  set('type code "718347000"', 'type.coding.code', (p) => {
    p.type.coding[0].code = '718347000';
    p.type.coding[0].display = 'Mental health care plan';
  }),
  set(
    'a type system other than SNOMED CT',
    'type.coding.system',
    (p) => (p.type.coding[0].system = 'http://loinc.org'),
  ),
  // NRLS-PROF-009, NRLS-PROF-022
  set('an indexed date without a time', 'indexed', (p) => (p.indexed = '2018-09-10')),
  set('an indexed time without a time zone', 'indexed', (p) => (p.indexed = '2018-09-10T09:30:00')),
  set('an indexed time on 30 February', 'indexed', (p) => (p.indexed = '2018-02-30T09:30:00+00:00')),
  // NRLS-PROF-010
  set(
    'an attachment creation that is not a dateTime',
    'content.attachment.creation',
    (p) => (p.content[0].attachment.creation = 'last Tuesday'),
  ),
  set(
    'an attachment creation time without a time zone',
    'content.attachment.creation',
    (p) => (p.content[0].attachment.creation = '2018-09-10T09:30:00'),
  ),
  // NRLS-PROF-011
  set(
    'relatesTo code "updates"',
    'relatesTo.code',
    (p) => (p.relatesTo = [{ code: 'updates', target: { identifier: otherMaster } }]),
  ),
  // NRLS-SUPERSEDE-016
  set(
    'a relatesTo target given by URL',
    'relatesTo.target',
    (p, t) => (p.relatesTo = [{ code: 'replaces', target: { reference: `${t.baseUrl}/DocumentReference/123` } }]),
  ),
  // NRLS-PROF-012
  set(
    'a subject on another server',
    'subject.reference',
    (p) => (p.subject.reference = p.subject.reference.replace(PATIENT_URL_PREFIX, 'https://example.org/fhir/Patient/')),
  ),
  set('a subject URL without an NHS number', 'subject.reference', (p) => (p.subject.reference = PATIENT_URL_PREFIX)),
  // NRLS-PROF-013, NRLS-NHS-001/002/006
  set(
    'an NHS number with a wrong check digit',
    'subject.reference',
    (p) =>
      (p.subject.reference =
        PATIENT_URL_PREFIX + withWrongCheckDigit(p.subject.reference.slice(PATIENT_URL_PREFIX.length))),
  ),
  set(
    'an NHS number of nine digits',
    'subject.reference',
    (p) => (p.subject.reference = p.subject.reference.slice(0, -1)),
  ),
  set('an NHS number with spaces', 'subject.reference', (p) => {
    const n = p.subject.reference.slice(PATIENT_URL_PREFIX.length);
    p.subject.reference = `${PATIENT_URL_PREFIX}${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
  }),
  // NRLS-PROF-014
  set(
    'an author on another server',
    'author.reference',
    (p) =>
      (p.author[0].reference = p.author[0].reference.replace(
        ORGANISATION_URL_PREFIX,
        'https://example.org/fhir/Organization/',
      )),
  ),
  set(
    'a custodian on another server',
    'custodian.reference',
    (p) =>
      (p.custodian.reference = p.custodian.reference.replace(
        ORGANISATION_URL_PREFIX,
        'https://example.org/fhir/Organization/',
      )),
  ),
  // NRLS-PROF-015
  set(
    'an unknown author organisation',
    'author.reference',
    (p, t) => (p.author[0].reference = ORGANISATION_URL_PREFIX + t.organisations.unknown),
  ),
  set(
    'an author URL without an ODS code',
    'author.reference',
    (p) => (p.author[0].reference = ORGANISATION_URL_PREFIX),
  ),
  // NRLS-ODS-004 (AMB-57): codes are opaque and case-sensitive
  set(
    'an author ODS code in lower case',
    'author.reference',
    (p, t) => (p.author[0].reference = ORGANISATION_URL_PREFIX + t.organisations.author.toLowerCase()),
  ),
  // NRLS-PROF-016
  set(
    "the second provider's custodian",
    'custodian.reference',
    (p, t) => (p.custodian.reference = ORGANISATION_URL_PREFIX + t.secondProvider.ods),
  ),
  // NRLS-PROF-018, NRLS-PROF-019
  set(
    'a relative attachment URL',
    'content.attachment.url',
    (p) => (p.content[0].attachment.url = 'plans/crisis-plan.pdf'),
  ),
  set('content type "pdf"', 'content.attachment.contentType', (p) => (p.content[0].attachment.contentType = 'pdf')),
];

export function applyDefect(pointer: Pointer, defect: PointerDefect, target: ResolvedTarget): Pointer {
  const copy = structuredClone(pointer) as Json;
  defect.apply(copy, target);
  return copy as Pointer;
}
