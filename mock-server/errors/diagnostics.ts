// One function per diagnostics text of the catalogue (§2.6, §3.4, §4.3), copied exactly, including the
// spec's typographic quotes, en dash, double space and bracket slips. Values the client sent are
// truncated so that a huge header or body cannot be echoed back whole.
import {
  ASID_SYSTEM,
  ODS_CODE_SYSTEM,
  ORGANISATION_URL_PREFIX,
  PATIENT_URL_PREFIX,
} from '../../src/domain/identifiers.ts';

const MAX_ECHO = 200;

/**
 * Characters XML 1.0 cannot carry, even as references: C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it looks for
export const NOT_XML_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/u;
const NOT_XML_CHARACTERS = new RegExp(NOT_XML_CHARACTER.source, 'gu');

/**
 * A client value as it may appear in a diagnostics text: stringified, cut to 200 characters, and with
 * U+FFFD for each character an XML answer could not carry.
 */
export function echo(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const cut = text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text;
  return cut.replace(NOT_XML_CHARACTERS, '\uFFFD');
}

export const diagnostics = {
  // Headers (NRLS-ERR-001, NRLS-ERR-002; AMB-03 reuses them for invalid values)
  fromAsidMissing: () => 'fromASID HTTP Header is missing',
  toAsidMissing: () => 'toASID HTTP Header is missing',

  // JWT (§4.3)
  authorisationMissing: () => 'The Authorisation header must be supplied',
  jwtNotThreeSections: () => 'The JWT associated with the Authorisation header must have the 3 sections',
  claimMissing: (claim: string) =>
    `The mandatory claim ${claim} from the JWT associated with the Authorisation header is missing`,
  userSubMismatch: (user: unknown, sub: unknown) =>
    `requesting_user (${echo(user)}) and sub (${echo(sub)}) claim’s values must match`,
  systemSubMismatch: (system: unknown, sub: unknown) =>
    `requesting_system (${echo(system)}) and sub (${echo(sub)}) claim’s values must match`,
  reasonNotDirectCare: (reason: unknown) => `reason_for_request (${echo(reason)}) must be ‘directcare’`,
  scopeInvalid: (scope: unknown) =>
    `scope (${echo(scope)}) must match either ‘patient/DocumentReference.read’ or ‘patient/DocumentReference.write’`,
  requestingSystemForm: (system: unknown) =>
    `requesting_system (${echo(system)}) must be of the form [${ASID_SYSTEM}/[ASID]]`,
  requestingSystemUnknown: (asid: string) => `The ASID defined in the requesting_system (${echo(asid)}) is unknown`,
  requestingOrganisationForm: (organisation: unknown) =>
    `requesting_organisation (${echo(organisation)}) must be of the form [${ODS_CODE_SYSTEM}/[ODSCode]`,
  requestingOrganisationUnknown: (ods: string) =>
    `The ODS code defined in the requesting_organisation(${echo(ods)}) is unknown`,
  organisationNotAssociated: (asid: string, ods: string) =>
    `requesting_system ASID (${echo(asid)}) is not associated with the requesting_organisation ODS code (${echo(ods)})`,
  requestingSystemNotFromAsid: (asid: string) =>
    `The ASID defined in the requesting_system (${echo(asid)}) does not match the FromASID in the request`,
  /** AMB-06 and AMB-11 define rules without texts; these follow the spec's wording. */
  claimNotInteger: (claim: string, value: unknown) => `The ${claim} claim (${echo(value)}) must be an integer`,
  requestingUserForm: (user: unknown) => `requesting_user (${echo(user)}) must be of the form [system]|[value]`,
  jwtNotUnsecured: () => 'The JWT associated with the Authorisation header must use alg none and an empty signature',
  jwtExpired: () => 'The JWT associated with the Authorisation header has expired or is not yet valid',

  // Authorisation (AMB-10)
  interactionNotAuthorised: (asid: string, interactionId: string) =>
    `ASID ${echo(asid)} is not authorised for interaction ${interactionId}`,

  // Parameters (NRLS-ERR-005)
  patientUrlForm: () =>
    `The given resource URL does not conform to the expected format - ${PATIENT_URL_PREFIX}[NHS Number]`,
  organisationUrlForm: () =>
    `The given resource URL does not conform to the expected format - ${ORGANISATION_URL_PREFIX}[ODS Code]`,
  unknownParameters: (names: string[]) => `Invalid parameter: ${names.map(echo).join(', ')}`,
  parameterRepeated: (name: string) => `Invalid parameter: ${echo(name)} may only be given once`,
  parameterEmpty: (name: string) => `Invalid parameter: ${echo(name)} has no value`,
  subjectMissing: () => 'Missing parameter: subject',
  idNotAlone: () => 'Invalid parameter: _id may only be used with _format',
  summaryNotCount: (value: string) => `Invalid parameter: _summary=${echo(value)}; only _summary=count is supported`,
  summaryCombination: (names: string[]) =>
    `Invalid parameter: _summary may only be used with subject and _format, not ${names.map(echo).join(', ')}`,
  custodianToken: (value: string) =>
    `Invalid parameter: custodian must be ${ODS_CODE_SYSTEM}|[ODS Code] naming a known provider organisation, ` +
    `not ${echo(value)}`,
  typeToken: (value: string) =>
    `Invalid parameter: type must be http://snomed.info/sct|[code] from NRLS-RecordType-1, not ${echo(value)}`,
  identifierToken: (value: string) => `Invalid parameter: identifier must be [system]|[value], not ${echo(value)}`,
  deleteParameters: () =>
    'Invalid parameter: a delete needs either _id, or subject and identifier, and nothing else but _format',

  // Resource (§3.4, AMB-27)
  elementInvalid: (path: string) => `Resource is invalid : ${path}`,
  resourceTypeInvalid: (resourceType: unknown) =>
    `Resource is invalid : resourceType ${echo(resourceType)} is not DocumentReference`,
  statusNotInValueSet: (status: unknown) =>
    `The NRLS DocumentReferenceStatus  valueset does not contain the status: ${echo(status)}`,
  statusNotCurrent: () => 'The status of a new DocumentReference can only be "current"',
  typeNotInValueSet: (value: unknown) => `The type value ${echo(value)} is not a valid value.`,
  indexedNotInstant: (value: unknown) =>
    `The DocumentReference.indexed value is not a valid dateTime type: ${echo(value)}.`,
  creationNotDateTime: (value: unknown) =>
    `The attachment creation date value is not a valid dateTime type: ${echo(value)}.`,
  custodianNotAffiliated: () => 'The custodian ODS code is not affiliated with the sender ASID.',
  /** AMB-32: supersede failures name relatesTo.target (not found, not owned) or relatesTo.code (not current). */
  supersedeTargetNotFound: () =>
    'Resource is invalid : relatesTo.target (no pointer for this patient has that masterIdentifier)',
  supersedeTargetNotOwned: () =>
    'Resource is invalid : relatesTo.target (the pointer to supersede is not owned by the sender ASID)',
  supersedeTargetNotCurrent: (status: string) =>
    `Resource is invalid : relatesTo.code (only a current pointer can be superseded; this one is ${status})`,

  // Other catalogue rows
  duplicate: (value: string, system: string) =>
    `Duplicate masterIdentifier value: ${echo(value)} system: ${echo(system)}`,
  invalidRequestMessage: () => 'Invalid Request Message',
  organisationNotFound: (ods: string) =>
    `The ODS code in the custodian and/or author element is not resolvable – ${echo(ods)}.`,
  invalidNhsNumber: (nhsNumber: string) =>
    `The NHS number does not conform to the NHS Number format: ${echo(nhsNumber)}.`,
  noPointerWithId: (id: string) => `No record found for supplied DocumentReference identifier - ${echo(id)}`,
  patientNotFound: (nhsNumber: string) => `The given NHS number could not be found ${echo(nhsNumber)}`,
  unsupportedMediaType: () => 'Unsupported Media Type',
  internalError: (messageId: string) =>
    `There has been an internal error when attempting to persist the DocumentReference. Please contact the ` +
    `national helpdesk quoting - ${messageId}`,
  created: () => 'Successfully created resource DocumentReference',
  deleted: (url: string) => `Successfully removed resource DocumentReference: ${url}`,
  methodNotAllowed: (method: string, path: string) =>
    `${echo(method)} ${echo(path)} is not supported by NRLS 1.2.x: use POST to create, GET to search and ` +
    `DELETE with _id or subject and identifier`,
  unknownPath: (path: string) =>
    `${echo(path)} is not a path of this NRLS 1.2.x service; pointers are at DocumentReference`,
  payloadTooLarge: (limit: number) => `The request body exceeds the limit of ${limit} bytes`,
};
