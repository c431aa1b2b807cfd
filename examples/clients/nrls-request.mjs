// The requests an NRLS 1.2.x client sends, as spec/nrls-api-1.2.md asks: the headers (§1.6), the JWT
// (§4), the pointer (§3) and the four interactions (§2.1 create, §2.2 supersede, §2.3 search,
// §2.4 delete). Plain data, no I/O: nrls-client.mjs sends what buildRequest returns.
import { randomUUID } from 'node:crypto';
import { resourceToXml } from './fhir-wire.mjs';

// §3.3 identifier systems and reference formats.
export const PATIENT_URL = 'https://demographics.spineservices.nhs.uk/STU3/Patient/';
export const ORGANISATION_URL = 'https://directory.spineservices.nhs.uk/STU3/Organization/';
export const ASID_SYSTEM = 'https://fhir.nhs.uk/Id/accredited-system';
export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const SDS_ROLE_PROFILE_SYSTEM = 'https://fhir.nhs.uk/Id/sds-role-profile-id';
export const MASTER_IDENTIFIER_SYSTEM = 'urn:ietf:rfc:3986';
export const POINTER_PROFILE = 'https://fhir.nhs.uk/STU3/StructureDefinition/NRLS-DocumentReference-1';
// §4.2: search reads; create, supersede and delete write (NRLS-JWT-025, AMB-07).
export const SCOPE_READ = 'patient/DocumentReference.read';
export const SCOPE_WRITE = 'patient/DocumentReference.write';
// NRLS-FMT-001: the STU3 media types (the DSTU2 ones are only tolerated, NRLS-FMT-002).
export const MEDIA_TYPES = { json: 'application/fhir+json', xml: 'application/fhir+xml' };
// §3.1: the only code of NRLS-RecordType-1, with its display (type.coding.display is 1..1).
const CRISIS_PLAN = {
  system: 'http://snomed.info/sct',
  code: '736253002',
  display: 'Mental health crisis plan (record artifact)',
};

/**
 * NRLS-JWT-004: a client without an authorisation server sends an unsecured JWT: header
 * {"alg":"none","typ":"JWT"}, base64url sections and an empty signature, so the token ends with a dot.
 */
export function unsignedJwt(claims) {
  const section = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${section({ alg: 'none', typ: 'JWT' })}.${section(claims)}.`;
}

/** §4.2 claims, fresh for each request (NRLS-JWT-006). */
export function claimsFor(ctx) {
  const iat = Math.floor(Date.now() / 1000);
  // The user's SDS role profile id: mandatory for consumers (NRLS-JWT-015), sent by providers too.
  const requestingUser = `${SDS_ROLE_PROFILE_SYSTEM}|${ctx.user}`;
  return {
    iss: `https://nrls-client.example/${ctx.asid}`, // the issuing system's own URI (not validated)
    sub: requestingUser, // NRLS-JWT-011: sub = requesting_user when that is present
    aud: `${ctx.baseUrl}/DocumentReference`, // the endpoint
    exp: iat + 300, // NRLS-JWT-006: five minutes
    iat,
    reason_for_request: 'directcare', // NRLS-JWT-013
    scope: ctx.action === 'search' ? SCOPE_READ : SCOPE_WRITE, // NRLS-JWT-025
    requesting_system: `${ASID_SYSTEM}|${ctx.asid}`, // NRLS-JWT-016; = fromASID (NRLS-JWT-021)
    requesting_organization: `${ODS_SYSTEM}|${ctx.ods}`, // NRLS-JWT-018/020: the ASID's own ODS code
    requesting_user: requestingUser,
  };
}

/**
 * A pointer conforming to NRLS-DocumentReference-1 (§3.1). Keys are in STU3's element order, which XML
 * needs. The sender's ODS code is the custodian (NRLS-CREATE-003) and, here, the author (record owner).
 */
export function pointerFor(ctx) {
  // NRLS-PROF-009: indexed is a FHIR instant: seconds and a timezone.
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
  const pointer = {
    resourceType: 'DocumentReference',
    meta: { profile: [POINTER_PROFILE] },
    // NRLS-CREATE-012/015: both system and value; unique for the patient (NRLS-CREATE-013).
    masterIdentifier: { ...ctx.masterIdentifier },
    status: 'current', // NRLS-CREATE-011: a new pointer is always current
    type: { coding: [{ ...CRISIS_PLAN }] }, // NRLS-CREATE-004
    subject: { reference: PATIENT_URL + ctx.nhsNumber }, // NRLS-CREATE-016/017
    indexed: now,
    author: [{ reference: ORGANISATION_URL + ctx.ods }], // an array of exactly one (§3.1)
    custodian: { reference: ORGANISATION_URL + ctx.ods },
  };
  if (ctx.action === 'supersede') {
    // NRLS-SUPERSEDE-002/016: `replaces`, and the old pointer named by its masterIdentifier, not a URL.
    pointer.relatesTo = [{ code: 'replaces', target: { identifier: { ...ctx.targetMasterIdentifier } } }];
  }
  pointer.content = [
    {
      attachment: {
        contentType: 'application/pdf',
        url: `https://records.example.nhs.uk/crisis-plans/${randomUUID()}.pdf`,
        creation: now,
      },
    },
  ];
  return pointer;
}

/** A fresh master identifier (NRLS-ID-006: a urn:uuid under urn:ietf:rfc:3986). */
export function freshMasterIdentifierValue() {
  return `urn:uuid:${randomUUID()}`;
}

/** The interaction's method, path and query (§2.1–2.4); the query as [name, value] pairs, not yet encoded. */
function interactionOf(ctx) {
  const subject = ['subject', PATIENT_URL + ctx.nhsNumber];
  const token = ({ system, value }) => `${system}|${value}`;
  switch (ctx.action) {
    case 'create':
    case 'supersede': // §2.2: a supersede is a create whose body has relatesTo
      return { method: 'POST', path: '/DocumentReference', query: [] };
    case 'delete': // NRLS-DELETE-002 by logical id, or NRLS-DELETE-003 by subject and master identifier
      return {
        method: 'DELETE',
        path: '/DocumentReference',
        query: ctx.pointerId ? [['_id', ctx.pointerId]] : [subject, ['identifier', token(ctx.masterIdentifier)]],
      };
    case 'search': {
      const query = [subject]; // NRLS-SEARCH-002/003
      if (ctx.custodian) query.push(['custodian.identifier', `${ODS_SYSTEM}|${ctx.custodian}`]); // NRLS-SEARCH-005
      if (ctx.count) query.push(['_summary', 'count']); // NRLS-SEARCH-010
      return { method: 'GET', path: '/DocumentReference', query };
    }
    default:
      throw new Error(`unknown action ${ctx.action}`);
  }
}

/** NRLS-GEN-005: every query value percent-encoded; in particular | is sent as %7C. */
export function encodeQuery(query, encodeValue = encodeURIComponent) {
  return query.map(([name, value]) => `${name}=${encodeValue(value)}`).join('&');
}

/**
 * The whole request for ctx: {method, url, headers, body}. `effects` (defect-effects.mjs) are the one
 * deliberate defect's changes, applied at each stage after the correct value is built; {} for none.
 */
export function buildRequest(ctx, effects = {}) {
  ctx = { ...ctx, nhsNumber: effects.nhsNumber ? effects.nhsNumber(ctx.nhsNumber) : ctx.nhsNumber };
  const claims = claimsFor(ctx);
  effects.claims?.(claims, ctx);
  const jwt = effects.jwt ? effects.jwt(claims) : unsignedJwt(claims);
  const mediaType = MEDIA_TYPES[ctx.format];
  // §1.6, in the spec's own spelling: header names are case-sensitive there (NRLS-HDR-005).
  const headers = {
    Accept: mediaType, // a MAY (NRLS-HDR-004); it picks the answer's format (NRLS-FMT-005: XML without it)
    Authorization: `Bearer ${jwt}`, // NRLS-HDR-001, NRLS-JWT-001
    fromASID: ctx.asid, // NRLS-HDR-002: the sender's ASID
    toASID: ctx.spineAsid, // NRLS-HDR-003, NRLS-AUTHZ-002: Spine's ASID
  };
  const plan = { ...interactionOf(ctx), headers, body: undefined };
  if (plan.method === 'POST') {
    const pointer = pointerFor(ctx);
    effects.pointer?.(pointer, ctx);
    plan.body = ctx.format === 'xml' ? resourceToXml(pointer) : JSON.stringify(pointer);
    headers['Content-Type'] = mediaType; // NRLS-FMT-010: the body's own type
  }
  effects.query?.(plan.query, ctx);
  effects.path?.(plan, ctx);
  effects.body?.(plan, { ...ctx, contentType: mediaType });
  effects.headers?.(headers, ctx);
  const query = encodeQuery(plan.query, effects.encodeValue);
  const url = `${ctx.baseUrl}${plan.path}${query ? `?${query}` : ''}`;
  return { method: plan.method, url, headers, body: plan.body };
}
