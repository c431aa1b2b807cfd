// The pointers a searchset trigger answers with (many pointers, a superseded lineage): valid
// NRLS-DocumentReference-1 pointers made once per trigger and kept, so that repeated searches give the
// same ids and the serialiser's kept forms serve them again. They are never stored: an `_id` search or a
// delete naming one of them is answered by the store (404).
import { MASTER_IDENTIFIER_SYSTEM, POINTER_PROFILE } from '../../src/domain/identifiers.ts';
import { buildPointer } from '../../src/domain/pointer-builder.ts';
import type { Identifier, StoredPointer } from '../../src/domain/pointer.ts';
import type { Trigger } from '../../src/client-assurance/triggers.ts';

/** The custodian of every synthesised pointer: RR8, as TKW's bundles (a provider of the fixtures). */
export const SYNTHETIC_CUSTODIAN = 'RR8';
/** The patient of the pointer an `_id` trigger answers with (a TKW spare number, no trigger of its own). */
export const ID_TRIGGER_PATIENT = '9462206112';

/** A TKW-style logical id (8-4-4-4-12-20) unique to the patient and position. */
function syntheticId(nhsNumber: string, position: number): string {
  return `c037a0cb-5e1a-4976-83a1-a5d2703e6aa3-${nhsNumber}${String(position).padStart(10, '0')}`;
}

function syntheticPointer(nhsNumber: string, id: string, master: Identifier, replaces?: Identifier): StoredPointer {
  const pointer = buildPointer({ nhsNumber, custodian: SYNTHETIC_CUSTODIAN, masterIdentifier: master, replaces });
  const lastUpdated = new Date().toISOString();
  return { ...pointer, id, meta: { profile: [POINTER_PROFILE], versionId: '1', lastUpdated } };
}

function masterIdentifier(nhsNumber: string, position: number): Identifier {
  return { system: MASTER_IDENTIFIER_SYSTEM, value: `urn:oid:1.3.6.1.4.1.21367.2005.3.7.${nhsNumber}.${position}` };
}

/** `count` independent current pointers. */
function manyPointers(nhsNumber: string, count: number, lastId?: string): StoredPointer[] {
  return Array.from({ length: count }, (_, at) => {
    const id = at === count - 1 && lastId ? lastId : syntheticId(nhsNumber, at + 1);
    return syntheticPointer(nhsNumber, id, masterIdentifier(nhsNumber, at + 1));
  });
}

/**
 * NRLS-SUPERSEDE-002/008: each pointer replaces the one before by masterIdentifier (relatesTo), the
 * replaced ones superseded at version 2, the last one current at version 1.
 */
function lineage(nhsNumber: string, length: number, lastId?: string): StoredPointer[] {
  const pointers = manyPointers(nhsNumber, length, lastId).map((pointer, at, all) => {
    const previous = all[at - 1];
    return previous
      ? { ...pointer, relatesTo: [{ code: 'replaces', target: { identifier: previous.masterIdentifier } }] }
      : pointer;
  });
  return pointers.map((pointer, at) =>
    at < length - 1 ? { ...pointer, status: 'superseded', meta: { ...pointer.meta, versionId: '2' } } : pointer,
  );
}

/** The synthesised pointers of searchset triggers, made on first use. */
export class SyntheticPointers {
  private readonly made = new Map<string, readonly StoredPointer[]>();

  /** The patient's pointers (an NHS number trigger) or the one pointer with the id (an `_id` trigger). */
  of(trigger: Trigger): readonly StoredPointer[] {
    let pointers = this.made.get(trigger.id);
    if (!pointers) {
      pointers = this.make(trigger);
      this.made.set(trigger.id, pointers);
    }
    return pointers;
  }

  private make(trigger: Trigger): readonly StoredPointer[] {
    const { outcome, pointerId } = trigger;
    const nhsNumber = trigger.nhsNumber ?? ID_TRIGGER_PATIENT;
    const all =
      outcome.kind === 'many-pointers'
        ? manyPointers(nhsNumber, outcome.count, pointerId)
        : outcome.kind === 'superseded-lineage'
          ? lineage(nhsNumber, outcome.length, pointerId)
          : [];
    // NRLS-SEARCH-008: an `_id` search finds one pointer, the one with that id.
    return pointerId ? all.filter((pointer) => pointer.id === pointerId) : all;
  }
}
