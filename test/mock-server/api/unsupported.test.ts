import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPointer } from '../../../src/domain/pointer-builder.ts';
import {
  ACCEPT,
  KNOWN_PATIENT,
  PROVIDER,
  SEEDED_PATIENT,
  assertOutcome,
  bundleOf,
  create,
  createdId,
  headersFor,
  search,
  subjectQuery,
  testMock,
  type Format,
  type TestMock,
} from '../../support/mock.ts';

const FORMATS: Format[] = ['json', 'xml'];
type Response = Parameters<typeof assertOutcome>[0];
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'options';

/** Sends `method path` as a valid provider would, so that the method and path are the only defect. */
function send(mock: TestMock, method: Method, path: string, format: Format, body?: unknown) {
  const req = mock.http[method](path)
    .set(headersFor(PROVIDER, method === 'get' ? 'read' : 'write'))
    .set('Accept', ACCEPT[format]);
  return body === undefined ? req : req.set('Content-Type', ACCEPT.json).send(JSON.stringify(body));
}

/** NRLS-ERR-017, NRLS-UNSUP-007 (AMB-38): error, not-supported, no Spine code; in the negotiated format. */
function assertNotSupported(res: Response, status: 404 | 405, format: Format) {
  const issue = assertOutcome(res, status === 405 ? 'METHOD_NOT_ALLOWED' : 'UNKNOWN_PATH');
  assert.equal(res.status, status);
  assert.equal(issue.severity, 'error');
  assert.equal(issue.code, 'not-supported');
  assert.equal(issue.details, undefined, 'no Spine code');
  assert.match(issue.diagnostics ?? '', /\S/, 'free-text diagnostics');
  assert.match(
    res.headers['content-type']!,
    format === 'json' ? /^application\/fhir\+json;charset=utf-8$/ : /^application\/fhir\+xml;charset=utf-8$/,
  );
}

/** The methods an Allow header lists. */
const allowed = (res: Response) => {
  assert.equal(typeof res.headers.allow, 'string', 'a 405 carries an Allow header (RFC 7231)');
  return res.headers
    .allow!.split(',')
    .map((method) => method.trim())
    .filter(Boolean)
    .sort();
};

async function ownPointer(mock: TestMock) {
  const pointer = buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods });
  const id = createdId(await create(mock, pointer));
  return { pointer, id };
}

/** The stored pointer, to show an unsupported request changed nothing. */
async function stored(mock: TestMock, id: string) {
  const bundle = bundleOf(await search(mock, { _id: id }));
  assert.equal(bundle.total, 1, 'the pointer is still there');
  return bundle.entry![0]!.resource;
}

const ENTERED_IN_ERROR = [{ op: 'replace', path: '/status', value: 'entered-in-error' }];

const INSTANCE: { title: string; method: Method; body?: (pointer: object) => unknown }[] = [
  { title: 'NRLS-UNSUP-001: a FHIR read GET /DocumentReference/[id]', method: 'get' },
  {
    title: 'NRLS-UNSUP-002, NRLS-UNSUP-006: an update PUT /DocumentReference/[id] to entered-in-error',
    method: 'put',
    body: (pointer) => ({ ...pointer, status: 'entered-in-error' }),
  },
  {
    title: 'NRLS-UNSUP-003, NRLS-UNSUP-006: a PATCH /DocumentReference/[id] to entered-in-error',
    method: 'patch',
    body: () => ENTERED_IN_ERROR,
  },
  { title: 'NRLS-UNSUP-005: a path-style DELETE /DocumentReference/[id]', method: 'delete' },
  { title: 'NRLS-UNSUP-007: a POST /DocumentReference/[id]', method: 'post', body: (pointer) => pointer },
];

describe('operations not supported in 1.2.x (§2.5)', () => {
  for (const row of INSTANCE) {
    for (const format of FORMATS) {
      it(
        `${row.title} is 405 not-supported with an Allow header listing no method ` +
          `of the instance, and changes nothing (NRLS-ERR-017, AMB-38) (${format})`,
        async () => {
          const mock = testMock();
          const { pointer, id } = await ownPointer(mock);
          const res = await send(mock, row.method, `/DocumentReference/${id}`, format, row.body?.(pointer));
          assertNotSupported(res, 405, format);
          assert.deepEqual(
            allowed(res).filter((method) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)),
            [],
          );
          const after = await stored(mock, id);
          assert.equal(after.status, 'current');
          assert.equal(after.meta.versionId, '1');
        },
      );
    }
  }

  const COLLECTION: {
    title: string;
    method: Method;
    query?: Record<string, string>;
    body?: (pointer: object) => unknown;
  }[] = [
    {
      title: 'NRLS-UNSUP-002, NRLS-UNSUP-006: a conditional update PUT /DocumentReference?_id=',
      method: 'put',
      body: (pointer) => ({ ...pointer, status: 'entered-in-error' }),
    },
    {
      title: 'NRLS-UNSUP-003, NRLS-UNSUP-006: a conditional PATCH /DocumentReference?_id=',
      method: 'patch',
      body: () => ENTERED_IN_ERROR,
    },
    { title: 'NRLS-UNSUP-007: OPTIONS /DocumentReference', method: 'options' },
  ];
  for (const row of COLLECTION) {
    for (const format of FORMATS) {
      it(
        `${row.title} is 405 not-supported with Allow: GET, POST, DELETE, ` +
          `and changes nothing (NRLS-ERR-017, AMB-38) (${format})`,
        async () => {
          const mock = testMock();
          const { pointer, id } = await ownPointer(mock);
          const res = await send(
            mock,
            row.method,
            `/DocumentReference?_id=${encodeURIComponent(id)}`,
            format,
            row.body?.(pointer),
          );
          assertNotSupported(res, 405, format);
          assert.deepEqual(allowed(res), ['DELETE', 'GET', 'POST']);
          assert.equal((await stored(mock, id)).status, 'current');
        },
      );
    }
  }

  const UNKNOWN_PATHS: { title: string; path: string }[] = [
    { title: 'NRLS-UNSUP-004: the CapabilityStatement GET /metadata', path: '/metadata' },
    { title: 'NRLS-GEN-002: GET /Patient/[NHS Number]', path: `/Patient/${SEEDED_PATIENT}` },
    { title: 'NRLS-GEN-002: GET /Organization/[ODS Code]', path: '/Organization/RR8' },
    { title: 'NRLS-GEN-002: GET /Binary', path: '/Binary' },
    { title: 'NRLS-GEN-002: GET / (no resource type)', path: '/' },
    {
      title: 'NRLS-GEN-002: GET /documentreference (resource type names are case-sensitive)',
      path: '/documentreference',
    },
  ];
  for (const row of UNKNOWN_PATHS) {
    for (const format of FORMATS) {
      it(`${row.title} is 404 not-supported (NRLS-UNSUP-007, NRLS-ERR-017, AMB-38) (${format})`, async () => {
        const res = await send(testMock(), 'get', row.path, format);
        assertNotSupported(res, 404, format);
      });
    }
  }

  for (const status of ['entered-in-error', 'superseded']) {
    for (const format of FORMATS) {
      it(
        `NRLS-UNSUP-006, NRLS-CREATE-011, NRLS-PROF-007, NRLS-LIFE-005 (AMB-29): a create with status ` +
          `${status} is 400 INVALID_RESOURCE, so no status can be set without a replacement (${format})`,
        async () => {
          const mock = testMock();
          const pointer = { ...buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods }), status };
          const res = await create(mock, pointer, { format });
          const issue = assertOutcome(
            res,
            'INVALID_RESOURCE',
            'The status of a new DocumentReference can only be "current"',
          );
          assert.equal(res.status, 400);
          assert.equal(issue.details?.coding[0]?.code, 'INVALID_RESOURCE');
          assert.equal(bundleOf(await search(mock, subjectQuery(KNOWN_PATIENT))).total, 0, 'nothing was stored');
        },
      );
    }
  }
});

describe('the base path (§1.2)', () => {
  const BASE = '/nrls-ri';

  it(
    'NRLS-GEN-002: with basePath /nrls-ri the service ' + 'answers search, create and delete under the prefix',
    async () => {
      const mock = testMock({ basePath: BASE });
      const bundle = bundleOf(
        await send(
          mock,
          'get',
          `${BASE}/DocumentReference?subject=${encodeURIComponent(subjectQuery(SEEDED_PATIENT).subject)}`,
          'json',
        ),
      );
      assert.ok(bundle.total > 0);
      const created = await send(
        mock,
        'post',
        `${BASE}/DocumentReference`,
        'xml',
        buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods }),
      );
      assert.equal(created.status, 201, created.text.slice(0, 300));
      assert.match(
        created.headers.location!,
        /^http:\/\/127\.0\.0\.1:\d+\/nrls-ri\/DocumentReference\?_id=/,
        'NRLS-CREATE-007: Location is under the base path',
      );
      const id = createdId(created);
      assert.equal(
        (await send(mock, 'delete', `${BASE}/DocumentReference?_id=${encodeURIComponent(id)}`, 'json')).status,
        200,
      );
    },
  );

  const OUTSIDE: { title: string; method: Method; path: string; status: 404 | 405 }[] = [
    {
      title: 'NRLS-GEN-002: /DocumentReference outside the base path is 404',
      method: 'get',
      path: '/DocumentReference',
      status: 404,
    },
    {
      title: 'NRLS-GEN-002: a look-alike prefix /nrls-rix/DocumentReference is 404',
      method: 'get',
      path: '/nrls-rix/DocumentReference',
      status: 404,
    },
    { title: 'NRLS-UNSUP-004: /nrls-ri/metadata is 404', method: 'get', path: `${BASE}/metadata`, status: 404 },
    { title: 'NRLS-GEN-002: the base path itself is 404', method: 'get', path: BASE, status: 404 },
    {
      title: 'NRLS-UNSUP-001: a read under the base path is 405',
      method: 'get',
      path: `${BASE}/DocumentReference/some-id`,
      status: 405,
    },
    {
      title: 'NRLS-UNSUP-002: a PUT under the base path is 405',
      method: 'put',
      path: `${BASE}/DocumentReference`,
      status: 405,
    },
  ];
  for (const row of OUTSIDE) {
    for (const format of FORMATS) {
      it(`${row.title} with basePath /nrls-ri (NRLS-UNSUP-007, AMB-38) (${format})`, async () => {
        const res = await send(
          testMock({ basePath: BASE }),
          row.method,
          `${row.path}?${new URLSearchParams(subjectQuery(SEEDED_PATIENT))}`,
          format,
        );
        assertNotSupported(res, row.status, format);
      });
    }
  }
});
