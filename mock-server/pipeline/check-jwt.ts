// Stage 4: the Authorization header and its JWT (§4.3), in the order NRLS-JWT-027 suggests (the RI's). Every
// failure is 400 MISSING_OR_INVALID_HEADER with issue `structure` (NRLS-ERR-004); only the
// diagnostics differ, and they are the spec's texts.
import {
  ASID_SYSTEM,
  ODS_CODE_SYSTEM,
  REASON_DIRECT_CARE,
  SCOPE_READ,
  SCOPE_WRITE,
  splitToken,
} from '../../src/domain/identifiers.ts';
import { bearerToken, decodeJwt } from '../../src/domain/jwt.ts';
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';

/** NRLS-JWT-010 mandatory claims, in NRLS-JWT-027 order: these first, the rest where they are used. */
const FIRST_CLAIMS = ['iss', 'aud', 'iat', 'exp', 'sub'] as const;

const invalid = (text: string) => new SpineError('INVALID_JWT', text);
const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const absent = (value: unknown) => value === undefined || value === null || value === '';

export function checkJwt(ctx: RequestContext): void {
  const { config } = ctx;
  const authorization = ctx.request.headers.authorization;
  // NRLS-JWT-008 (AMB-01: the [jwt] form, not [gen]'s "Authorization HTTP Header is missing")
  if (authorization === undefined || authorization.trim() === '') throw invalid(diagnostics.authorisationMissing());
  // NRLS-JWT-009, NRLS-JWT-026 (AMB-59)
  const jwt = decodeJwt(bearerToken(authorization));
  if (!jwt || !isObject(jwt.header) || !isObject(jwt.payload)) throw invalid(diagnostics.jwtNotThreeSections());
  // NRLS-JWT-005 (AMB-55): signatures are never verified; strict mode insists on an unsecured token.
  if (config.strictJwt && (jwt.header.alg !== 'none' || jwt.signature !== '')) throw invalid(diagnostics.jwtNotUnsecured());
  const claims = jwt.payload;

  const require = (claim: string) => {
    if (absent(claims[claim])) throw invalid(diagnostics.claimMissing(claim));
  };
  for (const claim of FIRST_CLAIMS) require(claim);
  // NRLS-JWT-024 (AMB-06): presence and integer type; times only in strict mode.
  for (const claim of ['exp', 'iat'] as const) {
    if (!Number.isInteger(claims[claim])) throw invalid(diagnostics.claimNotInteger(claim, claims[claim]));
  }
  if (config.strictJwt) {
    const now = Math.floor(Date.now() / 1000);
    const iat = claims.iat as number;
    const exp = claims.exp as number;
    if (exp - iat !== 300 || now < iat || now > exp) throw invalid(diagnostics.jwtExpired());
  }

  // NRLS-JWT-011, NRLS-JWT-022 (AMB-11 for its form): requesting_user, when present, is the subject.
  const user = claims.requesting_user;
  if (!absent(user)) {
    const parts = typeof user === 'string' ? splitToken(user) : undefined;
    if (!parts || parts.system === '' || parts.value === '') throw invalid(diagnostics.requestingUserForm(user));
    if (claims.sub !== user) throw invalid(diagnostics.userSubMismatch(user, claims.sub));
  }

  // NRLS-JWT-012, NRLS-JWT-016, NRLS-JWT-017 (AMB-04: the pipe form only)
  require('requesting_system');
  const requestingSystem = claims.requesting_system;
  if (absent(user) && claims.sub !== requestingSystem) throw invalid(diagnostics.systemSubMismatch(requestingSystem, claims.sub));
  const system = typeof requestingSystem === 'string' ? splitToken(requestingSystem) : undefined;
  if (!system || system.system !== ASID_SYSTEM || system.value === '') {
    throw invalid(diagnostics.requestingSystemForm(requestingSystem));
  }
  const asid = system.value;
  const client = config.fixtures.asids.find((candidate) => candidate.asid === asid);
  if (!client) throw invalid(diagnostics.requestingSystemUnknown(asid));
  // NRLS-JWT-021 (AMB-05); a missing fromASID is reported by the header stage instead.
  const fromAsid = ctx.request.headers.fromasid;
  if (config.requestingSystemMustMatchFromAsid && typeof fromAsid === 'string' && fromAsid.trim() !== '' && fromAsid.trim() !== asid) {
    throw invalid(diagnostics.requestingSystemNotFromAsid(asid));
  }
  // NRLS-JWT-015 (AMB-08: a Consumer is an ASID holding no interaction but search)
  if (absent(user) && client.interactions.every((interaction) => interaction === 'search')) {
    throw invalid(diagnostics.claimMissing('requesting_user'));
  }

  // NRLS-JWT-013
  require('reason_for_request');
  if (claims.reason_for_request !== REASON_DIRECT_CARE) throw invalid(diagnostics.reasonNotDirectCare(claims.reason_for_request));
  // NRLS-JWT-014, NRLS-JWT-025 (AMB-07): search reads, create and delete write.
  require('scope');
  const needed = ctx.interaction === 'search' ? SCOPE_READ : SCOPE_WRITE;
  if (claims.scope !== needed) throw invalid(diagnostics.scopeInvalid(claims.scope));

  // NRLS-JWT-018, NRLS-JWT-019, NRLS-JWT-020
  require('requesting_organization');
  const requestingOrganisation = claims.requesting_organization;
  const organisation = typeof requestingOrganisation === 'string' ? splitToken(requestingOrganisation) : undefined;
  if (!organisation || organisation.system !== ODS_CODE_SYSTEM || organisation.value === '') {
    throw invalid(diagnostics.requestingOrganisationForm(requestingOrganisation));
  }
  const ods = organisation.value;
  if (!config.fixtures.organisations.some((candidate) => candidate.ods === ods)) {
    throw invalid(diagnostics.requestingOrganisationUnknown(ods));
  }
  if (client.ods !== ods) throw invalid(diagnostics.organisationNotAssociated(asid, ods));

  ctx.tokenAsid = asid;
}
