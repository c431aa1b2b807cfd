// Valid pointers for tests and scenarios: each call gives fresh identity (masterIdentifier) so that
// cases never collide, and each option changes one thing.
import { randomUUID } from 'node:crypto';
import {
  MASTER_IDENTIFIER_SYSTEM,
  POINTER_PROFILE,
  SNOMED_SYSTEM,
  organisationUrl,
  patientUrl,
} from './identifiers.ts';
import type { Identifier, Pointer } from './pointer.ts';

export const CRISIS_PLAN = {
  system: SNOMED_SYSTEM,
  code: '736253002',
  display: 'Mental health crisis plan (record artifact)',
};

export function uniqueMasterIdentifier(): Required<Identifier> {
  return { system: MASTER_IDENTIFIER_SYSTEM, value: `urn:uuid:${randomUUID()}` };
}

export interface PointerOptions {
  nhsNumber: string;
  custodian: string;
  author?: string;
  /** A fresh one when omitted; null for a pointer without masterIdentifier. */
  masterIdentifier?: Identifier | null;
  /** The masterIdentifier of the pointer this one replaces (a supersede). */
  replaces?: Identifier;
  /** The record type; the crisis plan of NRLS-RecordType-1 by default. */
  recordType?: { system: string; code: string; display: string };
}

export function buildPointer(options: PointerOptions): Pointer {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
  const pointer: Pointer = {
    resourceType: 'DocumentReference',
    meta: { profile: [POINTER_PROFILE] },
  };
  const master = options.masterIdentifier === undefined ? uniqueMasterIdentifier() : options.masterIdentifier;
  if (master) pointer.masterIdentifier = { ...master };
  Object.assign(pointer, {
    status: 'current',
    type: { coding: [{ ...(options.recordType ?? CRISIS_PLAN) }] },
    subject: { reference: patientUrl(options.nhsNumber) },
    created: now,
    indexed: now,
    author: [{ reference: organisationUrl(options.author ?? 'RGD') }],
    custodian: { reference: organisationUrl(options.custodian) },
  });
  if (options.replaces) {
    pointer.relatesTo = [{ code: 'replaces', target: { identifier: { ...options.replaces } } }];
  }
  pointer.content = [
    {
      attachment: {
        contentType: 'application/pdf',
        url: `https://provider.example.nhs.uk/crisis-plans/${randomUUID()}.pdf`,
        title: 'Mental health crisis plan',
        creation: now,
      },
    },
  ];
  return pointer;
}
