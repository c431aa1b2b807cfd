// Stage 10: the interaction itself, against the store (AMB-50 steps 9-13).
import type { RequestContext } from '../context.ts';
import { createPointer } from '../interactions/create.ts';
import { deletePointer } from '../interactions/delete.ts';
import { searchPointers } from '../interactions/search.ts';

/** A search is answered at once; a create or delete waits until its change is durable. */
export function performInteraction(ctx: RequestContext): void | Promise<void> {
  const { store, config } = ctx;
  if (ctx.interaction === 'search') {
    const query = ctx.searchQuery!;
    const countOnly = query.by === 'subject' && query.countOnly && !config.faults.on('count-with-entries');
    ctx.result = { kind: 'searchset', pointers: searchPointers(store, query, config.faults), countOnly };
    return;
  }
  return changeStore(ctx);
}

async function changeStore(ctx: RequestContext): Promise<void> {
  const { store, config } = ctx;
  switch (ctx.interaction) {
    case 'create': {
      const pointer = ctx.pointer!;
      const marker = config.persistenceFailureMarker;
      const id = await createPointer(store, {
        pointer,
        senderOds: ctx.client!.ods,
        organisations: config.fixtures.organisations,
        newPatients: config.newPatients,
        failPersistence: marker !== undefined && pointer.masterIdentifier?.value === marker,
        replacing: ctx.replacing,
        faults: config.faults,
      });
      ctx.result = { kind: 'created', id };
      return;
    }
    case 'delete':
      await deletePointer(store, ctx.deleteQuery!, ctx.client!.ods, config.faults);
      ctx.result = { kind: 'deleted' };
      return;
  }
}
