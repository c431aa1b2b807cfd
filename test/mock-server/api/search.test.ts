import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPointer, uniqueMasterIdentifier } from '../../../src/domain/pointer-builder.ts';
import { generateNhsNumber } from '../../../src/domain/nhs-number.ts';
import { ODS_CODE_SYSTEM, SNOMED_SYSTEM, patientUrl } from '../../../src/domain/identifiers.ts';
import { readFhirXml } from '../../../src/domain/stu3-xml.ts';
import {
  CONSUMER,
  KNOWN_PATIENT,
  OTHER_PROVIDER,
  PROVIDER,
  SEEDED_PATIENT,
  UNKNOWN_PATIENT,
  assertOutcome,
  bundleOf,
  create,
  createdId,
  headersFor,
  remove,
  search,
  subjectQuery,
  testMock,
  type Format,
  type TestMock,
} from '../../support/mock.ts';

const FORMATS: Format[] = ['json', 'xml'];
const PATIENT_URL_TEXT =
  'The given resource URL does not conform to the expected format - ' +
  'https://demographics.spineservices.nhs.uk/STU3/Patient/[NHS Number]';

/** A fresh patient with one pointer from each provider. */
async function patientWithTwoPointers(mock: TestMock) {
  const nhsNumber = generateNhsNumber();
  const ids = [];
  for (const as of [PROVIDER, OTHER_PROVIDER]) {
    ids.push(createdId(await create(mock, buildPointer({ nhsNumber, custodian: as.ods }), { as })));
  }
  return { nhsNumber, ids };
}

describe('search pointers', () => {
  for (const format of FORMATS) {
    it(
      `NRLS-SEARCH-001, NRLS-SEARCH-002, NRLS-SEARCH-013, NRLS-SEARCH-014, NRLS-SEARCH-027: a ` +
        `subject search returns every pointer of the patient in a bare searchset Bundle (${format})`,
      async () => {
        const mock = testMock();
        const { nhsNumber, ids } = await patientWithTwoPointers(mock);
        const res = await search(mock, subjectQuery(nhsNumber), { format });
        const bundle = bundleOf(res);
        assert.match(String(bundle.id), /\S/);
        assert.equal(bundle.total, 2);
        assert.deepEqual(bundle.entry!.map((entry) => entry.resource.id).sort(), [...ids].sort());
        assert.equal(bundle.link, undefined, 'no self link');
        for (const entry of bundle.entry!) {
          assert.deepEqual(Object.keys(entry), ['resource'], 'no fullUrl, no search.mode');
          assert.match(entry.resource.meta.versionId, /^\d+$/);
        }
        if (format === 'xml') assert.ok(readFhirXml(res.text).ok);
      },
    );

    it(
      `NRLS-SEARCH-004, NRLS-SEARCH-005, NRLS-SEARCH-029 (AMB-17): ` +
        `custodian.identifier and its alias custodian narrow the search ` +
        `(${format})`,
      async () => {
        const mock = testMock();
        const { nhsNumber, ids } = await patientWithTwoPointers(mock);
        for (const name of ['custodian.identifier', 'custodian']) {
          const bundle = bundleOf(
            await search(mock, subjectQuery(nhsNumber, { [name]: `${ODS_CODE_SYSTEM}|${OTHER_PROVIDER.ods}` }), {
              format,
            }),
          );
          assert.deepEqual(
            bundle.entry!.map((entry) => entry.resource.id),
            [ids[1]],
          );
        }
      },
    );

    it(
      `NRLS-SEARCH-004, NRLS-SEARCH-006, NRLS-SEARCH-029 (AMB-17): ` +
        `type.coding and its alias type narrow the search (${format})`,
      async () => {
        const mock = testMock();
        const { nhsNumber } = await patientWithTwoPointers(mock);
        for (const name of ['type.coding', 'type']) {
          assert.equal(
            bundleOf(await search(mock, subjectQuery(nhsNumber, { [name]: `${SNOMED_SYSTEM}|736253002` }), { format }))
              .total,
            2,
          );
        }
      },
    );

    it(
      // biome-ignore lint/style/useTemplate: two parts only to keep the line within 120 characters
      `NRLS-SEARCH-007, NRLS-SEARCH-008: an _id search ` + `returns that pointer in a Bundle of one (${format})`,
      async () => {
        const mock = testMock();
        const { ids } = await patientWithTwoPointers(mock);
        const bundle = bundleOf(await search(mock, { _id: ids[0]! }, { format }));
        assert.equal(bundle.total, 1);
        assert.equal(bundle.entry!.length, 1);
        assert.equal(bundle.entry![0]!.resource.id, ids[0]);
      },
    );

    it(`NRLS-SEARCH-010 (AMB-18): _summary=count with subject gives the total and no entries (${format})`, async () => {
      const mock = testMock();
      const { nhsNumber } = await patientWithTwoPointers(mock);
      const bundle = bundleOf(await search(mock, subjectQuery(nhsNumber, { _summary: 'count' }), { format }));
      assert.equal(bundle.total, 2);
      assert.equal(bundle.entry, undefined);
      const none = bundleOf(await search(mock, subjectQuery(KNOWN_PATIENT, { _summary: 'count' }), { format }));
      assert.equal(none.total, 0);
    });

    it(
      `NRLS-SEARCH-017, NRLS-NHS-007, NRLS-ERR-012 (AMB-40): an unknown patient ` +
        `is 404, a known one without pointers an empty Bundle (${format})`,
      async () => {
        const mock = testMock();
        assertOutcome(
          await search(mock, subjectQuery(UNKNOWN_PATIENT), { format }),
          'NO_RECORD_FOUND',
          `The given NHS number could not be found ${UNKNOWN_PATIENT}`,
        );
        const empty = bundleOf(await search(mock, subjectQuery(KNOWN_PATIENT), { format }));
        assert.equal(empty.total, 0);
        assert.equal(empty.entry, undefined);
      },
    );

    it(
      `NRLS-SEARCH-018, NRLS-ERR-011 (AMB-49): an _id that matches ` +
        `nothing, or is malformed, is 404 NO_RECORD_FOUND (${format})`,
      async () => {
        const mock = testMock();
        for (const id of ['0353e505-f7be-4c20-8f4e-337e79a32c51-76009894321256642261', 'not an id', '']) {
          assertOutcome(
            await search(mock, { _id: id }, { format }),
            'NO_RECORD_FOUND',
            `No record found for supplied DocumentReference identifier - ${id}`,
          );
        }
      },
    );
  }

  it('NRLS-SEARCH-026, NRLS-LIFE-001 (AMB-23): a subject search returns superseded pointers too', async () => {
    const mock = testMock();
    const bundle = bundleOf(await search(mock, subjectQuery(SEEDED_PATIENT)));
    assert.ok(bundle.entry!.some((entry) => entry.resource.status === 'superseded'));
    assert.ok(bundle.entry!.some((entry) => entry.resource.status === 'current'));
  });

  it(
    'NRLS-SEARCH-028, NRLS-DELETE-010 (AMB-53): a deleted ' + 'pointer never appears again; the patient stays known',
    async () => {
      const mock = testMock();
      const nhsNumber = generateNhsNumber();
      const id = createdId(await create(mock, buildPointer({ nhsNumber, custodian: PROVIDER.ods })));
      assertOutcome(await remove(mock, { _id: id }), 'RESOURCE_DELETED');
      assertOutcome(await search(mock, { _id: id }), 'NO_RECORD_FOUND');
      const bundle = bundleOf(await search(mock, subjectQuery(nhsNumber)));
      assert.equal(bundle.total, 0);
    },
  );

  it('NRLS-GEN-005: %7C and a raw pipe in tokens are both understood', async () => {
    const mock = testMock();
    const { nhsNumber } = await patientWithTwoPointers(mock);
    const url =
      `/DocumentReference?subject=${patientUrl(nhsNumber)}` +
      `&custodian.identifier=${ODS_CODE_SYSTEM}%7C${PROVIDER.ods}`;
    const encoded = await mock.http.get(url).set(headersFor(CONSUMER, 'read')).set('Accept', 'application/fhir+json');
    assert.equal(bundleOf(encoded).total, 1);
    const raw = await mock.http
      .get(url.replace('%7C', '|'))
      .set(headersFor(CONSUMER, 'read'))
      .set('Accept', 'application/fhir+json');
    assert.equal(bundleOf(raw).total, 1);
  });

  it('NRLS-SEARCH-030: results do not depend on the order pointers were created', async () => {
    const mock = testMock();
    const { nhsNumber, ids } = await patientWithTwoPointers(mock);
    const found = bundleOf(await search(mock, subjectQuery(nhsNumber))).entry!.map((entry) => entry.resource.id);
    assert.deepEqual(new Set(found), new Set(ids));
  });

  const REFUSALS: {
    ids: string;
    query: Record<string, string>;
    key: 'INVALID_PARAMETER' | 'INVALID_NHS_NUMBER';
    diagnostics: string | RegExp;
  }[] = [
    {
      ids: 'NRLS-SEARCH-003, NRLS-SEARCH-020 (AMB-19)',
      query: {},
      key: 'INVALID_PARAMETER',
      diagnostics: 'Missing parameter: subject',
    },
    {
      ids: 'NRLS-SEARCH-003',
      query: { 'custodian.identifier': `${ODS_CODE_SYSTEM}|RR8` },
      key: 'INVALID_PARAMETER',
      diagnostics: 'Missing parameter: subject',
    },
    {
      ids: 'NRLS-SEARCH-003',
      query: { 'type.coding': `${SNOMED_SYSTEM}|736253002` },
      key: 'INVALID_PARAMETER',
      diagnostics: 'Missing parameter: subject',
    },
    {
      ids: 'NRLS-SEARCH-019, NRLS-ERR-005',
      query: { subject: `https://example.org/Patient/${KNOWN_PATIENT}` },
      key: 'INVALID_PARAMETER',
      diagnostics: PATIENT_URL_TEXT,
    },
    {
      ids: 'NRLS-SEARCH-020 (AMB-19)',
      query: { subject: 'https://demographics.spineservices.nhs.uk/STU3/Patient/' },
      key: 'INVALID_PARAMETER',
      diagnostics: PATIENT_URL_TEXT,
    },
    {
      ids: 'NRLS-SEARCH-021, NRLS-NHS-004, NRLS-ERR-010',
      query: subjectQuery('9876543211'),
      key: 'INVALID_NHS_NUMBER',
      diagnostics: 'The NHS number does not conform to the NHS Number format: 9876543211.',
    },
    {
      ids: 'NRLS-SEARCH-021, NRLS-NHS-006 (AMB-58)',
      query: subjectQuery('987654321'),
      key: 'INVALID_NHS_NUMBER',
      diagnostics: 'The NHS number does not conform to the NHS Number format: 987654321.',
    },
    {
      ids: 'NRLS-SEARCH-009',
      query: { _id: 'x', ...subjectQuery(KNOWN_PATIENT) },
      key: 'INVALID_PARAMETER',
      diagnostics: /_id/,
    },
    {
      ids: 'NRLS-SEARCH-011',
      query: subjectQuery(KNOWN_PATIENT, { _summary: 'true' }),
      key: 'INVALID_PARAMETER',
      diagnostics: /_summary/,
    },
    {
      ids: 'NRLS-SEARCH-011',
      query: subjectQuery(KNOWN_PATIENT, { _summary: 'data' }),
      key: 'INVALID_PARAMETER',
      diagnostics: /_summary/,
    },
    {
      ids: 'NRLS-SEARCH-012 (AMB-18)',
      query: subjectQuery(KNOWN_PATIENT, { _summary: 'count', 'custodian.identifier': `${ODS_CODE_SYSTEM}|RR8` }),
      key: 'INVALID_PARAMETER',
      diagnostics: /_summary/,
    },
    {
      ids: 'NRLS-SEARCH-012 (AMB-18)',
      query: subjectQuery(KNOWN_PATIENT, { _summary: 'count', 'type.coding': `${SNOMED_SYSTEM}|736253002` }),
      key: 'INVALID_PARAMETER',
      diagnostics: /_summary/,
    },
    {
      ids: 'NRLS-SEARCH-012 (AMB-18)',
      query: { _summary: 'count' },
      key: 'INVALID_PARAMETER',
      diagnostics: 'Missing parameter: subject',
    },
    {
      ids: 'NRLS-SEARCH-022 (AMB-20)',
      query: subjectQuery(KNOWN_PATIENT, { 'custodian.identifier': 'https://example.org/ods|RR8' }),
      key: 'INVALID_PARAMETER',
      diagnostics: /custodian/,
    },
    {
      ids: 'NRLS-SEARCH-022 (AMB-20)',
      query: subjectQuery(KNOWN_PATIENT, { 'custodian.identifier': `${ODS_CODE_SYSTEM}|ZZZ99` }),
      key: 'INVALID_PARAMETER',
      diagnostics: /custodian/,
    },
    {
      ids: 'NRLS-SEARCH-022, NRLS-ODS-002 (AMB-20)',
      query: subjectQuery(KNOWN_PATIENT, { custodian: `${ODS_CODE_SYSTEM}|RGD` }),
      key: 'INVALID_PARAMETER',
      diagnostics: /custodian/,
    },
    {
      ids: 'NRLS-SEARCH-022 (AMB-20)',
      query: subjectQuery(KNOWN_PATIENT, { 'custodian.identifier': 'RR8' }),
      key: 'INVALID_PARAMETER',
      diagnostics: /custodian/,
    },
    {
      ids: 'NRLS-SEARCH-023',
      query: subjectQuery(KNOWN_PATIENT, { 'type.coding': 'http://loinc.org|736253002' }),
      key: 'INVALID_PARAMETER',
      diagnostics: /type/,
    },
    {
      ids: 'NRLS-SEARCH-023 (AMB-46)',
      query: subjectQuery(KNOWN_PATIENT, { type: `${SNOMED_SYSTEM}|718347000` }),
      key: 'INVALID_PARAMETER',
      diagnostics: /type/,
    },
    ...['_count', '_sort', 'patient', 'period', 'created', 'identifier'].map((name) => ({
      ids: 'NRLS-SEARCH-025, NRLS-SEARCH-031 (AMB-22)',
      query: subjectQuery(KNOWN_PATIENT, { [name]: '1' }),
      key: 'INVALID_PARAMETER' as const,
      diagnostics: `Invalid parameter: ${name}`,
    })),
    {
      ids: 'NRLS-SEARCH-004',
      query: {
        ...subjectQuery(KNOWN_PATIENT),
        custodian: `${ODS_CODE_SYSTEM}|RR8`,
        'custodian.identifier': `${ODS_CODE_SYSTEM}|RR8`,
      },
      key: 'INVALID_PARAMETER',
      diagnostics: /custodian/,
    },
  ];

  for (const refusal of REFUSALS) {
    it(
      `${refusal.ids}: search ${new URLSearchParams(refusal.query).toString() || '(no parameters)'} ` +
        `is 400 ${refusal.key}`,
      async () => {
        assertOutcome(await search(testMock(), refusal.query), refusal.key, refusal.diagnostics);
      },
    );
  }

  it('NRLS-SEARCH-032, NRLS-JWT-015: a consumer search without requesting_user is refused', async () => {
    const mock = testMock();
    const res = await mock.http
      .get('/DocumentReference')
      .query(subjectQuery(SEEDED_PATIENT))
      .set(headersFor({ ...CONSUMER, user: undefined }, 'read'));
    assertOutcome(
      res,
      'INVALID_JWT',
      'The mandatory claim requesting_user from the JWT associated with the Authorisation header is missing',
    );
  });

  it(
    'NRLS-AUTHZ-012 (AMB-21): a provider may search pointers it ' +
      'does not own, and a consumer may filter by custodian',
    async () => {
      const mock = testMock();
      const { nhsNumber } = await patientWithTwoPointers(mock);
      assert.equal(bundleOf(await search(mock, subjectQuery(nhsNumber), { as: PROVIDER })).total, 2);
      const filtered = await search(
        mock,
        subjectQuery(nhsNumber, { 'custodian.identifier': `${ODS_CODE_SYSTEM}|${PROVIDER.ods}` }),
        { as: CONSUMER },
      );
      assert.equal(bundleOf(filtered).total, 1);
    },
  );

  it('NRLS-CREATE-014: two patients may share a masterIdentifier and each search sees only its own', async () => {
    const mock = testMock();
    const master = uniqueMasterIdentifier();
    const [a, b] = [generateNhsNumber(), generateNhsNumber()];
    for (const nhsNumber of [a, b])
      await create(mock, buildPointer({ nhsNumber, custodian: PROVIDER.ods, masterIdentifier: master }));
    assert.equal(bundleOf(await search(mock, subjectQuery(a))).total, 1);
    assert.equal(bundleOf(await search(mock, subjectQuery(b))).total, 1);
  });
});
