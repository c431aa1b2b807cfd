// The simulator layer (client assurance): a variant of the mock, like a fault (faults/fault.ts), that
// wraps the interaction stage. A request that has passed every check up to the interaction (AMB-50 steps
// 1-8) and carries a trigger value for its interaction (fixtures/client-triggers.json) is answered with
// the trigger's outcome, and ctx.trigger says so; a request with a defect of its own still gets the real
// error, and any other request is answered normally. app.ts composes it only when config.triggers is set:
// no rule asks whether a trigger is on.
import type { TriggerInteraction, Trigger, TriggerTable } from '../../src/client-assurance/triggers.ts';
import { nhsNumberOf } from '../../src/domain/pointer.ts';
import type { RequestContext } from '../context.ts';
import type { Fixtures } from '../fixtures.ts';
import type { Rules, Stage, Variant } from '../rules.ts';
import { PersistenceFailure } from '../store/pointer-store.ts';
import { armedError, catalogueDisagreements } from './armed-error.ts';
import { SyntheticPointers } from './synthetic-pointers.ts';

/** Thrown to close the connection with no answer; app.ts destroys the socket. */
export class DropConnection extends Error {
  override name = 'DropConnection';
}

/** The trigger value a request carries for its interaction: the NHS number or the `_id`. */
interface TriggerValue {
  interaction: TriggerInteraction;
  key: string;
}

const keyOf = (interaction: TriggerInteraction, value: { nhsNumber?: string; pointerId?: string }) =>
  value.nhsNumber !== undefined ? `${interaction} nhs:${value.nhsNumber}` : `${interaction} id:${value.pointerId}`;

function triggerValueOf(ctx: RequestContext, rules: Rules): TriggerValue | undefined {
  const search = ctx.searchQuery;
  const remove = ctx.deleteQuery;
  if (ctx.interaction === 'search' && search) {
    if (search.by === 'id') return { interaction: 'search', key: keyOf('search', { pointerId: search.id }) };
    if (search.by === 'subject') return { interaction: 'search', key: keyOf('search', search) };
    return undefined;
  }
  if (ctx.interaction === 'delete' && remove) {
    const value = remove.by === 'id' ? { pointerId: remove.id } : { nhsNumber: remove.nhsNumber };
    return { interaction: 'delete', key: keyOf('delete', value) };
  }
  if (ctx.interaction === 'create' && ctx.pointer) {
    // NRLS-SUPERSEDE-002: a create whose first relatesTo replaces is a supersede.
    const interaction = rules.create.supersedes(ctx.pointer.relatesTo?.[0]) ? 'supersede' : 'create';
    return { interaction, key: keyOf(interaction, { nhsNumber: nhsNumberOf(ctx.pointer) }) };
  }
  return undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Answers the trigger's outcome, or returns false when the request lacks what the outcome names. */
async function answer(trigger: Trigger, ctx: RequestContext, rules: Rules, pointers: SyntheticPointers, stage: Stage) {
  const { outcome } = trigger;
  switch (outcome.kind) {
    case 'spine-error': {
      const error = armedError(trigger, ctx);
      if (!error) return false;
      ctx.trigger = { id: trigger.id, outcome: outcome.kind };
      throw error;
    }
    case 'empty-bundle':
    case 'many-pointers':
    case 'superseded-lineage': {
      const query = ctx.searchQuery!;
      const countOnly = query.by === 'subject' && query.countOnly;
      // NRLS-SEARCH-004..006: custodian and type narrow the patient's pointers as they would stored ones.
      const found = pointers
        .of(trigger)
        .filter(
          (pointer) =>
            query.by === 'id' ||
            ((query.custodian === undefined || rules.search.custodianMatches(pointer, query.custodian)) &&
              (query.type === undefined || rules.search.typeMatches(pointer, query.type))),
        );
      ctx.trigger = { id: trigger.id, outcome: outcome.kind };
      ctx.result = { kind: 'searchset', pointers: found, countOnly };
      return true;
    }
    case 'internal-error':
      ctx.trigger = { id: trigger.id, outcome: outcome.kind };
      // AMB-39: answered as a persistence failure is, HTML or OperationOutcome as configured.
      throw new PersistenceFailure(`simulator trigger ${trigger.id}`);
    case 'slow':
      ctx.trigger = { id: trigger.id, outcome: outcome.kind };
      await sleep(outcome.delayMs);
      await stage(ctx);
      return true;
    case 'dropped-connection':
      ctx.trigger = { id: trigger.id, outcome: outcome.kind };
      throw new DropConnection(`simulator trigger ${trigger.id}`);
  }
}

/** The variant that answers `table`'s triggers; throws when a trigger disagrees with the catalogue. */
export function simulatorVariant(table: TriggerTable): Variant {
  const disagreements = catalogueDisagreements(table);
  if (disagreements.length > 0) throw new Error(`client triggers: ${disagreements[0]}`);
  const byValue = new Map<string, Trigger>();
  for (const trigger of table.triggers) {
    for (const interaction of trigger.interactions) byValue.set(keyOf(interaction, trigger), trigger);
  }
  const pointers = new SyntheticPointers();
  return {
    stages: {
      performInteraction: (stage, rules) => async (ctx) => {
        const value = triggerValueOf(ctx, rules);
        const trigger = value && byValue.get(value.key);
        if (trigger && (await answer(trigger, ctx, rules, pointers, stage))) return;
        await stage(ctx);
      },
    },
  };
}

/**
 * Where a trigger value is also one of the fixtures' patients or pointer ids: a line each. A trigger
 * there would change what the fixtures mean (the conformance suite's 999 range is refused by the loader).
 */
export function triggerCollisions(table: TriggerTable, fixtures: Fixtures): string[] {
  const patients = new Set([...fixtures.knownPatients, ...fixtures.pointers.map((pointer) => nhsNumberOf(pointer))]);
  const ids = new Set(fixtures.pointers.map((pointer) => pointer.id));
  return table.triggers.flatMap((trigger) => {
    if (trigger.nhsNumber !== undefined && patients.has(trigger.nhsNumber))
      return [`trigger ${trigger.id}: NHS number ${trigger.nhsNumber} is a fixture patient`];
    if (trigger.pointerId !== undefined && ids.has(trigger.pointerId))
      return [`trigger ${trigger.id}: pointer id ${trigger.pointerId} is a fixture pointer`];
    return [];
  });
}
