// Request bodies for create, built from the pointer under test: the normal serialisations and the
// malformed or hostile ones robustness scenarios send (NRLS-PROF-001, NRLS-CREATE-020/027/028).
import type { Pointer } from '../../src/domain/pointer.ts';
import { resourceToXml, type FhirResource } from '../../src/domain/stu3-xml.ts';
import { CONTENT_TYPE, type WireFormat } from './formats.ts';

export interface Body {
  /** Bytes only where a scenario needs ones that are not UTF-8. */
  text: string | Buffer;
  contentType?: string;
}

export function serialisePointer(pointer: Pointer, format: WireFormat): Body {
  return {
    text: format === 'json' ? JSON.stringify(pointer) : resourceToXml(pointer as FhirResource),
    contentType: CONTENT_TYPE[format],
  };
}

const pointerXml = (pointer: Pointer) => resourceToXml(pointer as FhirResource);

export interface BodyVariant {
  name: string;
  build: (pointer: Pointer) => Body;
}

const json = (text: string | Buffer): Body => ({ text, contentType: 'application/fhir+json' });
const xml = (text: string | Buffer): Body => ({ text, contentType: 'application/fhir+xml' });

export const BODY_VARIANTS: BodyVariant[] = [
  { name: 'a body that is not well-formed JSON', build: (p) => json(JSON.stringify(p).slice(0, -1)) },
  { name: 'a body that is not well-formed XML', build: (p) => xml(pointerXml(p).replace('</DocumentReference>', '')) },
  { name: 'XML with text after the root element', build: (p) => xml(`${pointerXml(p)}<DocumentReference/>`) },
  {
    name: 'XML outside the FHIR namespace',
    build: (p) => xml(pointerXml(p).replace(' xmlns="http://hl7.org/fhir"', '')),
  },
  {
    name: 'XML declaring an external entity',
    build: (p) =>
      xml(
        pointerXml(p)
          .replace('?>', '?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>')
          .replace('<title value="', '<title value="&x;'),
      ),
  },
  {
    name: 'XML declaring nested entities',
    build: (p) =>
      xml(
        pointerXml(p)
          .replace('?>', '?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')
          .replace('<title value="', '<title value="&b;'),
      ),
  },
  { name: 'a JSON array', build: (p) => json(JSON.stringify([p])) },
  { name: 'JSON without a resourceType', build: (p) => json(JSON.stringify({ ...p, resourceType: undefined })) },
  { name: 'an element FHIR STU3 does not define', build: (p) => json(JSON.stringify({ ...p, colour: 'blue' })) },
  {
    name: 'an XML element FHIR STU3 does not define',
    build: (p) => xml(pointerXml(p).replace('<status value', '<colour value="blue"/><status value')),
  },
  { name: 'a Patient resource', build: () => json(JSON.stringify({ resourceType: 'Patient', active: true })) },
  { name: 'an empty body', build: () => ({ text: '', contentType: 'application/fhir+json' }) },
  {
    name: 'bytes that are not UTF-8',
    build: (p) => {
      const [before, after] = JSON.stringify(p).split('Mental health crisis plan"', 2) as [string, string];
      return {
        text: Buffer.concat([
          Buffer.from(`${before}Mental health `),
          Buffer.from([0xff, 0xfe]),
          Buffer.from(` plan"${after}`),
        ]),
        contentType: 'application/fhir+json',
      };
    },
  },
  // NRLS-PROF-003 in XML: `value=""` written out (the converter would drop an empty value altogether).
  {
    name: 'the pointer in XML with an empty status',
    build: (p) => xml(pointerXml(p).replace(/<status value="[^"]*"\/>/, '<status value=""/>')),
  },
  {
    name: 'the pointer in XML with an empty type code',
    build: (p) => xml(pointerXml(p).replace(/(<type><coding>[\s\S]*?<code value=")[^"]*"/, '$1"')),
  },
  {
    name: 'the pointer in XML with an empty attachment URL',
    build: (p) => xml(pointerXml(p).replace(/(<attachment>[\s\S]*?<url value=")[^"]*"/, '$1"')),
  },
  { name: 'the pointer in JSON with no Content-Type', build: (p) => ({ text: JSON.stringify(p) }) },
  {
    name: 'the pointer in XML with Content-Type text/plain',
    build: (p) => ({ text: pointerXml(p), contentType: 'text/plain' }),
  },
  {
    name: 'the pointer in JSON labelled application/json+fhir',
    build: (p) => ({ text: JSON.stringify(p), contentType: 'application/json+fhir' }),
  },
];
