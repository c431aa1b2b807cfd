// Stage 4: the Authorization header and its JWT (§4.3), in the order NRLS-JWT-027 suggests (the RI's).
// Every failure is 400 MISSING_OR_INVALID_HEADER with issue code `structure` (NRLS-ERR-004); only the
// diagnostics differ, and they are the spec's texts. The rules a check applies are in JWT_RULES, one
// per requirement, so that a fault (faults/jwt.ts) can replace one and leave the order alone.
import {
  ASID_SYSTEM,
  ODS_CODE_SYSTEM,
  REASON_DIRECT_CARE,
  SCOPE_READ,
  SCOPE_WRITE,
  splitToken,
  type Interaction,
} from '../../src/domain/identifiers.ts';
import { bearerToken, decodeJwt, type DecodedJwt } from '../../src/domain/jwt.ts';
import type { MockConfig } from '../config.ts';
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import type { ClientSystem, Fixtures } from '../fixtures.ts';

type Claims = Readonly<Record<string, unknown>>;

export interface JwtRules {
  /** NRLS-JWT-007: the token after the `Bearer` scheme, matched in any case. */
  tokenOf(authorization: string): string;
  /** NRLS-JWT-009, NRLS-JWT-026 (AMB-59): what a token that does not decode is told. */
  undecodableText(token: string): string;
  /** NRLS-JWT-005 (AMB-55): signatures are never verified; strict mode insists on an unsecured token. */
  mustBeUnsecured(config: MockConfig): boolean;
  /** NRLS-JWT-010: every claim of §4.3 is mandatory. */
  claimRequired(claim: string): boolean;
  /** NRLS-JWT-024 (AMB-06): times are only checked in strict mode. */
  expired(iat: number, exp: number, now: number, config: MockConfig): boolean;
  /** NRLS-JWT-011, NRLS-JWT-022: requesting_user, when present, is the subject. */
  userIsSubject(user: unknown, sub: unknown): boolean;
  /** NRLS-JWT-012: without requesting_user, requesting_system is the subject. */
  systemIsSubject(system: unknown, sub: unknown): boolean;
  /** NRLS-JWT-016 (AMB-04: the pipe form only): the ASID of requesting_system. */
  asidOf(claim: unknown): string | undefined;
  /** NRLS-JWT-017: the system Spine knows by that ASID. */
  systemOf(asid: string, fromAsid: string, fixtures: Fixtures): ClientSystem | undefined;
  /** NRLS-JWT-021 (AMB-05): requesting_system is the fromASID system. */
  systemIsFromAsid(asid: string, fromAsid: string): boolean;
  /** NRLS-JWT-015 (AMB-08: a Consumer is an ASID holding no interaction but search). */
  userRequired(system: ClientSystem): boolean;
  /** NRLS-JWT-013 */
  reasonAccepted(reason: unknown): boolean;
  /** NRLS-JWT-014, NRLS-JWT-025 (AMB-07): search reads, create and delete write. */
  scopeFits(scope: unknown, interaction: Interaction | undefined): boolean;
  /** NRLS-JWT-018 (AMB-04: the pipe form only): the ODS code of requesting_organization. */
  odsOf(claim: unknown): string | undefined;
  /** NRLS-JWT-019 */
  organisationKnown(ods: string, fixtures: Fixtures): boolean;
  /** NRLS-JWT-020: requesting_organization is the ASID's organisation. */
  organisationOfSystem(ods: string, system: ClientSystem): boolean;
}

const absent = (value: unknown) => value === undefined || value === null || value === '';

/** `system|value` (AMB-04). */
export function identifierIn(claim: unknown, system: string): string | undefined {
  if (typeof claim !== 'string') return undefined;
  const parts = splitToken(claim);
  return parts?.system === system && parts.value !== '' ? parts.value : undefined;
}

export const JWT_RULES: JwtRules = {
  tokenOf: bearerToken,
  undecodableText: () => diagnostics.jwtNotThreeSections(),
  mustBeUnsecured: (config) => config.strictJwt,
  claimRequired: () => true,
  expired: (iat, exp, now, config) => config.strictJwt && (exp - iat !== 300 || now < iat || now > exp),
  userIsSubject: (user, sub) => sub === user,
  systemIsSubject: (system, sub) => sub === system,
  asidOf: (claim) => identifierIn(claim, ASID_SYSTEM),
  systemOf: (asid, _fromAsid, fixtures) => fixtures.asids.find((candidate) => candidate.asid === asid),
  systemIsFromAsid: (asid, fromAsid) => asid === fromAsid,
  userRequired: (system) => system.interactions.every((interaction) => interaction === 'search'),
  reasonAccepted: (reason) => reason === REASON_DIRECT_CARE,
  scopeFits: (scope, interaction) => scope === (interaction === 'search' ? SCOPE_READ : SCOPE_WRITE),
  odsOf: (claim) => identifierIn(claim, ODS_CODE_SYSTEM),
  organisationKnown: (ods, fixtures) => fixtures.organisations.some((candidate) => candidate.ods === ods),
  organisationOfSystem: (ods, system) => system.ods === ods,
};

/**
 * Decoded tokens by token text, one cache per app: a client sends one token with many requests, and
 * decoding it (base64url and two JSON parses) was a tenth of a search's CPU. Bounded (emptied when full);
 * short tokens only; frozen, since every request of that token reads the same objects. Only decoding is
 * cached: every rule is checked on each request.
 */
export class DecodedTokens {
  static readonly KEPT = 1_000;
  static readonly MAX_LENGTH = 2_048;
  private readonly decoded = new Map<string, DecodedJwt | undefined>();

  decode(token: string): DecodedJwt | undefined {
    if (token.length > DecodedTokens.MAX_LENGTH) return decodeJwt(token);
    if (this.decoded.has(token)) return this.decoded.get(token);
    const jwt = decodeJwt(token);
    deepFreeze(jwt);
    if (this.decoded.size >= DecodedTokens.KEPT) this.decoded.clear();
    this.decoded.set(token, jwt);
    return jwt;
  }
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const member of Object.values(value)) deepFreeze(member);
}

const invalid = (text: string) => new SpineError('INVALID_JWT', text);
const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export function checkJwt(ctx: RequestContext, rules: JwtRules, tokens: DecodedTokens): void {
  const { config } = ctx;
  const { fixtures } = config;
  /** NRLS-JWT-010: a mandatory claim, present and not empty; false for an absent optional one. */
  const present = (claims: Claims, claim: string): boolean => {
    if (!absent(claims[claim])) return true;
    if (rules.claimRequired(claim)) throw invalid(diagnostics.claimMissing(claim));
    return false;
  };
  const authorization = ctx.request.headers.authorization;
  // NRLS-JWT-008 (AMB-01: the [jwt] form, not [gen]'s "Authorization HTTP Header is missing")
  if (authorization === undefined || authorization.trim() === '') throw invalid(diagnostics.authorisationMissing());
  // NRLS-JWT-009, NRLS-JWT-026 (AMB-59)
  const token = rules.tokenOf(authorization);
  const jwt = tokens.decode(token);
  if (!jwt || !isObject(jwt.header) || !isObject(jwt.payload)) throw invalid(rules.undecodableText(token));
  // NRLS-JWT-005 (AMB-55)
  if (rules.mustBeUnsecured(config) && (jwt.header.alg !== 'none' || jwt.signature !== ''))
    throw invalid(diagnostics.jwtNotUnsecured());
  const claims: Claims = jwt.payload;

  // NRLS-JWT-010 in NRLS-JWT-027 order: these first, the rest where they are used.
  for (const claim of ['iss', 'aud', 'iat', 'exp', 'sub']) present(claims, claim);
  // NRLS-JWT-024 (AMB-06): presence and integer type; times only in strict mode.
  for (const claim of ['exp', 'iat'] as const) {
    if (!Number.isInteger(claims[claim])) throw invalid(diagnostics.claimNotInteger(claim, claims[claim]));
  }
  if (rules.expired(claims.iat as number, claims.exp as number, Math.floor(Date.now() / 1000), config))
    throw invalid(diagnostics.jwtExpired());

  // NRLS-JWT-011, NRLS-JWT-022 (AMB-11 for its form)
  const user = claims.requesting_user;
  if (!absent(user)) {
    const parts = typeof user === 'string' ? splitToken(user) : undefined;
    if (!parts || parts.system === '' || parts.value === '') throw invalid(diagnostics.requestingUserForm(user));
    if (!rules.userIsSubject(user, claims.sub)) throw invalid(diagnostics.userSubMismatch(user, claims.sub));
  }

  // NRLS-JWT-012, NRLS-JWT-016, NRLS-JWT-017
  present(claims, 'requesting_system');
  const requestingSystem = claims.requesting_system;
  if (absent(user) && !rules.systemIsSubject(requestingSystem, claims.sub))
    throw invalid(diagnostics.systemSubMismatch(requestingSystem, claims.sub));
  const asid = rules.asidOf(requestingSystem);
  if (asid === undefined) throw invalid(diagnostics.requestingSystemForm(requestingSystem));
  const fromAsid = typeof ctx.request.headers.fromasid === 'string' ? ctx.request.headers.fromasid.trim() : '';
  const system = rules.systemOf(asid, fromAsid, fixtures);
  if (!system) throw invalid(diagnostics.requestingSystemUnknown(asid));
  // NRLS-JWT-021 (AMB-05); a missing fromASID is reported by the header stage instead.
  if (config.requestingSystemMustMatchFromAsid && fromAsid !== '' && !rules.systemIsFromAsid(asid, fromAsid)) {
    throw invalid(diagnostics.requestingSystemNotFromAsid(asid));
  }
  // NRLS-JWT-015 (AMB-08)
  if (absent(user) && rules.userRequired(system)) throw invalid(diagnostics.claimMissing('requesting_user'));

  // NRLS-JWT-013
  present(claims, 'reason_for_request');
  if (!rules.reasonAccepted(claims.reason_for_request))
    throw invalid(diagnostics.reasonNotDirectCare(claims.reason_for_request));
  // NRLS-JWT-014, NRLS-JWT-025 (AMB-07)
  if (present(claims, 'scope') && !rules.scopeFits(claims.scope, ctx.interaction))
    throw invalid(diagnostics.scopeInvalid(claims.scope));

  // NRLS-JWT-018, NRLS-JWT-019, NRLS-JWT-020
  present(claims, 'requesting_organization');
  const requestingOrganisation = claims.requesting_organization;
  const ods = rules.odsOf(requestingOrganisation);
  if (ods === undefined) throw invalid(diagnostics.requestingOrganisationForm(requestingOrganisation));
  if (!rules.organisationKnown(ods, fixtures)) throw invalid(diagnostics.requestingOrganisationUnknown(ods));
  if (!rules.organisationOfSystem(ods, system)) throw invalid(diagnostics.organisationNotAssociated(asid, ods));

  ctx.tokenAsid = asid;
}
