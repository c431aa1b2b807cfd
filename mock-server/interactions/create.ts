// Create (§2.1) and, when the first relatesTo is `replaces`, supersede (§2.2) as one transaction: the
// new pointer is stored and the old one superseded together, or neither (NRLS-SUPERSEDE-003). The
// checks and the change run without yielding, so concurrent requests cannot both pass the duplicate
// check or both supersede one pointer. The rules are in CREATE_RULES, so that a fault (faults/create.ts)
// can replace one.
import { POINTER_PROFILE } from '../../src/domain/identifiers.ts';
import { nhsNumberOf, odsCodeOf, type Identifier, type Pointer, type StoredPointer } from '../../src/domain/pointer.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import type { NewPatients, Organisation } from '../fixtures.ts';
import type { PointerStore } from '../store/pointer-store.ts';
import type { IdSource } from './ids.ts';
import { resolveSupersedeTarget, type SupersedeRules } from './supersede.ts';

export interface CreateRequest {
  pointer: Pointer;
  /** The ODS code of the fromASID system. */
  senderOds: string;
  organisations: readonly Organisation[];
  /** A valid NHS number the mock does not know: made known (`accept`, AMB-40) or refused (`refuse`). */
  newPatients?: NewPatients;
  /** AMB-39 fault injection: make persisting fail. */
  failPersistence?: boolean;
}

/** An organisation to look up in the ODS registry, and whether it must have the provider role. */
export type OrganisationLookup = { ods: string; mustProvide: boolean };

export interface CreateRules {
  /** NRLS-CREATE-013, NRLS-ID-004 (AMB-50 step 9): the patient's pointer with this masterIdentifier. */
  findDuplicate(store: PointerStore, nhsNumber: string, master: Identifier): StoredPointer | undefined;
  /** NRLS-CREATE-003, NRLS-AUTHZ-013 (AMB-28): the custodian is the sender's organisation. */
  custodianOwned(custodian: string, senderOds: string): boolean;
  /** NRLS-CREATE-019, NRLS-ODS-002 (AMB-25): the custodian is a known provider, the author known. */
  organisationLookups(custodian: string, author: string): OrganisationLookup[];
  /** NRLS-GEN-003, NRLS-CREATE-010 (AMB-30): the server assigns the id. */
  logicalIdFor(pointer: Pointer, nhsNumber: string, ids: IdSource): string;
  /** NRLS-CREATE-008/009/024: version 1 whatever the client sent; profile and lastUpdated set. */
  stored(pointer: Pointer, id: string, now: string): StoredPointer;
  /** NRLS-SUPERSEDE-002, NRLS-SUPERSEDE-004; other codes are stored without a transition (AMB-33). */
  supersedes(relation: NonNullable<Pointer['relatesTo']>[number] | undefined): boolean;
}

export const CREATE_RULES: CreateRules = {
  findDuplicate: (store, nhsNumber, master) => store.findByMasterIdentifier(nhsNumber, master.system!, master.value!),
  custodianOwned: (custodian, senderOds) => custodian === senderOds,
  organisationLookups: (custodian, author) => [
    { ods: custodian, mustProvide: true },
    { ods: author, mustProvide: false },
  ],
  logicalIdFor: (_pointer, _nhsNumber, ids) => ids.newLogicalId(),
  stored: (pointer, id, now) => ({
    ...pointer,
    id,
    meta: { ...pointer.meta, versionId: '1', lastUpdated: now, profile: [POINTER_PROFILE] },
  }),
  supersedes: (relation) => relation?.code === 'replaces',
};

function checkOrganisations(pointer: Pointer, request: CreateRequest, rules: CreateRules): void {
  const custodian = odsCodeOf(pointer.custodian!.reference)!;
  if (!rules.custodianOwned(custodian, request.senderOds))
    throw new SpineError('INVALID_RESOURCE', diagnostics.custodianNotAffiliated());
  const author = odsCodeOf(pointer.author![0]!.reference)!;
  for (const { ods, mustProvide } of rules.organisationLookups(custodian, author)) {
    const organisation = request.organisations.find((candidate) => candidate.ods === ods);
    if (!organisation || (mustProvide && !organisation.providerRole)) {
      throw new SpineError('ORGANISATION_NOT_FOUND', diagnostics.organisationNotFound(ods));
    }
  }
}

export interface CreateContext {
  rules: CreateRules;
  supersede: SupersedeRules;
  ids: IdSource;
}

/** Returns the new pointer's logical id. */
export async function createPointer(
  store: PointerStore,
  request: CreateRequest,
  { rules, supersede, ids }: CreateContext,
): Promise<string> {
  const { pointer } = request;
  const nhsNumber = nhsNumberOf(pointer)!;

  // NRLS-CREATE-013, NRLS-ID-004 (AMB-50 step 9)
  const master = pointer.masterIdentifier;
  if (master && rules.findDuplicate(store, nhsNumber, master)) {
    throw new SpineError('DUPLICATE_REJECTED', diagnostics.duplicate(master.value!, master.system!));
  }
  checkOrganisations(pointer, request, rules);
  // AMB-50 step 12, record lookups. NRLS-CREATE-025: the live NRLS only takes pointers for patients Spine
  // knows; by default the mock makes any valid NHS number known instead (AMB-40). Under `refuse` it
  // answers as the live service does. The catalogue gives no code for this on create: 404 NO_RECORD_FOUND
  // with NRLS-ERR-012's diagnostics (what the live service says of an unknown patient on search) is the
  // mock's choice.
  if (request.newPatients === 'refuse' && !store.isKnownPatient(nhsNumber)) {
    throw new SpineError('NO_RECORD_FOUND', diagnostics.patientNotFound(nhsNumber));
  }

  const now = new Date().toISOString();
  let stored = rules.stored(pointer, rules.logicalIdFor(pointer, nhsNumber, ids), now);
  let target: StoredPointer | undefined;
  try {
    target = rules.supersedes(pointer.relatesTo?.[0])
      ? resolveSupersedeTarget(store, stored, request.senderOds, supersede)
      : undefined;
  } catch (refusal) {
    return supersede.refused(store, stored, refusal);
  }
  const supersession = target && supersede.supersede(stored, target, now);
  if (supersession) stored = supersession.replacement;

  await store.transact(
    (tx) => {
      tx.insert(stored);
      tx.markKnown(nhsNumber); // NRLS-CREATE-025 (AMB-40); under `refuse` the patient is known already
      if (target) tx.update(target, supersession!.replaced);
    },
    { failPersistence: request.failPersistence },
  );
  return stored.id;
}
