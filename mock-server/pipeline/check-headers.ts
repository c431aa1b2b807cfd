// Stage 5: fromASID and toASID (NRLS-HDR-002, NRLS-HDR-003). Node matches header names without regard
// to case (AMB-02). A present but unknown value gets the "missing" text too (NRLS-HDR-006, AMB-03).
// The rules are in HEADER_RULES, so that a fault (faults/headers.ts) can replace one.
import type { IncomingMessage } from 'node:http';
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';

export type AsidHeader = 'fromASID' | 'toASID';

export interface HeaderRules {
  /** AMB-02: a header's value, its name matched in any case; undefined when absent or blank. */
  headerValue(request: IncomingMessage, name: AsidHeader): string | undefined;
  /** NRLS-HDR-002, NRLS-HDR-003: the diagnostics of a missing (or unknown) header. */
  missingText(name: AsidHeader): string;
  /** NRLS-HDR-002: the ASID the request is served as: fromASID's. */
  servedAs(fromAsid: string | undefined, tokenAsid: string | undefined): string | undefined;
  /** NRLS-AUTHZ-002 (AMB-60): toASID is the configured Spine ASID and nothing else. */
  toAsidAccepted(toAsid: string | undefined, spineAsid: string): boolean;
}

export const HEADER_RULES: HeaderRules = {
  headerValue(request, name) {
    const value = request.headers[name.toLowerCase()];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  },
  missingText: (name) => (name === 'fromASID' ? diagnostics.fromAsidMissing() : diagnostics.toAsidMissing()),
  servedAs: (fromAsid) => fromAsid,
  toAsidAccepted: (toAsid, spineAsid) => toAsid === spineAsid,
};

export function checkHeaders(ctx: RequestContext, rules: HeaderRules): void {
  const { fixtures } = ctx.config;
  const missing = (name: AsidHeader) => new SpineError('MISSING_OR_INVALID_HEADER', rules.missingText(name));
  const servedAs = rules.servedAs(rules.headerValue(ctx.request, 'fromASID'), ctx.tokenAsid);
  const client = servedAs === undefined ? undefined : fixtures.asids.find((candidate) => candidate.asid === servedAs);
  if (!client) throw missing('fromASID');
  if (!rules.toAsidAccepted(rules.headerValue(ctx.request, 'toASID'), fixtures.spineAsid)) throw missing('toASID');
  ctx.client = client;
}
