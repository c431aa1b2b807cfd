// Stage 2: the response format (§1.5). `_format` wins over Accept (NRLS-FMT-004); an unsupported
// `_format` is 415 (NRLS-FMT-006, AMB-13); an unsupported Accept alone falls back to XML (AMB-12).
import {
  DEFAULT_FORMAT,
  FORMAT_PARAMETER_SHORT_FORMS,
  formatOfMediaType,
  type FhirFormat,
} from '../../src/domain/fhir-format.ts';
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import type { Faults } from '../faults.ts';

const DSTU2_TYPES = new Set(['application/xml+fhir', 'application/json+fhir']);
const GENERIC_TYPES = new Set(['application/xml', 'application/json', 'text/json']);

/** The format a media type names, for this mock (a fault may forget some of NRLS-FMT-002/003). */
function recognise(mediaType: string, faults: Faults): FhirFormat | undefined {
  const bare = mediaType.split(';')[0]!.trim().toLowerCase();
  if (faults.on('dstu2-types-ignored') && DSTU2_TYPES.has(bare)) return undefined;
  if (faults.on('generic-types-ignored') && GENERIC_TYPES.has(bare)) return undefined;
  return formatOfMediaType(bare);
}

/** The format a `_format` value names (a MIME type or, NRLS-FMT-008, a short form). */
function recogniseParameter(value: string, faults: Faults): FhirFormat | undefined {
  const bare = value.trim().toLowerCase();
  if (Object.hasOwn(FORMAT_PARAMETER_SHORT_FORMS, bare)) return faults.on('short-format-refused') ? undefined : FORMAT_PARAMETER_SHORT_FORMS[bare];
  return recognise(value, faults);
}

/** The first supported media type of an Accept header, by quality, then by order. */
function preferredAccept(accept: string | undefined, faults: Faults): { format: FhirFormat; mediaType: string } | undefined {
  if (!accept) return undefined;
  // Most clients name one type: no list to split and sort.
  if (!accept.includes(',') && !accept.includes(';')) {
    const format = recognise(accept, faults);
    return format && { format, mediaType: accept.trim() };
  }
  const ranges = accept.split(',').map((range, order) => {
    const [type = '', ...parameters] = range.split(';');
    const q = parameters.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return { format: recognise(type, faults), mediaType: type.trim(), quality: Number.isFinite(quality) ? quality : 0, order };
  });
  const best = ranges.filter((range) => range.format && range.quality > 0).sort((a, b) => b.quality - a.quality || a.order - b.order)[0];
  return best && { format: best.format!, mediaType: best.mediaType };
}

function defaultFormat(faults: Faults): FhirFormat {
  return faults.on('json-by-default') ? 'json' : DEFAULT_FORMAT;
}

/** The format to answer in; throws 415 when `_format` names no supported format. */
export function negotiateFormat(ctx: RequestContext): void {
  const { faults } = ctx.config;
  const accepted = preferredAccept(ctx.request.headers.accept, faults);
  const values = ctx.query.getAll('_format');
  const requested = values.map((value) => recogniseParameter(value, faults));
  if (requested.length === 0 || (accepted && faults.on('accept-beats-format'))) {
    ctx.format = accepted?.format ?? defaultFormat(faults);
    ctx.requestedMediaType = accepted?.mediaType;
    return;
  }
  const [first] = requested;
  if (first && requested.every((format) => format === first)) {
    ctx.format = first;
    ctx.requestedMediaType = values[0];
    return;
  }
  ctx.format = accepted?.format ?? defaultFormat(faults);
  if (faults.on('unsupported-format-ignored')) return;
  throw new SpineError('UNSUPPORTED_MEDIA_TYPE', diagnostics.unsupportedMediaType());
}

/** For errors raised before negotiation (routing): the format the client asked for, if it can be told. */
export function formatForEarlyError(ctx: RequestContext): FhirFormat {
  const { faults } = ctx.config;
  const requested = ctx.query.getAll('_format').map((value) => recogniseParameter(value, faults));
  return requested[0] ?? preferredAccept(ctx.request.headers.accept, faults)?.format ?? defaultFormat(faults);
}
