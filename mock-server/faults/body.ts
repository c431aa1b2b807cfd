// Faults of reading a create's body (robustness), against READ_BODY_RULES (pipeline/read-body.ts) and
// PARSE_BODY_RULES (pipeline/parse-body.ts).
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import { fault, rule } from './fault.ts';

export const BODY_FAULTS = {
  // Not a SpineError: app.ts answers it as a defect of the mock (AMB-39), a 500.
  'malformed-body-crashes': fault(
    'robustness',
    ['NRLS-PROF-001', 'NRLS-CREATE-020', 'NRLS-ERR-008', 'NRLS-GEN-001'],
    'a body that does not parse crashes the request (500)',
    rule('parseBody', () => ({ unparsable: (reason) => new Error(`the body does not parse: ${reason}`) })),
  ),
  'other-resource-type-as-message-error': fault(
    'robustness',
    ['NRLS-CREATE-027'],
    'a resource other than DocumentReference is INVALID_REQUEST_MESSAGE',
    rule('parseBody', () => ({
      otherResourceType: (resourceType) =>
        new SpineError('INVALID_REQUEST_MESSAGE', diagnostics.invalidRequestMessage(), {
          reason: `${String(resourceType)} is not a DocumentReference`,
        }),
    })),
  ),
  'empty-body-as-invalid-resource': fault(
    'robustness',
    ['NRLS-CREATE-028', 'NRLS-CREATE-020'],
    'an empty body is INVALID_RESOURCE',
    rule('readBody', () => ({
      emptyBody: () => new SpineError('INVALID_RESOURCE', diagnostics.elementInvalid('DocumentReference')),
    })),
  ),
};
