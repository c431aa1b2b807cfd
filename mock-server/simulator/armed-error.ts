// The Spine error a trigger answers with, built from the mock's own catalogue (errors/catalogue.ts) and
// diagnostics texts (errors/diagnostics.ts), with the request's values filled in: the answer is what
// the real rule would give, not TKW's fixture text (D9, D11, D12, T068, T071, T073).
import type { TriggerDiagnostics, Trigger, TriggerTable } from '../../src/client-assurance/triggers.ts';
import { interactionId } from '../../src/domain/identifiers.ts';
import { nhsNumberOf, odsCodeOf } from '../../src/domain/pointer.ts';
import type { RequestContext } from '../context.ts';
import { OUTCOMES } from '../errors/catalogue.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';

/** The values of the request a diagnostics text names, or undefined when the request has none. */
const TEXTS: Record<TriggerDiagnostics, (ctx: RequestContext) => string | undefined> = {
  invalidNhsNumber: (ctx) => {
    const nhsNumber = requestNhsNumber(ctx);
    return nhsNumber === undefined ? undefined : diagnostics.invalidNhsNumber(nhsNumber);
  },
  patientUrlForm: () => diagnostics.patientUrlForm(),
  idNotAlone: () => diagnostics.idNotAlone(),
  fromAsidMissing: () => diagnostics.fromAsidMissing(),
  unsupportedMediaType: () => diagnostics.unsupportedMediaType(),
  patientNotFound: (ctx) => {
    const nhsNumber = requestNhsNumber(ctx);
    return nhsNumber === undefined ? undefined : diagnostics.patientNotFound(nhsNumber);
  },
  // NRLS-ERR-011 for an _id; NRLS-DELETE-009 (AMB-35): the identifier value for a delete by masterIdentifier.
  noPointerWithId: (ctx) => {
    const query = ctx.searchQuery ?? ctx.deleteQuery;
    if (query?.by === 'id') return diagnostics.noPointerWithId(query.id);
    if (query?.by === 'masterIdentifier') return diagnostics.noPointerWithId(query.value);
    return undefined;
  },
  custodianNotAffiliated: () => diagnostics.custodianNotAffiliated(),
  // NRLS-ERR-007 (D11: value, then system): only a pointer with a masterIdentifier can be a duplicate.
  duplicate: (ctx) => {
    const master = ctx.pointer?.masterIdentifier;
    return master?.value && master.system ? diagnostics.duplicate(master.value, master.system) : undefined;
  },
  // T068's __ORGANIZATION__: the custodian of the request's pointer.
  organisationNotFound: (ctx) => {
    const ods = odsCodeOf(ctx.pointer?.custodian?.reference);
    return ods === undefined ? undefined : diagnostics.organisationNotFound(ods);
  },
  invalidRequestMessage: () => diagnostics.invalidRequestMessage(),
  // AMB-10 (NRLS-AUTHZ-007): the sender's ASID and the interaction's id, as the authorisation rule says them.
  interactionNotAuthorised: (ctx) =>
    ctx.client && ctx.interaction
      ? diagnostics.interactionNotAuthorised(ctx.client.asid, interactionId(ctx.interaction))
      : undefined,
};

function requestNhsNumber(ctx: RequestContext): string | undefined {
  const query = ctx.searchQuery ?? ctx.deleteQuery;
  if (query && 'nhsNumber' in query) return query.nhsNumber;
  return ctx.pointer ? nhsNumberOf(ctx.pointer) : undefined;
}

/** The error a spine-error trigger answers, or undefined when the request lacks what its text names. */
export function armedError(trigger: Trigger, ctx: RequestContext): SpineError | undefined {
  const { outcome } = trigger;
  if (outcome.kind !== 'spine-error') return undefined;
  const text = TEXTS[outcome.diagnostics](ctx);
  return text === undefined
    ? undefined
    : new SpineError(outcome.error, text, { reason: `simulator trigger ${trigger.id}` });
}

/** Each spine-error trigger's status and Spine code as the catalogue has them; a line per disagreement. */
export function catalogueDisagreements(table: TriggerTable): string[] {
  return table.triggers.flatMap(({ id, outcome }) => {
    if (outcome.kind !== 'spine-error') return [];
    const row = OUTCOMES[outcome.error];
    const spineCode = 'spine' in row ? row.spine.code : undefined;
    if (row.status === outcome.status && spineCode === outcome.spineCode) return [];
    const given = `${outcome.status} ${outcome.spineCode}`;
    return [`trigger ${id}: ${given} is not the catalogue's ${row.status} ${spineCode} for ${outcome.error}`];
  });
}
