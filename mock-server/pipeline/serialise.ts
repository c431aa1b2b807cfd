// The last step: a FHIR resource as bytes in the negotiated format, with the STU3 media type whatever
// alias was asked for (NRLS-FMT-009, AMB-15). XML is produced by the `fhir` package (STU3 element order).
import { RESPONSE_CONTENT_TYPE, type FhirFormat } from '../../src/domain/fhir-format.ts';
import { resourceToXml, type FhirResource } from '../../src/domain/stu3-xml.ts';

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function serialise(resource: FhirResource, format: FhirFormat): { contentType: string; body: string } {
  return {
    contentType: RESPONSE_CONTENT_TYPE[format],
    body: format === 'json' ? JSON.stringify(resource) : resourceToXml(resource),
  };
}
