// Stage 2: the response format (§1.5). `_format` wins over Accept (NRLS-FMT-004); an unsupported
// `_format` is 415 (NRLS-FMT-006, AMB-13); an unsupported Accept alone falls back to XML (AMB-12).
import {
  DEFAULT_FORMAT,
  formatOfFormatParameter,
  formatOfMediaType,
  type FhirFormat,
} from '../../src/domain/fhir-format.ts';
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';

/** The first supported media type of an Accept header, by quality, then by order. */
export function formatOfAccept(accept: string | undefined): FhirFormat | undefined {
  if (!accept) return undefined;
  const ranges = accept.split(',').map((range, order) => {
    const [type = '', ...parameters] = range.split(';');
    const q = parameters.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return { format: formatOfMediaType(type), quality: Number.isFinite(quality) ? quality : 0, order };
  });
  return ranges
    .filter((range) => range.format && range.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order)[0]?.format;
}

/** The format to answer in; throws 415 when `_format` names no supported format. */
export function negotiateFormat(ctx: RequestContext): void {
  const fromAccept = formatOfAccept(ctx.request.headers.accept);
  const requested = ctx.query.getAll('_format').map(formatOfFormatParameter);
  if (requested.length === 0) {
    ctx.format = fromAccept ?? DEFAULT_FORMAT;
    return;
  }
  const [first] = requested;
  if (first && requested.every((format) => format === first)) {
    ctx.format = first;
    return;
  }
  ctx.format = fromAccept ?? DEFAULT_FORMAT;
  throw new SpineError('UNSUPPORTED_MEDIA_TYPE', diagnostics.unsupportedMediaType());
}

/** For errors raised before negotiation (routing): the format the client asked for, if it can be told. */
export function formatForEarlyError(ctx: RequestContext): FhirFormat {
  const requested = ctx.query.getAll('_format').map(formatOfFormatParameter);
  return requested[0] ?? formatOfAccept(ctx.request.headers.accept) ?? DEFAULT_FORMAT;
}
