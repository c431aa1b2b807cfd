// Supersede (§2.2): the first relatesTo with code `replaces` names, by masterIdentifier, a pointer of
// the same patient (AMB-31) that the sender owns (NRLS-SUPERSEDE-005) and that is current
// (NRLS-SUPERSEDE-007). Failures are 400 INVALID_RESOURCE naming relatesTo (AMB-32).
import type { Identifier, StoredPointer } from '../../src/domain/pointer.ts';
import { odsCodeOf } from '../../src/domain/pointer.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import { NO_FAULTS, type Faults } from '../faults.ts';
import type { PointerStore } from '../store/pointer-store.ts';

/** The pointer to supersede, or undefined when a fault lets a missing one pass. */
export function resolveSupersedeTarget(
  store: PointerStore,
  nhsNumber: string,
  target: Identifier,
  senderOds: string,
  faults: Faults = NO_FAULTS,
): StoredPointer | undefined {
  const found = faults.on('supersede-target-any-patient')
    ? store.state.DocumentReference.find((p) => p.masterIdentifier?.system === target.system && p.masterIdentifier?.value === target.value)
    : store.findByMasterIdentifier(nhsNumber, target.system!, target.value!);
  if (!found) {
    if (faults.on('supersede-missing-target-ignored')) return undefined;
    throw new SpineError('INVALID_RESOURCE', diagnostics.supersedeTargetNotFound()); // NRLS-SUPERSEDE-006
  }
  if (odsCodeOf(found.custodian?.reference) !== senderOds && !faults.on('supersede-ownership-unchecked')) {
    throw new SpineError('INVALID_RESOURCE', diagnostics.supersedeTargetNotOwned()); // NRLS-AUTHZ-015
  }
  if (found.status !== 'current' && !faults.on('superseded-pointer-resupersedable')) {
    throw new SpineError('INVALID_RESOURCE', diagnostics.supersedeTargetNotCurrent(String(found.status))); // NRLS-LIFE-007
  }
  return found;
}

/** NRLS-SUPERSEDE-008, NRLS-LIFE-008: the replaced pointer becomes superseded, one version up. */
export function supersededVersionOf(target: StoredPointer, now: string, faults: Faults = NO_FAULTS): Partial<StoredPointer> {
  const status = faults.on('superseded-left-current') ? target.status : faults.on('superseded-marked-entered-in-error') ? 'entered-in-error' : 'superseded';
  const versionId = faults.on('superseded-version-unchanged') ? target.meta.versionId : String(Number(target.meta.versionId) + 1);
  return { status, meta: { ...target.meta, versionId, lastUpdated: now } };
}
