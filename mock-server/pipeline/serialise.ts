// The last step: a FHIR resource as bytes in the negotiated format, with the STU3 media type whatever
// alias was asked for (NRLS-FMT-009, AMB-15). XML is produced by the `fhir` package (STU3 element order).
// The pointers of a searchset are written from the forms the store keeps (store/serialised.ts).
import { RESPONSE_CONTENT_TYPE, type FhirFormat } from '../../src/domain/fhir-format.ts';
import { FHIR_NAMESPACE, isPlainEntry, nestedResourceXml, resourceToXml, type FhirResource } from '../../src/domain/stu3-xml.ts';
import type { RequestContext } from '../context.ts';
import { jsonOf, xmlOf } from '../store/serialised.ts';

const storedXml = (resource: FhirResource) => xmlOf(resource, nestedResourceXml);

const ENTRY_OPEN = Buffer.from('{"resource":');
const ENTRY_NEXT = Buffer.from('},{"resource":');
const ENTRIES_CLOSE = Buffer.from('}]}');

/** JSON of a resource; a searchset's entries come from the kept forms (the same bytes as JSON.stringify). */
function toJson(resource: FhirResource): Buffer {
  const entries = resource.resourceType === 'Bundle' ? resource.entry : undefined;
  if (!Array.isArray(entries) || entries.length === 0 || !entries.every(isPlainEntry)) return Buffer.from(JSON.stringify(resource));
  const { entry: _entry, ...envelope } = resource;
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify(envelope).slice(0, -1)},"entry":[`)];
  entries.forEach((entry, at) => parts.push(at === 0 ? ENTRY_OPEN : ENTRY_NEXT, jsonOf(entry.resource)));
  parts.push(ENTRIES_CLOSE);
  return Buffer.concat(parts);
}

export function serialise(resource: FhirResource, format: FhirFormat, ctx?: RequestContext): { contentType: string; body: Buffer } {
  const faults = ctx?.config.faults;
  let contentType = RESPONSE_CONTENT_TYPE[format];
  if (faults?.on('alias-content-type-echoed') && ctx?.requestedMediaType) contentType = `${ctx.requestedMediaType};charset=utf-8`;
  if (faults?.on('content-type-without-charset')) contentType = contentType.replace(/;charset=utf-8$/, '');
  if (format === 'json') return { contentType, body: toJson(resource) };
  const xml = resourceToXml(resource, storedXml);
  return { contentType, body: Buffer.from(faults?.on('xml-wrong-namespace') ? xml.replace(`xmlns="${FHIR_NAMESPACE}"`, `xmlns="${FHIR_NAMESPACE}/STU3"`) : xml) };
}
