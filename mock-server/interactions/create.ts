// Create (§2.1) and, when the first relatesTo is `replaces`, supersede (§2.2) as one transaction: the
// new pointer is stored and the old one superseded together, or neither (NRLS-SUPERSEDE-003). The
// checks and the change run without yielding, so concurrent requests cannot both pass the duplicate
// check or both supersede one pointer.
import { POINTER_PROFILE } from '../../src/domain/identifiers.ts';
import { nhsNumberOf, odsCodeOf, type Pointer, type StoredPointer } from '../../src/domain/pointer.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import { NO_FAULTS, type Faults } from '../faults.ts';
import type { NewPatients, Organisation } from '../fixtures.ts';
import type { PointerStore } from '../store/pointer-store.ts';
import { newLogicalId } from './ids.ts';
import { resolveSupersedeTarget, supersededVersionOf } from './supersede.ts';

export interface CreateRequest {
  pointer: Pointer;
  /** The ODS code of the fromASID system. */
  senderOds: string;
  organisations: readonly Organisation[];
  /** A valid NHS number the mock does not know: made known (`accept`, AMB-40) or refused (`refuse`). */
  newPatients?: NewPatients;
  /** AMB-39 fault injection: make persisting fail. */
  failPersistence?: boolean;
  /** Only under the put-replaces fault: the logical id a PUT replaces. */
  replacing?: string;
  faults?: Faults;
}

/** STU3 elements outside the NRLS model (AMB-61), which a fault forgets to store. */
const OUTSIDE_THE_MODEL = ['description', 'class', 'context', 'securityLabel', 'extension', 'text'];

function checkOrganisations(pointer: Pointer, request: CreateRequest, faults: Faults): void {
  // NRLS-CREATE-003, NRLS-AUTHZ-013 (AMB-28)
  const custodian = odsCodeOf(pointer.custodian!.reference)!;
  if (custodian !== request.senderOds && !faults.on('custodian-ownership-unchecked')) {
    throw new SpineError('INVALID_RESOURCE', diagnostics.custodianNotAffiliated());
  }
  // NRLS-CREATE-019, NRLS-ODS-002 (AMB-25)
  const author = odsCodeOf(pointer.author![0]!.reference)!;
  const lookups: [string, boolean][] = faults.on('author-organisation-unresolved') ? [[custodian, true]] : [[custodian, true], [author, false]];
  for (const [ods, mustProvide] of lookups) {
    const organisation = request.organisations.find((candidate) => candidate.ods === ods);
    if (!organisation || (mustProvide && !organisation.providerRole)) {
      throw new SpineError('ORGANISATION_NOT_FOUND', diagnostics.organisationNotFound(ods));
    }
  }
}

/** NRLS-GEN-003: the server assigns the id (faults take the client's, or one per patient). */
function logicalIdFor(pointer: Pointer, nhsNumber: string, faults: Faults): string {
  if (faults.on('client-id-kept') && typeof pointer.id === 'string') return pointer.id;
  if (faults.on('logical-id-per-patient')) return `patient-${nhsNumber}`;
  return newLogicalId();
}

/** Returns the new pointer's logical id. */
export async function createPointer(store: PointerStore, request: CreateRequest): Promise<string> {
  const { pointer } = request;
  const faults = request.faults ?? NO_FAULTS;
  const nhsNumber = nhsNumberOf(pointer)!;
  const replaced = request.replacing === undefined ? undefined : store.findById(request.replacing);
  if (request.replacing !== undefined && !replaced) throw new SpineError('NO_RECORD_FOUND', diagnostics.noPointerWithId(request.replacing));

  // NRLS-CREATE-013, NRLS-ID-004 (AMB-50 step 9)
  const master = pointer.masterIdentifier;
  const duplicate = master && store.findByMasterIdentifier(nhsNumber, master.system!, master.value!);
  if (duplicate && duplicate !== replaced && !faults.on('duplicates-accepted')) {
    const text = diagnostics.duplicate(master.value!, master.system!);
    throw faults.on('duplicate-as-invalid-resource') ? new SpineError('INVALID_RESOURCE', text) : new SpineError('DUPLICATE_REJECTED', text);
  }
  checkOrganisations(pointer, request, faults);
  // AMB-50 step 12, record lookups. NRLS-CREATE-025: the live NRLS only takes pointers for patients Spine
  // knows; by default the mock makes any valid NHS number known instead (AMB-40). Under `refuse` it
  // answers as the live service does. The catalogue gives no code for this on create: 404 NO_RECORD_FOUND
  // with NRLS-ERR-012's diagnostics (what the live service says of an unknown patient on search) is the
  // mock's choice.
  if (request.newPatients === 'refuse' && !store.isKnownPatient(nhsNumber)) {
    throw new SpineError('NO_RECORD_FOUND', diagnostics.patientNotFound(nhsNumber));
  }

  const now = new Date().toISOString();
  const stored: StoredPointer = {
    ...pointer,
    // NRLS-GEN-003, NRLS-CREATE-010 (AMB-30)
    id: replaced?.id ?? logicalIdFor(pointer, nhsNumber, faults),
    // NRLS-CREATE-008/009/024: version 1 whatever the client sent; profile and lastUpdated set.
    meta: { ...pointer.meta, versionId: '1', lastUpdated: now, profile: [POINTER_PROFILE] },
  };
  if (faults.on('client-version-kept') && pointer.meta?.versionId) stored.meta.versionId = pointer.meta.versionId;
  if (faults.on('extra-elements-dropped')) for (const element of OUTSIDE_THE_MODEL) delete stored[element];

  // NRLS-SUPERSEDE-002, NRLS-SUPERSEDE-004; other codes are stored without a transition (AMB-33).
  const relation = pointer.relatesTo?.[0];
  const supersedes = relation?.code === 'replaces' || (relation !== undefined && faults.on('any-relationship-supersedes'));
  let target: StoredPointer | undefined;
  try {
    target = supersedes ? resolveSupersedeTarget(store, nhsNumber, relation.target!.identifier!, request.senderOds, faults) : undefined;
  } catch (error) {
    // A fault that forgets the transaction: the replacement stays although the supersede failed.
    if (faults.on('failed-supersede-kept')) await store.transact((tx) => tx.insert(stored));
    throw error;
  }
  if (target && faults.on('replacement-version-continues')) stored.meta.versionId = String(Number(target.meta.versionId) + 1);

  await store.transact(
    (tx) => {
      if (replaced) {
        tx.update(replaced, { ...stored, meta: { ...stored.meta, versionId: String(Number(replaced.meta.versionId) + 1) } });
        return;
      }
      tx.insert(stored);
      tx.markKnown(nhsNumber); // NRLS-CREATE-025 (AMB-40); under `refuse` the patient is known already
      if (target) tx.update(target, supersededVersionOf(target, now, faults));
    },
    { failPersistence: request.failPersistence },
  );
  return stored.id;
}
