// Conditional delete (§2.4) by logical id or by patient and masterIdentifier. Only the owner may delete
// (NRLS-DELETE-005); any status may be deleted and the pointer it superseded is left as it is
// (NRLS-DELETE-013, AMB-36).
import { odsCodeOf } from '../../src/domain/pointer.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import { NO_FAULTS, type Faults } from '../faults.ts';
import type { DeleteQuery } from '../pipeline/parse-query.ts';
import type { PointerStore } from '../store/pointer-store.ts';

function find(store: PointerStore, query: DeleteQuery) {
  if (query.by === 'id') return store.findById(query.id);
  // Only under the delete-identifier-system-optional fault is the system empty: match on the value.
  if (query.system === '') return store.findForPatient(query.nhsNumber).find((pointer) => pointer.masterIdentifier?.value === query.value);
  return store.findByMasterIdentifier(query.nhsNumber, query.system, query.value);
}

export async function deletePointer(store: PointerStore, query: DeleteQuery, senderOds: string, faults: Faults = NO_FAULTS): Promise<void> {
  const pointer = find(store, query);
  // NRLS-DELETE-008, NRLS-DELETE-009 (AMB-35)
  if (!pointer) {
    if (faults.on('delete-unknown-id-ok')) return;
    throw new SpineError('NO_RECORD_FOUND', diagnostics.noPointerWithId(query.by === 'id' ? query.id : query.value));
  }
  // NRLS-DELETE-005, NRLS-AUTHZ-014 (AMB-28)
  if (odsCodeOf(pointer.custodian?.reference) !== senderOds && !faults.on('delete-ownership-unchecked')) {
    throw new SpineError('INVALID_RESOURCE', diagnostics.custodianNotAffiliated());
  }
  // NRLS-SEARCH-028: the pointer is gone (a fault answers as if it were, and keeps it).
  if (faults.on('deleted-pointers-found')) return;
  await store.transact((tx) => tx.remove(pointer));
}
