// §3.4: each violation of NRLS-DocumentReference-1 starts from a valid pointer, breaks one thing, and
// must get its exact catalogue error, in JSON and in XML.
import { describe, it } from 'node:test';
import { buildPointer } from '../../../src/domain/pointer-builder.ts';
import type { Pointer } from '../../../src/domain/pointer.ts';
import type { OutcomeKey } from '../../../mock-server/errors/catalogue.ts';
import { resourceToXml, type FhirResource } from '../../../src/domain/stu3-xml.ts';
import {
  KNOWN_PATIENT,
  PROVIDER,
  assertOutcome,
  create,
  headersFor,
  testMock,
  type Format,
} from '../../support/mock.ts';

interface Violation {
  ids: string;
  defect: string;
  /** Pointers are edited as plain JSON here: the defects are what the types forbid. */
  apply: (pointer: Record<string, any>) => void;
  key: OutcomeKey;
  diagnostics: string;
  /** XML cannot carry some JSON-only defects (e.g. a number where a string belongs). */
  jsonOnly?: boolean;
  /** The STU3 XML writer omits an element left empty, so in XML its parent is what is missing. */
  xmlDiagnostics?: string;
}

/** Deleting the only child of these leaves an empty element, which XML serialisation drops. */
const EMPTIED_PARENT: Record<string, string> = {
  'type.coding': 'type',
  'subject.reference': 'subject',
  'author[0].reference': 'author',
  'custodian.reference': 'custodian',
  'content[0].attachment': 'content',
};

const PATIENT_URL_TEXT =
  'The given resource URL does not conform to the expected format - ' +
  'https://demographics.spineservices.nhs.uk/STU3/Patient/[NHS Number]';
const ORGANISATION_URL_TEXT =
  'The given resource URL does not conform to the expected format - ' +
  'https://directory.spineservices.nhs.uk/STU3/Organization/[ODS Code]';

const VIOLATIONS: Violation[] = [
  // NRLS-PROF-002, NRLS-CREATE-004, AMB-51: mandatory elements missing
  ...(
    [
      ['status', (p) => delete p.status],
      ['type', (p) => delete p.type],
      ['type.coding', (p) => delete p.type.coding],
      ['type.coding[0].system', (p) => delete p.type.coding[0].system],
      ['type.coding[0].code', (p) => delete p.type.coding[0].code],
      ['type.coding[0].display', (p) => delete p.type.coding[0].display],
      ['subject', (p) => delete p.subject],
      ['subject.reference', (p) => delete p.subject.reference],
      ['indexed', (p) => delete p.indexed],
      ['author', (p) => delete p.author],
      ['author[0].reference', (p) => delete p.author[0].reference],
      ['custodian', (p) => delete p.custodian],
      ['custodian.reference', (p) => delete p.custodian.reference],
      ['content', (p) => delete p.content],
      ['content[0].attachment', (p) => delete p.content[0].attachment],
      ['content[0].attachment.contentType', (p) => delete p.content[0].attachment.contentType],
      ['content[0].attachment.url', (p) => delete p.content[0].attachment.url],
      ['masterIdentifier.system', (p) => delete p.masterIdentifier.system],
      ['masterIdentifier.value', (p) => delete p.masterIdentifier.value],
      [
        'relatesTo[0].code',
        (p) => {
          p.relatesTo = [{ target: { identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:oid:1.2.3' } } }];
        },
      ],
      [
        'relatesTo[0].target',
        (p) => {
          p.relatesTo = [{ code: 'replaces' }];
        },
      ],
    ] as [string, Violation['apply']][]
  ).map(([path, apply]) => ({
    ids: path.startsWith('masterIdentifier')
      ? 'NRLS-PROF-002, NRLS-CREATE-012'
      : path === 'type'
        ? 'NRLS-PROF-002, NRLS-CREATE-004'
        : path === 'indexed'
          ? 'NRLS-PROF-002 (AMB-51)'
          : 'NRLS-PROF-002, NRLS-CREATE-021',
    defect: `no ${path}`,
    apply,
    key: 'INVALID_RESOURCE' as const,
    diagnostics: `Resource is invalid : ${path}`,
    xmlDiagnostics: EMPTIED_PARENT[path] && `Resource is invalid : ${EMPTIED_PARENT[path]}`,
  })),
  // NRLS-PROF-003: present without a value
  {
    ids: 'NRLS-PROF-003',
    defect: 'a blank type.coding[0].display',
    apply: (p) => (p.type.coding[0].display = ' '),
    key: 'INVALID_RESOURCE',
    diagnostics: 'Resource is invalid : type.coding[0].display',
  },
  {
    ids: 'NRLS-PROF-003',
    defect: 'a blank masterIdentifier.value',
    apply: (p) => (p.masterIdentifier.value = ' '),
    key: 'INVALID_RESOURCE',
    diagnostics: 'Resource is invalid : masterIdentifier.value',
  },
  // NRLS-PROF-004: prohibited elements
  ...(
    [
      ['type.coding[0].version', (p) => (p.type.coding[0].version = '2018')],
      ['subject.display', (p) => (p.subject.display = 'Jane Smith')],
      [
        'subject.identifier',
        (p) => (p.subject.identifier = { system: 'https://fhir.nhs.uk/Id/nhs-number', value: KNOWN_PATIENT }),
      ],
      ['author[0].display', (p) => (p.author[0].display = 'RGD')],
      ['author[0].identifier', (p) => (p.author[0].identifier = { value: 'RGD' })],
      ['custodian.display', (p) => (p.custodian.display = 'MHT01')],
      ['custodian.identifier', (p) => (p.custodian.identifier = { value: 'MHT01' })],
    ] as [string, Violation['apply']][]
  ).map(([path, apply]) => ({
    ids: 'NRLS-PROF-004',
    defect: `a prohibited ${path}`,
    apply,
    key: 'INVALID_RESOURCE' as const,
    diagnostics: `Resource is invalid : ${path}`,
  })),
  // NRLS-PROF-005
  {
    ids: 'NRLS-PROF-005',
    defect: 'two type codings',
    apply: (p) => p.type.coding.push({ ...p.type.coding[0] }),
    key: 'INVALID_RESOURCE',
    diagnostics: 'Resource is invalid : type.coding',
  },
  {
    ids: 'NRLS-PROF-005',
    defect: 'two authors',
    apply: (p) => p.author.push({ ...p.author[0] }),
    key: 'INVALID_RESOURCE',
    diagnostics: 'Resource is invalid : author',
  },
  // NRLS-PROF-006, NRLS-PROF-007 (AMB-29), NRLS-CREATE-011, NRLS-LIFE-005
  {
    ids: 'NRLS-PROF-006, NRLS-CREATE-011',
    defect: 'status "draft"',
    apply: (p) => (p.status = 'draft'),
    key: 'INVALID_RESOURCE',
    diagnostics: 'The NRLS DocumentReferenceStatus  valueset does not contain the status: draft',
  },
  {
    ids: 'NRLS-PROF-007, NRLS-CREATE-011, NRLS-LIFE-005, NRLS-UNSUP-006 (AMB-29)',
    defect: 'status "superseded"',
    apply: (p) => (p.status = 'superseded'),
    key: 'INVALID_RESOURCE',
    diagnostics: 'The status of a new DocumentReference can only be "current"',
  },
  {
    ids: 'NRLS-PROF-007, NRLS-CREATE-011, NRLS-LIFE-005, NRLS-UNSUP-006 (AMB-29)',
    defect: 'status "entered-in-error"',
    apply: (p) => (p.status = 'entered-in-error'),
    key: 'INVALID_RESOURCE',
    diagnostics: 'The status of a new DocumentReference can only be "current"',
  },
  // NRLS-PROF-008 (AMB-46)
  {
    ids: 'NRLS-PROF-008 (AMB-46)',
    defect: "type 718347000 from the spec's own examples",
    apply: (p) => (p.type.coding[0].code = '718347000'),
    key: 'INVALID_RESOURCE',
    diagnostics: 'The type value 718347000 is not a valid value.',
  },
  {
    ids: 'NRLS-PROF-008',
    defect: 'a type system other than SNOMED CT',
    apply: (p) => (p.type.coding[0].system = 'http://loinc.org'),
    key: 'INVALID_RESOURCE',
    diagnostics: 'The type value http://loinc.org is not a valid value.',
  },
  // NRLS-PROF-009, NRLS-PROF-022
  ...['2016-03-08', '2016-03-08T15:26:01', '2016-03-08T15:26+01:00', '2016-02-30T15:26:01Z', 'yesterday'].map(
    (indexed) => ({
      ids: 'NRLS-PROF-009, NRLS-PROF-022',
      defect: `indexed ${indexed}`,
      apply: (p: Record<string, any>) => (p.indexed = indexed),
      key: 'INVALID_RESOURCE' as const,
      diagnostics: `The DocumentReference.indexed value is not a valid dateTime type: ${indexed}.`,
    }),
  ),
  // NRLS-PROF-010
  ...['2016-13', '2016-03-08T15:26:01', 'soon'].map((creation) => ({
    ids: 'NRLS-PROF-010, NRLS-PROF-022',
    defect: `attachment creation ${creation}`,
    apply: (p: Record<string, any>) => (p.content[0].attachment.creation = creation),
    key: 'INVALID_RESOURCE' as const,
    diagnostics: `The attachment creation date value is not a valid dateTime type: ${creation}.`,
  })),
  // NRLS-PROF-011, NRLS-SUPERSEDE-011
  {
    ids: 'NRLS-PROF-011, NRLS-SUPERSEDE-011',
    defect: 'relatesTo code "updates"',
    apply: (p) => {
      p.relatesTo = [
        { code: 'updates', target: { identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:oid:1.2.3' } } },
      ];
    },
    key: 'INVALID_RESOURCE',
    diagnostics: 'Resource is invalid : relatesTo[0].code',
  },
  // NRLS-SUPERSEDE-016: a logical reference through identifier, not a URL reference
  {
    ids: 'NRLS-SUPERSEDE-016',
    defect: 'relatesTo target by URL reference',
    apply: (p) => {
      p.relatesTo = [{ code: 'replaces', target: { reference: 'https://nrls.example/DocumentReference/123' } }];
    },
    key: 'INVALID_RESOURCE',
    diagnostics: 'Resource is invalid : relatesTo[0].target.identifier',
  },
  // NRLS-PROF-012, NRLS-CREATE-016 (AMB-48)
  {
    ids: 'NRLS-PROF-012, NRLS-CREATE-016, NRLS-ERR-005 (AMB-48)',
    defect: 'a subject on another server',
    apply: (p) => (p.subject.reference = `https://example.org/STU3/Patient/${KNOWN_PATIENT}`),
    key: 'INVALID_PARAMETER',
    diagnostics: PATIENT_URL_TEXT,
  },
  {
    ids: 'NRLS-PROF-012, NRLS-CREATE-016',
    defect: 'a subject with no NHS number',
    apply: (p) => (p.subject.reference = 'https://demographics.spineservices.nhs.uk/STU3/Patient/'),
    key: 'INVALID_PARAMETER',
    diagnostics: PATIENT_URL_TEXT,
  },
  // NRLS-PROF-013, NRLS-CREATE-017, NRLS-NHS-001/002/004/006 (AMB-58)
  ...['9876543211', '6101231234', '987654321', '98765 43210', 'ABCDEFGHIJ'].map((nhsNumber) => ({
    ids: 'NRLS-PROF-013, NRLS-CREATE-017, NRLS-NHS-001, NRLS-NHS-002, NRLS-NHS-004, NRLS-ERR-010 (AMB-58)',
    defect: `NHS number "${nhsNumber}"`,
    apply: (p: Record<string, any>) =>
      (p.subject.reference = `https://demographics.spineservices.nhs.uk/STU3/Patient/${nhsNumber}`),
    key: 'INVALID_NHS_NUMBER' as const,
    diagnostics: `The NHS number does not conform to the NHS Number format: ${nhsNumber}.`,
  })),
  // NRLS-PROF-014, NRLS-CREATE-018 (AMB-25)
  {
    ids: 'NRLS-PROF-014, NRLS-CREATE-018 (AMB-25)',
    defect: 'an author on another server',
    apply: (p) => (p.author[0].reference = 'https://example.org/Organization/RGD'),
    key: 'INVALID_PARAMETER',
    diagnostics: ORGANISATION_URL_TEXT,
  },
  {
    ids: 'NRLS-PROF-014, NRLS-CREATE-018 (AMB-25)',
    defect: 'a custodian on another server',
    apply: (p) => (p.custodian.reference = 'https://example.org/Organization/MHT01'),
    key: 'INVALID_PARAMETER',
    diagnostics: ORGANISATION_URL_TEXT,
  },
  // NRLS-PROF-018
  {
    ids: 'NRLS-PROF-018',
    defect: 'a relative attachment url',
    apply: (p) => (p.content[0].attachment.url = 'crisis-plan.pdf'),
    key: 'INVALID_RESOURCE',
    diagnostics: 'Resource is invalid : content[0].attachment.url',
  },
  // NRLS-PROF-019: the shape is the only check
  {
    ids: 'NRLS-PROF-019',
    defect: 'contentType "pdf"',
    apply: (p) => (p.content[0].attachment.contentType = 'pdf'),
    key: 'INVALID_RESOURCE',
    diagnostics: 'Resource is invalid : content[0].attachment.contentType',
  },
  // JSON-only shapes
  {
    ids: 'NRLS-PROF-002, NRLS-CREATE-021',
    defect: 'status given as a number',
    apply: (p) => (p.status = 1),
    key: 'INVALID_RESOURCE',
    diagnostics: 'The NRLS DocumentReferenceStatus  valueset does not contain the status: 1',
    jsonOnly: true,
  },
  {
    ids: 'NRLS-PROF-002, NRLS-CREATE-021',
    defect: 'an empty content array',
    apply: (p) => (p.content = []),
    key: 'INVALID_RESOURCE',
    diagnostics: 'Resource is invalid : content',
    jsonOnly: true,
  },
];

describe('pointer profile violations (§3.4)', () => {
  for (const format of ['json', 'xml'] as Format[]) {
    for (const violation of VIOLATIONS) {
      if (violation.jsonOnly && format === 'xml') continue;
      it(`${violation.ids}: a pointer with ${violation.defect} gets 400 ${violation.key} (${format})`, async () => {
        const mock = testMock();
        const pointer: Record<string, any> = buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods });
        violation.apply(pointer);
        const expected = format === 'xml' ? (violation.xmlDiagnostics ?? violation.diagnostics) : violation.diagnostics;
        assertOutcome(await create(mock, pointer as Pointer, { format }), violation.key, expected);
      });
    }
  }

  it('NRLS-PROF-003: an empty element in XML is present without a value', async () => {
    const mock = testMock();
    const pointer = buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods });
    const xml = resourceToXml(pointer as FhirResource).replace(/<subject>.*?<\/subject>/, '<subject/>');
    const res = await mock.http
      .post('/DocumentReference')
      .set(headersFor(PROVIDER, 'write'))
      .set('Content-Type', 'application/fhir+xml')
      .send(xml);
    assertOutcome(res, 'INVALID_RESOURCE', 'Resource is invalid : subject.reference');
  });
});
