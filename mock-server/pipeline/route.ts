// Stage 1 (AMB-50 step 1): which interaction the method and path name. NRLS 1.2.x has one resource
// path; read, update, patch and path-style delete were removed or never existed (NRLS-UNSUP-001..005).
import type { Interaction } from '../../src/domain/identifiers.ts';
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';

export const COLLECTION_PATH = '/DocumentReference';
const METHOD_INTERACTIONS: Readonly<Record<string, Interaction>> = { GET: 'search', POST: 'create', DELETE: 'delete' };
export const ALLOWED_METHODS = Object.keys(METHOD_INTERACTIONS).join(', ');

/** Faults that serve an instance path the 2.x way: read, path-style delete, and PUT. */
function servedByFault(ctx: RequestContext, id: string): boolean {
  const { faults } = ctx.config;
  if (ctx.method === 'GET' && faults.on('read-by-path-supported')) return route(ctx, 'search', id);
  if (ctx.method === 'DELETE' && faults.on('path-delete-supported')) return route(ctx, 'delete', id);
  if (ctx.method === 'PUT' && faults.on('put-replaces')) {
    ctx.replacing = id;
    ctx.interaction = 'create';
    return true;
  }
  return false;
}

/** A path segment, percent-decoded; as sent when its percent-encoding is malformed (it then names nothing). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function route(ctx: RequestContext, interaction: Interaction, id: string): boolean {
  ctx.interaction = interaction;
  ctx.query.set('_id', id);
  return true;
}

export function routeRequest(ctx: RequestContext): void {
  if (ctx.path === COLLECTION_PATH) {
    const interaction = Object.hasOwn(METHOD_INTERACTIONS, ctx.method) ? METHOD_INTERACTIONS[ctx.method] : undefined;
    if (!interaction) {
      throw new SpineError('METHOD_NOT_ALLOWED', diagnostics.methodNotAllowed(ctx.method, ctx.path), { headers: { Allow: ALLOWED_METHODS } });
    }
    ctx.interaction = interaction;
    return;
  }
  // AMB-38: the instance path exists in FHIR but no method on it is supported in 1.2.x.
  if (ctx.path.startsWith(`${COLLECTION_PATH}/`)) {
    if (servedByFault(ctx, decodeSegment(ctx.path.slice(COLLECTION_PATH.length + 1)))) return;
    throw new SpineError('METHOD_NOT_ALLOWED', diagnostics.methodNotAllowed(ctx.method, ctx.path), { headers: { Allow: '' } });
  }
  if (ctx.path === '/metadata' && ctx.method === 'GET' && ctx.config.faults.on('capability-statement-served')) {
    ctx.result = { kind: 'resource', resource: { resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '3.0.1', format: ['xml', 'json'] } };
    return;
  }
  throw new SpineError('UNKNOWN_PATH', diagnostics.unknownPath(ctx.path));
}
