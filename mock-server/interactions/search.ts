// Search (§2.3): by logical id, or by patient narrowed by custodian and type. Every status is returned
// (NRLS-SEARCH-026, AMB-23); a known patient with no match gets an empty Bundle, an unknown one 404
// (NRLS-SEARCH-017, AMB-40).
import { organisationUrl } from '../../src/domain/identifiers.ts';
import type { StoredPointer } from '../../src/domain/pointer.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import { NO_FAULTS, type Faults } from '../faults.ts';
import type { SearchQuery } from '../pipeline/parse-query.ts';
import type { PointerStore } from '../store/pointer-store.ts';

export function searchPointers(store: PointerStore, query: SearchQuery, faults: Faults = NO_FAULTS): readonly StoredPointer[] {
  if (query.by === 'id') {
    const pointer = store.findById(query.id);
    if (pointer) return [pointer];
    // NRLS-SEARCH-018 (AMB-49: a malformed id is simply not found)
    if (faults.on('unknown-id-empty-bundle')) return [];
    throw new SpineError('NO_RECORD_FOUND', diagnostics.noPointerWithId(query.id));
  }
  let candidates: readonly StoredPointer[];
  if (query.by === 'filters') {
    candidates = store.state.DocumentReference;
  } else {
    candidates = store.findForPatient(query.nhsNumber);
    const known = store.isKnownPatient(query.nhsNumber) || faults.on('unknown-patient-empty-bundle');
    if (!known || (candidates.length === 0 && faults.on('known-patient-not-found'))) {
      throw new SpineError('NO_RECORD_FOUND', diagnostics.patientNotFound(query.nhsNumber));
    }
  }
  const custodian = query.custodian === undefined || faults.on('custodian-filter-ignored') ? undefined : organisationUrl(query.custodian);
  const type = faults.on('type-filter-ignored') ? undefined : query.type;
  return candidates.filter((pointer) => {
    if (custodian !== undefined && pointer.custodian?.reference !== custodian) return false; // NRLS-SEARCH-005
    if (type) {
      const coding = pointer.type?.coding?.[0];
      if (coding?.system !== type.system || coding.code !== type.code) return false; // NRLS-SEARCH-006
    }
    if (faults.on('current-pointers-only') && pointer.status !== 'current') return false;
    return true;
  });
}
