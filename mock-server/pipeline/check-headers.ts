// Stage 5: fromASID and toASID (NRLS-HDR-002, NRLS-HDR-003). Node matches header names without regard
// to case (AMB-02). A present but unknown value gets the "missing" text too (NRLS-HDR-006, AMB-03).
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';

function headerValue(ctx: RequestContext, name: 'fromASID' | 'toASID'): string | undefined {
  let value: string | string[] | undefined = ctx.request.headers[name.toLowerCase()];
  if (ctx.config.faults.on('header-names-case-sensitive')) {
    const raw = ctx.request.rawHeaders;
    const at = raw.findIndex((header, index) => index % 2 === 0 && header === name);
    value = at < 0 ? undefined : raw[at + 1];
  }
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function missing(ctx: RequestContext, name: 'fromASID' | 'toASID'): SpineError {
  const text = ctx.config.faults.on('header-diagnostics-reworded')
    ? `${name} header is missing`
    : name === 'fromASID' ? diagnostics.fromAsidMissing() : diagnostics.toAsidMissing();
  return new SpineError('MISSING_OR_INVALID_HEADER', text);
}

export function checkHeaders(ctx: RequestContext): void {
  const { fixtures, faults } = ctx.config;
  const fromAsid = headerValue(ctx, 'fromASID');
  const servedAs = fromAsid ?? (faults.on('from-asid-not-required') ? ctx.tokenAsid : undefined);
  const client = servedAs === undefined ? undefined : fixtures.asids.find((candidate) => candidate.asid === servedAs);
  if (!client) throw missing(ctx, 'fromASID');
  // NRLS-AUTHZ-002 (AMB-60): toASID is the configured Spine ASID and nothing else.
  const toAsid = headerValue(ctx, 'toASID');
  if (toAsid !== fixtures.spineAsid) {
    const tolerated = toAsid === undefined ? faults.on('to-asid-not-required') : faults.on('to-asid-any-value');
    if (!tolerated) throw missing(ctx, 'toASID');
  }
  ctx.client = client;
}
