// Create (§2.1) and, when the first relatesTo is `replaces`, supersede (§2.2) as one transaction: the
// new pointer is stored and the old one superseded together, or neither (NRLS-SUPERSEDE-003). The
// checks and the change run without yielding, so concurrent requests cannot both pass the duplicate
// check or both supersede one pointer.
import { POINTER_PROFILE } from '../../src/domain/identifiers.ts';
import { nhsNumberOf, odsCodeOf, type Pointer, type StoredPointer } from '../../src/domain/pointer.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import type { Organisation } from '../fixtures.ts';
import type { PointerStore } from '../store/pointer-store.ts';
import { newLogicalId } from './ids.ts';
import { resolveSupersedeTarget, supersededVersionOf } from './supersede.ts';

export interface CreateRequest {
  pointer: Pointer;
  /** The ODS code of the fromASID system. */
  senderOds: string;
  organisations: readonly Organisation[];
  /** AMB-39 fault injection: make persisting fail. */
  failPersistence?: boolean;
}

/** Returns the new pointer's logical id. */
export async function createPointer(store: PointerStore, request: CreateRequest): Promise<string> {
  const { pointer, senderOds } = request;
  const nhsNumber = nhsNumberOf(pointer)!;

  // NRLS-CREATE-013, NRLS-ID-004 (AMB-50 step 9)
  const master = pointer.masterIdentifier;
  if (master && store.findByMasterIdentifier(nhsNumber, master.system!, master.value!)) {
    throw new SpineError('DUPLICATE_REJECTED', diagnostics.duplicate(master.value!, master.system!));
  }
  // NRLS-CREATE-003, NRLS-AUTHZ-013 (AMB-28)
  const custodian = odsCodeOf(pointer.custodian!.reference)!;
  if (custodian !== senderOds) throw new SpineError('INVALID_RESOURCE', diagnostics.custodianNotAffiliated());
  // NRLS-CREATE-019, NRLS-ODS-002 (AMB-25)
  const author = odsCodeOf(pointer.author![0]!.reference)!;
  for (const [ods, mustProvide] of [[custodian, true], [author, false]] as const) {
    const organisation = request.organisations.find((candidate) => candidate.ods === ods);
    if (!organisation || (mustProvide && !organisation.providerRole)) {
      throw new SpineError('ORGANISATION_NOT_FOUND', diagnostics.organisationNotFound(ods));
    }
  }
  // NRLS-SUPERSEDE-002, NRLS-SUPERSEDE-004; other codes are stored without a transition (AMB-33).
  const relation = pointer.relatesTo?.[0];
  const target =
    relation?.code === 'replaces' ? resolveSupersedeTarget(store, nhsNumber, relation.target!.identifier!, senderOds) : undefined;

  const now = new Date().toISOString();
  const stored: StoredPointer = {
    ...pointer,
    id: newLogicalId(), // NRLS-GEN-003, NRLS-CREATE-010 (AMB-30)
    // NRLS-CREATE-008/009/024: version 1 whatever the client sent; profile and lastUpdated set.
    meta: { ...pointer.meta, versionId: '1', lastUpdated: now, profile: [POINTER_PROFILE] },
  };
  await store.transact(
    (tx) => {
      tx.insert(stored);
      tx.markKnown(nhsNumber); // NRLS-CREATE-025 (AMB-40)
      if (target) tx.update(target, supersededVersionOf(target, now));
    },
    { failPersistence: request.failPersistence },
  );
  return stored.id;
}
