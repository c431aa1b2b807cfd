// What the suite expects of each Spine code (§2.6, §1.7), and which catalogue rows each part of that
// expectation proves. Written here independently of the mock's own error table: the judge must not share
// code with what it judges. `undefined` means the catalogue does not pin the value (AMB-27, AMB-44), so
// the base check leaves it to a separate step.
import { NORMATIVE_LEVELS, RECOMMENDATION, levelOf, requirementsCiting } from '../../src/domain/requirements/basis.ts';

export const SPINE_ERROR_SYSTEM = 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1';
export const SPINE_PROFILE = 'https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1';
export const SPINE_CORE_PROFILE = 'https://fhir.nhs.uk/StructureDefinition/spine-operationoutcome-1-0';

/** The cross-cutting requirements on every OperationOutcome (§1.7) and on responses' media types (§1.5). */
export const OO = {
  shape: 'NRLS-OO-001',
  system: 'NRLS-OO-002',
  profile: 'NRLS-OO-003',
  id: 'NRLS-OO-004',
  messageId: 'NRLS-OO-005',
  errorFormat: 'NRLS-FMT-011',
  mediaType: 'NRLS-FMT-009',
} as const;

/** FHIR STU3 JSON and XML (NRLS-FMT-001, NRLS-GEN-001): a body that claims a FHIR type must be one. */
export const FHIR_BODY = ['NRLS-FMT-001', 'NRLS-GEN-001'] as const;

export interface ExpectedOutcome {
  status: number;
  severity: 'error' | 'information';
  /** OperationOutcome.issue.code; undefined where one Spine code has two shapes. */
  issue?: string;
  display?: string;
  /**
   * The Spine CodeSystem's own display where it differs from the NRLS page's (AMB-45): either is the spec;
   * the page's is our choice, judged as such.
   */
  codeSystemDisplay?: string;
  /** details.coding.system; undefined for 415 (AMB-44: the harness does not assert it). */
  system?: string;
  /** The rows the system proves, where not NRLS-OO-002 (which is about errors only). */
  systemRows?: readonly string[];
  /** meta.profile; undefined for success bodies (AMB-43 is asserted by its own scenario). */
  profile?: string;
  /** details.text carries the Spine message UUID (NRLS-OO-005). */
  messageIdInText?: boolean;
  /** The catalogue rows that define this code's status, issue code and display. */
  rows: readonly string[];
  /** Where the rows differ by issue code (MISSING_OR_INVALID_HEADER: the headers' rows, then the JWT's). */
  rowsByIssue?: Record<string, readonly string[]>;
  /** The rows that define the status, where they are not `rows` (a success's status and body are two rows). */
  statusRows?: readonly string[];
}

export const EXPECTED_OUTCOMES: Record<string, ExpectedOutcome> = {
  // NRLS-OO-002 gives the system of errors only; a success body's is NRLS-OO-006's recommendation (AMB-43).
  RESOURCE_CREATED: {
    status: 201,
    severity: 'information',
    issue: 'informational',
    display: 'New resource created',
    system: SPINE_ERROR_SYSTEM,
    systemRows: ['NRLS-OO-006'],
    messageIdInText: true,
    rows: ['NRLS-CREATE-006'],
    statusRows: ['NRLS-CREATE-005'],
  },
  RESOURCE_DELETED: {
    status: 200,
    severity: 'information',
    issue: 'informational',
    display: 'Resource removed',
    system: SPINE_ERROR_SYSTEM,
    systemRows: ['NRLS-OO-006'],
    messageIdInText: true,
    rows: ['NRLS-DELETE-007'],
    statusRows: ['NRLS-DELETE-006'],
  },
  // NRLS-ERR-001..004: `invalid` for the headers, `structure` for the JWT: scenarios say which.
  MISSING_OR_INVALID_HEADER: {
    status: 400,
    severity: 'error',
    display: 'There is a required header missing or invalid',
    system: SPINE_ERROR_SYSTEM,
    profile: SPINE_PROFILE,
    rows: ['NRLS-ERR-001', 'NRLS-ERR-002', 'NRLS-ERR-003', 'NRLS-ERR-004'],
    rowsByIssue: { invalid: ['NRLS-ERR-001', 'NRLS-ERR-002', 'NRLS-ERR-003'], structure: ['NRLS-ERR-004'] },
  },
  INVALID_PARAMETER: {
    status: 400,
    severity: 'error',
    issue: 'invalid',
    display: 'Invalid parameter',
    system: SPINE_ERROR_SYSTEM,
    profile: SPINE_PROFILE,
    rows: ['NRLS-ERR-005'],
  },
  // AMB-27: 400 + INVALID_RESOURCE + issue invalid only; the display varies in the sources.
  INVALID_RESOURCE: {
    status: 400,
    severity: 'error',
    issue: 'invalid',
    system: SPINE_ERROR_SYSTEM,
    profile: SPINE_PROFILE,
    rows: ['NRLS-ERR-006'],
  },
  DUPLICATE_REJECTED: {
    status: 400,
    severity: 'error',
    issue: 'duplicate',
    display: 'Duplicate DocumentReference',
    codeSystemDisplay: 'Create would lead to creation of a duplicate resource',
    system: SPINE_ERROR_SYSTEM,
    profile: SPINE_PROFILE,
    rows: ['NRLS-ERR-007'],
  },
  INVALID_REQUEST_MESSAGE: {
    status: 400,
    severity: 'error',
    issue: 'value',
    display: 'Invalid Request Message',
    codeSystemDisplay: 'Invalid request message',
    system: SPINE_ERROR_SYSTEM,
    profile: SPINE_PROFILE,
    rows: ['NRLS-ERR-008'],
  },
  // NRLS-ERR-009: 400 on the NRLS page (Spine Core's generic table says 404; NRLS's own rule wins, AMB-26).
  ORGANISATION_NOT_FOUND: {
    status: 400,
    severity: 'error',
    issue: 'not-found',
    display: 'Organisation record not found',
    codeSystemDisplay: 'Organisation not found',
    system: SPINE_ERROR_SYSTEM,
    profile: SPINE_PROFILE,
    rows: ['NRLS-ERR-009'],
  },
  INVALID_NHS_NUMBER: {
    status: 400,
    severity: 'error',
    issue: 'invalid',
    display: 'Invalid NHS number',
    system: SPINE_ERROR_SYSTEM,
    profile: SPINE_PROFILE,
    rows: ['NRLS-ERR-010'],
  },
  NO_RECORD_FOUND: {
    status: 404,
    severity: 'error',
    issue: 'not-found',
    display: 'No record found',
    system: SPINE_ERROR_SYSTEM,
    profile: SPINE_PROFILE,
    rows: ['NRLS-ERR-011', 'NRLS-ERR-012'],
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    severity: 'error',
    issue: 'invalid',
    display: 'Unsupported Media Type',
    profile: SPINE_CORE_PROFILE,
    rows: ['NRLS-ERR-013'],
  },
  // AMB-10: the spec defines no response for a blocked interaction; this row is the legacy one (MOCK-REC).
  ACCESS_DENIED: {
    status: 403,
    severity: 'error',
    issue: 'forbidden',
    display: 'Access has been denied to process this request',
    system: SPINE_ERROR_SYSTEM,
    profile: SPINE_PROFILE,
    rows: ['NRLS-ERR-015'],
  },
};

export const SPINE_CODES = Object.keys(EXPECTED_OUTCOMES);

/**
 * Requirements that particular facets prove wherever they appear (the OperationOutcome's shape, the error
 * table's rows, the Bundle's shape, media types). A scenario tagged with one of these has it judged by
 * that facet; the scenario's subject (what its refusal or acceptance proves) is the rest of its tags.
 */
const SHAPE = /^NRLS-(OO-\d{3}|ERR-\d{3}|FMT-009|FMT-011|SEARCH-01[345]|LIFE-001)$/;

/**
 * Rules about what the target holds afterwards (a failed supersede rolled back, a deleted pointer gone):
 * a later look proves them, never the refusal or acceptance itself.
 */
export const STATE_RULES: readonly string[] = ['NRLS-SUPERSEDE-003', 'NRLS-DELETE-010'];

/** Rules about the request's form (the pipe encoded, the ODS token): proved by the request being understood. */
export const REQUEST_FORM_RULES: readonly string[] = ['NRLS-GEN-005', 'NRLS-ODS-001'];

/** `ids` less `excluded`, unless that leaves nothing. */
export function without(ids: readonly string[], excluded: readonly string[]): string[] {
  const rest = ids.filter((id) => !excluded.includes(id));
  return rest.length > 0 ? rest : [...ids];
}

/** The requirements a scenario is about, less those its shape facets prove; all its tags if that is nothing. */
export function subjectOf(requirementIds: readonly string[]): string[] {
  const subject = requirementIds.filter((id) => !SHAPE.test(id));
  return subject.length > 0 ? subject : [...requirementIds];
}

/**
 * What a facet is about: for one resting on an AMB choice, the scenario's subject requirements citing it;
 * for one resting on a recommendation, its subject requirements that are recommendations themselves
 * (MOCK-REC rows); else, or if there are none, the subject.
 */
export function aboutOf(requirementIds: readonly string[], amb?: string): string[] {
  const subject = subjectOf(requirementIds);
  if (amb) {
    const citing = requirementsCiting(amb);
    const rests =
      amb === RECOMMENDATION
        ? (id: string) => !NORMATIVE_LEVELS.has(levelOf(id) ?? '')
        : (id: string) => citing.includes(id);
    const cited = subject.filter(rests);
    if (cited.length > 0) return cited;
  }
  return subject;
}

/** The rows of `code` that the scenario is tagged with, else all of them (those tagged are the ones it is about). */
export function rowsOf(rows: readonly string[], tagged: readonly string[]): string[] {
  const chosen = rows.filter((row) => tagged.includes(row));
  return chosen.length > 0 ? chosen : [...rows];
}

/** NRLS-OO-007: compare diagnostics after normalising the spec's typographic characters. */
export function normaliseDiagnostics(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u2013\u2014]/g, '-')
    .trim();
}
