// Named faults: deliberate deviations of the mock, each breaking one rule the way a real implementation
// plausibly would, each declaring the requirement ids it breaks. They exist to prove the suite catches
// real defects (the mutation run). The code consults `config.faults.on(name)` exactly where the rule is
// applied; with no fault named, every switch is off and the normal path runs.

export interface FaultSpec {
  area: string;
  breaks: readonly string[];
  description: string;
  /** The AMB choice the fault departs from, where what it breaks is our reading rather than the spec's text. */
  amb?: string;
}

const fault = (area: string, breaks: string[], description: string, amb?: string): FaultSpec => ({ area, breaks, description, ...(amb ? { amb } : {}) });

export const FAULTS = {
  // Headers (§1.6)
  'from-asid-not-required': fault('headers', ['NRLS-HDR-002', 'NRLS-ERR-001'], 'a request without fromASID is served as the JWT ASID'),
  'to-asid-not-required': fault('headers', ['NRLS-HDR-003', 'NRLS-ERR-002'], 'a request without toASID is served'),
  'to-asid-any-value': fault('headers', ['NRLS-AUTHZ-002', 'NRLS-HDR-006'], 'any toASID is accepted', 'AMB-03'),
  // The spec itself says header names are case-sensitive; matching them in any case is our reading (AMB-02).
  'header-names-case-sensitive': fault('headers', ['NRLS-HDR-005'], 'fromASID and toASID are only found with exactly that case', 'AMB-02'),
  'header-errors-issue-structure': fault('headers', ['NRLS-ERR-001', 'NRLS-ERR-002'], 'missing-header errors carry issue code structure, not invalid'),
  'header-diagnostics-reworded': fault('headers', ['NRLS-ERR-001', 'NRLS-ERR-002', 'NRLS-HDR-006', 'NRLS-AUTHZ-002'], 'missing-header diagnostics say "<name> header is missing"'),

  // JWT (§4.3), one per rule family
  'authorization-optional': fault('jwt', ['NRLS-HDR-001', 'NRLS-JWT-001', 'NRLS-JWT-008', 'NRLS-ERR-003'], 'a request without Authorization is served'),
  'jwt-two-sections-accepted': fault('jwt', ['NRLS-JWT-009', 'NRLS-JWT-003'], 'a token of header and payload only is accepted'),
  'jwt-payload-errors-as-missing-header': fault('jwt', ['NRLS-JWT-026'], 'an undecodable payload gets "The Authorisation header must be supplied" (as the RI does)'),
  'jwt-iss-optional': fault('jwt', ['NRLS-JWT-010'], 'the iss claim is not required'),
  'jwt-scope-optional': fault('jwt', ['NRLS-JWT-010'], 'a token without scope is treated as allowing anything'),
  'jwt-requesting-user-optional': fault('jwt', ['NRLS-JWT-015', 'NRLS-SEARCH-032', 'NRLS-AUTHZ-009'], 'a consumer token without requesting_user is accepted', 'AMB-08'),
  'jwt-sub-not-matched-to-user': fault('jwt', ['NRLS-JWT-011', 'NRLS-JWT-022'], 'sub is not compared with requesting_user'),
  'jwt-sub-not-matched-to-system': fault('jwt', ['NRLS-JWT-012'], 'sub is not compared with requesting_system'),
  'jwt-reason-unchecked': fault('jwt', ['NRLS-JWT-013'], 'reason_for_request is not checked'),
  'jwt-scope-unchecked': fault('jwt', ['NRLS-JWT-014', 'NRLS-JWT-025'], 'any scope value is accepted'),
  'jwt-scope-not-per-interaction': fault('jwt', ['NRLS-JWT-025'], 'read and write scopes are accepted for every interaction'),
  // The spec text itself shows the slash form; accepting only the pipe form is our reading (AMB-04).
  'jwt-requesting-system-slash-form': fault('jwt', ['NRLS-JWT-016'], 'requesting_system is also accepted as accredited-system/<ASID>', 'AMB-04'),
  'jwt-unknown-asid-accepted': fault('jwt', ['NRLS-JWT-017'], 'an ASID unknown to Spine is accepted in requesting_system (the token is then refused as not the fromASID\'s, which the spec allows: only the order we recommend tells)', 'AMB-50'),
  'jwt-organisation-slash-form': fault('jwt', ['NRLS-JWT-018'], 'requesting_organization is also accepted as ods-organization-code/<ODS>', 'AMB-04'),
  'jwt-unknown-organisation-accepted': fault('jwt', ['NRLS-JWT-019'], 'an ODS code unknown to Spine is accepted in requesting_organization (then refused as not the ASID\'s organisation, which the spec allows: only the order we recommend tells)', 'AMB-50'),
  'jwt-organisation-association-unchecked': fault('jwt', ['NRLS-JWT-020', 'NRLS-AUTHZ-004', 'NRLS-ODS-003'], 'requesting_organization need not be the ASID\'s ODS code'),
  'jwt-from-asid-match-unchecked': fault('jwt', ['NRLS-JWT-021', 'NRLS-AUTHZ-003'], 'requesting_system need not be the fromASID system'),
  'jwt-errors-issue-invalid': fault('jwt', ['NRLS-ERR-004', 'NRLS-JWT-009', 'NRLS-JWT-008'], 'JWT errors carry issue code invalid, not structure'),
  'jwt-signature-verified': fault('jwt', ['NRLS-JWT-005'], 'tokens with a signature or an alg other than none are refused'),
  'jwt-bearer-case-sensitive': fault('jwt', ['NRLS-JWT-007'], 'only "Bearer " exactly introduces the token'),
  'jwt-expiry-enforced': fault('jwt', ['NRLS-JWT-024'], 'tokens issued more than five minutes ago are refused'),

  // Authorisation (§4.5)
  // A consumer can own no pointer, so its create is still refused (custodian); only the AMB-10 response tells the two apart.
  'consumer-may-create': fault('authorisation', ['NRLS-CREATE-002', 'NRLS-AUTHZ-005', 'NRLS-AUTHZ-006', 'NRLS-AUTHZ-007', 'NRLS-ERR-015'], 'a consumer is allowed to create', 'AMB-10'),
  // A consumer owns no pointer, so its delete is still refused (ownership); only the AMB-10 response tells the two apart.
  'consumer-may-delete': fault('authorisation', ['NRLS-DELETE-001', 'NRLS-AUTHZ-005', 'NRLS-AUTHZ-006', 'NRLS-AUTHZ-007', 'NRLS-ERR-015'], 'a consumer is allowed to delete', 'AMB-10'),
  'access-denied-as-400': fault('authorisation', ['NRLS-AUTHZ-007', 'NRLS-ERR-015'], 'a blocked interaction gets 400, not 403'),
  // The spec both lets providers search and limits it to those in the consumer role (AMB-09).
  'providers-may-not-search': fault('authorisation', ['NRLS-SEARCH-001', 'NRLS-AUTHZ-008'], 'an ASID with provider interactions may not search', 'AMB-09'),

  // Content negotiation (§1.5)
  'json-by-default': fault('content-negotiation', ['NRLS-FMT-005', 'NRLS-FMT-007'], 'with neither Accept nor _format the answer is JSON'),
  'accept-beats-format': fault('content-negotiation', ['NRLS-FMT-004', 'NRLS-FMT-006', 'NRLS-SEARCH-024', 'NRLS-ERR-013'], 'Accept wins over _format'),
  'unsupported-format-ignored': fault('content-negotiation', ['NRLS-FMT-006', 'NRLS-ERR-013', 'NRLS-SEARCH-024'], 'an unsupported _format is ignored instead of 415'),
  'dstu2-types-ignored': fault('content-negotiation', ['NRLS-FMT-002'], 'the DSTU2 media types are not recognised'),
  'generic-types-ignored': fault('content-negotiation', ['NRLS-FMT-003'], 'application/json, application/xml and text/json are not recognised'),
  'short-format-refused': fault('content-negotiation', ['NRLS-FMT-008'], '_format=json and _format=xml get 415'),
  'alias-content-type-echoed': fault('content-negotiation', ['NRLS-FMT-009', 'NRLS-FMT-008'], 'the response Content-Type is the alias the client asked for'),
  'content-type-without-charset': fault('content-negotiation', ['NRLS-FMT-009'], 'the response Content-Type has no charset'),
  'xml-wrong-namespace': fault('content-negotiation', ['NRLS-FMT-001', 'NRLS-GEN-001'], 'XML is served in the namespace http://hl7.org/fhir/STU3'),
  'errors-always-xml': fault('content-negotiation', ['NRLS-FMT-011'], 'error responses are XML whatever was asked for'),
  'unsupported-media-type-spine-profile': fault('content-negotiation', ['NRLS-ERR-013', 'NRLS-OO-003'], 'the 415 claims Spine-OperationOutcome-1'),
  'request-content-type-required': fault('content-negotiation', ['NRLS-FMT-010'], 'a body whose Content-Type is not a FHIR type is refused instead of sniffed'),

  // Create and the profile (§2.1, §3.4)
  'create-answers-200': fault('create', ['NRLS-CREATE-005', 'NRLS-SUPERSEDE-009'], 'a create answers 200 instead of 201'),
  'location-path-form': fault('create', ['NRLS-CREATE-007'], 'Location is [base]/DocumentReference/[id] (the 2.x form)'),
  'created-without-message-id': fault('create', ['NRLS-OO-005', 'NRLS-CREATE-006', 'NRLS-SUPERSEDE-009', 'NRLS-DELETE-007'], 'the RESOURCE_CREATED outcome has no Spine message id in details.text'),
  'client-version-kept': fault('create', ['NRLS-CREATE-009', 'NRLS-CREATE-008'], 'a versionId sent by the client is kept'),
  'client-id-kept': fault('create', ['NRLS-CREATE-010', 'NRLS-GEN-003'], 'an id sent by the client becomes the logical id'),
  'nhs-check-digit-unchecked': fault('create', ['NRLS-NHS-002', 'NRLS-CREATE-017', 'NRLS-PROF-013', 'NRLS-SEARCH-021', 'NRLS-NHS-001', 'NRLS-NHS-004', 'NRLS-DELETE-012'], 'the NHS number check digit is not checked'),
  'custodian-ownership-unchecked': fault('create', ['NRLS-CREATE-003', 'NRLS-AUTHZ-013', 'NRLS-PROF-016', 'NRLS-HDR-009', 'NRLS-ODS-003'], 'a custodian not owned by fromASID is accepted'),
  'duplicates-accepted': fault('create', ['NRLS-CREATE-013', 'NRLS-ID-004', 'NRLS-PROF-017', 'NRLS-SUPERSEDE-013', 'NRLS-ERR-007'], 'a second pointer with the same masterIdentifier for a patient is stored'),
  'duplicate-as-invalid-resource': fault('create', ['NRLS-ERR-007', 'NRLS-CREATE-013', 'NRLS-PROF-017', 'NRLS-SUPERSEDE-013', 'NRLS-ID-004'], 'DUPLICATE_REJECTED is reported as INVALID_RESOURCE'),
  'non-current-status-accepted': fault('create', ['NRLS-CREATE-011', 'NRLS-PROF-007', 'NRLS-LIFE-005'], 'a new pointer may be superseded or entered-in-error'),
  'record-type-unchecked': fault('create', ['NRLS-PROF-008'], 'any type coding is accepted'),
  'indexed-unchecked': fault('create', ['NRLS-PROF-009'], 'indexed need not be a FHIR instant'),
  'creation-date-unchecked': fault('create', ['NRLS-PROF-010'], 'attachment creation need not be a FHIR dateTime'),
  'prohibited-elements-accepted': fault('create', ['NRLS-PROF-004'], 'subject, author and custodian may carry identifier and display; coding may carry version'),
  'master-identifier-value-optional': fault('create', ['NRLS-CREATE-012', 'NRLS-PROF-002', 'NRLS-PROF-003'], 'a masterIdentifier needs no value'),
  'subject-url-as-invalid-resource': fault('create', ['NRLS-PROF-012', 'NRLS-CREATE-016', 'NRLS-CREATE-017'], 'a wrong subject URL is INVALID_RESOURCE (as the RI does), not INVALID_PARAMETER'),
  'author-organisation-unresolved': fault('create', ['NRLS-CREATE-019', 'NRLS-PROF-015', 'NRLS-ODS-002', 'NRLS-ODS-004'], 'an author ODS code NRLS does not know is accepted'),
  'organisation-not-found-as-404': fault('create', ['NRLS-ERR-009'], 'ORGANISATION_NOT_FOUND is sent with status 404'),
  'unknown-elements-kept': fault('create', ['NRLS-GEN-001'], 'a JSON element STU3 does not define is stored and returned, so search answers are not STU3'),
  'extra-elements-dropped': fault('create', ['NRLS-PROF-021'], 'STU3 elements outside the NRLS model are not stored'),
  'relates-to-code-unchecked': fault('create', ['NRLS-PROF-011', 'NRLS-SUPERSEDE-011'], 'any relatesTo code is accepted'),

  // Supersede (§2.2)
  'superseded-left-current': fault('supersede', ['NRLS-SUPERSEDE-002', 'NRLS-SUPERSEDE-003', 'NRLS-LIFE-006', 'NRLS-CREATE-022'], 'the superseded pointer is left current'),
  'superseded-version-unchanged': fault('supersede', ['NRLS-SUPERSEDE-008', 'NRLS-LIFE-008'], 'the superseded pointer keeps its versionId'),
  'replacement-version-continues': fault('supersede', ['NRLS-SUPERSEDE-008', 'NRLS-LIFE-008'], 'the replacement gets the old version + 1 (the RI bug of 2018-09)'),
  'failed-supersede-kept': fault('supersede', ['NRLS-SUPERSEDE-003'], 'when the target check fails, the replacement is stored anyway'),
  'supersede-ownership-unchecked': fault('supersede', ['NRLS-SUPERSEDE-005', 'NRLS-AUTHZ-015', 'NRLS-HDR-009'], 'another provider\'s pointer may be superseded'),
  'superseded-pointer-resupersedable': fault('supersede', ['NRLS-SUPERSEDE-007', 'NRLS-LIFE-007'], 'a pointer that is not current may be superseded'),
  'supersede-target-any-patient': fault('supersede', ['NRLS-SUPERSEDE-012'], 'the target is found by masterIdentifier across all patients'),
  'supersede-missing-target-ignored': fault('supersede', ['NRLS-SUPERSEDE-006', 'NRLS-SUPERSEDE-003', 'NRLS-SUPERSEDE-012'], 'a replacement naming no pointer is stored without error'),
  // The spec is silent on what a transforms, signs or appends relationship does (AMB-33).
  'any-relationship-supersedes': fault('supersede', ['NRLS-SUPERSEDE-011'], 'transforms, signs and appends supersede too', 'AMB-33'),

  // Search (§2.3)
  'deleted-pointers-found': fault('search', ['NRLS-SEARCH-028', 'NRLS-DELETE-010', 'NRLS-DELETE-008', 'NRLS-SEARCH-018'], 'deleted pointers are still returned by a patient search'),
  'type-filter-ignored': fault('search', ['NRLS-SEARCH-006', 'NRLS-SEARCH-004'], 'the type filter is ignored'),
  'custodian-filter-ignored': fault('search', ['NRLS-SEARCH-005', 'NRLS-SEARCH-004', 'NRLS-SEARCH-029'], 'the custodian filter is ignored'),
  'count-with-entries': fault('search', ['NRLS-SEARCH-010'], '_summary=count returns the entries too'),
  'known-patient-not-found': fault('search', ['NRLS-SEARCH-017'], 'a known patient with no pointers gets 404, not an empty Bundle'),
  'unknown-patient-empty-bundle': fault('search', ['NRLS-SEARCH-017', 'NRLS-NHS-007'], 'an unknown patient gets an empty Bundle, not 404'),
  'bundle-full-url': fault('search', ['NRLS-SEARCH-014'], 'Bundle entries carry fullUrl'),
  'bundle-self-link': fault('search', ['NRLS-SEARCH-014'], 'the Bundle carries a self link'),
  'current-pointers-only': fault('search', ['NRLS-SEARCH-026'], 'only current pointers are returned (the 2.x rule)'),
  'unknown-parameters-ignored': fault('search', ['NRLS-SEARCH-025'], 'unknown search parameters are ignored'),
  'subject-optional': fault('search', ['NRLS-SEARCH-003', 'NRLS-SEARCH-020'], 'a search without subject returns every pointer matching the rest'),
  'id-with-other-parameters': fault('search', ['NRLS-SEARCH-009'], '_id may be combined with other parameters'),
  'search-version-omitted': fault('search', ['NRLS-SEARCH-015'], 'search results carry no meta.versionId'),
  'unknown-id-empty-bundle': fault('search', ['NRLS-SEARCH-018', 'NRLS-DELETE-010'], 'an _id that matches nothing gets an empty Bundle'),
  'non-provider-custodian-filter': fault('search', ['NRLS-SEARCH-022', 'NRLS-ODS-002'], 'a custodian filter may name an organisation without the provider role'),
  'summary-values-accepted': fault('search', ['NRLS-SEARCH-011'], 'any _summary value is treated as count'),

  // Delete (§2.4)
  'delete-ownership-unchecked': fault('delete', ['NRLS-DELETE-005', 'NRLS-AUTHZ-014', 'NRLS-HDR-009'], 'another provider\'s pointer may be deleted'),
  'delete-answers-204': fault('delete', ['NRLS-DELETE-006', 'NRLS-DELETE-007'], 'a delete answers 204 with no body'),
  'delete-unknown-id-ok': fault('delete', ['NRLS-DELETE-008', 'NRLS-DELETE-009', 'NRLS-DELETE-010'], 'deleting an id that matches nothing answers 200'),
  'delete-by-identifier-refused': fault('delete', ['NRLS-DELETE-003', 'NRLS-DELETE-009', 'NRLS-DELETE-012', 'NRLS-NHS-004'], 'delete by subject and identifier is not supported'),
  'delete-identifier-system-optional': fault('delete', ['NRLS-DELETE-004'], 'a delete identifier without a system matches on the value'),

  // Operations 1.2.x does not have (§2.5)
  'read-by-path-supported': fault('unsupported', ['NRLS-UNSUP-001', 'NRLS-UNSUP-007'], 'GET [base]/DocumentReference/[id] returns the pointer'),
  'path-delete-supported': fault('unsupported', ['NRLS-UNSUP-005', 'NRLS-UNSUP-007'], 'DELETE [base]/DocumentReference/[id] deletes the pointer'),
  'capability-statement-served': fault('unsupported', ['NRLS-UNSUP-004', 'NRLS-UNSUP-007'], 'GET [base]/metadata returns a CapabilityStatement'),
  'put-replaces': fault('unsupported', ['NRLS-UNSUP-002', 'NRLS-UNSUP-006', 'NRLS-UNSUP-007', 'NRLS-SUPERSEDE-001'], 'PUT [base]/DocumentReference/[id] replaces the pointer'),
  'unsupported-as-400': fault('unsupported', ['NRLS-UNSUP-007', 'NRLS-ERR-017'], 'unsupported operations get 400 INVALID_REQUEST_MESSAGE'),

  // OperationOutcome shape (§1.7)
  'outcome-without-profile': fault('operation-outcome', ['NRLS-OO-003', 'NRLS-ERR-013'], 'error OperationOutcomes claim no profile'),
  'outcome-without-id': fault('operation-outcome', ['NRLS-OO-004'], 'OperationOutcomes have no id'),
  'outcome-wrong-code-system': fault('operation-outcome', ['NRLS-OO-002', 'NRLS-OO-006'], 'Spine codes are in the ValueSet URL, not the CodeSystem'),
  'outcome-two-issues': fault('operation-outcome', ['NRLS-OO-001'], 'OperationOutcomes carry a second, informational issue'),
  'invalid-resource-issue-structure': fault('operation-outcome', ['NRLS-ERR-006'], 'INVALID_RESOURCE carries issue code structure (a legacy row)'),

  // Lifecycle and identity (§5)
  'superseded-marked-entered-in-error': fault('lifecycle', ['NRLS-LIFE-006', 'NRLS-SUPERSEDE-003', 'NRLS-CREATE-022', 'NRLS-SUPERSEDE-002'], 'a replaced pointer becomes entered-in-error, not superseded'),
  'logical-id-per-patient': fault('lifecycle', ['NRLS-ID-002', 'NRLS-GEN-003'], 'the logical id is derived from the NHS number, so a patient\'s pointers share it'),

  // Robustness
  'malformed-body-crashes': fault('robustness', ['NRLS-PROF-001', 'NRLS-CREATE-020', 'NRLS-ERR-008', 'NRLS-GEN-001'], 'a body that does not parse crashes the request (500)'),
  'other-resource-type-as-message-error': fault('robustness', ['NRLS-CREATE-027'], 'a resource other than DocumentReference is INVALID_REQUEST_MESSAGE'),
  'empty-body-as-invalid-resource': fault('robustness', ['NRLS-CREATE-028', 'NRLS-CREATE-020'], 'an empty body is INVALID_RESOURCE'),
} as const satisfies Record<string, FaultSpec>;

export type FaultName = keyof typeof FAULTS;
export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

export function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(FAULTS, name);
}

/** The switches of one mock: all off unless named. */
export class Faults {
  private readonly active: ReadonlySet<FaultName>;

  constructor(names: readonly FaultName[] = []) {
    this.active = new Set(names);
  }

  on(name: FaultName): boolean {
    return this.active.has(name);
  }

  get names(): FaultName[] {
    return [...this.active];
  }
}

export const NO_FAULTS = new Faults();
