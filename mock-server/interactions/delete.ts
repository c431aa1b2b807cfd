// Conditional delete (§2.4) by logical id or by patient and masterIdentifier. Only the owner may delete
// (NRLS-DELETE-005); any status may be deleted and the pointer it superseded is left as it is
// (NRLS-DELETE-013, AMB-36). The rules are in DELETE_RULES, so that a fault (faults/delete.ts) can
// replace one.
import { odsCodeOf, type StoredPointer } from '../../src/domain/pointer.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import type { DeleteQuery } from '../queries.ts';
import type { PointerStore } from '../store/pointer-store.ts';

export interface DeleteRules {
  /** NRLS-DELETE-002/003: the pointer the query names. */
  find(store: PointerStore, query: DeleteQuery): StoredPointer | undefined;
  /** NRLS-DELETE-008, NRLS-DELETE-009 (AMB-35): a query that names no pointer. */
  notFound(query: DeleteQuery): void;
  /** NRLS-DELETE-005, NRLS-AUTHZ-014 (AMB-28): only the custodian deletes. */
  owned(pointer: StoredPointer, senderOds: string): boolean;
  /** NRLS-SEARCH-028: the pointer is gone. */
  remove(store: PointerStore, pointer: StoredPointer): Promise<void>;
}

export const DELETE_RULES: DeleteRules = {
  find: (store, query) =>
    query.by === 'id'
      ? store.findById(query.id)
      : store.findByMasterIdentifier(query.nhsNumber, query.system, query.value),
  notFound(query) {
    throw new SpineError('NO_RECORD_FOUND', diagnostics.noPointerWithId(query.by === 'id' ? query.id : query.value));
  },
  owned: (pointer, senderOds) => odsCodeOf(pointer.custodian?.reference) === senderOds,
  remove: (store, pointer) => store.transact((tx) => tx.remove(pointer)),
};

export async function deletePointer(
  store: PointerStore,
  query: DeleteQuery,
  senderOds: string,
  rules: DeleteRules,
): Promise<void> {
  const pointer = rules.find(store, query);
  if (!pointer) return rules.notFound(query);
  if (!rules.owned(pointer, senderOds)) throw new SpineError('INVALID_RESOURCE', diagnostics.custodianNotAffiliated());
  await rules.remove(store, pointer);
}
