// Conditional delete (§2.4) by logical id or by patient and masterIdentifier. Only the owner may delete
// (NRLS-DELETE-005); any status may be deleted and the pointer it superseded is left as it is
// (NRLS-DELETE-013, AMB-36).
import { odsCodeOf } from '../../src/domain/pointer.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import type { DeleteQuery } from '../pipeline/parse-query.ts';
import type { PointerStore } from '../store/pointer-store.ts';

export async function deletePointer(store: PointerStore, query: DeleteQuery, senderOds: string): Promise<void> {
  const pointer =
    query.by === 'id' ? store.findById(query.id) : store.findByMasterIdentifier(query.nhsNumber, query.system, query.value);
  // NRLS-DELETE-008, NRLS-DELETE-009 (AMB-35)
  if (!pointer) throw new SpineError('NO_RECORD_FOUND', diagnostics.noPointerWithId(query.by === 'id' ? query.id : query.value));
  // NRLS-DELETE-005, NRLS-AUTHZ-014 (AMB-28)
  if (odsCodeOf(pointer.custodian?.reference) !== senderOds) {
    throw new SpineError('INVALID_RESOURCE', diagnostics.custodianNotAffiliated());
  }
  await store.transact((tx) => tx.remove(pointer));
}
