// Stage 5: fromASID and toASID (NRLS-HDR-002, NRLS-HDR-003). Node matches header names without regard
// to case (AMB-02). A present but unknown value gets the "missing" text too (NRLS-HDR-006, AMB-03).
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';

function headerValue(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.request.headers[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function checkHeaders(ctx: RequestContext): void {
  const { fixtures } = ctx.config;
  const fromAsid = headerValue(ctx, 'fromasid');
  const client = fromAsid === undefined ? undefined : fixtures.asids.find((candidate) => candidate.asid === fromAsid);
  if (!client) throw new SpineError('MISSING_OR_INVALID_HEADER', diagnostics.fromAsidMissing());
  // NRLS-AUTHZ-002 (AMB-60): toASID is the configured Spine ASID and nothing else.
  if (headerValue(ctx, 'toasid') !== fixtures.spineAsid) {
    throw new SpineError('MISSING_OR_INVALID_HEADER', diagnostics.toAsidMissing());
  }
  ctx.client = client;
}
