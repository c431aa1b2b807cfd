// Stage 2: the response format (§1.5). `_format` wins over Accept (NRLS-FMT-004); an unsupported
// `_format` is 415 (NRLS-FMT-006, AMB-13); an unsupported Accept alone falls back to XML (AMB-12).
// Which media types name a format is in FORMAT_RULES, so that a fault (faults/format.ts) can replace it.
import {
  DEFAULT_FORMAT,
  FORMAT_PARAMETER_SHORT_FORMS,
  formatOfMediaType,
  type FhirFormat,
} from '../../src/domain/fhir-format.ts';
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';

export interface FormatRules {
  /** NRLS-FMT-001..003: the format a bare media type (lower case, no parameters) names. */
  formatOfMediaType(bare: string): FhirFormat | undefined;
  /** NRLS-FMT-008: the short forms `_format` may take. */
  shortForms: Readonly<Record<string, FhirFormat>>;
  /** NRLS-FMT-005, NRLS-FMT-007: the answer's format when the client names none. */
  defaultFormat: FhirFormat;
}

export const FORMAT_RULES: FormatRules = {
  formatOfMediaType,
  shortForms: FORMAT_PARAMETER_SHORT_FORMS,
  defaultFormat: DEFAULT_FORMAT,
};

function recognise(mediaType: string, rules: FormatRules): FhirFormat | undefined {
  return rules.formatOfMediaType(mediaType.split(';')[0]!.trim().toLowerCase());
}

/** The format a `_format` value names (a MIME type or, NRLS-FMT-008, a short form). */
function recogniseParameter(value: string, rules: FormatRules): FhirFormat | undefined {
  const bare = value.trim().toLowerCase();
  if (Object.hasOwn(rules.shortForms, bare)) return rules.shortForms[bare];
  return recognise(value, rules);
}

/** The first supported media type of an Accept header, by quality, then by order. */
export function preferredAccept(
  accept: string | undefined,
  rules: FormatRules,
): { format: FhirFormat; mediaType: string } | undefined {
  if (!accept) return undefined;
  // Most clients name one type: no list to split and sort.
  if (!accept.includes(',') && !accept.includes(';')) {
    const format = recognise(accept, rules);
    return format && { format, mediaType: accept.trim() };
  }
  const ranges = accept.split(',').map((range, order) => {
    const [type = '', ...parameters] = range.split(';');
    const q = parameters.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return {
      format: recognise(type, rules),
      mediaType: type.trim(),
      quality: Number.isFinite(quality) ? quality : 0,
      order,
    };
  });
  const best = ranges
    .filter((range) => range.format && range.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order)[0];
  return best && { format: best.format!, mediaType: best.mediaType };
}

/** The format to answer in; throws 415 when `_format` names no supported format (having set the 415's format). */
export function negotiateFormat(ctx: RequestContext, rules: FormatRules): void {
  const accepted = preferredAccept(ctx.request.headers.accept, rules);
  const values = ctx.query.getAll('_format');
  const requested = values.map((value) => recogniseParameter(value, rules));
  if (requested.length === 0) {
    ctx.format = accepted?.format ?? rules.defaultFormat;
    ctx.requestedMediaType = accepted?.mediaType;
    return;
  }
  const [first] = requested;
  if (first && requested.every((format) => format === first)) {
    ctx.format = first;
    ctx.requestedMediaType = values[0];
    return;
  }
  ctx.format = accepted?.format ?? rules.defaultFormat;
  throw new SpineError('UNSUPPORTED_MEDIA_TYPE', diagnostics.unsupportedMediaType());
}

/** For errors raised before negotiation (routing): the format the client asked for, if it can be told. */
export function formatForEarlyError(ctx: RequestContext, rules: FormatRules): FhirFormat {
  const requested = ctx.query.getAll('_format').map((value) => recogniseParameter(value, rules));
  return requested[0] ?? preferredAccept(ctx.request.headers.accept, rules)?.format ?? rules.defaultFormat;
}
