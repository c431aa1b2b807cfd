// What the suite expects of each Spine code (§2.6, §1.7). Written here independently of the mock's own
// error table: the judge must not share code with what it judges. `undefined` means the spec (or our
// AMB choice for a real NRLS) does not pin the value, so the base check leaves it to a separate step.

export const SPINE_ERROR_SYSTEM = 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1';
export const SPINE_PROFILE = 'https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1';
export const SPINE_CORE_PROFILE = 'https://fhir.nhs.uk/StructureDefinition/spine-operationoutcome-1-0';

export interface ExpectedOutcome {
  status: number;
  severity: 'error' | 'information';
  /** OperationOutcome.issue.code; undefined where one Spine code has two shapes. */
  issue?: string;
  display?: string;
  /** details.coding.system; undefined for 415 (AMB-44: the harness does not assert it). */
  system?: string;
  /** meta.profile; undefined for success bodies (AMB-43 is asserted by its own scenario). */
  profile?: string;
  /** details.text carries the Spine message UUID (NRLS-OO-005). */
  messageIdInText?: boolean;
}

export const EXPECTED_OUTCOMES: Record<string, ExpectedOutcome> = {
  RESOURCE_CREATED: { status: 201, severity: 'information', issue: 'informational', display: 'New resource created', system: SPINE_ERROR_SYSTEM, messageIdInText: true },
  RESOURCE_DELETED: { status: 200, severity: 'information', issue: 'informational', display: 'Resource removed', system: SPINE_ERROR_SYSTEM, messageIdInText: true },
  // NRLS-ERR-001..004: `invalid` for the headers, `structure` for the JWT: scenarios say which.
  MISSING_OR_INVALID_HEADER: { status: 400, severity: 'error', display: 'There is a required header missing or invalid', system: SPINE_ERROR_SYSTEM, profile: SPINE_PROFILE },
  INVALID_PARAMETER: { status: 400, severity: 'error', issue: 'invalid', display: 'Invalid parameter', system: SPINE_ERROR_SYSTEM, profile: SPINE_PROFILE },
  // AMB-27: 400 + INVALID_RESOURCE + issue invalid only; the display varies in the sources.
  INVALID_RESOURCE: { status: 400, severity: 'error', issue: 'invalid', system: SPINE_ERROR_SYSTEM, profile: SPINE_PROFILE },
  DUPLICATE_REJECTED: { status: 400, severity: 'error', issue: 'duplicate', display: 'Duplicate DocumentReference', system: SPINE_ERROR_SYSTEM, profile: SPINE_PROFILE },
  INVALID_REQUEST_MESSAGE: { status: 400, severity: 'error', issue: 'value', display: 'Invalid Request Message', system: SPINE_ERROR_SYSTEM, profile: SPINE_PROFILE },
  ORGANISATION_NOT_FOUND: { status: 400, severity: 'error', issue: 'not-found', display: 'Organisation record not found', system: SPINE_ERROR_SYSTEM, profile: SPINE_PROFILE },
  INVALID_NHS_NUMBER: { status: 400, severity: 'error', issue: 'invalid', display: 'Invalid NHS number', system: SPINE_ERROR_SYSTEM, profile: SPINE_PROFILE },
  NO_RECORD_FOUND: { status: 404, severity: 'error', issue: 'not-found', display: 'No record found', system: SPINE_ERROR_SYSTEM, profile: SPINE_PROFILE },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, severity: 'error', issue: 'invalid', display: 'Unsupported Media Type', profile: SPINE_CORE_PROFILE },
  // AMB-10: the spec defines no response for a blocked interaction; this is our choice (tagged @AMB-10).
  ACCESS_DENIED: { status: 403, severity: 'error', issue: 'forbidden', display: 'Access has been denied to process this request', system: SPINE_ERROR_SYSTEM, profile: SPINE_PROFILE },
};

export const SPINE_CODES = Object.keys(EXPECTED_OUTCOMES);

/** NRLS-OO-007: compare diagnostics after normalising the spec's typographic characters. */
export function normaliseDiagnostics(text: string): string {
  return text.replace(/[\u2018\u2019]/g, "'").replace(/[\u2013\u2014]/g, '-').trim();
}
