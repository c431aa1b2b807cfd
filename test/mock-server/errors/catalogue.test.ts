// The error table against the spec's error catalogue (§2.6), copied here literally so that the table
// cannot drift from the spec unnoticed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OUTCOMES } from '../../../mock-server/errors/catalogue.ts';

const SPINE = 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1';
const PROFILE = 'https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1';

// [key, id, HTTP, issue code, Spine code, display, system, profile]
const SPEC_ROWS: [keyof typeof OUTCOMES, string, number, string, string, string, string, string][] = [
  [
    'MISSING_OR_INVALID_HEADER',
    'NRLS-ERR-001, NRLS-ERR-002',
    400,
    'invalid',
    'MISSING_OR_INVALID_HEADER',
    'There is a required header missing or invalid',
    SPINE,
    PROFILE,
  ],
  [
    'INVALID_JWT',
    'NRLS-ERR-004',
    400,
    'structure',
    'MISSING_OR_INVALID_HEADER',
    'There is a required header missing or invalid',
    SPINE,
    PROFILE,
  ],
  ['INVALID_PARAMETER', 'NRLS-ERR-005', 400, 'invalid', 'INVALID_PARAMETER', 'Invalid parameter', SPINE, PROFILE],
  [
    'INVALID_RESOURCE',
    'NRLS-ERR-006 (AMB-27)',
    400,
    'invalid',
    'INVALID_RESOURCE',
    'Invalid validation of resource',
    SPINE,
    PROFILE,
  ],
  [
    'DUPLICATE_REJECTED',
    'NRLS-ERR-007',
    400,
    'duplicate',
    'DUPLICATE_REJECTED',
    'Duplicate DocumentReference',
    SPINE,
    PROFILE,
  ],
  [
    'INVALID_REQUEST_MESSAGE',
    'NRLS-ERR-008',
    400,
    'value',
    'INVALID_REQUEST_MESSAGE',
    'Invalid Request Message',
    SPINE,
    PROFILE,
  ],
  [
    'ORGANISATION_NOT_FOUND',
    'NRLS-ERR-009 (AMB-26)',
    400,
    'not-found',
    'ORGANISATION_NOT_FOUND',
    'Organisation record not found',
    SPINE,
    PROFILE,
  ],
  ['INVALID_NHS_NUMBER', 'NRLS-ERR-010', 400, 'invalid', 'INVALID_NHS_NUMBER', 'Invalid NHS number', SPINE, PROFILE],
  [
    'NO_RECORD_FOUND',
    'NRLS-ERR-011, NRLS-ERR-012',
    404,
    'not-found',
    'NO_RECORD_FOUND',
    'No record found',
    SPINE,
    PROFILE,
  ],
  [
    'UNSUPPORTED_MEDIA_TYPE',
    'NRLS-ERR-013 (AMB-44)',
    415,
    'invalid',
    'UNSUPPORTED_MEDIA_TYPE',
    'Unsupported Media Type',
    'http://fhir.nhs.net/ValueSet/spine-response-code-1-0',
    'https://fhir.nhs.uk/StructureDefinition/spine-operationoutcome-1-0',
  ],
  [
    'INTERNAL_SERVER_ERROR',
    'NRLS-ERR-014 (AMB-39)',
    500,
    'invalid',
    'INTERNAL_SERVER_ERROR',
    'Unexpected internal server error',
    SPINE,
    PROFILE,
  ],
  [
    'ACCESS_DENIED',
    'NRLS-ERR-015 (AMB-10, AMB-45)',
    403,
    'forbidden',
    'ACCESS_DENIED',
    'Access has been denied to process this request',
    SPINE,
    PROFILE,
  ],
  [
    'RESOURCE_CREATED',
    'NRLS-CREATE-006, NRLS-OO-006 (AMB-43)',
    201,
    'informational',
    'RESOURCE_CREATED',
    'New resource created',
    SPINE,
    PROFILE,
  ],
  [
    'RESOURCE_DELETED',
    'NRLS-DELETE-007, NRLS-OO-006 (AMB-43)',
    200,
    'informational',
    'RESOURCE_DELETED',
    'Resource removed',
    SPINE,
    PROFILE,
  ],
];

describe('the error table against the spec catalogue', () => {
  for (const [key, ids, status, issue, code, display, system, profile] of SPEC_ROWS) {
    it(`${ids}, NRLS-OO-001, NRLS-OO-002, NRLS-OO-003: ${key} is ${status} ${issue} ${code} "${display}"`, () => {
      const row = OUTCOMES[key];
      assert.equal(row.status, status);
      assert.equal(row.issue, issue);
      assert.ok('spine' in row);
      assert.deepEqual(row.spine, { code, display, system });
      assert.equal(row.profile, profile);
      assert.equal(row.severity, status < 300 ? 'information' : 'error');
    });
  }

  it(
    'NRLS-ERR-017, NRLS-UNSUP-007 (AMB-38): unsupported methods ' +
      'and paths are 405 and 404 not-supported, with no Spine code',
    () => {
      for (const [key, status] of [
        ['METHOD_NOT_ALLOWED', 405],
        ['UNKNOWN_PATH', 404],
      ] as const) {
        const row = OUTCOMES[key];
        assert.equal(row.status, status);
        assert.equal(row.issue, 'not-supported');
        assert.ok(!('spine' in row) && !('profile' in row));
      }
    },
  );

  it('NRLS-ERR-016: ASID_CHECK_FAILED is never emitted by default', () => {
    for (const row of Object.values(OUTCOMES)) assert.ok(!('spine' in row) || row.spine.code !== 'ASID_CHECK_FAILED');
  });

  it('every row the mock can send is either a spec row or a mock-only row with a reason', () => {
    const specKeys = new Set<string>([...SPEC_ROWS.map(([key]) => key), 'METHOD_NOT_ALLOWED', 'UNKNOWN_PATH']);
    const mockOnly = Object.keys(OUTCOMES)
      .filter((key) => !specKeys.has(key))
      .sort();
    assert.deepEqual(mockOnly, [
      'ADMIN_BAD_REQUEST',
      'ADMIN_NOT_FOUND',
      'ADMIN_STORE_FAILED',
      'HEADERS_TOO_LARGE',
      'MALFORMED_HTTP',
      'PAYLOAD_TOO_LARGE',
      'REQUEST_TIMEOUT',
    ]);
  });
});
