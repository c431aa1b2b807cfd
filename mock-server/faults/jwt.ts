// Faults of the JWT (§4.3), one per rule family, against JWT_RULES (pipeline/check-jwt.ts).
import { ASID_SYSTEM, ODS_CODE_SYSTEM, SCOPE_READ, SCOPE_WRITE } from '../../src/domain/identifiers.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { issueCode, replyFor } from './answer.ts';
import { fault, rule, stage } from './fault.ts';

/** `system/value`, the form AMB-04 rules out, as well as the pipe form. */
const slashForm = (claim: unknown, system: string): string | undefined =>
  typeof claim === 'string' && claim.startsWith(`${system}/`) && claim.length > system.length + 1
    ? claim.slice(system.length + 1)
    : undefined;

export const JWT_FAULTS = {
  'authorization-optional': fault(
    'jwt',
    ['NRLS-HDR-001', 'NRLS-JWT-001', 'NRLS-JWT-008', 'NRLS-ERR-003'],
    'a request without Authorization is served',
    stage('checkJwt', (checkJwt) => (ctx) => {
      const authorization = ctx.request.headers.authorization;
      if (authorization !== undefined && authorization.trim() !== '') return checkJwt(ctx);
      ctx.tokenAsid = typeof ctx.request.headers.fromasid === 'string' ? ctx.request.headers.fromasid : undefined;
    }),
  ),
  'jwt-two-sections-accepted': fault(
    'jwt',
    ['NRLS-JWT-009', 'NRLS-JWT-003'],
    'a token of header and payload only is accepted',
    rule('jwt', (base) => ({
      tokenOf(authorization) {
        const token = base.tokenOf(authorization);
        return token.split('.').length === 2 ? `${token}.` : token;
      },
    })),
  ),
  'jwt-payload-errors-as-missing-header': fault(
    'jwt',
    ['NRLS-JWT-026'],
    'an undecodable payload gets "The Authorisation header must be supplied" (as the RI does)',
    rule('jwt', (base) => ({
      undecodableText: (token) =>
        token.split('.').length === 3 ? diagnostics.authorisationMissing() : base.undecodableText(token),
    })),
  ),
  'jwt-iss-optional': fault(
    'jwt',
    ['NRLS-JWT-010'],
    'the iss claim is not required',
    rule('jwt', (base) => ({ claimRequired: (claim) => claim !== 'iss' && base.claimRequired(claim) })),
  ),
  'jwt-scope-optional': fault(
    'jwt',
    ['NRLS-JWT-010'],
    'a token without scope is treated as allowing anything',
    rule('jwt', (base) => ({ claimRequired: (claim) => claim !== 'scope' && base.claimRequired(claim) })),
  ),
  'jwt-requesting-user-optional': fault(
    'jwt',
    ['NRLS-JWT-015', 'NRLS-SEARCH-032', 'NRLS-AUTHZ-009'],
    'a consumer token without requesting_user is accepted',
    rule('jwt', () => ({ userRequired: () => false })),
    'AMB-08',
  ),
  'jwt-sub-not-matched-to-user': fault(
    'jwt',
    ['NRLS-JWT-011', 'NRLS-JWT-022'],
    'sub is not compared with requesting_user',
    rule('jwt', () => ({ userIsSubject: () => true })),
  ),
  'jwt-sub-not-matched-to-system': fault(
    'jwt',
    ['NRLS-JWT-012'],
    'sub is not compared with requesting_system',
    rule('jwt', () => ({ systemIsSubject: () => true })),
  ),
  'jwt-reason-unchecked': fault(
    'jwt',
    ['NRLS-JWT-013'],
    'reason_for_request is not checked',
    rule('jwt', () => ({ reasonAccepted: () => true })),
  ),
  'jwt-scope-unchecked': fault(
    'jwt',
    ['NRLS-JWT-014', 'NRLS-JWT-025'],
    'any scope value is accepted',
    rule('jwt', () => ({ scopeFits: () => true })),
  ),
  'jwt-scope-not-per-interaction': fault(
    'jwt',
    ['NRLS-JWT-025'],
    'read and write scopes are accepted for every interaction',
    rule('jwt', () => ({ scopeFits: (scope) => scope === SCOPE_READ || scope === SCOPE_WRITE })),
  ),
  // The spec text itself shows the slash form; accepting only the pipe form is our reading (AMB-04).
  'jwt-requesting-system-slash-form': fault(
    'jwt',
    ['NRLS-JWT-016'],
    'requesting_system is also accepted as accredited-system/<ASID>',
    rule('jwt', (base) => ({ asidOf: (claim) => base.asidOf(claim) ?? slashForm(claim, ASID_SYSTEM) })),
    'AMB-04',
  ),
  'jwt-unknown-asid-accepted': fault(
    'jwt',
    ['NRLS-JWT-017'],
    'an ASID unknown to Spine is accepted in requesting_system (the token is then refused as not the ' +
      "fromASID's, which the spec allows: only the order we recommend tells)",
    rule('jwt', (base) => ({
      systemOf: (asid, fromAsid, fixtures) =>
        base.systemOf(asid, fromAsid, fixtures) ?? base.systemOf(fromAsid, fromAsid, fixtures),
    })),
    'AMB-50',
  ),
  'jwt-organisation-slash-form': fault(
    'jwt',
    ['NRLS-JWT-018'],
    'requesting_organization is also accepted as ods-organization-code/<ODS>',
    rule('jwt', (base) => ({ odsOf: (claim) => base.odsOf(claim) ?? slashForm(claim, ODS_CODE_SYSTEM) })),
    'AMB-04',
  ),
  'jwt-unknown-organisation-accepted': fault(
    'jwt',
    ['NRLS-JWT-019'],
    'an ODS code unknown to Spine is accepted in requesting_organization (then refused as not the ' +
      "ASID's organisation, which the spec allows: only the order we recommend tells)",
    rule('jwt', () => ({ organisationKnown: () => true })),
    'AMB-50',
  ),
  'jwt-organisation-association-unchecked': fault(
    'jwt',
    ['NRLS-JWT-020', 'NRLS-AUTHZ-004', 'NRLS-ODS-003'],
    "requesting_organization need not be the ASID's ODS code",
    rule('jwt', () => ({ organisationOfSystem: () => true })),
  ),
  'jwt-from-asid-match-unchecked': fault(
    'jwt',
    ['NRLS-JWT-021', 'NRLS-AUTHZ-003'],
    'requesting_system need not be the fromASID system',
    rule('jwt', () => ({ systemIsFromAsid: () => true })),
  ),
  'jwt-errors-issue-invalid': fault(
    'jwt',
    ['NRLS-ERR-004', 'NRLS-JWT-009', 'NRLS-JWT-008'],
    'JWT errors carry issue code invalid, not structure',
    replyFor(['INVALID_JWT'], issueCode('invalid')),
  ),
  'jwt-signature-verified': fault(
    'jwt',
    ['NRLS-JWT-005'],
    'tokens with a signature or an alg other than none are refused',
    rule('jwt', () => ({ mustBeUnsecured: () => true })),
  ),
  'jwt-bearer-case-sensitive': fault(
    'jwt',
    ['NRLS-JWT-007'],
    'only "Bearer " exactly introduces the token',
    rule('jwt', () => ({
      tokenOf: (authorization) =>
        authorization.startsWith('Bearer ') ? authorization.slice(7).trim() : authorization.trim(),
    })),
  ),
  'jwt-expiry-enforced': fault(
    'jwt',
    ['NRLS-JWT-024'],
    'tokens issued more than five minutes ago are refused',
    rule('jwt', (base) => ({
      expired: (iat, exp, now, config) => base.expired(iat, exp, now, config) || now - iat > 300,
    })),
  ),
};
