// The headers an NRLS client sends (§1.6): Authorization with a fresh unsecured JWT (NRLS-JWT-006),
// fromASID and toASID.
import { SCOPE_READ, SCOPE_WRITE, SDS_ROLE_PROFILE_SYSTEM, token } from './identifiers.ts';
import { encodeUnsignedJwt, nrlsClaims, type JwtClaims } from './jwt.ts';

export interface ClientIdentity {
  asid: string;
  ods: string;
  /** Consumers must name a user (NRLS-JWT-015); providers may. */
  user?: string;
}

export const EXAMPLE_USER = token(SDS_ROLE_PROFILE_SYSTEM, '555021935107');

export interface HeaderOptions {
  spineAsid: string;
  /** Which scope the token claims: read for search, write otherwise (AMB-07). */
  access: 'read' | 'write';
  audience?: string;
  /** Changes to the valid claims; `undefined` removes a claim. */
  claims?: JwtClaims;
}

export function nrlsHeaders(identity: ClientIdentity, options: HeaderOptions): Record<string, string> {
  const claims = nrlsClaims({
    asid: identity.asid,
    ods: identity.ods,
    scope: options.access === 'read' ? SCOPE_READ : SCOPE_WRITE,
    audience: options.audience ?? 'https://nrls.example/DocumentReference',
    user: identity.user,
  });
  for (const [name, value] of Object.entries(options.claims ?? {})) {
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  }
  return {
    Authorization: `Bearer ${encodeUnsignedJwt(claims)}`,
    fromASID: identity.asid,
    toASID: options.spineAsid,
  };
}
