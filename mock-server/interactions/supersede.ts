// Supersede (§2.2): the first relatesTo with code `replaces` names, by masterIdentifier, a pointer of
// the same patient (AMB-31) that the sender owns (NRLS-SUPERSEDE-005) and that is current
// (NRLS-SUPERSEDE-007). Failures are 400 INVALID_RESOURCE naming relatesTo (AMB-32).
import type { Identifier, StoredPointer } from '../../src/domain/pointer.ts';
import { odsCodeOf } from '../../src/domain/pointer.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import type { PointerStore } from '../store/pointer-store.ts';

export function resolveSupersedeTarget(
  store: PointerStore,
  nhsNumber: string,
  target: Identifier,
  senderOds: string,
): StoredPointer {
  const found = store.findByMasterIdentifier(nhsNumber, target.system!, target.value!);
  if (!found) throw new SpineError('INVALID_RESOURCE', diagnostics.supersedeTargetNotFound()); // NRLS-SUPERSEDE-006
  if (odsCodeOf(found.custodian?.reference) !== senderOds) {
    throw new SpineError('INVALID_RESOURCE', diagnostics.supersedeTargetNotOwned()); // NRLS-AUTHZ-015
  }
  if (found.status !== 'current') {
    throw new SpineError('INVALID_RESOURCE', diagnostics.supersedeTargetNotCurrent(String(found.status))); // NRLS-LIFE-007
  }
  return found;
}

/** NRLS-SUPERSEDE-008, NRLS-LIFE-008: the replaced pointer becomes superseded, one version up. */
export function supersededVersionOf(target: StoredPointer, now: string): Partial<StoredPointer> {
  return {
    status: 'superseded',
    meta: { ...target.meta, versionId: String(Number(target.meta.versionId) + 1), lastUpdated: now },
  };
}
