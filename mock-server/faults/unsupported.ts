// Faults that serve operations NRLS 1.2.x does not have (§2.5, AMB-38): they wrap the route stage and,
// for PUT, the interaction stage; or answer at the HTTP boundary.
import { POINTER_PROFILE, type Interaction } from '../../src/domain/identifiers.ts';
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import { COLLECTION_PATH } from '../pipeline/route.ts';
import type { Stage } from '../rules.ts';
import { format, refusal, reply } from './answer.ts';
import { combine, fault, rule, stage } from './fault.ts';

/** The id of an instance path `/DocumentReference/[id]`, percent-decoded (as sent when that fails). */
function instanceId(ctx: RequestContext): string | undefined {
  if (!ctx.path.startsWith(`${COLLECTION_PATH}/`)) return undefined;
  const segment = ctx.path.slice(COLLECTION_PATH.length + 1);
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Serves `METHOD [base]/DocumentReference/[id]` as the interaction on `?_id=[id]` (the 2.x way). */
const servedByPath = (method: string, interaction: Interaction) =>
  stage('route', (route) => (ctx) => {
    const id = instanceId(ctx);
    if (ctx.method !== method || id === undefined) return route(ctx);
    ctx.interaction = interaction;
    ctx.query.set('_id', id);
  });

/** The pointer each PUT replaces, by request. */
const replacing = new WeakMap<RequestContext, string>();

/** PUT: the body, checked as a create's, replaces the pointer in place, one version up. */
const replace =
  (perform: Stage): Stage =>
  async (ctx) => {
    const id = replacing.get(ctx);
    if (id === undefined) return perform(ctx);
    const replaced = ctx.store.findById(id);
    if (!replaced) throw new SpineError('NO_RECORD_FOUND', diagnostics.noPointerWithId(id));
    const versionId = String(Number(replaced.meta.versionId) + 1);
    const meta = { ...ctx.pointer!.meta, versionId, lastUpdated: new Date().toISOString(), profile: [POINTER_PROFILE] };
    await ctx.store.transact((tx) => tx.update(replaced, { ...ctx.pointer!, id: replaced.id, meta }));
    ctx.result = { kind: 'created', id: replaced.id };
  };

const CAPABILITY_STATEMENT = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  kind: 'instance',
  fhirVersion: '3.0.1',
  format: ['xml', 'json'],
};

export const UNSUPPORTED_FAULTS = {
  'read-by-path-supported': fault(
    'unsupported',
    ['NRLS-UNSUP-001', 'NRLS-UNSUP-007'],
    'GET [base]/DocumentReference/[id] returns the pointer',
    servedByPath('GET', 'search'),
  ),
  'path-delete-supported': fault(
    'unsupported',
    ['NRLS-UNSUP-005', 'NRLS-UNSUP-007'],
    'DELETE [base]/DocumentReference/[id] deletes the pointer',
    servedByPath('DELETE', 'delete'),
  ),
  'capability-statement-served': fault(
    'unsupported',
    ['NRLS-UNSUP-004', 'NRLS-UNSUP-007'],
    'GET [base]/metadata returns a CapabilityStatement',
    combine(
      reply((rendered, ctx) =>
        ctx.method === 'GET' && ctx.path === '/metadata'
          ? { status: 200, resource: CAPABILITY_STATEMENT, headers: {} }
          : rendered,
      ),
      // No STU3 XML definition is loaded for a CapabilityStatement: it is always JSON.
      format((rendered, negotiated) =>
        rendered.resource?.resourceType === 'CapabilityStatement' ? 'json' : negotiated,
      ),
    ),
  ),
  'put-replaces': fault(
    'unsupported',
    ['NRLS-UNSUP-002', 'NRLS-UNSUP-006', 'NRLS-UNSUP-007', 'NRLS-SUPERSEDE-001'],
    'PUT [base]/DocumentReference/[id] replaces the pointer',
    combine(
      stage('route', (route) => (ctx) => {
        const id = instanceId(ctx);
        if (ctx.method !== 'PUT' || id === undefined) return route(ctx);
        replacing.set(ctx, id);
        ctx.interaction = 'create';
      }),
      // The body a PUT sends is no new pointer: any status will do, as for the 2.x update.
      rule('pointer', (base) => ({
        newPointerStatusAccepted: (status, ctx) => replacing.has(ctx) || base.newPointerStatusAccepted(status, ctx),
      })),
      stage('performInteraction', replace),
    ),
  ),
  'unsupported-as-400': fault(
    'unsupported',
    ['NRLS-UNSUP-007', 'NRLS-ERR-017'],
    'unsupported operations get 400 INVALID_REQUEST_MESSAGE',
    refusal((error) =>
      error.key === 'METHOD_NOT_ALLOWED' || error.key === 'UNKNOWN_PATH'
        ? new SpineError('INVALID_REQUEST_MESSAGE', error.diagnostics, error)
        : error,
    ),
  ),
};
