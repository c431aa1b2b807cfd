// URLs, systems and profile names of NRLS 1.2.x (§1.3, §3.3). Both the mock and the suite use these,
// so a typo cannot make them agree with each other and disagree with the spec.

export const PATIENT_URL_PREFIX = 'https://demographics.spineservices.nhs.uk/STU3/Patient/';
export const ORGANISATION_URL_PREFIX = 'https://directory.spineservices.nhs.uk/STU3/Organization/';

export const ODS_CODE_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const ASID_SYSTEM = 'https://fhir.nhs.uk/Id/accredited-system';
export const SDS_ROLE_PROFILE_SYSTEM = 'https://fhir.nhs.uk/Id/sds-role-profile-id';
export const SNOMED_SYSTEM = 'http://snomed.info/sct';
export const MASTER_IDENTIFIER_SYSTEM = 'urn:ietf:rfc:3986';

export const POINTER_PROFILE = 'https://fhir.nhs.uk/STU3/StructureDefinition/NRLS-DocumentReference-1';
export const SPINE_OPERATION_OUTCOME_PROFILE = 'https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1';
/** NRLS-ERR-013: the 415 comes from the Spine Core request handler, which claims the older profile. */
export const SPINE_CORE_OPERATION_OUTCOME_PROFILE =
  'https://fhir.nhs.uk/StructureDefinition/spine-operationoutcome-1-0';
export const SPINE_ERROR_CODE_SYSTEM = 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1';
/** AMB-44: the error table's value, not the reference page's. */
export const SPINE_RESPONSE_CODE_SYSTEM = 'http://fhir.nhs.net/ValueSet/spine-response-code-1-0';

export const SCOPE_READ = 'patient/DocumentReference.read';
export const SCOPE_WRITE = 'patient/DocumentReference.write';
export const REASON_DIRECT_CARE = 'directcare';

/** NRLS-AUTHZ-006: interactions an ASID may be granted. */
export const INTERACTIONS = ['search', 'create', 'delete'] as const;
export type Interaction = (typeof INTERACTIONS)[number];

export function interactionId(interaction: Interaction): string {
  return `urn:nhs:names:services:nrls:fhir:rest:${interaction}:documentreference`;
}

export function patientUrl(nhsNumber: string): string {
  return PATIENT_URL_PREFIX + nhsNumber;
}

export function organisationUrl(odsCode: string): string {
  return ORGANISATION_URL_PREFIX + odsCode;
}

/** `system|value`, as the JWT claims and search tokens write identifiers. */
export function token(system: string, value: string): string {
  return `${system}|${value}`;
}

/** Splits `system|value` at the first pipe; undefined when there is no pipe. */
export function splitToken(text: string): { system: string; value: string } | undefined {
  const bar = text.indexOf('|');
  if (bar < 0) return undefined;
  return { system: text.slice(0, bar), value: text.slice(bar + 1) };
}
