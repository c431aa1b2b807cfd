// A request as an NRLS client sends it for one of the profile's identities: fromASID, toASID, Accept and
// a fresh unsigned JWT (NRLS-JWT-004, NRLS-JWT-006) whose claims name that identity. The suite edits the
// draft (one defect per scenario) before it is finished; the preflight sends it as it is.
import { SCOPE_READ, SCOPE_WRITE } from '../domain/identifiers.ts';
import { base64url, nrlsClaims, type JwtClaims } from '../domain/jwt.ts';
import type { FhirFormat } from '../domain/fhir-format.ts';
import type { RequestSpec } from '../http/send.ts';
import type { ResolvedTarget } from './profile.ts';

export type ActorRole = 'consumer' | 'provider' | 'second provider';

/** The request without its headers, and the body's Content-Type. */
export type RequestShape = Omit<RequestSpec, 'headers'> & { contentType?: string };

/** The Accept the suite sends for each format when a scenario does not test negotiation itself. */
export const ACCEPT: Record<FhirFormat, string> = { json: 'application/fhir+json', xml: 'application/fhir+xml' };

/** A request as it is being built, before the token is encoded: request defects edit this. */
export interface DraftRequest {
  spec: RequestSpec;
  claims: JwtClaims;
  jwtHeader: Record<string, unknown>;
  signature: string;
  /** Replaces the whole Authorization value (or removes it when null). */
  authorization?: string | null;
}

export function identityOf(target: ResolvedTarget, role: ActorRole) {
  return role === 'consumer' ? target.consumer : role === 'provider' ? target.provider : target.secondProvider;
}

/** The profile field that holds an identity, for messages that name what to fix. */
export const PROFILE_FIELD: Record<ActorRole, string> = {
  consumer: 'consumer',
  provider: 'provider',
  'second provider': 'secondProvider',
};

export function draftRequest(
  target: ResolvedTarget,
  role: ActorRole,
  shape: RequestShape,
  format: FhirFormat | 'none',
): DraftRequest {
  const identity = identityOf(target, role);
  const { contentType, ...spec } = shape;
  const access = spec.method === 'GET' ? SCOPE_READ : SCOPE_WRITE;
  const headers: Record<string, string> = { ...target.headers, fromASID: identity.asid, toASID: target.spineAsid };
  if (format !== 'none') headers.Accept = ACCEPT[format];
  if (contentType) headers['Content-Type'] = contentType;
  return {
    spec: { ...spec, headers },
    claims: nrlsClaims({
      asid: identity.asid,
      ods: identity.ods,
      scope: access,
      audience: `${target.baseUrl}/DocumentReference`,
      user: identity.user,
    }),
    jwtHeader: { alg: 'none', typ: 'JWT' },
    signature: '',
  };
}

/** The draft as it goes on the wire: the token encoded into Authorization (unless a defect replaced it). */
export function finishDraft(draft: DraftRequest): RequestSpec {
  if (draft.authorization !== null) {
    draft.spec.headers.Authorization =
      draft.authorization ??
      `Bearer ${base64url(JSON.stringify(draft.jwtHeader))}.${base64url(JSON.stringify(draft.claims))}.` +
        `${draft.signature}`;
  }
  return draft.spec;
}

export function clientRequest(
  target: ResolvedTarget,
  role: ActorRole,
  shape: RequestShape,
  format: FhirFormat | 'none' = 'json',
): RequestSpec {
  return finishDraft(draftRequest(target, role, shape, format));
}
