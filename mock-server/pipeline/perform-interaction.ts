// Stage 10: the interaction itself, against the store (AMB-50 steps 9-13).
import type { RequestContext } from '../context.ts';
import { createPointer, type CreateRules } from '../interactions/create.ts';
import { deletePointer, type DeleteRules } from '../interactions/delete.ts';
import type { IdSource } from '../interactions/ids.ts';
import { searchPointers, type SearchRules } from '../interactions/search.ts';
import type { SupersedeRules } from '../interactions/supersede.ts';

export interface InteractionRules {
  search: SearchRules;
  create: CreateRules;
  supersede: SupersedeRules;
  delete: DeleteRules;
}

/** A search is answered at once; a create or delete waits until its change is durable. */
export function performInteraction(ctx: RequestContext, rules: InteractionRules, ids: IdSource): void | Promise<void> {
  if (ctx.interaction === 'search') {
    const query = ctx.searchQuery!;
    const countOnly = query.by === 'subject' && query.countOnly;
    ctx.result = { kind: 'searchset', pointers: searchPointers(ctx.store, query, rules.search), countOnly };
    return;
  }
  return changeStore(ctx, rules, ids);
}

async function changeStore(ctx: RequestContext, rules: InteractionRules, ids: IdSource): Promise<void> {
  const { store, config } = ctx;
  switch (ctx.interaction) {
    case 'create': {
      const pointer = ctx.pointer!;
      const marker = config.persistenceFailureMarker;
      const request = {
        pointer,
        senderOds: ctx.client!.ods,
        organisations: config.fixtures.organisations,
        newPatients: config.newPatients,
        failPersistence: marker !== undefined && pointer.masterIdentifier?.value === marker,
      };
      const id = await createPointer(store, request, { rules: rules.create, supersede: rules.supersede, ids });
      ctx.result = { kind: 'created', id };
      return;
    }
    case 'delete':
      await deletePointer(store, ctx.deleteQuery!, ctx.client!.ods, rules.delete);
      ctx.result = { kind: 'deleted' };
      return;
  }
}
