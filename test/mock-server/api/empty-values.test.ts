// NRLS-PROF-003: a mandatory element present with an empty value ("" in JSON, value="" in XML) is 400
// INVALID_RESOURCE naming the element, as a missing one is (NRLS-PROF-002), and nothing is stored. FHIR
// allows no empty value anywhere, so in an element that is not mandatory it stays a body that is not
// FHIR: 400 INVALID_REQUEST_MESSAGE (NRLS-PROF-001).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OutcomeKey } from '../../../mock-server/errors/catalogue.ts';
import { buildPointer, uniqueMasterIdentifier } from '../../../src/domain/pointer-builder.ts';
import { resourceToXml, type FhirResource } from '../../../src/domain/stu3-xml.ts';
import {
  ACCEPT,
  KNOWN_PATIENT,
  PROVIDER,
  assertOutcome,
  bundleOf,
  headersFor,
  search,
  subjectQuery,
  testMock,
  type Format,
} from '../../support/mock.ts';

/** Stands for the empty value while the pointer is built, so that each format can write it its own way. */
const MARK = 'EMPTY-VALUE-MARK';

interface Element {
  /** The element path the diagnostics and location name. */
  path: string;
  /** Gives the element the value MARK (and adds its parent where the valid pointer has none). */
  mark: (pointer: Record<string, any>) => void;
}

const replaces = () => ({ code: 'replaces', target: { identifier: uniqueMasterIdentifier() } });

/** The mandatory elements of §3.1 that hold a value. */
const MANDATORY: Element[] = [
  { path: 'status', mark: (p) => (p.status = MARK) },
  { path: 'content[0].attachment.url', mark: (p) => (p.content[0].attachment.url = MARK) },
  { path: 'masterIdentifier.value', mark: (p) => (p.masterIdentifier.value = MARK) },
  { path: 'type.coding[0].code', mark: (p) => (p.type.coding[0].code = MARK) },
  { path: 'subject.reference', mark: (p) => (p.subject.reference = MARK) },
  { path: 'type.coding[0].system', mark: (p) => (p.type.coding[0].system = MARK) },
  { path: 'type.coding[0].display', mark: (p) => (p.type.coding[0].display = MARK) },
  { path: 'author[0].reference', mark: (p) => (p.author[0].reference = MARK) },
  { path: 'custodian.reference', mark: (p) => (p.custodian.reference = MARK) },
  { path: 'indexed', mark: (p) => (p.indexed = MARK) },
  { path: 'content[0].attachment.contentType', mark: (p) => (p.content[0].attachment.contentType = MARK) },
  { path: 'masterIdentifier.system', mark: (p) => (p.masterIdentifier.system = MARK) },
  // Mandatory when relatesTo is present (NRLS-PROF-002's list), in the first element and in later ones.
  { path: 'relatesTo[0].code', mark: (p) => (p.relatesTo = [{ ...replaces(), code: MARK }]) },
  {
    path: 'relatesTo[0].target.identifier.value',
    mark: (p) => {
      p.relatesTo = [replaces()];
      p.relatesTo[0].target.identifier.value = MARK;
    },
  },
  {
    path: 'relatesTo[1].code',
    mark: (p) =>
      (p.relatesTo = [
        { ...replaces(), code: 'signs' },
        { ...replaces(), code: MARK },
      ]),
  },
];

/** Elements that are not mandatory: an empty value there is not FHIR, as before. */
const OPTIONAL: Element[] = [
  { path: 'created', mark: (p) => (p.created = MARK) },
  { path: 'content.attachment.creation', mark: (p) => (p.content[0].attachment.creation = MARK) },
  { path: 'content.attachment.title', mark: (p) => (p.content[0].attachment.title = MARK) },
  { path: 'description', mark: (p) => (p.description = MARK) },
];

/** The pointer's body in `format` with the marked element's value empty. */
function bodyWithEmpty(element: Element, format: Format, quote = '"'): string {
  const pointer: Record<string, any> = buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods });
  element.mark(pointer);
  if (format === 'json') return JSON.stringify(pointer).replace(`"${MARK}"`, '""');
  const xml = resourceToXml(pointer as FhirResource);
  assert.ok(xml.includes(`value="${MARK}"`), `the XML carries ${element.path}`);
  return xml.replace(`value="${MARK}"`, `value=${quote}${quote}`);
}

async function post(body: string, format: Format, key: OutcomeKey, diagnostics: string, location: string) {
  const mock = testMock();
  const storedBefore = mock.app.store.size;
  const res = await mock.http
    .post('/DocumentReference')
    .set(headersFor(PROVIDER, 'write'))
    .set('Accept', ACCEPT[format])
    .set('Content-Type', ACCEPT[format])
    .send(body);
  const issue = assertOutcome(res, key, diagnostics);
  assert.deepEqual(issue.location, [location]);
  assert.equal(mock.app.store.size, storedBefore, 'nothing is stored');
  assert.equal(bundleOf(await search(mock, subjectQuery(KNOWN_PATIENT))).total, 0, 'the patient still has no pointer');
  assert.deepEqual(mock.internalErrors, []);
}

describe('empty values (NRLS-PROF-003)', () => {
  for (const format of ['json', 'xml'] as Format[]) {
    it(
      `NRLS-PROF-003, NRLS-CREATE-021, NRLS-ERR-006 (AMB-27): each mandatory element present with ` +
        `an empty value gets 400 INVALID_RESOURCE naming it, and nothing is stored (${format})`,
      async (t) => {
        for (const element of MANDATORY) {
          await t.test(`NRLS-PROF-003: an empty ${element.path} (${format})`, () =>
            post(
              bodyWithEmpty(element, format),
              format,
              'INVALID_RESOURCE',
              `Resource is invalid : ${element.path}`,
              `DocumentReference.${element.path}`,
            ),
          );
        }
      },
    );

    it(
      `NRLS-PROF-001, NRLS-CREATE-020, NRLS-ERR-008: an empty value in an element that ` +
        `is not mandatory is still INVALID_REQUEST_MESSAGE naming it (${format})`,
      async (t) => {
        for (const element of OPTIONAL) {
          await t.test(`NRLS-PROF-001: an empty ${element.path} (${format})`, () =>
            post(
              bodyWithEmpty(element, format),
              format,
              'INVALID_REQUEST_MESSAGE',
              'Invalid Request Message',
              `DocumentReference.${element.path}`,
            ),
          );
        }
      },
    );
  }

  it('NRLS-PROF-003: an empty value in single quotes is empty too (XML)', () =>
    post(
      bodyWithEmpty(MANDATORY[0]!, 'xml', "'"),
      'xml',
      'INVALID_RESOURCE',
      'Resource is invalid : status',
      'DocumentReference.status',
    ));

  it(
    'NRLS-PROF-001, NRLS-PROF-003 (AMB-50): a body that is not FHIR elsewhere ' +
      'is INVALID_REQUEST_MESSAGE, though a mandatory value is empty',
    async () => {
      const json = bodyWithEmpty(MANDATORY[0]!, 'json').replace(/}$/, ',"bogus":"x"}');
      await post(json, 'json', 'INVALID_REQUEST_MESSAGE', 'Invalid Request Message', 'DocumentReference.bogus');
      const xml = bodyWithEmpty(MANDATORY[0]!, 'xml').replace(
        '</DocumentReference>',
        '<bogus value="x"/></DocumentReference>',
      );
      await post(xml, 'xml', 'INVALID_REQUEST_MESSAGE', 'Invalid Request Message', 'DocumentReference.bogus');
    },
  );

  it('NRLS-PROF-001: an empty value given for an element that is an object or a list is still not FHIR', async () => {
    const pointer: Record<string, any> = buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods });
    await post(
      JSON.stringify({ ...pointer, subject: '' }),
      'json',
      'INVALID_REQUEST_MESSAGE',
      'Invalid Request Message',
      'DocumentReference.subject',
    );
    await post(
      JSON.stringify({ ...pointer, author: [''] }),
      'json',
      'INVALID_REQUEST_MESSAGE',
      'Invalid Request Message',
      'DocumentReference.author',
    );
    const xml = resourceToXml(pointer as FhirResource).replace(/<author>.*?<\/author>/, '<author value=""/>');
    await post(xml, 'xml', 'INVALID_REQUEST_MESSAGE', 'Invalid Request Message', 'DocumentReference.author');
  });
});
