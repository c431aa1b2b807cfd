// Stage 6: ASID + interaction authorisation (NRLS-AUTHZ-005, NRLS-AUTHZ-006). A request for an
// interaction the ASID does not hold is blocked with 403 ACCESS_DENIED (AMB-10). Search is authorised
// by holding the search interaction, whatever the role (AMB-09).
import { interactionId } from '../../src/domain/identifiers.ts';
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';

export function authoriseCaller(ctx: RequestContext): void {
  const client = ctx.client!;
  const interaction = ctx.interaction!;
  if (!client.interactions.includes(interaction)) {
    throw new SpineError('ACCESS_DENIED', diagnostics.interactionNotAuthorised(client.asid, interactionId(interaction)));
  }
}
