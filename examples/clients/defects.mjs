// The faulty variants of the example client: each is ONE plausible supplier mistake, switched on by name
// (NRLS_CLIENT_DEFECT=<name> or --defect <name>), so that client assurance can be shown to catch it and
// to blame the requirement it breaks. `node nrls-client.mjs defects` prints DEFECTS as JSON.
//
// Fields: name; description; actions (the subcommands it changes); breaks (the catalogue requirement ids,
// spec/nrls-api-1.2.md, it breaks: [] for a control); and, where they apply:
//   warningOnly: allowed by 1.2.x but not the preferred form (a warning, not a failure);
//   control: NOT a defect in 1.2.x: it must not be blamed (a check of the judge, not of the client);
//   handling: how the client treats the answer, not what it sends;
//   roles: only for these roles (elsewhere the same request is correct);
//   deleteForm: on delete, only when deleting by this form ('id' or 'master-identifier').
// How each one changes the request is in defect-effects.mjs; the client applies it after building a
// correct request, so nrls-client.mjs and nrls-request.mjs read as a clean template.
const POINTER_BODY = ['create', 'supersede'];
const ALL = ['create', 'supersede', 'delete', 'search'];

export const DEFECTS = [
  {
    name: 'missing-accept',
    description: 'No Accept header. NOT a defect in 1.2.x: Accept is a MAY (NRLS-HDR-004); the answer is XML.',
    actions: ALL,
    breaks: [],
    control: true,
  },
  {
    name: 'dstu2-media-type',
    description: 'Accept: application/json+fhir (the DSTU2 type): accepted for compatibility, but not preferred.',
    actions: ALL,
    breaks: ['NRLS-FMT-002'],
    warningOnly: true,
  },
  {
    name: 'no-meta-profile',
    description:
      'The pointer has no meta.profile. Only a warning in 1.2.x: §3.1 does not require it on requests, though every ' +
      'example claims NRLS-DocumentReference-1 (TKW V26 fails it).',
    actions: POINTER_BODY,
    breaks: ['NRLS-CREATE-024'],
    warningOnly: true,
  },
  { name: 'no-authorization', description: 'No Authorization header.', actions: ALL, breaks: ['NRLS-HDR-001'] },
  { name: 'missing-from-asid', description: 'No fromASID header.', actions: ALL, breaks: ['NRLS-HDR-002'] },
  {
    name: 'wrong-to-asid',
    description: "toASID is the client's own ASID instead of the Spine's.",
    actions: ALL,
    breaks: ['NRLS-HDR-003', 'NRLS-AUTHZ-002'],
  },
  {
    name: 'signed-jwt',
    description: 'The JWT is signed (alg HS256, a signature) instead of unsecured (alg none, empty signature).',
    actions: ALL,
    breaks: ['NRLS-JWT-004'],
  },
  {
    name: 'jwt-lifetime',
    description: 'exp = iat + 3600 instead of iat + 300.',
    actions: ALL,
    breaks: ['NRLS-JWT-006'],
  },
  {
    name: 'wrong-scope',
    description: 'The scope of the other access: read on create, supersede and delete; write on search.',
    actions: ALL,
    breaks: ['NRLS-JWT-025'],
  },
  {
    name: 'requesting-system-mismatch',
    description: "requesting_system names another (known) ASID than fromASID's.",
    actions: ALL,
    breaks: ['NRLS-JWT-021', 'NRLS-AUTHZ-003'],
  },
  {
    name: 'reason-not-directcare',
    description: 'reason_for_request is "DirectCare" instead of "directcare".',
    actions: ALL,
    breaks: ['NRLS-JWT-013'],
  },
  {
    name: 'sub-mismatch',
    description: 'sub is the requesting_system although requesting_user is present.',
    actions: ALL,
    breaks: ['NRLS-JWT-011', 'NRLS-JWT-022'],
  },
  {
    name: 'no-requesting-user',
    description: "A consumer's search without requesting_user (sub is then the requesting_system).",
    actions: ['search'],
    roles: ['consumer'],
    breaks: ['NRLS-JWT-015', 'NRLS-SEARCH-032'],
  },
  {
    name: 'foreign-custodian',
    description: "The pointer's custodian is another organisation (RR8, or MHT01 for RR8) than the sender's.",
    actions: POINTER_BODY,
    breaks: ['NRLS-CREATE-003', 'NRLS-AUTHZ-013'],
  },
  {
    name: 'bad-check-digit',
    description: 'The NHS number sent has a wrong check digit (the subject in a pointer, or the subject parameter).',
    actions: ALL,
    deleteForm: 'master-identifier',
    breaks: ['NRLS-NHS-001', 'NRLS-PROF-013', 'NRLS-SEARCH-021'],
  },
  {
    name: 'status-not-current',
    description: 'A new pointer with status "superseded".',
    actions: POINTER_BODY,
    breaks: ['NRLS-CREATE-011'],
  },
  { name: 'missing-type', description: 'The pointer has no type.', actions: POINTER_BODY, breaks: ['NRLS-CREATE-004'] },
  {
    name: 'bad-indexed',
    description: 'indexed is a local time without a timezone, not a FHIR instant.',
    actions: POINTER_BODY,
    breaks: ['NRLS-PROF-009'],
  },
  {
    name: 'master-identifier-without-system',
    description: 'masterIdentifier has a value but no system.',
    actions: POINTER_BODY,
    breaks: ['NRLS-CREATE-012'],
  },
  {
    name: 'relates-to-not-replaces',
    description: 'A supersede whose relatesTo.code is "transforms" instead of "replaces".',
    actions: ['supersede'],
    breaks: ['NRLS-SUPERSEDE-002'],
  },
  {
    name: 'relates-to-without-identifier',
    description: 'A supersede whose relatesTo.target is a reference URL instead of the identifier.',
    actions: ['supersede'],
    breaks: ['NRLS-SUPERSEDE-016'],
  },
  {
    name: 'unencoded-pipe',
    description: 'A raw | in token parameters (identifier=, custodian.identifier=) instead of %7C.',
    actions: ['delete'],
    deleteForm: 'master-identifier',
    breaks: ['NRLS-GEN-005'],
  },
  {
    name: 'path-style-delete',
    description: 'DELETE [base]/DocumentReference/[id] (2.x) instead of the conditional ?_id=[id].',
    actions: ['delete'],
    deleteForm: 'id',
    breaks: ['NRLS-UNSUP-005', 'NRLS-DELETE-002'],
  },
  {
    name: 'summary-not-count',
    description: 'Every search asks for _summary=data (with --count, instead of _summary=count).',
    actions: ['search'],
    breaks: ['NRLS-SEARCH-011'],
  },
  {
    name: 'unknown-search-parameter',
    description: 'Every search adds _count=10 (paging was removed in 1.1.0).',
    actions: ['search'],
    breaks: ['NRLS-SEARCH-025'],
  },
  {
    name: 'body-on-get',
    description: 'The search GET carries a JSON body (a Parameters resource): not FHIR REST search (TKW V24).',
    actions: ['search'],
    breaks: ['NRLS-SEARCH-001'],
  },
  {
    name: 'claims-created-on-refusal',
    description: 'A refused (4xx) create or supersede is reported as {"outcome":"created"} with exit 0.',
    actions: POINTER_BODY,
    breaks: ['NRLS-CREATE-005'],
    handling: true,
  },
  {
    name: 'retry-storm',
    description: 'Any non-2xx answer or network error is retried 10 times at once, without backoff.',
    actions: ALL,
    breaks: ['NRLS-ERR-014'],
    handling: true,
  },
  {
    name: 'ignores-timeout',
    description: 'No client timeout: it waits for ever for an answer, so it never reports what happened.',
    actions: ALL,
    breaks: ['NRLS-CREATE-005', 'NRLS-SUPERSEDE-009', 'NRLS-DELETE-006', 'NRLS-SEARCH-013'],
    handling: true,
  },
  {
    name: 'error-as-empty',
    description: 'A failed search is reported as {"outcome":"found","count":0} with exit 0.',
    actions: ['search'],
    breaks: ['NRLS-SEARCH-013'],
    handling: true,
  },
];
