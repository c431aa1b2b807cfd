// Faults of create (§2.1) and of the logical id (§5), against CREATE_RULES (interactions/create.ts),
// and of the create's answer at the HTTP boundary (NRLS-CREATE-005..007, NRLS-OO-005).
import { SpineError } from '../errors/spine-error.ts';
import { COLLECTION_PATH } from '../pipeline/route.ts';
import { editOutcome, refusal, replyFor } from './answer.ts';
import { fault, rule } from './fault.ts';

/** STU3 elements outside the NRLS model (AMB-61). */
const OUTSIDE_THE_MODEL = ['description', 'class', 'context', 'securityLabel', 'extension', 'text'];

export const CREATE_FAULTS = {
  'create-answers-200': fault(
    'create',
    ['NRLS-CREATE-005', 'NRLS-SUPERSEDE-009'],
    'a create answers 200 instead of 201',
    replyFor(['RESOURCE_CREATED'], (reply) => ({ ...reply, status: 200 })),
  ),
  'location-path-form': fault(
    'create',
    ['NRLS-CREATE-007'],
    'Location is [base]/DocumentReference/[id] (the 2.x form)',
    replyFor(['RESOURCE_CREATED'], (reply) => ({
      ...reply,
      headers: {
        ...reply.headers,
        Location: reply.headers.Location!.replace(`${COLLECTION_PATH}?_id=`, `${COLLECTION_PATH}/`),
      },
    })),
  ),
  'created-without-message-id': fault(
    'create',
    ['NRLS-OO-005', 'NRLS-CREATE-006', 'NRLS-SUPERSEDE-009', 'NRLS-DELETE-007'],
    'the RESOURCE_CREATED outcome has no Spine message id in details.text',
    replyFor(['RESOURCE_CREATED', 'RESOURCE_DELETED'], (reply) =>
      editOutcome(reply, (outcome) => {
        delete (outcome.issue[0]!.details as { text?: string }).text;
      }),
    ),
  ),
  'client-version-kept': fault(
    'create',
    ['NRLS-CREATE-009', 'NRLS-CREATE-008'],
    'a versionId sent by the client is kept',
    rule('create', (base) => ({
      stored(pointer, id, now) {
        const stored = base.stored(pointer, id, now);
        const sent = pointer.meta?.versionId;
        return sent ? { ...stored, meta: { ...stored.meta, versionId: sent } } : stored;
      },
    })),
  ),
  'client-id-kept': fault(
    'create',
    ['NRLS-CREATE-010', 'NRLS-GEN-003'],
    'an id sent by the client becomes the logical id',
    rule('create', (base) => ({
      logicalIdFor: (pointer, nhsNumber, ids) =>
        typeof pointer.id === 'string' ? pointer.id : base.logicalIdFor(pointer, nhsNumber, ids),
    })),
  ),
  'custodian-ownership-unchecked': fault(
    'create',
    ['NRLS-CREATE-003', 'NRLS-AUTHZ-013', 'NRLS-PROF-016', 'NRLS-HDR-009', 'NRLS-ODS-003'],
    'a custodian not owned by fromASID is accepted',
    rule('create', () => ({ custodianOwned: () => true })),
  ),
  'duplicates-accepted': fault(
    'create',
    ['NRLS-CREATE-013', 'NRLS-ID-004', 'NRLS-PROF-017', 'NRLS-SUPERSEDE-013', 'NRLS-ERR-007'],
    'a second pointer with the same masterIdentifier for a patient is stored',
    rule('create', () => ({ findDuplicate: () => undefined })),
  ),
  'duplicate-as-invalid-resource': fault(
    'create',
    ['NRLS-ERR-007', 'NRLS-CREATE-013', 'NRLS-PROF-017', 'NRLS-SUPERSEDE-013', 'NRLS-ID-004'],
    'DUPLICATE_REJECTED is reported as INVALID_RESOURCE',
    refusal((error) =>
      error.key === 'DUPLICATE_REJECTED' ? new SpineError('INVALID_RESOURCE', error.diagnostics, error) : error,
    ),
  ),
  'author-organisation-unresolved': fault(
    'create',
    ['NRLS-CREATE-019', 'NRLS-PROF-015', 'NRLS-ODS-002', 'NRLS-ODS-004'],
    'an author ODS code NRLS does not know is accepted',
    rule('create', (base) => ({
      organisationLookups: (custodian, author) =>
        base.organisationLookups(custodian, author).filter((lookup) => lookup.mustProvide),
    })),
  ),
  'organisation-not-found-as-404': fault(
    'create',
    ['NRLS-ERR-009'],
    'ORGANISATION_NOT_FOUND is sent with status 404',
    replyFor(['ORGANISATION_NOT_FOUND'], (reply) => ({ ...reply, status: 404 })),
  ),
  'extra-elements-dropped': fault(
    'create',
    ['NRLS-PROF-021'],
    'STU3 elements outside the NRLS model are not stored',
    rule('create', (base) => ({
      stored(pointer, id, now) {
        const stored = { ...base.stored(pointer, id, now) };
        for (const element of OUTSIDE_THE_MODEL) delete stored[element];
        return stored;
      },
    })),
  ),
  'logical-id-per-patient': fault(
    'lifecycle',
    ['NRLS-ID-002', 'NRLS-GEN-003'],
    "the logical id is derived from the NHS number, so a patient's pointers share it",
    rule('create', () => ({ logicalIdFor: (_pointer, nhsNumber) => `patient-${nhsNumber}` })),
  ),
};
