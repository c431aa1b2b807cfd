// The one table of every response shape the mock can send as an OperationOutcome (§2.6, §1.7).
// Nothing else in the mock writes a status, an issue code, a Spine code or a display. A key names one
// response shape, so a Spine code with two shapes (MISSING_OR_INVALID_HEADER) has two keys.
import {
  SPINE_CORE_OPERATION_OUTCOME_PROFILE,
  SPINE_ERROR_CODE_SYSTEM,
  SPINE_OPERATION_OUTCOME_PROFILE,
  SPINE_RESPONSE_CODE_SYSTEM,
} from '../../src/domain/identifiers.ts';

export interface OutcomeSpec {
  status: number;
  severity: 'error' | 'information';
  issue: string;
  /** The Spine code and its coding; absent for the AMB-38 responses, which carry no Spine code. */
  spine?: { code: string; display: string; system: string };
  /** The profile the OperationOutcome claims; absent where no Spine profile applies (AMB-38). */
  profile?: string;
  covers: readonly string[];
}

const spine = (code: string, display: string, system = SPINE_ERROR_CODE_SYSTEM) => ({ code, display, system });

export const OUTCOMES = {
  RESOURCE_CREATED: {
    status: 201,
    severity: 'information',
    issue: 'informational',
    profile: SPINE_OPERATION_OUTCOME_PROFILE,
    spine: spine('RESOURCE_CREATED', 'New resource created'),
    covers: ['NRLS-CREATE-005', 'NRLS-CREATE-006', 'NRLS-OO-005', 'NRLS-OO-006'],
  },
  RESOURCE_DELETED: {
    status: 200,
    severity: 'information',
    issue: 'informational',
    profile: SPINE_OPERATION_OUTCOME_PROFILE,
    spine: spine('RESOURCE_DELETED', 'Resource removed'),
    covers: ['NRLS-DELETE-006', 'NRLS-DELETE-007', 'NRLS-OO-005', 'NRLS-OO-006'],
  },
  MISSING_OR_INVALID_HEADER: {
    status: 400,
    severity: 'error',
    issue: 'invalid',
    profile: SPINE_OPERATION_OUTCOME_PROFILE,
    spine: spine('MISSING_OR_INVALID_HEADER', 'There is a required header missing or invalid'),
    covers: ['NRLS-ERR-001', 'NRLS-ERR-002', 'NRLS-HDR-002', 'NRLS-HDR-003', 'NRLS-HDR-006'],
  },
  /** NRLS-ERR-004: JWT failures use issue code `structure` (AMB-01 puts the missing header here too). */
  INVALID_JWT: {
    status: 400,
    severity: 'error',
    issue: 'structure',
    profile: SPINE_OPERATION_OUTCOME_PROFILE,
    spine: spine('MISSING_OR_INVALID_HEADER', 'There is a required header missing or invalid'),
    covers: ['NRLS-ERR-004', 'NRLS-HDR-001', 'NRLS-ERR-003'],
  },
  INVALID_PARAMETER: {
    status: 400,
    severity: 'error',
    issue: 'invalid',
    profile: SPINE_OPERATION_OUTCOME_PROFILE,
    spine: spine('INVALID_PARAMETER', 'Invalid parameter'),
    covers: ['NRLS-ERR-005'],
  },
  /** AMB-27: display `Invalid validation of resource`, issue `invalid`. */
  INVALID_RESOURCE: {
    status: 400,
    severity: 'error',
    issue: 'invalid',
    profile: SPINE_OPERATION_OUTCOME_PROFILE,
    spine: spine('INVALID_RESOURCE', 'Invalid validation of resource'),
    covers: ['NRLS-ERR-006'],
  },
  DUPLICATE_REJECTED: {
    status: 400,
    severity: 'error',
    issue: 'duplicate',
    profile: SPINE_OPERATION_OUTCOME_PROFILE,
    spine: spine('DUPLICATE_REJECTED', 'Duplicate DocumentReference'),
    covers: ['NRLS-ERR-007'],
  },
  INVALID_REQUEST_MESSAGE: {
    status: 400,
    severity: 'error',
    issue: 'value',
    profile: SPINE_OPERATION_OUTCOME_PROFILE,
    spine: spine('INVALID_REQUEST_MESSAGE', 'Invalid Request Message'),
    covers: ['NRLS-ERR-008'],
  },
  /** AMB-26: 400, not Spine Core's 404. */
  ORGANISATION_NOT_FOUND: {
    status: 400,
    severity: 'error',
    issue: 'not-found',
    profile: SPINE_OPERATION_OUTCOME_PROFILE,
    spine: spine('ORGANISATION_NOT_FOUND', 'Organisation record not found'),
    covers: ['NRLS-ERR-009'],
  },
  INVALID_NHS_NUMBER: {
    status: 400,
    severity: 'error',
    issue: 'invalid',
    profile: SPINE_OPERATION_OUTCOME_PROFILE,
    spine: spine('INVALID_NHS_NUMBER', 'Invalid NHS number'),
    covers: ['NRLS-ERR-010'],
  },
  NO_RECORD_FOUND: {
    status: 404,
    severity: 'error',
    issue: 'not-found',
    profile: SPINE_OPERATION_OUTCOME_PROFILE,
    spine: spine('NO_RECORD_FOUND', 'No record found'),
    covers: ['NRLS-ERR-011', 'NRLS-ERR-012'],
  },
  /** NRLS-ERR-013: raised by the Spine Core request handler, hence its own profile and system (AMB-44). */
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    severity: 'error',
    issue: 'invalid',
    profile: SPINE_CORE_OPERATION_OUTCOME_PROFILE,
    spine: spine('UNSUPPORTED_MEDIA_TYPE', 'Unsupported Media Type', SPINE_RESPONSE_CODE_SYSTEM),
    covers: ['NRLS-ERR-013'],
  },
  /** NRLS-ERR-014 as 1.2.1 wrote it; sent only when the 1.2.1 body is configured (AMB-39). */
  INTERNAL_SERVER_ERROR: {
    status: 500,
    severity: 'error',
    issue: 'invalid',
    profile: SPINE_OPERATION_OUTCOME_PROFILE,
    spine: spine('INTERNAL_SERVER_ERROR', 'Unexpected internal server error'),
    covers: ['NRLS-ERR-014'],
  },
  /** AMB-10 (NRLS-ERR-015): underscore, not the CodeSystem's space (AMB-45). */
  ACCESS_DENIED: {
    status: 403,
    severity: 'error',
    issue: 'forbidden',
    profile: SPINE_OPERATION_OUTCOME_PROFILE,
    spine: spine('ACCESS_DENIED', 'Access has been denied to process this request'),
    covers: ['NRLS-ERR-015', 'NRLS-AUTHZ-007'],
  },
  /** AMB-38: a supported path with a method NRLS 1.2.x does not offer. */
  METHOD_NOT_ALLOWED: {
    status: 405,
    severity: 'error',
    issue: 'not-supported',
    covers: ['NRLS-ERR-017', 'NRLS-UNSUP-007'],
  },
  /** AMB-38: a path NRLS 1.2.x does not have. */
  UNKNOWN_PATH: { status: 404, severity: 'error', issue: 'not-supported', covers: ['NRLS-ERR-017', 'NRLS-UNSUP-007'] },
  /** Node's HTTP parser refused the request head (too large, or not HTTP): before any NRLS stage. */
  HEADERS_TOO_LARGE: {
    status: 431,
    severity: 'error',
    issue: 'too-long',
    profile: SPINE_OPERATION_OUTCOME_PROFILE,
    spine: spine('MISSING_OR_INVALID_HEADER', 'There is a required header missing or invalid'),
    covers: [],
  },
  MALFORMED_HTTP: {
    status: 400,
    severity: 'error',
    issue: 'structure',
    profile: SPINE_OPERATION_OUTCOME_PROFILE,
    spine: spine('INVALID_REQUEST_MESSAGE', 'Invalid Request Message'),
    covers: [],
  },
  /** A client slower than the mock's timeouts (a slow head or body): answered, then disconnected. */
  REQUEST_TIMEOUT: {
    status: 408,
    severity: 'error',
    issue: 'timeout',
    profile: SPINE_OPERATION_OUTCOME_PROFILE,
    spine: spine('INVALID_REQUEST_MESSAGE', 'Invalid Request Message'),
    covers: [],
  },
  /** The spec sets no body limit; the mock refuses oversized bodies rather than buffer them. */
  PAYLOAD_TOO_LARGE: {
    status: 413,
    severity: 'error',
    issue: 'too-long',
    profile: SPINE_OPERATION_OUTCOME_PROFILE,
    spine: spine('INVALID_REQUEST_MESSAGE', 'Invalid Request Message'),
    covers: [],
  },
  /** The mock's own `_admin` API (json-server), which is not NRLS: no Spine code or profile. */
  ADMIN_NOT_FOUND: { status: 404, severity: 'error', issue: 'not-found', covers: [] },
  ADMIN_BAD_REQUEST: { status: 400, severity: 'error', issue: 'invalid', covers: [] },
  ADMIN_STORE_FAILED: { status: 500, severity: 'error', issue: 'exception', covers: [] },
} as const satisfies Record<string, OutcomeSpec>;

export type OutcomeKey = keyof typeof OUTCOMES;
export type ErrorKey = Exclude<OutcomeKey, 'RESOURCE_CREATED' | 'RESOURCE_DELETED'>;
