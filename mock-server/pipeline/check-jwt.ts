// Stage 4: the Authorization header and its JWT (§4.3), in the order NRLS-JWT-027 suggests (the RI's).
// Every failure is 400 MISSING_OR_INVALID_HEADER with issue code `structure` (NRLS-ERR-004); only the
// diagnostics differ, and they are the spec's texts.
import {
  ASID_SYSTEM,
  ODS_CODE_SYSTEM,
  REASON_DIRECT_CARE,
  SCOPE_READ,
  SCOPE_WRITE,
  splitToken,
} from '../../src/domain/identifiers.ts';
import { bearerToken, decodeJwt, type DecodedJwt } from '../../src/domain/jwt.ts';
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import type { Faults } from '../faults.ts';

/** NRLS-JWT-010 mandatory claims, in NRLS-JWT-027 order: these first, the rest where they are used. */
const FIRST_CLAIMS = ['iss', 'aud', 'iat', 'exp', 'sub'] as const;

const invalid = (text: string) => new SpineError('INVALID_JWT', text);
const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const absent = (value: unknown) => value === undefined || value === null || value === '';

/** NRLS-JWT-010: a mandatory claim, present and not empty. */
function requireClaim(claims: Record<string, unknown>, claim: string): void {
  if (absent(claims[claim])) throw invalid(diagnostics.claimMissing(claim));
}

/** `system|value` (AMB-04); a fault also takes `system/value`. */
function identifierIn(claim: unknown, system: string, slashFormTolerated: boolean): string | undefined {
  if (typeof claim !== 'string') return undefined;
  const parts = splitToken(claim);
  if (parts?.system === system && parts.value !== '') return parts.value;
  if (slashFormTolerated && claim.startsWith(`${system}/`) && claim.length > system.length + 1) return claim.slice(system.length + 1);
  return undefined;
}

/**
 * Decoded tokens by token text: a client sends one token with many requests, and decoding it (base64url
 * and two JSON parses) was a tenth of a search's CPU. Bounded (emptied when full); short tokens only;
 * frozen, since every request of that token reads the same objects. Only decoding is cached: every rule
 * below is checked on each request.
 */
const DECODED_KEPT = 1_000;
const DECODED_MAX_LENGTH = 2_048;
const decodedTokens = new Map<string, DecodedJwt | undefined>();

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const member of Object.values(value)) deepFreeze(member);
}

function decodeOnce(token: string): DecodedJwt | undefined {
  if (token.length > DECODED_MAX_LENGTH) return decodeJwt(token);
  if (decodedTokens.has(token)) return decodedTokens.get(token);
  const jwt = decodeJwt(token);
  deepFreeze(jwt);
  if (decodedTokens.size >= DECODED_KEPT) decodedTokens.clear();
  decodedTokens.set(token, jwt);
  return jwt;
}

function tokenOf(authorization: string, faults: Faults): string {
  if (faults.on('jwt-bearer-case-sensitive')) return authorization.startsWith('Bearer ') ? authorization.slice(7).trim() : authorization.trim();
  const token = bearerToken(authorization);
  return faults.on('jwt-two-sections-accepted') && token.split('.').length === 2 ? `${token}.` : token;
}

export function checkJwt(ctx: RequestContext): void {
  const { config } = ctx;
  const { faults } = config;
  const authorization = ctx.request.headers.authorization;
  // NRLS-JWT-008 (AMB-01: the [jwt] form, not [gen]'s "Authorization HTTP Header is missing")
  if (authorization === undefined || authorization.trim() === '') {
    if (faults.on('authorization-optional')) {
      ctx.tokenAsid = typeof ctx.request.headers.fromasid === 'string' ? ctx.request.headers.fromasid : undefined;
      return;
    }
    throw invalid(diagnostics.authorisationMissing());
  }
  // NRLS-JWT-009, NRLS-JWT-026 (AMB-59)
  const token = tokenOf(authorization, faults);
  const jwt = decodeOnce(token);
  if (!jwt || !isObject(jwt.header) || !isObject(jwt.payload)) {
    const threeSections = token.split('.').length === 3;
    throw invalid(threeSections && faults.on('jwt-payload-errors-as-missing-header') ? diagnostics.authorisationMissing() : diagnostics.jwtNotThreeSections());
  }
  // NRLS-JWT-005 (AMB-55): signatures are never verified; strict mode insists on an unsecured token.
  if ((config.strictJwt || faults.on('jwt-signature-verified')) && (jwt.header.alg !== 'none' || jwt.signature !== '')) {
    throw invalid(diagnostics.jwtNotUnsecured());
  }
  const claims = jwt.payload;

  for (const claim of FIRST_CLAIMS) if (!(claim === 'iss' && faults.on('jwt-iss-optional'))) requireClaim(claims, claim);
  // NRLS-JWT-024 (AMB-06): presence and integer type; times only in strict mode.
  for (const claim of ['exp', 'iat'] as const) {
    if (!Number.isInteger(claims[claim])) throw invalid(diagnostics.claimNotInteger(claim, claims[claim]));
  }
  const now = Math.floor(Date.now() / 1000);
  const iat = claims.iat as number;
  const exp = claims.exp as number;
  if (config.strictJwt && (exp - iat !== 300 || now < iat || now > exp)) throw invalid(diagnostics.jwtExpired());
  if (faults.on('jwt-expiry-enforced') && now - iat > 300) throw invalid(diagnostics.jwtExpired());

  // NRLS-JWT-011, NRLS-JWT-022 (AMB-11 for its form): requesting_user, when present, is the subject.
  const user = claims.requesting_user;
  if (!absent(user)) {
    const parts = typeof user === 'string' ? splitToken(user) : undefined;
    if (!parts || parts.system === '' || parts.value === '') throw invalid(diagnostics.requestingUserForm(user));
    if (claims.sub !== user && !faults.on('jwt-sub-not-matched-to-user')) throw invalid(diagnostics.userSubMismatch(user, claims.sub));
  }

  // NRLS-JWT-012, NRLS-JWT-016, NRLS-JWT-017 (AMB-04: the pipe form only)
  requireClaim(claims, 'requesting_system');
  const requestingSystem = claims.requesting_system;
  if (absent(user) && claims.sub !== requestingSystem && !faults.on('jwt-sub-not-matched-to-system')) {
    throw invalid(diagnostics.systemSubMismatch(requestingSystem, claims.sub));
  }
  const asid = identifierIn(requestingSystem, ASID_SYSTEM, faults.on('jwt-requesting-system-slash-form'));
  if (asid === undefined) throw invalid(diagnostics.requestingSystemForm(requestingSystem));
  const fromAsid = typeof ctx.request.headers.fromasid === 'string' ? ctx.request.headers.fromasid.trim() : '';
  const client =
    config.fixtures.asids.find((candidate) => candidate.asid === asid) ??
    (faults.on('jwt-unknown-asid-accepted') ? config.fixtures.asids.find((candidate) => candidate.asid === fromAsid) : undefined);
  if (!client) throw invalid(diagnostics.requestingSystemUnknown(asid));
  // NRLS-JWT-021 (AMB-05); a missing fromASID is reported by the header stage instead.
  if (config.requestingSystemMustMatchFromAsid && fromAsid !== '' && fromAsid !== asid && !faults.on('jwt-from-asid-match-unchecked')) {
    throw invalid(diagnostics.requestingSystemNotFromAsid(asid));
  }
  // NRLS-JWT-015 (AMB-08: a Consumer is an ASID holding no interaction but search)
  const consumer = client.interactions.every((interaction) => interaction === 'search');
  if (absent(user) && consumer && !faults.on('jwt-requesting-user-optional')) throw invalid(diagnostics.claimMissing('requesting_user'));

  // NRLS-JWT-013
  requireClaim(claims, 'reason_for_request');
  if (claims.reason_for_request !== REASON_DIRECT_CARE && !faults.on('jwt-reason-unchecked')) {
    throw invalid(diagnostics.reasonNotDirectCare(claims.reason_for_request));
  }
  // NRLS-JWT-014, NRLS-JWT-025 (AMB-07): search reads, create and delete write.
  if (!(absent(claims.scope) && faults.on('jwt-scope-optional'))) {
    requireClaim(claims, 'scope');
    const needed = ctx.interaction === 'search' ? SCOPE_READ : SCOPE_WRITE;
    const fits = faults.on('jwt-scope-not-per-interaction') ? claims.scope === SCOPE_READ || claims.scope === SCOPE_WRITE : claims.scope === needed;
    if (!fits && !faults.on('jwt-scope-unchecked')) throw invalid(diagnostics.scopeInvalid(claims.scope));
  }

  // NRLS-JWT-018, NRLS-JWT-019, NRLS-JWT-020
  requireClaim(claims, 'requesting_organization');
  const requestingOrganisation = claims.requesting_organization;
  const ods = identifierIn(requestingOrganisation, ODS_CODE_SYSTEM, faults.on('jwt-organisation-slash-form'));
  if (ods === undefined) throw invalid(diagnostics.requestingOrganisationForm(requestingOrganisation));
  if (!config.fixtures.organisations.some((candidate) => candidate.ods === ods) && !faults.on('jwt-unknown-organisation-accepted')) {
    throw invalid(diagnostics.requestingOrganisationUnknown(ods));
  }
  if (client.ods !== ods && !faults.on('jwt-organisation-association-unchecked')) throw invalid(diagnostics.organisationNotAssociated(asid, ods));

  ctx.tokenAsid = asid;
}
