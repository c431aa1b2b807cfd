// The last step: a FHIR resource as bytes in the negotiated format, with the STU3 media type whatever
// alias was asked for (NRLS-FMT-009, AMB-15). XML is produced by the `fhir` package (STU3 element order).
// The pointers of a searchset are written from the forms the app's serialiser keeps (serialised-forms.ts).
import { RESPONSE_CONTENT_TYPE, type FhirFormat } from '../../src/domain/fhir-format.ts';
import { isPlainEntry, nestedResourceXml, resourceToXml, type FhirResource } from '../../src/domain/stu3-xml.ts';
import { SerialisedForms, type ChangeStamps } from './serialised-forms.ts';

export interface WireBody {
  contentType: string;
  body: Buffer;
}

export type Serialise = (resource: FhirResource, format: FhirFormat) => WireBody;

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
  for (const [at, entry] of entries.entries())
    parts.push(at === 0 ? ENTRY_OPEN : ENTRY_NEXT, forms.jsonOf(entry.resource));
  parts.push(ENTRIES_CLOSE);
  return Buffer.concat(parts);
}

function serialiseWith(forms: SerialisedForms | undefined, resource: FhirResource, format: FhirFormat): WireBody {
  const contentType = RESPONSE_CONTENT_TYPE[format];
  if (format === 'json') return { contentType, body: toJson(resource, forms) };
  const xml = resourceToXml(resource, forms ? (entry) => forms.xmlOf(entry, nestedResourceXml) : nestedResourceXml);
  return { contentType, body: Buffer.from(xml) };
}

/**
 * A serialiser for one app, keeping the forms of the pointers it writes; `stamps` (the app's store) says
 * when a pointer has changed, so that a kept form is never served stale.
 */
export function createSerialiser(stamps: ChangeStamps): Serialise {
  const forms = new SerialisedForms(stamps);
  return (resource, format) => serialiseWith(forms, resource, format);
}

/** Without kept forms: for replies that hold no stored pointer (Node's own client errors). */
export const serialise: Serialise = (resource, format) => serialiseWith(undefined, resource, format);
