// The last step: a FHIR resource as bytes in the negotiated format, with the STU3 media type whatever
// alias was asked for (NRLS-FMT-009, AMB-15). XML is produced by the `fhir` package (STU3 element order).
// The pointers of a searchset are written from the forms the app's serialiser keeps (serialised-forms.ts).
import { RESPONSE_CONTENT_TYPE, type FhirFormat } from '../../src/domain/fhir-format.ts';
import {
  FHIR_NAMESPACE,
  isPlainEntry,
  nestedResourceXml,
  resourceToXml,
  type FhirResource,
} from '../../src/domain/stu3-xml.ts';
import type { RequestContext } from '../context.ts';
import { SerialisedForms, type ChangeStamps } from './serialised-forms.ts';

export interface WireBody {
  contentType: string;
  body: Buffer;
}

export type Serialise = (resource: FhirResource, format: FhirFormat, ctx?: RequestContext) => WireBody;

const ENTRY_OPEN = Buffer.from('{"resource":');
const ENTRY_NEXT = Buffer.from('},{"resource":');
const ENTRIES_CLOSE = Buffer.from('}]}');

/** JSON of a resource; a searchset's entries come from the kept forms (the same bytes as JSON.stringify). */
function toJson(resource: FhirResource, forms?: SerialisedForms): Buffer {
  const entries = resource.resourceType === 'Bundle' ? resource.entry : undefined;
  if (!forms || !Array.isArray(entries) || entries.length === 0 || !entries.every(isPlainEntry)) {
    return Buffer.from(JSON.stringify(resource));
  }
  const { entry: _entry, ...envelope } = resource;
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify(envelope).slice(0, -1)},"entry":[`)];
  entries.forEach((entry, at) => parts.push(at === 0 ? ENTRY_OPEN : ENTRY_NEXT, forms.jsonOf(entry.resource)));
  parts.push(ENTRIES_CLOSE);
  return Buffer.concat(parts);
}

function serialiseWith(
  forms: SerialisedForms | undefined,
  resource: FhirResource,
  format: FhirFormat,
  ctx?: RequestContext,
): WireBody {
  const faults = ctx?.config.faults;
  let contentType = RESPONSE_CONTENT_TYPE[format];
  if (faults?.on('alias-content-type-echoed') && ctx?.requestedMediaType) {
    contentType = `${ctx.requestedMediaType};charset=utf-8`;
  }
  if (faults?.on('content-type-without-charset')) contentType = contentType.replace(/;charset=utf-8$/, '');
  if (format === 'json') return { contentType, body: toJson(resource, forms) };
  const xml = resourceToXml(resource, forms ? (entry) => forms.xmlOf(entry, nestedResourceXml) : nestedResourceXml);
  if (!faults?.on('xml-wrong-namespace')) return { contentType, body: Buffer.from(xml) };
  return { contentType, body: Buffer.from(xml.replace(`xmlns="${FHIR_NAMESPACE}"`, `xmlns="${FHIR_NAMESPACE}/STU3"`)) };
}

/**
 * A serialiser for one app, keeping the forms of the pointers it writes; `stamps` (the app's store) says
 * when a pointer has changed, so that a kept form is never served stale.
 */
export function createSerialiser(stamps: ChangeStamps): Serialise {
  const forms = new SerialisedForms(stamps);
  return (resource, format, ctx) => serialiseWith(forms, resource, format, ctx);
}

/** Without kept forms: for replies that hold no stored pointer (Node's own client errors). */
export const serialise: Serialise = (resource, format, ctx) => serialiseWith(undefined, resource, format, ctx);
