// Search (§2.3): by logical id, or by patient narrowed by custodian and type. Every status is returned
// (NRLS-SEARCH-026, AMB-23); a known patient with no match gets an empty Bundle, an unknown one 404
// (NRLS-SEARCH-017, AMB-40). The rules are in SEARCH_RULES, so that a fault (faults/search.ts) can
// replace one.
import { organisationUrl } from '../../src/domain/identifiers.ts';
import type { StoredPointer } from '../../src/domain/pointer.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import type { PatientSearch, SearchQuery } from '../queries.ts';
import type { PointerStore } from '../store/pointer-store.ts';

type RecordTypeFilter = { system: string; code: string };

export interface SearchRules {
  /** NRLS-SEARCH-018 (AMB-49: a malformed id is simply not found): an `_id` that matches nothing. */
  unknownId(id: string): readonly StoredPointer[];
  /** The pointers a query by patient (or, under a fault, by filters only) starts from. */
  candidates(store: PointerStore, query: PatientSearch): readonly StoredPointer[];
  /** NRLS-SEARCH-017 (AMB-40): a patient NRLS knows, with pointers or not, is found. */
  patientFound(store: PointerStore, nhsNumber: string, pointers: readonly StoredPointer[]): boolean;
  /** NRLS-SEARCH-005 */
  custodianMatches(pointer: StoredPointer, ods: string): boolean;
  /** NRLS-SEARCH-006 */
  typeMatches(pointer: StoredPointer, type: RecordTypeFilter): boolean;
  /** NRLS-SEARCH-026 (AMB-23): every status is returned. */
  statusReturned(status: unknown): boolean;
}

export const SEARCH_RULES: SearchRules = {
  unknownId(id) {
    throw new SpineError('NO_RECORD_FOUND', diagnostics.noPointerWithId(id));
  },
  candidates: (store, query) => (query.by === 'subject' ? store.findForPatient(query.nhsNumber) : []),
  patientFound: (store, nhsNumber) => store.isKnownPatient(nhsNumber),
  custodianMatches: (pointer, ods) => pointer.custodian?.reference === organisationUrl(ods),
  typeMatches(pointer, type) {
    const coding = pointer.type?.coding?.[0];
    return coding?.system === type.system && coding.code === type.code;
  },
  statusReturned: () => true,
};

export function searchPointers(store: PointerStore, query: SearchQuery, rules: SearchRules): readonly StoredPointer[] {
  if (query.by === 'id') {
    const pointer = store.findById(query.id);
    return pointer ? [pointer] : rules.unknownId(query.id);
  }
  const candidates = rules.candidates(store, query);
  if (query.by === 'subject' && !rules.patientFound(store, query.nhsNumber, candidates)) {
    throw new SpineError('NO_RECORD_FOUND', diagnostics.patientNotFound(query.nhsNumber));
  }
  const { custodian, type } = query;
  return candidates.filter(
    (pointer) =>
      (custodian === undefined || rules.custodianMatches(pointer, custodian)) &&
      (type === undefined || rules.typeMatches(pointer, type)) &&
      rules.statusReturned(pointer.status),
  );
}
