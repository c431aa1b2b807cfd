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
  const { faults } = ctx.config;
  const isProvider = client.interactions.some((held) => held !== 'search');
  const allowed =
    client.interactions.includes(interaction)
      ? !(interaction === 'search' && isProvider && faults.on('providers-may-not-search'))
      : (interaction === 'create' && faults.on('consumer-may-create')) || (interaction === 'delete' && faults.on('consumer-may-delete'));
  if (!allowed) {
    throw new SpineError('ACCESS_DENIED', diagnostics.interactionNotAuthorised(client.asid, interactionId(interaction)));
  }
}
