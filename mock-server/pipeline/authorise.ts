// Stage 6: ASID + interaction authorisation (NRLS-AUTHZ-005, NRLS-AUTHZ-006). A request for an
// interaction the ASID does not hold is blocked with 403 ACCESS_DENIED (AMB-10). Search is authorised
// by holding the search interaction, whatever the role (AMB-09).
import { interactionId, type Interaction } from '../../src/domain/identifiers.ts';
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import type { ClientSystem } from '../fixtures.ts';

export interface AuthoriseRules {
  /** NRLS-AUTHZ-005/006 (AMB-09): the ASID holds the interaction. */
  mayPerform(client: ClientSystem, interaction: Interaction): boolean;
}

export const AUTHORISE_RULES: AuthoriseRules = {
  mayPerform: (client, interaction) => client.interactions.includes(interaction),
};

export function authoriseCaller(ctx: RequestContext, rules: AuthoriseRules): void {
  const client = ctx.client!;
  const interaction = ctx.interaction!;
  if (!rules.mayPerform(client, interaction)) {
    throw new SpineError(
      'ACCESS_DENIED',
      diagnostics.interactionNotAuthorised(client.asid, interactionId(interaction)),
    );
  }
}
