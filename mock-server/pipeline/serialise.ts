// The last step: a FHIR resource as bytes in the negotiated format, with the STU3 media type whatever
// alias was asked for (NRLS-FMT-009, AMB-15). XML is produced by the `fhir` package (STU3 element order).
import { RESPONSE_CONTENT_TYPE, type FhirFormat } from '../../src/domain/fhir-format.ts';
import { FHIR_NAMESPACE, resourceToXml, type FhirResource } from '../../src/domain/stu3-xml.ts';
import type { RequestContext } from '../context.ts';

export function serialise(resource: FhirResource, format: FhirFormat, ctx?: RequestContext): { contentType: string; body: string } {
  const faults = ctx?.config.faults;
  let contentType = RESPONSE_CONTENT_TYPE[format];
  if (faults?.on('alias-content-type-echoed') && ctx?.requestedMediaType) contentType = `${ctx.requestedMediaType};charset=utf-8`;
  if (faults?.on('content-type-without-charset')) contentType = contentType.replace(/;charset=utf-8$/, '');
  if (format === 'json') return { contentType, body: JSON.stringify(resource) };
  const xml = resourceToXml(resource);
  return { contentType, body: faults?.on('xml-wrong-namespace') ? xml.replace(`xmlns="${FHIR_NAMESPACE}"`, `xmlns="${FHIR_NAMESPACE}/STU3"`) : xml };
}
