// The request defects scenarios name: headers (§1.6) and JWT claims (§4.2, §4.3). Each changes one
// thing of an otherwise valid request. Some are not defects at all but variants the spec must accept
// (a signed token, BEARER in capitals); scenarios say which they expect.
import { ASID_SYSTEM, ODS_CODE_SYSTEM, SCOPE_READ, SCOPE_WRITE, token } from '../../src/domain/identifiers.ts';
import { CONSUMER_CLAIM, MANDATORY_CLAIMS, base64url } from '../../src/domain/jwt.ts';
import type { DraftRequest } from '../world.ts';
import type { ResolvedTarget } from '../../src/target/profile.ts';

export interface RequestDefect {
  name: string;
  apply: (draft: DraftRequest, target: ResolvedTarget) => void;
}

const header = (
  name: string,
  apply: (headers: Record<string, string>, target: ResolvedTarget) => void,
): RequestDefect => ({
  name,
  apply: (draft, target) => apply(draft.spec.headers, target),
});
const claims = (
  name: string,
  apply: (claims: Record<string, unknown>, target: ResolvedTarget) => void,
): RequestDefect => ({
  name,
  apply: (draft, target) => apply(draft.claims, target),
});
const encoded = (draft: DraftRequest) =>
  `${base64url(JSON.stringify(draft.jwtHeader))}.${base64url(JSON.stringify(draft.claims))}`;

const MANDATORY = [...MANDATORY_CLAIMS, CONSUMER_CLAIM];

export const REQUEST_DEFECTS: RequestDefect[] = [
  // Headers (NRLS-HDR-001..003, AMB-03, AMB-02)
  header('no fromASID header', (h) => delete h.fromASID),
  header('no toASID header', (h) => delete h.toASID),
  header('an unknown fromASID', (h) => (h.fromASID = '999000000001')),
  header("a toASID that is not Spine's", (h) => (h.toASID = '999999999998')),
  header('header names in lower case', (h) => {
    for (const name of ['fromASID', 'toASID']) {
      h[name.toLowerCase()] = h[name]!;
      delete h[name];
    }
  }),
  header('Ssp headers of the old API', (h) => {
    h['Ssp-TraceID'] = '09a01679-2564-0fb4-5129-aecc81ea2706';
    h['Ssp-InteractionID'] = 'urn:nhs:names:services:nrls:fhir:rest:search:documentreference';
  }),
  { name: 'no Authorization header', apply: (draft) => (draft.authorization = null) },
  // Token transport (NRLS-JWT-007, AMB-54)
  { name: 'the Bearer scheme in capitals', apply: (draft) => (draft.authorization = `BEARER ${encoded(draft)}.`) },
  { name: 'a token without the Bearer scheme', apply: (draft) => (draft.authorization = `${encoded(draft)}.`) },
  // Structure (NRLS-JWT-009, NRLS-JWT-026)
  { name: 'a JWT of two sections', apply: (draft) => (draft.authorization = `Bearer ${encoded(draft)}`) },
  { name: 'a JWT of four sections', apply: (draft) => (draft.authorization = `Bearer ${encoded(draft)}..x`) },
  {
    name: 'a JWT whose payload is not JSON',
    apply: (draft) =>
      (draft.authorization = `Bearer ${base64url(JSON.stringify(draft.jwtHeader))}.${base64url('not json')}.`),
  },
  {
    name: 'a JWT whose payload is not base64url',
    apply: (draft) => (draft.authorization = `Bearer ${base64url(JSON.stringify(draft.jwtHeader))}.%%%.`),
  },
  // Signatures (NRLS-JWT-005, AMB-55)
  {
    name: 'a JWT with an RS256 header and a signature',
    apply: (draft) => {
      draft.jwtHeader = { alg: 'RS256', typ: 'JWT' };
      draft.signature = 'c2lnbmF0dXJl';
    },
  },
  // Mandatory claims (NRLS-JWT-010, NRLS-JWT-015, AMB-56)
  ...MANDATORY.map((claim) => claims(`a JWT without the ${claim} claim`, (c) => delete c[claim])),
  // Subject rules (NRLS-JWT-011, NRLS-JWT-012)
  // NRLS-JWT-015: a consumer's token as an unattended system would send it (no user, sub = system)
  claims('no requesting_user (an unattended token)', (c) => {
    delete c.requesting_user;
    c.sub = c.requesting_system;
  }),
  claims(
    'a sub that differs from requesting_user',
    (c) => (c.sub = 'https://fhir.nhs.uk/Id/sds-role-profile-id|000000000000'),
  ),
  // NRLS-JWT-012 applies to tokens without requesting_user: an unattended token whose sub is not the system.
  claims('a sub that differs from requesting_system', (c) => {
    delete c.requesting_user;
    c.sub = token(ASID_SYSTEM, '000000000000');
  }),
  claims('a requesting_user without a system', (c) => {
    c.requesting_user = '555021935107';
    c.sub = '555021935107';
  }),
  // NRLS-JWT-013
  claims('reason_for_request "secondaryuses"', (c) => (c.reason_for_request = 'secondaryuses')),
  // NRLS-JWT-014, NRLS-JWT-025 (AMB-07)
  claims('scope "patient/DocumentReference.admin"', (c) => (c.scope = 'patient/DocumentReference.admin')),
  claims('the write scope', (c) => (c.scope = SCOPE_WRITE)),
  claims('the read scope', (c) => (c.scope = SCOPE_READ)),
  // NRLS-JWT-016, NRLS-JWT-017, NRLS-JWT-021 (AMB-04, AMB-05)
  claims('requesting_system in the slash form', (c) => {
    const asid = String(c.requesting_system).split('|')[1];
    c.requesting_system = `${ASID_SYSTEM}/${asid}`;
    if (!c.requesting_user) c.sub = c.requesting_system;
  }),
  claims('an unknown requesting_system ASID', (c) => {
    c.requesting_system = token(ASID_SYSTEM, '999000000001');
    if (!c.requesting_user) c.sub = c.requesting_system;
  }),
  claims("the second provider's ASID as requesting_system", (c, t) => {
    c.requesting_system = token(ASID_SYSTEM, t.secondProvider.asid);
    c.requesting_organization = token(ODS_CODE_SYSTEM, t.secondProvider.ods);
    if (!c.requesting_user) c.sub = c.requesting_system;
  }),
  // NRLS-JWT-018..020
  claims(
    'requesting_organization in the slash form',
    (c) => (c.requesting_organization = String(c.requesting_organization).replace('|', '/')),
  ),
  claims(
    'an unknown requesting_organization',
    (c, t) => (c.requesting_organization = token(ODS_CODE_SYSTEM, t.organisations.unknown)),
  ),
  claims(
    "the second provider's ODS code as requesting_organization",
    (c, t) => (c.requesting_organization = token(ODS_CODE_SYSTEM, t.secondProvider.ods)),
  ),
  // NRLS-JWT-024 (AMB-06): times are not checked, types are
  claims('an exp and iat from an hour ago', (c) => {
    c.iat = Number(c.iat) - 3600;
    c.exp = Number(c.exp) - 3600;
  }),
  claims('an exp that is not a number', (c) => (c.exp = 'tomorrow')),
];
