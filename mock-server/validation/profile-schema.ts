// The NRLS-DocumentReference-1 profile (§3.1) as a JSON Schema. Cardinalities, prohibited (0..0)
// elements, fixed systems, value sets and FHIR date/time formats live here; the rules that need a
// lookup (NHS number, ODS registry, ownership, duplicates) follow in the interactions.
//
// A subschema whose violation has its own catalogue error names it in `x-nrls`; any other violation is
// the generic INVALID_RESOURCE `Resource is invalid : [element path]` (AMB-27).
import { ORGANISATION_URL_PREFIX, PATIENT_URL_PREFIX } from '../../src/domain/identifiers.ts';

export type ViolationKind =
  | 'status' // NRLS-PROF-006
  | 'recordType' // NRLS-PROF-008
  | 'indexed' // NRLS-PROF-009
  | 'creation' // NRLS-PROF-010
  | 'patientUrl' // NRLS-PROF-012
  | 'organisationUrl'; // NRLS-PROF-014

export interface RecordType {
  system: string;
  code: string;
  display: string;
}

export const POINTER_STATUSES = ['current', 'superseded', 'entered-in-error'] as const;
export const RELATIONSHIP_CODES = ['replaces', 'transforms', 'signs', 'appends'] as const;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const kind = (violation: ViolationKind) => ({ 'x-nrls': violation });

/** NRLS-PROF-003: a mandatory element present with no value (empty or blank) is invalid too. */
const text = { type: 'string', minLength: 1, pattern: '\\S' };

const identifier = {
  type: 'object',
  required: ['system', 'value'],
  properties: { system: text, value: text },
};

/** Reference(Patient|Organization) in the profile: reference 1..1, identifier and display 0..0. */
function reference(urlPattern: string, violation: ViolationKind) {
  return {
    type: 'object',
    required: ['reference'],
    properties: {
      reference: { type: 'string', pattern: urlPattern, ...kind(violation) },
      identifier: false, // NRLS-PROF-004
      display: false,
    },
  };
}

/** NRLS-PROF-012: after the patient base URL comes one path segment, the NHS number. */
const PATIENT_REFERENCE = `^${escapeRegex(PATIENT_URL_PREFIX)}[^/]+$`;
/** AMB-25: only the base URL is a parameter error; a bad code after it is ORGANISATION_NOT_FOUND. */
const ORGANISATION_REFERENCE = `^${escapeRegex(ORGANISATION_URL_PREFIX)}`;

/** A JSON Schema, read as plain data (faults/profile.ts relaxes a rule of it at the element it concerns). */
export type ProfileSchema = Readonly<Record<string, unknown>>;

export function pointerProfileSchema(recordTypes: readonly RecordType[]): ProfileSchema {
  const organisation = reference(ORGANISATION_REFERENCE, 'organisationUrl');
  return {
    $id: 'https://fhir.nhs.uk/STU3/StructureDefinition/NRLS-DocumentReference-1',
    type: 'object',
    required: ['status', 'type', 'subject', 'indexed', 'author', 'custodian', 'content'],
    properties: {
      masterIdentifier: identifier, // NRLS-CREATE-012
      status: { type: 'string', enum: [...POINTER_STATUSES], ...kind('status') },
      type: {
        type: 'object',
        required: ['coding'],
        properties: {
          coding: {
            type: 'array',
            minItems: 1,
            maxItems: 1, // NRLS-PROF-005
            items: {
              type: 'object',
              required: ['system', 'code', 'display'],
              properties: {
                // NRLS-PROF-008
                system: { type: 'string', enum: [...new Set(recordTypes.map((t) => t.system))], ...kind('recordType') },
                code: { type: 'string', enum: recordTypes.map((t) => t.code), ...kind('recordType') },
                display: text, // AMB-47: present, not compared
                version: false, // NRLS-PROF-004
              },
            },
          },
        },
      },
      subject: reference(PATIENT_REFERENCE, 'patientUrl'),
      created: { type: 'string', format: 'fhir-dateTime' },
      indexed: { type: 'string', format: 'fhir-instant', ...kind('indexed') }, // NRLS-PROF-009, AMB-51
      author: { type: 'array', minItems: 1, maxItems: 1, items: organisation }, // NRLS-PROF-005
      custodian: organisation,
      relatesTo: {
        type: 'array',
        minItems: 1,
        // NRLS-SUPERSEDE-004: only the first element's code and target are interpreted and validated.
        items: [
          {
            type: 'object',
            required: ['code', 'target'],
            properties: {
              code: { type: 'string', enum: [...RELATIONSHIP_CODES] }, // NRLS-PROF-011
              // NRLS-SUPERSEDE-016: a logical reference through identifier.
              target: { type: 'object', required: ['identifier'], properties: { identifier } },
            },
          },
        ],
        // Later elements need a code and a target too, but neither is validated (NRLS-SUPERSEDE-004); code
        // is declared, unconstrained, so that an empty code is known for a mandatory value (NRLS-PROF-003).
        additionalItems: { type: 'object', required: ['code', 'target'], properties: { code: {} } },
      },
      content: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['attachment'],
          properties: {
            attachment: {
              type: 'object',
              required: ['contentType', 'url'],
              properties: {
                contentType: { type: 'string', pattern: '^[^\\s/]+/[^\\s/]+$' }, // NRLS-PROF-019
                url: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9+.-]*:\\S+$' }, // NRLS-PROF-018
                creation: { type: 'string', format: 'fhir-dateTime', ...kind('creation') }, // NRLS-PROF-010
              },
            },
          },
        },
      },
    },
  };
}
