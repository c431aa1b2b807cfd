// How each defect of defects.mjs changes the example client's request or its handling of the answer. The
// client first builds the request the 1.2.x catalogue asks for (nrls-request.mjs), then lets the one
// switched-on defect change it here, so the template itself stays clean.
import { createHmac } from 'node:crypto';
import { DEFECTS } from './defects.mjs';
import { ASID_SYSTEM, ORGANISATION_URL, SCOPE_READ, SCOPE_WRITE } from './nrls-request.mjs';

/** Another fixture provider than the sender, for a mismatch that is known to Spine but not the sender's. */
const otherAsid = (asid) => (asid === '200000000118' ? '200000000119' : '200000000118');
const otherOds = (ods) => (ods === 'RR8' ? 'MHT01' : 'RR8');
const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * The change each defect makes, by the stage it touches: nhsNumber(n) → n; claims(claims, ctx);
 * jwt(claims) → token; pointer(pointer, ctx); query(params, ctx) with params an array of [name, value];
 * encodeValue(value) → text; headers(headers, ctx); path(plan, ctx); body(plan, ctx). Handling defects are
 * flags the client reads: retries, noTimeout, createdOnRefusal, errorAsEmpty.
 */
export const DEFECT_EFFECTS = {
  'missing-accept': { headers: (headers) => delete headers.Accept },
  'dstu2-media-type': {
    headers: (headers) => {
      headers.Accept = headers.Accept.replace(/^application\/fhir\+(json|xml)$/, 'application/$1+fhir');
    },
  },
  'no-meta-profile': { pointer: (pointer) => delete pointer.meta },
  'no-authorization': { headers: (headers) => delete headers.Authorization },
  'missing-from-asid': { headers: (headers) => delete headers.fromASID },
  'wrong-to-asid': { headers: (headers, ctx) => (headers.toASID = ctx.asid) },
  'signed-jwt': {
    jwt: (claims) => {
      const signed = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
      return `${signed}.${createHmac('sha256', 'supplier-secret').update(signed).digest('base64url')}`;
    },
  },
  'jwt-lifetime': { claims: (claims) => (claims.exp = claims.iat + 3600) },
  'wrong-scope': {
    claims: (claims) => (claims.scope = claims.scope.endsWith('.read') ? SCOPE_WRITE : SCOPE_READ),
  },
  'requesting-system-mismatch': {
    claims: (claims, ctx) => (claims.requesting_system = `${ASID_SYSTEM}|${otherAsid(ctx.asid)}`),
  },
  'reason-not-directcare': { claims: (claims) => (claims.reason_for_request = 'DirectCare') },
  'sub-mismatch': { claims: (claims) => (claims.sub = claims.requesting_system) },
  'no-requesting-user': {
    claims: (claims) => {
      delete claims.requesting_user;
      claims.sub = claims.requesting_system;
    },
  },
  'foreign-custodian': {
    pointer: (pointer, ctx) => (pointer.custodian.reference = ORGANISATION_URL + otherOds(ctx.ods)),
  },
  'bad-check-digit': { nhsNumber: (nhs) => nhs.slice(0, 9) + ((Number(nhs[9]) + 1) % 10) },
  'status-not-current': { pointer: (pointer) => (pointer.status = 'superseded') },
  'missing-type': { pointer: (pointer) => delete pointer.type },
  'bad-indexed': { pointer: (pointer) => (pointer.indexed = new Date().toISOString().slice(0, 19)) },
  'master-identifier-without-system': { pointer: (pointer) => delete pointer.masterIdentifier.system },
  'relates-to-not-replaces': { pointer: (pointer) => (pointer.relatesTo[0].code = 'transforms') },
  'relates-to-without-identifier': {
    pointer: (pointer, ctx) => {
      const { system, value } = pointer.relatesTo[0].target.identifier;
      const query = `identifier=${encodeURIComponent(`${system}|${value}`)}`;
      pointer.relatesTo[0].target = { reference: `${ctx.baseUrl}/DocumentReference?${query}` };
    },
  },
  'unencoded-pipe': { encodeValue: (value) => encodeURIComponent(value).replaceAll('%7C', '|') },
  'path-style-delete': {
    path: (plan) => {
      const id = plan.query.find(([name]) => name === '_id');
      if (!id) return;
      plan.path = `/DocumentReference/${encodeURIComponent(id[1])}`;
      plan.query = [];
    },
  },
  'summary-not-count': {
    query: (params) => {
      const summary = params.find(([name]) => name === '_summary');
      if (summary) summary[1] = 'data';
      else params.push(['_summary', 'data']);
    },
  },
  'unknown-search-parameter': { query: (params) => params.push(['_count', '10']) },
  'body-on-get': {
    body: (plan, ctx) => {
      const parameter = plan.query.map(([name, value]) => ({ name, valueString: value }));
      plan.body = JSON.stringify({ resourceType: 'Parameters', parameter });
      plan.headers['Content-Type'] = ctx.contentType;
    },
  },
  'claims-created-on-refusal': { createdOnRefusal: true },
  'retry-storm': { retries: 10 },
  'ignores-timeout': { noTimeout: true },
  'error-as-empty': { errorAsEmpty: true },
};

/**
 * The effects of the named defect ({} for none) where the table (defects.mjs) says it applies: to the
 * action, the role and the delete form of ctx. Elsewhere the defective client sends the correct request.
 */
export function effectsFor(name, ctx) {
  const defect = DEFECTS.find((candidate) => candidate.name === name);
  if (!defect?.actions.includes(ctx.action)) return {};
  if (defect.roles && !defect.roles.includes(ctx.role)) return {};
  const deleteForm = ctx.pointerId === undefined ? 'master-identifier' : 'id';
  if (ctx.action === 'delete' && defect.deleteForm && defect.deleteForm !== deleteForm) return {};
  return DEFECT_EFFECTS[name];
}
