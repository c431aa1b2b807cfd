// Supersede (§2.2): the first relatesTo with code `replaces` names, by masterIdentifier, a pointer of
// the same patient (AMB-31) that the sender owns (NRLS-SUPERSEDE-005) and that is current
// (NRLS-SUPERSEDE-007). Failures are 400 INVALID_RESOURCE naming relatesTo (AMB-32). The rules are in
// SUPERSEDE_RULES, so that a fault (faults/supersede.ts) can replace one.
import type { Identifier, StoredPointer } from '../../src/domain/pointer.ts';
import { nhsNumberOf, odsCodeOf } from '../../src/domain/pointer.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import type { PointerStore } from '../store/pointer-store.ts';

/** What one supersede stores: the replacement, and the change to the pointer it replaces. */
export interface Supersession {
  replacement: StoredPointer;
  replaced: Partial<StoredPointer>;
}

export interface SupersedeRules {
  /** AMB-31: the target is the patient's pointer with that masterIdentifier. */
  findTarget(store: PointerStore, nhsNumber: string, target: Identifier): StoredPointer | undefined;
  /** NRLS-SUPERSEDE-006: a replacement naming no pointer is refused. */
  targetMissing(): StoredPointer | undefined;
  /** NRLS-SUPERSEDE-005, NRLS-AUTHZ-015: only the custodian supersedes. */
  targetOwned(target: StoredPointer, senderOds: string): boolean;
  /** NRLS-SUPERSEDE-007, NRLS-LIFE-007: only a current pointer is superseded. */
  targetSupersedable(target: StoredPointer): boolean;
  /** NRLS-SUPERSEDE-003: a refused supersede is refused whole: the replacement is not stored either. */
  refused(store: PointerStore, replacement: StoredPointer, refusal: unknown): Promise<never>;
  /**
   * NRLS-SUPERSEDE-002/008, NRLS-LIFE-008: the replacement is a new pointer (version 1), the replaced one
   * becomes superseded, one version up.
   */
  supersede(replacement: StoredPointer, target: StoredPointer, now: string): Supersession;
}

export const SUPERSEDE_RULES: SupersedeRules = {
  findTarget: (store, nhsNumber, target) => store.findByMasterIdentifier(nhsNumber, target.system!, target.value!),
  targetMissing() {
    throw new SpineError('INVALID_RESOURCE', diagnostics.supersedeTargetNotFound());
  },
  targetOwned: (target, senderOds) => odsCodeOf(target.custodian?.reference) === senderOds,
  targetSupersedable: (target) => target.status === 'current',
  refused: async (_store, _replacement, refusal) => {
    throw refusal;
  },
  supersede: (replacement, target, now) => ({
    replacement,
    replaced: {
      status: 'superseded',
      meta: { ...target.meta, versionId: String(Number(target.meta.versionId) + 1), lastUpdated: now },
    },
  }),
};

/** The pointer the replacement's first relatesTo names, or undefined when a rule lets a missing one pass. */
export function resolveSupersedeTarget(
  store: PointerStore,
  replacement: StoredPointer,
  senderOds: string,
  rules: SupersedeRules,
) {
  const named = replacement.relatesTo![0]!.target!.identifier!;
  const found = rules.findTarget(store, nhsNumberOf(replacement)!, named);
  if (!found) return rules.targetMissing();
  if (!rules.targetOwned(found, senderOds))
    throw new SpineError('INVALID_RESOURCE', diagnostics.supersedeTargetNotOwned());
  if (!rules.targetSupersedable(found)) {
    throw new SpineError('INVALID_RESOURCE', diagnostics.supersedeTargetNotCurrent(String(found.status)));
  }
  return found;
}
