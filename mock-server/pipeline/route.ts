// Stage 1 (AMB-50 step 1): which interaction the method and path name. NRLS 1.2.x has one resource
// path; read, update, patch and path-style delete were removed or never existed (NRLS-UNSUP-001..005).
import type { Interaction } from '../../src/domain/identifiers.ts';
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';

export const COLLECTION_PATH = '/DocumentReference';
const METHOD_INTERACTIONS: Readonly<Record<string, Interaction>> = { GET: 'search', POST: 'create', DELETE: 'delete' };
export const ALLOWED_METHODS = Object.keys(METHOD_INTERACTIONS).join(', ');

export function routeRequest(ctx: RequestContext): void {
  if (ctx.path === COLLECTION_PATH) {
    const interaction = Object.hasOwn(METHOD_INTERACTIONS, ctx.method) ? METHOD_INTERACTIONS[ctx.method] : undefined;
    if (!interaction) {
      throw new SpineError('METHOD_NOT_ALLOWED', diagnostics.methodNotAllowed(ctx.method, ctx.path), {
        headers: { Allow: ALLOWED_METHODS },
      });
    }
    ctx.interaction = interaction;
    return;
  }
  // AMB-38: the instance path exists in FHIR but no method on it is supported in 1.2.x.
  if (ctx.path.startsWith(`${COLLECTION_PATH}/`)) {
    throw new SpineError('METHOD_NOT_ALLOWED', diagnostics.methodNotAllowed(ctx.method, ctx.path), {
      headers: { Allow: '' },
    });
  }
  throw new SpineError('UNKNOWN_PATH', diagnostics.unknownPath(ctx.path));
}
