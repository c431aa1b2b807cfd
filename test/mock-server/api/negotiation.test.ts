import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPointer } from '../../../src/domain/pointer-builder.ts';
import { resourceToXml, type FhirResource } from '../../../src/domain/stu3-xml.ts';
import {
  ACCEPT,
  CONSUMER,
  KNOWN_PATIENT,
  PROVIDER,
  SEEDED_PATIENT,
  assertOutcome,
  bundleOf,
  create,
  createdId,
  headersFor,
  resourceOf,
  search,
  subjectQuery,
  testMock,
  type Format,
  type TestMock,
} from '../../support/mock.ts';

type Response = Parameters<typeof assertOutcome>[0];
/** What is sent: the three interactions, and two refusals to show errors follow the negotiation too. */
const KINDS = ['search', 'create', 'delete', 'invalid NHS number', 'missing fromASID'] as const;
type Kind = (typeof KINDS)[number];
const STATUS: Record<Kind, number> = {
  search: 200,
  create: 201,
  delete: 200,
  'invalid NHS number': 400,
  'missing fromASID': 400,
};
const RESPONSE_TYPE: Record<Format, string> = {
  xml: 'application/fhir+xml;charset=utf-8',
  json: 'application/fhir+json;charset=utf-8',
};

interface Negotiation {
  accept?: string;
  format?: string;
}

const pointerJson = () => JSON.stringify(buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods }));
const pointerXml = () =>
  resourceToXml(buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods }) as FhirResource);

async function send(mock: TestMock, kind: Kind, { accept, format }: Negotiation) {
  const _format = format === undefined ? {} : { _format: format };
  let req;
  if (kind === 'search' || kind === 'invalid NHS number' || kind === 'missing fromASID') {
    const headers = headersFor(CONSUMER, 'read');
    if (kind === 'missing fromASID') delete (headers as Record<string, string>).fromASID;
    const nhsNumber = kind === 'invalid NHS number' ? '9876543211' : SEEDED_PATIENT;
    req = mock.http
      .get('/DocumentReference')
      .query({ ...subjectQuery(nhsNumber), ..._format })
      .set(headers);
  } else if (kind === 'create') {
    req = mock.http
      .post('/DocumentReference')
      .query(_format)
      .set(headersFor(PROVIDER, 'write'))
      .set('Content-Type', ACCEPT.json)
      .send(pointerJson());
  } else {
    const id = createdId(await create(mock, buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods })));
    req = mock.http
      .delete('/DocumentReference')
      .query({ _id: id, ..._format })
      .set(headersFor(PROVIDER, 'write'));
  }
  return accept === undefined ? req : req.set('Accept', accept);
}

/** NRLS-FMT-009 (AMB-15): the STU3 type and charset, whatever alias was asked for; the body really is that format. */
function assertFormat(res: Response, format: Format) {
  assert.equal(res.headers['content-type'], RESPONSE_TYPE[format]);
  // resourceOf reads XML strictly (well-formed, root in http://hl7.org/fhir, STU3 elements only).
  const resource = resourceOf(res);
  assert.match(resource.resourceType, /^(Bundle|OperationOutcome)$/);
  if (format === 'xml')
    assert.match(res.text, /^(<\?xml[^>]*\?>\s*)?<(Bundle|OperationOutcome) xmlns="http:\/\/hl7\.org\/fhir"/);
}

const CASES: { title: string; negotiation: Negotiation; expect: Format }[] = [
  { title: 'NRLS-FMT-005, NRLS-HDR-004: neither Accept nor _format gives XML', negotiation: {}, expect: 'xml' },
  {
    title: 'NRLS-FMT-001: Accept application/fhir+xml',
    negotiation: { accept: 'application/fhir+xml' },
    expect: 'xml',
  },
  {
    title: 'NRLS-FMT-001: Accept application/fhir+json',
    negotiation: { accept: 'application/fhir+json' },
    expect: 'json',
  },
  {
    title: 'NRLS-FMT-001: Accept application/fhir+json with a charset parameter',
    negotiation: { accept: 'application/fhir+json; charset=utf-8' },
    expect: 'json',
  },
  {
    title: 'NRLS-FMT-002, NRLS-FMT-009 (AMB-15): Accept application/xml+fhir (DSTU2)',
    negotiation: { accept: 'application/xml+fhir' },
    expect: 'xml',
  },
  {
    title: 'NRLS-FMT-002, NRLS-FMT-009 (AMB-15): Accept application/json+fhir (DSTU2)',
    negotiation: { accept: 'application/json+fhir' },
    expect: 'json',
  },
  {
    title: 'NRLS-FMT-003, NRLS-FMT-009 (AMB-15): Accept application/xml',
    negotiation: { accept: 'application/xml' },
    expect: 'xml',
  },
  {
    title: 'NRLS-FMT-003, NRLS-FMT-009 (AMB-15): Accept application/json',
    negotiation: { accept: 'application/json' },
    expect: 'json',
  },
  {
    title: 'NRLS-FMT-003, NRLS-FMT-009 (AMB-15): Accept text/json',
    negotiation: { accept: 'text/json' },
    expect: 'json',
  },
  {
    title: 'NRLS-FMT-007 (AMB-12): an unsupported Accept (text/html) without _format falls back to XML',
    negotiation: { accept: 'text/html' },
    expect: 'xml',
  },
  {
    title: 'NRLS-FMT-007, NRLS-FMT-003 (AMB-12): Accept text/xml, which is not listed, falls back to XML',
    negotiation: { accept: 'text/xml' },
    expect: 'xml',
  },
  {
    title: 'NRLS-FMT-004: _format application/fhir+json wins over Accept application/fhir+xml',
    negotiation: { accept: 'application/fhir+xml', format: 'application/fhir+json' },
    expect: 'json',
  },
  {
    title: 'NRLS-FMT-004: _format application/fhir+xml wins over Accept application/fhir+json',
    negotiation: { accept: 'application/fhir+json', format: 'application/fhir+xml' },
    expect: 'xml',
  },
  {
    title: 'NRLS-FMT-004, NRLS-FMT-002, NRLS-FMT-009 (AMB-15): _format application/json+fhir',
    negotiation: { accept: 'application/fhir+xml', format: 'application/json+fhir' },
    expect: 'json',
  },
  {
    title: 'NRLS-FMT-004, NRLS-FMT-002, NRLS-FMT-009 (AMB-15): _format application/xml+fhir',
    negotiation: { accept: 'application/fhir+json', format: 'application/xml+fhir' },
    expect: 'xml',
  },
  {
    title: 'NRLS-FMT-004, NRLS-FMT-003: _format application/json',
    negotiation: { format: 'application/json' },
    expect: 'json',
  },
  {
    title: 'NRLS-FMT-004, NRLS-FMT-003: _format application/xml',
    negotiation: { accept: 'application/fhir+json', format: 'application/xml' },
    expect: 'xml',
  },
  {
    title: 'NRLS-FMT-004, NRLS-FMT-003: _format text/json',
    negotiation: { accept: 'application/fhir+xml', format: 'text/json' },
    expect: 'json',
  },
  {
    title: 'NRLS-FMT-004, NRLS-FMT-007: _format json wins over an unsupported Accept',
    negotiation: { accept: 'text/html', format: 'json' },
    expect: 'json',
  },
  {
    title: 'NRLS-FMT-008 (AMB-14): _format=json wins over Accept application/fhir+xml',
    negotiation: { accept: 'application/fhir+xml', format: 'json' },
    expect: 'json',
  },
  {
    title: 'NRLS-FMT-008 (AMB-14): _format=xml wins over Accept application/fhir+json',
    negotiation: { accept: 'application/fhir+json', format: 'xml' },
    expect: 'xml',
  },
  {
    title: 'NRLS-FMT-008 (AMB-14): the guide’s cURL example, Accept application/fhir+xml and _format=xml',
    negotiation: { accept: 'application/fhir+xml', format: 'xml' },
    expect: 'xml',
  },
];

describe('content negotiation (§1.5)', () => {
  for (const row of CASES) {
    for (const kind of KINDS) {
      const errorNote = STATUS[kind] >= 400 ? ', NRLS-FMT-011' : '';
      it(`${row.title}${errorNote}: a ${kind} is answered in ${row.expect}`, async () => {
        const res = await send(testMock(), kind, row.negotiation);
        assert.equal(res.status, STATUS[kind], res.text.slice(0, 300));
        assertFormat(res, row.expect);
      });
    }
  }
});

/** NRLS-ERR-013 as the spec writes it (AMB-44: the table's system). */
function assertUnsupportedMediaType(res: Response) {
  const issue = assertOutcome(res, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported Media Type');
  assert.equal(res.status, 415);
  assert.equal(issue.severity, 'error');
  assert.equal(issue.code, 'invalid');
  assert.deepEqual(issue.details?.coding, [
    {
      system: 'http://fhir.nhs.net/ValueSet/spine-response-code-1-0',
      code: 'UNSUPPORTED_MEDIA_TYPE',
      display: 'Unsupported Media Type',
    },
  ]);
  assert.deepEqual((resourceOf(res) as { meta?: unknown }).meta, {
    profile: ['https://fhir.nhs.uk/StructureDefinition/spine-operationoutcome-1-0'],
  });
  // NRLS-FMT-011: Spine may answer a 415 in XML even when JSON was asked for, so either is accepted.
  assert.match(res.headers['content-type']!, /^application\/fhir\+(xml|json);charset=utf-8$/);
}

const UNSUPPORTED: { title: string; negotiation: Negotiation }[] = [
  {
    title: 'NRLS-FMT-006 (a): unsupported Accept and unsupported _format',
    negotiation: { accept: 'text/html', format: 'text/html' },
  },
  {
    title: 'NRLS-FMT-006 (b): supported Accept but unsupported _format',
    negotiation: { accept: 'application/fhir+json', format: 'application/pdf' },
  },
  {
    title: 'NRLS-FMT-006 (c), NRLS-SEARCH-024 (AMB-13): valid parameters and an unsupported _format',
    negotiation: { format: 'text/plain' },
  },
  {
    title: 'NRLS-FMT-003, NRLS-FMT-006: _format text/xml, which is not listed',
    negotiation: { accept: 'application/fhir+xml', format: 'text/xml' },
  },
  {
    title: 'NRLS-FMT-006, NRLS-FMT-008 (AMB-13, AMB-14): a short _format other than xml and json',
    negotiation: { format: 'turtle' },
  },
];

describe('unsupported media type (NRLS-ERR-013)', () => {
  for (const row of UNSUPPORTED) {
    for (const kind of ['search', 'create', 'delete'] as const) {
      it(`${row.title}: a ${kind} gets 415 UNSUPPORTED_MEDIA_TYPE (NRLS-ERR-013, AMB-44)`, async () => {
        assertUnsupportedMediaType(await send(testMock(), kind, row.negotiation));
      });
    }
  }

  it(
    'NRLS-FMT-006, NRLS-SEARCH-024 (AMB-50): _format decides the 415, ' +
      'not the search outcome (an unknown patient still gets 415)',
    async () => {
      const res = await testMock()
        .http.get('/DocumentReference')
        .query({ ...subjectQuery('9000000033'), _format: 'application/pdf' })
        .set(headersFor(CONSUMER, 'read'));
      assertUnsupportedMediaType(res);
    },
  );
});

/** A create whose body is `body`, declared as `contentType` (none when undefined), answered in JSON. */
function createWithBody(mock: TestMock, body: string, contentType?: string) {
  const req = mock.http.post('/DocumentReference').set(headersFor(PROVIDER, 'write')).set('Accept', ACCEPT.json);
  // A Buffer body makes supertest send no Content-Type of its own.
  return contentType === undefined ? req.send(Buffer.from(body)) : req.set('Content-Type', contentType).send(body);
}

const BODIES: { title: string; body: () => string; contentType?: string; accepted: boolean }[] = [
  ...[
    'application/fhir+json',
    'application/json+fhir',
    'application/json',
    'text/json',
    'application/fhir+json; charset=utf-8',
  ].map((type) => ({
    title: `NRLS-FMT-010 (AMB-16): a JSON body declared ${type} is parsed`,
    body: pointerJson,
    contentType: type,
    accepted: true,
  })),
  ...['application/fhir+xml', 'application/xml+fhir', 'application/xml'].map((type) => ({
    title: `NRLS-FMT-010 (AMB-16): an XML body declared ${type} is parsed`,
    body: pointerXml,
    contentType: type,
    accepted: true,
  })),
  { title: 'NRLS-FMT-010 (AMB-16): an XML body without Content-Type is sniffed', body: pointerXml, accepted: true },
  { title: 'NRLS-FMT-010 (AMB-16): a JSON body without Content-Type is sniffed', body: pointerJson, accepted: true },
  {
    title: 'NRLS-FMT-010 (AMB-16): an XML body declared text/xml (not a recognised type) is sniffed, never 415',
    body: pointerXml,
    contentType: 'text/xml',
    accepted: true,
  },
  {
    title: 'NRLS-FMT-010 (AMB-16): a JSON body declared text/plain is sniffed, never 415',
    body: pointerJson,
    contentType: 'text/plain',
    accepted: true,
  },
  {
    title: 'NRLS-FMT-010 (AMB-16): a JSON body declared application/pdf is sniffed, never 415',
    body: pointerJson,
    contentType: 'application/pdf',
    accepted: true,
  },
  {
    title:
      'NRLS-FMT-010, NRLS-CREATE-020 (AMB-16): a JSON body declared application/fhir+xml is parsed as XML and fails',
    body: pointerJson,
    contentType: 'application/fhir+xml',
    accepted: false,
  },
  {
    title:
      'NRLS-FMT-010, NRLS-CREATE-020 (AMB-16): an XML body declared application/fhir+json is parsed as JSON and fails',
    body: pointerXml,
    contentType: 'application/fhir+json',
    accepted: false,
  },
  {
    title: 'NRLS-FMT-010, NRLS-CREATE-020 (AMB-16): a body that is neither XML nor JSON',
    body: () => 'resourceType=DocumentReference',
    contentType: 'text/plain',
    accepted: false,
  },
  {
    title: 'NRLS-FMT-010, NRLS-CREATE-020 (AMB-16): truncated JSON without Content-Type',
    body: () => pointerJson().slice(0, 40),
    accepted: false,
  },
];

describe('request bodies (NRLS-FMT-010)', () => {
  for (const row of BODIES) {
    it(`${row.title}: ${row.accepted ? '201' : '400 INVALID_REQUEST_MESSAGE'}`, async () => {
      const res = await createWithBody(testMock(), row.body(), row.contentType);
      assert.notEqual(res.status, 415, 'a request Content-Type never gets 415');
      if (row.accepted) {
        assert.equal(res.status, 201, res.text.slice(0, 300));
        return;
      }
      const issue = assertOutcome(res, 'INVALID_REQUEST_MESSAGE', 'Invalid Request Message');
      assert.equal(res.status, 400);
      assert.equal(issue.code, 'value');
      assert.deepEqual(issue.details?.coding, [
        {
          system: 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1',
          code: 'INVALID_REQUEST_MESSAGE',
          display: 'Invalid Request Message',
        },
      ]);
    });
  }

  it(
    'NRLS-FMT-005, NRLS-FMT-010: the response format follows Accept and _format, ' +
      'not the request body (a JSON body without Accept is answered in XML)',
    async () => {
      const res = await createWithBody(testMock(), pointerJson(), 'application/fhir+json').unset('Accept');
      assert.equal(res.status, 201, res.text.slice(0, 300));
      assertFormat(res, 'xml');
    },
  );

  it(
    'NRLS-FMT-012, NRLS-FMT-001 (AMB-41): a pointer created in XML is ' +
      'found in JSON and one created in JSON is found in XML, unchanged',
    async () => {
      const mock = testMock();
      const fromXml = buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods });
      const fromJson = buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods });
      const xmlId = createdId(await create(mock, fromXml, { format: 'xml' }));
      const jsonId = createdId(await create(mock, fromJson, { format: 'json' }));
      for (const [id, sent, format] of [
        [xmlId, fromXml, 'json'],
        [jsonId, fromJson, 'xml'],
      ] as const) {
        const stored = bundleOf(await search(mock, { _id: id }, { format })).entry![0]!.resource;
        const { id: _id, meta: _meta, ...content } = stored;
        const { meta: _sentMeta, ...expected } = sent;
        assert.deepEqual(content, expected);
      }
    },
  );
});
