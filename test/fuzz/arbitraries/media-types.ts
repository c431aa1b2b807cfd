// Content-Type, Accept and `_format` values for the fuzz generators: the FHIR types and their STU3-era
// and plain-JSON/XML neighbours, odd case and parameters, q-values that do not parse, and Accept lists
// long enough to cost something to read.
import fc from 'fast-check';
import { FHIR_TYPE, type Format } from './request.ts';

const CONTENT_TYPES = [
  'application/fhir+json',
  'application/fhir+xml',
  'application/json+fhir',
  'application/xml+fhir',
  'application/json',
  'application/xml',
  'text/json',
  'text/xml',
  'text/plain',
  'text/html',
  'application/octet-stream',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'APPLICATION/FHIR+JSON',
  'application/fhir+json; charset=utf-8',
  'application/fhir+xml;charset=ISO-8859-1',
  'application/fhir+json;;;',
  ';',
  '',
  '*/*',
  'application/fhir+json, application/fhir+xml',
  'application/fhir+json; fhirVersion=4.0',
];
const ACCEPTS = [
  'application/fhir+json',
  'application/fhir+xml',
  'application/json',
  'application/xml',
  'text/json',
  'text/xml',
  '*/*',
  'application/*',
  'text/html',
  'application/fhir+json;q=0',
  'application/fhir+xml;q=0.1, application/fhir+json;q=0.9',
  'application/fhir+json;q=abc',
  'application/fhir+json;q=-1',
  'application/fhir+json;q=1e400',
  'application/fhir+xml;q=NaN',
  ',,,',
  ';q=1',
  'application/fhir+json;charset=utf-16',
  'APPLICATION/FHIR+JSON',
  'application/xml+fhir, application/json+fhir',
  '',
];
export const FORMAT_VALUES = [
  'json',
  'xml',
  'JSON',
  ' xml ',
  'application/fhir+json',
  'application/fhir+xml',
  'application/json+fhir',
  'application/xml',
  'text/json',
  'text/xml',
  'text/html',
  'html',
  'ttl',
  'application/fhir+turtle',
  '',
  '*/*',
  'json;q=1',
  'xml,json',
  'application/fhir+json;charset=utf-8',
  '%ZZ',
];

export const contentTypeFor = (format: Format): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(FHIR_TYPE[format]) },
    { weight: 4, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.constant(undefined) },
  );

export const acceptValue: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(FHIR_TYPE.json, FHIR_TYPE.xml) },
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constantFrom(...ACCEPTS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 2, max: 400 })
      .map((n) => Array.from({ length: n }, (_, i) => `application/x-${i};q=0.${i % 10}`).join(', ')),
  },
);
