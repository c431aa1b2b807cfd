// FHIR wire formats of NRLS 1.2.x (§1.5): the MIME types a client may name, and the STU3 types a
// server answers with (NRLS-FMT-009, AMB-15).

export type FhirFormat = 'xml' | 'json';

/** NRLS-FMT-005: with neither Accept nor _format, the answer is XML. */
export const DEFAULT_FORMAT: FhirFormat = 'xml';

export const RESPONSE_CONTENT_TYPE: Record<FhirFormat, string> = {
  xml: 'application/fhir+xml;charset=utf-8',
  json: 'application/fhir+json;charset=utf-8',
};

/** NRLS-FMT-001 (STU3), NRLS-FMT-002 (DSTU2), NRLS-FMT-003 (generic; text/xml is deliberately absent). */
export const MEDIA_TYPE_FORMATS: Readonly<Record<string, FhirFormat>> = {
  'application/fhir+xml': 'xml',
  'application/fhir+json': 'json',
  'application/xml+fhir': 'xml',
  'application/json+fhir': 'json',
  'application/xml': 'xml',
  'application/json': 'json',
  'text/json': 'json',
};

/** NRLS-FMT-008 (AMB-14): `_format` also takes the short forms. */
export const FORMAT_PARAMETER_SHORT_FORMS: Readonly<Record<string, FhirFormat>> = { xml: 'xml', json: 'json' };

/** The format a MIME type names, ignoring parameters and case; undefined when it is not one NRLS accepts. */
export function formatOfMediaType(mediaType: string): FhirFormat | undefined {
  const bare = mediaType.split(';')[0]!.trim().toLowerCase();
  return Object.hasOwn(MEDIA_TYPE_FORMATS, bare) ? MEDIA_TYPE_FORMATS[bare] : undefined;
}
