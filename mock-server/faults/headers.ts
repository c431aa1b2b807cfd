// Faults of the fromASID and toASID headers (§1.6), against HEADER_RULES (pipeline/check-headers.ts).
import { issueCode, replyFor } from './answer.ts';
import { fault, rule } from './fault.ts';

export const HEADER_FAULTS = {
  'from-asid-not-required': fault(
    'headers',
    ['NRLS-HDR-002', 'NRLS-ERR-001'],
    'a request without fromASID is served as the JWT ASID',
    rule('headers', () => ({ servedAs: (fromAsid, tokenAsid) => fromAsid ?? tokenAsid })),
  ),
  'to-asid-not-required': fault(
    'headers',
    ['NRLS-HDR-003', 'NRLS-ERR-002'],
    'a request without toASID is served',
    rule('headers', (base) => ({
      toAsidAccepted: (toAsid, spineAsid) => toAsid === undefined || base.toAsidAccepted(toAsid, spineAsid),
    })),
  ),
  'to-asid-any-value': fault(
    'headers',
    ['NRLS-AUTHZ-002', 'NRLS-HDR-006'],
    'any toASID is accepted',
    rule('headers', (base) => ({
      toAsidAccepted: (toAsid, spineAsid) => toAsid !== undefined || base.toAsidAccepted(toAsid, spineAsid),
    })),
    'AMB-03',
  ),
  // The spec itself says header names are case-sensitive; matching them in any case is our reading (AMB-02).
  'header-names-case-sensitive': fault(
    'headers',
    ['NRLS-HDR-005'],
    'fromASID and toASID are only found with exactly that case',
    rule('headers', () => ({
      headerValue(request, name) {
        const raw = request.rawHeaders;
        const at = raw.findIndex((header, index) => index % 2 === 0 && header === name);
        const value = at < 0 ? undefined : raw[at + 1];
        return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
      },
    })),
    'AMB-02',
  ),
  'header-errors-issue-structure': fault(
    'headers',
    ['NRLS-ERR-001', 'NRLS-ERR-002'],
    'missing-header errors carry issue code structure, not invalid',
    replyFor(['MISSING_OR_INVALID_HEADER'], issueCode('structure')),
  ),
  'header-diagnostics-reworded': fault(
    'headers',
    ['NRLS-ERR-001', 'NRLS-ERR-002', 'NRLS-HDR-006', 'NRLS-AUTHZ-002'],
    'missing-header diagnostics say "<name> header is missing"',
    rule('headers', () => ({ missingText: (name) => `${name} header is missing` })),
  ),
};
