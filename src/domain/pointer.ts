// The pointer: an NRLS-DocumentReference-1 resource (§3.1). Typed for the elements NRLS reads; every
// other STU3 element is carried through unchanged (AMB-61).
import { ORGANISATION_URL_PREFIX, PATIENT_URL_PREFIX } from './identifiers.ts';

export interface Identifier {
  system?: string;
  value?: string;
}

export interface Pointer {
  resourceType: 'DocumentReference';
  id?: string;
  meta?: { versionId?: string; lastUpdated?: string; profile?: string[]; [element: string]: unknown };
  masterIdentifier?: Identifier;
  status?: string;
  type?: { coding?: { system?: string; code?: string; display?: string }[] };
  subject?: { reference?: string };
  created?: string;
  indexed?: string;
  author?: { reference?: string }[];
  custodian?: { reference?: string };
  relatesTo?: { code?: string; target?: { identifier?: Identifier; reference?: string } }[];
  content?: { attachment?: { contentType?: string; url?: string; title?: string; creation?: string } }[];
  [element: string]: unknown;
}

/** The stored form: the server has set id and meta (NRLS-GEN-003, NRLS-CREATE-008, NRLS-CREATE-024). */
export interface StoredPointer extends Pointer {
  id: string;
  meta: { versionId: string; lastUpdated: string; profile: string[]; [element: string]: unknown };
}

/** The NHS number in subject.reference, or undefined when the reference is not a patient URL. */
export function nhsNumberOf(pointer: Pointer): string | undefined {
  const reference = pointer.subject?.reference;
  if (typeof reference !== 'string' || !reference.startsWith(PATIENT_URL_PREFIX)) return undefined;
  return reference.slice(PATIENT_URL_PREFIX.length);
}

/** The ODS code in an organisation reference, or undefined when it is not an organisation URL. */
export function odsCodeOf(reference: unknown): string | undefined {
  if (typeof reference !== 'string' || !reference.startsWith(ORGANISATION_URL_PREFIX)) return undefined;
  return reference.slice(ORGANISATION_URL_PREFIX.length);
}
