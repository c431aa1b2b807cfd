// Faults of supersede (§2.2) and of the lifecycle it drives (§5), against CREATE_RULES.supersedes and
// SUPERSEDE_RULES (interactions/supersede.ts).
import { fault, rule } from './fault.ts';

export const SUPERSEDE_FAULTS = {
  'superseded-left-current': fault(
    'supersede',
    ['NRLS-SUPERSEDE-002', 'NRLS-SUPERSEDE-003', 'NRLS-LIFE-006', 'NRLS-CREATE-022'],
    'the superseded pointer is left current',
    rule('supersede', (base) => ({
      supersede(replacement, target, now) {
        const made = base.supersede(replacement, target, now);
        return { ...made, replaced: { ...made.replaced, status: target.status } };
      },
    })),
  ),
  'superseded-version-unchanged': fault(
    'supersede',
    ['NRLS-SUPERSEDE-008', 'NRLS-LIFE-008'],
    'the superseded pointer keeps its versionId',
    rule('supersede', (base) => ({
      supersede(replacement, target, now) {
        const made = base.supersede(replacement, target, now);
        return { ...made, replaced: { ...made.replaced, meta: { ...target.meta, lastUpdated: now } } };
      },
    })),
  ),
  'replacement-version-continues': fault(
    'supersede',
    ['NRLS-SUPERSEDE-008', 'NRLS-LIFE-008'],
    'the replacement gets the old version + 1 (the RI bug of 2018-09)',
    rule('supersede', (base) => ({
      supersede(replacement, target, now) {
        const made = base.supersede(replacement, target, now);
        const versionId = String(Number(target.meta.versionId) + 1);
        return { ...made, replacement: { ...made.replacement, meta: { ...made.replacement.meta, versionId } } };
      },
    })),
  ),
  'failed-supersede-kept': fault(
    'supersede',
    ['NRLS-SUPERSEDE-003'],
    'when the target check fails, the replacement is stored anyway',
    rule('supersede', () => ({
      async refused(store, replacement, refusal) {
        await store.transact((tx) => tx.insert(replacement));
        throw refusal;
      },
    })),
  ),
  'supersede-ownership-unchecked': fault(
    'supersede',
    ['NRLS-SUPERSEDE-005', 'NRLS-AUTHZ-015', 'NRLS-HDR-009'],
    "another provider's pointer may be superseded",
    rule('supersede', () => ({ targetOwned: () => true })),
  ),
  'superseded-pointer-resupersedable': fault(
    'supersede',
    ['NRLS-SUPERSEDE-007', 'NRLS-LIFE-007'],
    'a pointer that is not current may be superseded',
    rule('supersede', () => ({ targetSupersedable: () => true })),
  ),
  'supersede-target-any-patient': fault(
    'supersede',
    ['NRLS-SUPERSEDE-012'],
    'the target is found by masterIdentifier across all patients',
    rule('supersede', () => ({
      findTarget: (store, _nhsNumber, target) =>
        store.state.DocumentReference.find(
          (p) => p.masterIdentifier?.system === target.system && p.masterIdentifier?.value === target.value,
        ),
    })),
  ),
  'supersede-missing-target-ignored': fault(
    'supersede',
    ['NRLS-SUPERSEDE-006', 'NRLS-SUPERSEDE-003', 'NRLS-SUPERSEDE-012'],
    'a replacement naming no pointer is stored without error',
    rule('supersede', () => ({ targetMissing: () => undefined })),
  ),
  // The spec is silent on what a transforms, signs or appends relationship does (AMB-33).
  'any-relationship-supersedes': fault(
    'supersede',
    ['NRLS-SUPERSEDE-011'],
    'transforms, signs and appends supersede too',
    rule('create', () => ({ supersedes: (relation) => relation !== undefined })),
    'AMB-33',
  ),
  'superseded-marked-entered-in-error': fault(
    'lifecycle',
    ['NRLS-LIFE-006', 'NRLS-SUPERSEDE-003', 'NRLS-CREATE-022', 'NRLS-SUPERSEDE-002'],
    'a replaced pointer becomes entered-in-error, not superseded',
    rule('supersede', (base) => ({
      supersede(replacement, target, now) {
        const made = base.supersede(replacement, target, now);
        return { ...made, replaced: { ...made.replaced, status: 'entered-in-error' } };
      },
    })),
  ),
};
