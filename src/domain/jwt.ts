import { ASID_SYSTEM, ODS_CODE_SYSTEM, REASON_DIRECT_CARE, token } from './identifiers.ts';

// Unsecured JWTs as NRLS clients build them (NRLS-JWT-003, NRLS-JWT-004): base64url header and payload,
// `alg: none` and an empty signature, so the token ends with a dot.

export type JwtClaims = Record<string, unknown>;

/** NRLS-JWT-010: the claims every NRLS token carries (requesting_organization too, an NRLS override of Spine Core). */
export const MANDATORY_CLAIMS: readonly string[] = [
  'iss',
  'sub',
  'aud',
  'exp',
  'iat',
  'reason_for_request',
  'scope',
  'requesting_system',
  'requesting_organization',
];

/** NRLS-JWT-015: a Consumer's token also names its user. */
export const CONSUMER_CLAIM = 'requesting_user';

export interface DecodedJwt {
  header: unknown;
  payload: unknown;
  signature: string;
}

export function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

export function encodeUnsignedJwt(claims: JwtClaims, header: object = { alg: 'none', typ: 'JWT' }): string {
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}.`;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Splits and decodes a token. Undefined when it does not have exactly three sections or when the header
 * or payload is not base64url-encoded JSON (AMB-59 treats both as "must have the 3 sections").
 */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const sections = token.split('.');
  if (sections.length !== 3) return undefined;
  const [header, payload, signature] = sections as [string, string, string];
  if (header === '' || payload === '') return undefined;
  if (!BASE64URL.test(header) || !BASE64URL.test(payload) || !BASE64URL.test(signature)) return undefined;
  try {
    return {
      header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')),
      payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
      signature,
    };
  } catch {
    return undefined;
  }
}

/** The token from an Authorization value: `Bearer` in any case, or a bare token (NRLS-JWT-007, AMB-54). */
export function bearerToken(authorization: string): string {
  const match = /^bearer\s+(.*)$/is.exec(authorization.trim());
  return (match ? match[1]! : authorization).trim();
}

/** Claims of a valid NRLS token for one ASID/ODS pair (§4.2). */
export function nrlsClaims(options: {
  asid: string;
  ods: string;
  scope: string;
  audience: string;
  user?: string;
  now?: number;
}): JwtClaims {
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const requestingSystem = token(ASID_SYSTEM, options.asid);
  const claims: JwtClaims = {
    iss: `https://nrls-conformance.example/${options.asid}`,
    sub: options.user ?? requestingSystem,
    aud: options.audience,
    exp: iat + 300,
    iat,
    reason_for_request: REASON_DIRECT_CARE,
    scope: options.scope,
    requesting_system: requestingSystem,
    requesting_organization: token(ODS_CODE_SYSTEM, options.ods),
  };
  if (options.user) claims.requesting_user = options.user;
  return claims;
}
