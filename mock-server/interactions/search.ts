// Search (§2.3): by logical id, or by patient narrowed by custodian and type. Every status is returned
// (NRLS-SEARCH-026, AMB-23); a known patient with no match gets an empty Bundle, an unknown one 404
// (NRLS-SEARCH-017, AMB-40).
import { organisationUrl } from '../../src/domain/identifiers.ts';
import type { StoredPointer } from '../../src/domain/pointer.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import type { SearchQuery } from '../pipeline/parse-query.ts';
import type { PointerStore } from '../store/pointer-store.ts';

export function searchPointers(store: PointerStore, query: SearchQuery): readonly StoredPointer[] {
  if (query.by === 'id') {
    const pointer = store.findById(query.id);
    // NRLS-SEARCH-018 (AMB-49: a malformed id is simply not found)
    if (!pointer) throw new SpineError('NO_RECORD_FOUND', diagnostics.noPointerWithId(query.id));
    return [pointer];
  }
  if (!store.isKnownPatient(query.nhsNumber)) {
    throw new SpineError('NO_RECORD_FOUND', diagnostics.patientNotFound(query.nhsNumber));
  }
  const custodian = query.custodian === undefined ? undefined : organisationUrl(query.custodian);
  const type = query.type;
  return store.findForPatient(query.nhsNumber).filter((pointer) => {
    if (custodian !== undefined && pointer.custodian?.reference !== custodian) return false; // NRLS-SEARCH-005
    if (type) {
      const coding = pointer.type?.coding?.[0];
      if (coding?.system !== type.system || coding.code !== type.code) return false; // NRLS-SEARCH-006
    }
    return true;
  });
}
