// Helpers for faults applied at the HTTP boundary: they rewrite the reply render.ts built (status,
// headers, the OperationOutcome or Bundle), the refusal a stage threw, the format or the bytes.
import type { FhirFormat } from '../../src/domain/fhir-format.ts';
import type { FhirResource } from '../../src/domain/stu3-xml.ts';
import type { RequestContext } from '../context.ts';
import type { OutcomeKey } from '../errors/catalogue.ts';
import type { SpineError } from '../errors/spine-error.ts';
import type { RenderedReply } from '../pipeline/render.ts';
import type { Variant, Wire } from '../rules.ts';
import { rule } from './fault.ts';

/** Rewrites every reply (after any rewrite composed before it). */
export function reply(rewrite: (reply: RenderedReply, ctx: RequestContext) => RenderedReply): Variant {
  return rule('http', (base) => ({ reply: (rendered, ctx) => rewrite(base.reply(rendered, ctx), ctx) }));
}

/** Rewrites the replies answering with one row of the error table. */
export function replyFor(keys: readonly OutcomeKey[], rewrite: (reply: RenderedReply) => RenderedReply): Variant {
  return reply((rendered) => (rendered.key && keys.includes(rendered.key) ? rewrite(rendered) : rendered));
}

/** Rewrites a refusal before it is rendered. */
export function refusal(rewrite: (error: SpineError) => SpineError): Variant {
  return rule('http', (base) => ({ refusal: (error) => rewrite(base.refusal(error)) }));
}

/** Chooses another format for a reply. */
export function format(choose: (reply: RenderedReply, negotiated: FhirFormat) => FhirFormat): Variant {
  return rule('http', (base) => ({
    format: (rendered, negotiated) => choose(rendered, base.format(rendered, negotiated)),
  }));
}

/** Rewrites the bytes or Content-Type. */
export function wire(rewrite: (wire: Wire, reply: RenderedReply, ctx: RequestContext) => Wire): Variant {
  return rule('http', (base) => ({
    wire: (written, rendered, ctx) => rewrite(base.wire(written, rendered, ctx), rendered, ctx),
  }));
}

/** A copy of an OperationOutcome reply with its resource changed by `edit` (given a copy to change). */
export function editOutcome(
  rendered: RenderedReply,
  edit: (outcome: FhirResource & { issue: Record<string, unknown>[] }) => void,
): RenderedReply {
  if (rendered.resource?.resourceType !== 'OperationOutcome') return rendered;
  const outcome = structuredClone(rendered.resource) as FhirResource & { issue: Record<string, unknown>[] };
  edit(outcome);
  return { ...rendered, resource: outcome };
}

/** A copy of a reply whose outcome's issue has another code. */
export const issueCode = (code: string) => (rendered: RenderedReply) =>
  editOutcome(rendered, (outcome) => {
    outcome.issue[0]!.code = code;
  });
