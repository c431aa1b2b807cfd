// Hostile and malformed input: every case gets its exact catalogue response, never a 5xx, always a FHIR
// OperationOutcome in the negotiated format, with nothing stored and no internal error reported. Then the
// one deliberate 5xx: the AMB-39 persistence fault, with its rollback.
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { describe, it } from 'node:test';
import type { MockConfig } from '../../../mock-server/config.ts';
import type { OutcomeKey } from '../../../mock-server/errors/catalogue.ts';
import { RESPONSE_CONTENT_TYPE, type FhirFormat } from '../../../src/domain/fhir-format.ts';
import { MASTER_IDENTIFIER_SYSTEM, patientUrl } from '../../../src/domain/identifiers.ts';
import { encodeUnsignedJwt, nrlsClaims, type JwtClaims } from '../../../src/domain/jwt.ts';
import { generateNhsNumber } from '../../../src/domain/nhs-number.ts';
import { buildPointer, uniqueMasterIdentifier } from '../../../src/domain/pointer-builder.ts';
import type { Pointer } from '../../../src/domain/pointer.ts';
import { resourceToXml, type FhirResource } from '../../../src/domain/stu3-xml.ts';
import {
  CONSUMER,
  KNOWN_PATIENT,
  PROVIDER,
  SEEDED_PATIENT,
  SPINE_ASID,
  assertOutcome,
  bundleOf,
  create,
  createdId,
  headersFor,
  listenOnFreePort,
  remove,
  resourceOf,
  search,
  subjectQuery,
  testFixtures,
  testMock,
  type TestMock,
} from '../../support/mock.ts';

interface RawRequest {
  method?: string;
  /** Request target below the root, default `/DocumentReference`. */
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body in 1 KB chunks with no Content-Length. */
  chunked?: boolean;
  /** Declare this Content-Length, send only `body`, and read the answer without finishing the request. */
  declaredLength?: number;
}

interface RawResponse {
  status: number;
  text: string;
  headers: Record<string, string>;
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

/** One request with exactly these bytes and headers (supertest would add a Content-Type of its own). */
async function send(mock: TestMock, raw: RawRequest): Promise<RawResponse> {
  const { port, close } = await listenOnFreePort(mock.app.handle);
  try {
    return await new Promise<RawResponse>((resolve, reject) => {
      const body = raw.body === undefined ? undefined : Buffer.from(raw.body);
      const headers = { ...raw.headers };
      if (raw.declaredLength !== undefined) headers['Content-Length'] = String(raw.declaredLength);
      else if (raw.chunked) headers['Transfer-Encoding'] = 'chunked';
      else if (body) headers['Content-Length'] = String(body.length);
      const req = httpRequest(
        { host: '127.0.0.1', port, method: raw.method ?? 'POST', path: raw.path ?? '/DocumentReference', headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            resolve({
              status: res.statusCode!,
              text: Buffer.concat(chunks).toString('utf8'),
              headers: flatHeaders(res.headers),
            });
            req.destroy();
          });
        },
      );
      // Once the answer is in, a refused upload may end in EPIPE; the promise is settled by then.
      req.on('error', reject);
      if (body && raw.chunked) {
        for (let at = 0; at < body.length; at += 1024) req.write(body.subarray(at, at + 1024));
        req.end();
      } else if (body && raw.declaredLength !== undefined) req.write(body);
      else req.end(body);
    });
  } finally {
    await close();
  }
}

const SEEDED_POINTERS = testFixtures().pointers.length;
const INVALID_REQUEST = 'Invalid Request Message';
const THREE_SECTIONS = 'The JWT associated with the Authorisation header must have the 3 sections';
const SEARCH_PATH = `/DocumentReference?subject=${encodeURIComponent(patientUrl(SEEDED_PATIENT))}`;

const pointer = (): Pointer => buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods });
const asJson = (resource: object = pointer()) => JSON.stringify(resource);
const asXml = (resource: Pointer = pointer()) => resourceToXml(resource as FhirResource);
/** The pointer's XML without its declaration, to put a DOCTYPE in front. */
const xmlRoot = (resource: Pointer = pointer()) => asXml(resource).replace(/^<\?xml[^>]*\?>/, '');
const withDescription = (description: string) => ({ ...pointer(), description });
const withTitle = (title: unknown) => {
  const titled = pointer();
  (titled.content![0]!.attachment as Record<string, unknown>).title = title;
  return titled;
};
/** The XML writer escapes `&`; this puts the entity references back as references. */
const withEntities = (xml: string) => xml.replace(/&amp;([A-Za-z][\w.-]*);/g, '&$1;');

const writeHeaders = (contentType?: string): Record<string, string> => ({
  ...headersFor(PROVIDER, 'write'),
  ...(contentType ? { 'Content-Type': contentType } : {}),
});
const postJson = (body: string | Buffer): RawRequest => ({ headers: writeHeaders('application/fhir+json'), body });
const postXml = (body: string | Buffer): RawRequest => ({ headers: writeHeaders('application/fhir+xml'), body });
const searchWith = (authorization: string): RawRequest => ({
  method: 'GET',
  path: SEARCH_PATH,
  headers: { ...headersFor(CONSUMER, 'read'), Authorization: authorization },
});
const tokenWith = (changes: JwtClaims) => {
  const claims = nrlsClaims({
    asid: CONSUMER.asid,
    ods: CONSUMER.ods,
    scope: 'patient/DocumentReference.read',
    audience: 'https://nrls.example/DocumentReference',
    user: CONSUMER.user,
  });
  return `Bearer ${encodeUnsignedJwt({ ...claims, ...changes })}`;
};
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const padTo = (text: string, bytes: number) => text + ' '.repeat(bytes - Buffer.byteLength(text));

const BILLION_LAUGHS = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE lolz [',
  '<!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, level) => {
    const previous = level === 0 ? 'lol' : `lol${level}`;
    return `<!ENTITY lol${level + 1} "${`&${previous};`.repeat(10)}">`;
  }),
  ']>',
  withEntities(xmlRoot(withDescription('&lol9;'))),
].join('');
const XXE =
  `<?xml version="1.0"?><!DOCTYPE DocumentReference [<!ENTITY xxe SYSTEM ` +
  `"file:///etc/passwd">]>${withEntities(xmlRoot(withDescription('&xxe;')))}`;

interface Hostile {
  title: string;
  request: () => RawRequest;
  key: OutcomeKey;
  diagnostics?: string | RegExp;
  /** OperationOutcome.issue.location, where the mock can name the element. */
  location?: string;
  config?: Partial<MockConfig>;
}

const INPUTS: Hostile[] = [
  // JSON that is not a FHIR resource
  ...(
    [
      ['malformed JSON', '{"resourceType": "DocumentReference", "status": '],
      ['JSON with trailing garbage', `${asJson()}garbage`],
      ['a JSON array', `[${asJson()}]`],
      ['a JSON string', '"DocumentReference"'],
      ['a JSON number', '42'],
      ['JSON null', 'null'],
      ['a JSON object without resourceType', asJson({ ...pointer(), resourceType: undefined })],
      ['a resourceType that is not a string', asJson({ ...pointer(), resourceType: 42 })],
      [
        'JSON nested 10,000 objects deep',
        `{"resourceType":"DocumentReference","description":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
      ],
      [
        'JSON nested 100,000 arrays deep',
        `{"resourceType":"DocumentReference","description":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      ],
      ['a __proto__ member', asJson().replace('{', '{"__proto__":{"polluted":true},')],
    ] as const
  ).map(
    ([defect, body]): Hostile => ({
      title: `NRLS-CREATE-020, NRLS-PROF-001, NRLS-ERR-008: ${defect} is INVALID_REQUEST_MESSAGE`,
      request: () => postJson(body),
      key: 'INVALID_REQUEST_MESSAGE',
      diagnostics: INVALID_REQUEST,
    }),
  ),
  {
    title:
      'NRLS-CREATE-020, NRLS-PROF-001, NRLS-ERR-008: an element STU3 ' +
      'does not define (JSON) is INVALID_REQUEST_MESSAGE naming it',
    request: () => postJson(asJson({ ...pointer(), foo: 'bar' })),
    key: 'INVALID_REQUEST_MESSAGE',
    diagnostics: INVALID_REQUEST,
    location: 'DocumentReference.foo',
  },
  {
    title:
      'NRLS-CREATE-020, NRLS-PROF-001, NRLS-ERR-008: a nested element STU3 ' +
      'does not define (JSON) is INVALID_REQUEST_MESSAGE naming it',
    request: () => {
      const nested = pointer();
      (nested.content![0]!.attachment as Record<string, unknown>).bogus = 1;
      return postJson(asJson(nested));
    },
    key: 'INVALID_REQUEST_MESSAGE',
    diagnostics: INVALID_REQUEST,
    location: 'DocumentReference.content.attachment.bogus',
  },

  // NRLS-CREATE-027: another resource type
  ...(
    [
      ['a JSON Patient', 'Patient', () => postJson('{"resourceType":"Patient","active":true}')],
      [
        'a JSON Bundle holding a DocumentReference',
        'Bundle',
        () => postJson(asJson({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: pointer() }] })),
      ],
      [
        'an XML Patient',
        'Patient',
        () => postXml('<Patient xmlns="http://hl7.org/fhir"><active value="true"/></Patient>'),
      ],
      [
        'an XML OperationOutcome',
        'OperationOutcome',
        () =>
          postXml(
            '<OperationOutcome xmlns="http://hl7.org/fhir"><issue><severity ' +
              'value="error"/><code value="invalid"/></issue></OperationOutcome>',
          ),
      ],
    ] as const
  ).map(
    ([defect, resourceType, request]): Hostile => ({
      title: `NRLS-CREATE-027: ${defect} is INVALID_RESOURCE`,
      request,
      key: 'INVALID_RESOURCE',
      diagnostics: `Resource is invalid : resourceType ${resourceType} is not DocumentReference`,
    }),
  ),

  // XML that is not a FHIR resource
  ...(
    [
      ['malformed XML (an unclosed element)', () => asXml().replace(/<\/DocumentReference>\s*$/, '')],
      ['XML with mismatched tags', () => asXml().replace('</DocumentReference>', '</DocumentReferenceX>')],
      ['XML with an unquoted attribute', () => asXml().replace('<status value="current"/>', '<status value=current/>')],
      ['a second root element after the XML root', () => `${asXml()}<DocumentReference xmlns="http://hl7.org/fhir"/>`],
      ['text after the XML root', () => `${asXml()}garbage`],
      ['an XML declaration and nothing else', () => '<?xml version="1.0" encoding="UTF-8"?>'],
      ['XML without the FHIR namespace', () => asXml().replace(' xmlns="http://hl7.org/fhir"', '')],
      [
        'XML in another namespace',
        () => asXml().replace('xmlns="http://hl7.org/fhir"', 'xmlns="http://hl7.org/fhir/not-fhir"'),
      ],
      [
        'XML nested 10,000 elements deep',
        () =>
          xmlRoot().replace(
            '</DocumentReference>',
            `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</DocumentReference>`,
          ),
      ],
      ['an undeclared entity reference', () => withEntities(asXml(withDescription('&undeclared;')))],
    ] as const
  ).map(
    ([defect, body]): Hostile => ({
      title: `NRLS-CREATE-020, NRLS-PROF-001, NRLS-ERR-008: ${defect} is INVALID_REQUEST_MESSAGE`,
      request: () => postXml(body()),
      key: 'INVALID_REQUEST_MESSAGE',
      diagnostics: INVALID_REQUEST,
    }),
  ),
  ...(
    [
      [
        'an element STU3 does not define (XML)',
        () => asXml().replace('<status', '<foo value="bar"/><status'),
        'DocumentReference.foo',
      ],
      [
        'a single element given twice (XML)',
        () => asXml().replace('<status value="current"/>', '<status value="current"/><status value="current"/>'),
        'DocumentReference.status',
      ],
      [
        'text content instead of a value attribute',
        () => asXml().replace('<status value="current"/>', '<status>current</status>'),
        'DocumentReference.status',
      ],
    ] as const
  ).map(
    ([defect, body, location]): Hostile => ({
      title: `NRLS-CREATE-020, NRLS-PROF-001, NRLS-ERR-008: ${defect} is INVALID_REQUEST_MESSAGE naming the element`,
      request: () => postXml(body()),
      key: 'INVALID_REQUEST_MESSAGE',
      diagnostics: INVALID_REQUEST,
      location,
    }),
  ),

  // DOCTYPE and entity declarations: refused, never expanded or fetched
  ...(
    [
      ['a DOCTYPE without entities', () => `<!DOCTYPE DocumentReference>${xmlRoot()}`],
      [
        'an internal entity declaration',
        () =>
          `<!DOCTYPE DocumentReference [<!ENTITY plan "Crisis ` +
          `plan">]>${withEntities(xmlRoot(withDescription('&plan;')))}`,
      ],
      ['a billion laughs entity expansion', () => BILLION_LAUGHS],
      ['an external entity (XXE) to file:///etc/passwd', () => XXE],
      ['an external DTD', () => `<!DOCTYPE DocumentReference SYSTEM "http://127.0.0.1:9/evil.dtd">${xmlRoot()}`],
      [
        'a parameter entity',
        () => `<!DOCTYPE DocumentReference [<!ENTITY % remote SYSTEM "file:///etc/passwd"> %remote;]>${xmlRoot()}`,
      ],
    ] as const
  ).map(
    ([defect, body]): Hostile => ({
      title: `NRLS-CREATE-020, NRLS-PROF-001, NRLS-ERR-008: ${defect} is INVALID_REQUEST_MESSAGE`,
      request: () => postXml(body()),
      key: 'INVALID_REQUEST_MESSAGE',
      diagnostics: INVALID_REQUEST,
    }),
  ),

  // Body size: refused with 413 and an OperationOutcome; the limit itself is allowed
  {
    title: 'NRLS-ERR-008: a body one byte over the default 1 MB limit is 413',
    request: () => postJson(padTo(asJson(), 1024 * 1024 + 1)),
    key: 'PAYLOAD_TOO_LARGE',
    diagnostics: 'The request body exceeds the limit of 1048576 bytes',
  },
  {
    title: 'NRLS-ERR-008: a body over a configured bodyLimitBytes is 413',
    request: () => postJson(asJson()),
    key: 'PAYLOAD_TOO_LARGE',
    diagnostics: 'The request body exceeds the limit of 64 bytes',
    config: { bodyLimitBytes: 64 },
  },
  {
    title: 'NRLS-ERR-008: a chunked body (no Content-Length) over the limit is 413',
    request: () => ({ ...postJson(padTo(asJson(), 5000)), chunked: true }),
    key: 'PAYLOAD_TOO_LARGE',
    diagnostics: 'The request body exceeds the limit of 1024 bytes',
    config: { bodyLimitBytes: 1024 },
  },
  {
    title: 'NRLS-ERR-008: a declared Content-Length far over the limit is 413 without waiting for the body',
    request: () => ({ ...postJson('{"resourceType":'), declaredLength: 100_000_000 }),
    key: 'PAYLOAD_TOO_LARGE',
    diagnostics: 'The request body exceeds the limit of 1024 bytes',
    config: { bodyLimitBytes: 1024 },
  },
  {
    title: 'NRLS-CREATE-005: a body of exactly bodyLimitBytes is accepted',
    request: () => postJson(padTo(asJson(), 4096)),
    key: 'RESOURCE_CREATED',
    config: { bodyLimitBytes: 4096 },
  },
  {
    title: 'NRLS-ERR-008: a body of bodyLimitBytes + 1 is 413',
    request: () => postJson(padTo(asJson(), 4097)),
    key: 'PAYLOAD_TOO_LARGE',
    diagnostics: 'The request body exceeds the limit of 4096 bytes',
    config: { bodyLimitBytes: 4096 },
  },

  // NRLS-FMT-010 (AMB-16): the request Content-Type decides the syntax when NRLS knows it, otherwise the
  // body is sniffed; it is never a 415.
  ...(
    [
      ['JSON with no Content-Type', undefined, asJson],
      ['XML with no Content-Type', undefined, asXml],
      ['XML labelled text/plain', 'text/plain', asXml],
      ['XML labelled text/xml (not an NRLS media type)', 'text/xml', asXml],
      ['JSON labelled application/x-www-form-urlencoded', 'application/x-www-form-urlencoded', asJson],
      ['JSON labelled multipart/form-data', 'multipart/form-data; boundary=x', asJson],
      ['JSON labelled application/json+fhir (DSTU2)', 'application/json+fhir', asJson],
      ['JSON labelled text/json', 'text/json', asJson],
      ['XML labelled application/xml', 'application/xml', asXml],
      ['JSON labelled with a charset parameter', 'application/fhir+json; charset=utf-8', asJson],
      ['JSON after a UTF-8 byte order mark', 'application/fhir+json', () => `\uFEFF${asJson()}`],
    ] as const
  ).map(
    ([variant, contentType, body]): Hostile => ({
      title: `NRLS-FMT-010 (AMB-16): ${variant} is parsed and created`,
      request: () => ({ headers: writeHeaders(contentType), body: body() }),
      key: 'RESOURCE_CREATED',
    }),
  ),
  ...(
    [
      ['XML labelled application/fhir+json', 'application/fhir+json', asXml],
      ['JSON labelled application/fhir+xml', 'application/fhir+xml', asJson],
      ['text that is neither JSON nor XML, with no Content-Type', undefined, () => 'hello'],
      [
        'binary-looking text labelled application/octet-stream',
        'application/octet-stream',
        () => 'GIF89a\u0001\u0000\u0001\u0000',
      ],
    ] as const
  ).map(
    ([variant, contentType, body]): Hostile => ({
      title: `NRLS-FMT-010, NRLS-ERR-008 (AMB-16): ${variant} is INVALID_REQUEST_MESSAGE, not 415`,
      request: () => ({ headers: writeHeaders(contentType), body: body() }),
      key: 'INVALID_REQUEST_MESSAGE',
      diagnostics: INVALID_REQUEST,
    }),
  ),

  // Bytes that are not UTF-8
  ...(
    [
      ['a 0xFF byte in a JSON string', 'application/fhir+json', asJson(withDescription('@')), [0xff]],
      ['an overlong encoding in an XML attribute', 'application/fhir+xml', asXml(withDescription('@')), [0xc0, 0xaf]],
      [
        'an encoded surrogate in a JSON string',
        'application/fhir+json',
        asJson(withDescription('@')),
        [0xed, 0xa0, 0x80],
      ],
      ['a truncated multi-byte sequence in XML', 'application/fhir+xml', asXml(withDescription('@')), [0xe2, 0x82]],
    ] as const
  ).map(
    ([defect, contentType, text, bytes]): Hostile => ({
      title: `NRLS-CREATE-020, NRLS-ERR-008: ${defect} is INVALID_REQUEST_MESSAGE`,
      request: () => {
        const [before, after] = text.split('@') as [string, string];
        return {
          headers: writeHeaders(contentType),
          body: Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]),
        };
      },
      key: 'INVALID_REQUEST_MESSAGE',
      diagnostics: INVALID_REQUEST,
    }),
  ),
  {
    title: 'NRLS-CREATE-020, NRLS-ERR-008: a UTF-16 body is INVALID_REQUEST_MESSAGE',
    request: () => ({
      headers: writeHeaders('application/fhir+json'),
      body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(asJson(), 'utf16le')]),
    }),
    key: 'INVALID_REQUEST_MESSAGE',
    diagnostics: INVALID_REQUEST,
  },

  // NRLS-CREATE-028 (AMB-50 step 2): an empty body is refused before the headers are looked at
  ...(
    [
      ['an empty body with no NRLS headers', {}, ''],
      ['a whitespace-only body with no NRLS headers', {}, ' \r\n\t '],
      ['an empty body with a garbage Authorization', { Authorization: 'Bearer not-a-jwt' }, ''],
      [
        'an empty body with fromASID and toASID but no Authorization',
        { fromASID: PROVIDER.asid, toASID: SPINE_ASID },
        '',
      ],
    ] as const
  ).map(
    ([variant, headers, body]): Hostile => ({
      title: `NRLS-CREATE-028, NRLS-ERR-008 (AMB-50): ${variant} is INVALID_REQUEST_MESSAGE`,
      request: () => ({ headers: { ...headers }, body }),
      key: 'INVALID_REQUEST_MESSAGE',
      diagnostics: INVALID_REQUEST,
    }),
  ),

  // Garbage Authorization values (NRLS-JWT-009, NRLS-JWT-026, AMB-59)
  ...(
    [
      ['Bearer with no token', 'Bearer'],
      ['two sections', 'Bearer a.b'],
      ['four sections', 'Bearer a.b.c.d'],
      ['sections that are not base64url', 'Bearer !!!.@@@.###'],
      ['Basic credentials', 'Basic dXNlcjpwYXNz'],
      ['a header and payload that are JSON arrays', `Bearer ${b64('[1]')}.${b64('[1]')}.`],
      ['a payload that is a JSON string', `Bearer ${b64('{"alg":"none"}')}.${b64('"claims"')}.`],
      ['a payload that is not JSON', `Bearer ${b64('{"alg":"none"}')}.${b64('not json')}.`],
      ['the word null', 'null'],
      ['Latin-1 bytes', 'Bearer \u00ff\u00fe'],
      ['5,000 dots', `Bearer ${'.'.repeat(5000)}`],
    ] as const
  ).map(
    ([variant, authorization]): Hostile => ({
      title:
        `NRLS-JWT-009, NRLS-JWT-026, NRLS-ERR-004 (AMB-59): an ` +
        `Authorization of ${variant} is MISSING_OR_INVALID_HEADER`,
      request: () => searchWith(authorization),
      key: 'INVALID_JWT',
      diagnostics: THREE_SECTIONS,
    }),
  ),
  {
    title: 'NRLS-JWT-008, NRLS-ERR-004 (AMB-01): a whitespace-only Authorization is MISSING_OR_INVALID_HEADER',
    request: () => searchWith('   '),
    key: 'INVALID_JWT',
    diagnostics: 'The Authorisation header must be supplied',
  },
  ...(
    [
      [
        'NRLS-JWT-016: a numeric requesting_system',
        { requesting_system: 42 },
        'requesting_system (42) must be of the form [https://fhir.nhs.uk/Id/accredited-system/[ASID]]',
      ],
      ['NRLS-JWT-024 (AMB-06): a string iat', { iat: 'now' }, 'The iat claim (now) must be an integer'],
      ['NRLS-JWT-024 (AMB-06): a fractional exp', { exp: 1.5 }, 'The exp claim (1.5) must be an integer'],
      [
        'NRLS-JWT-014: an array scope',
        { scope: ['patient/DocumentReference.read'] },
        'scope (["patient/DocumentReference.read"]) must match either ' +
          '‘patient/DocumentReference.read’ or ‘patient/DocumentReference.write’',
      ],
      [
        'NRLS-JWT-010: a null requesting_organization',
        { requesting_organization: null },
        'The mandatory claim requesting_organization from the JWT associated with the Authorisation header is missing',
      ],
    ] as const
  ).map(
    ([variant, claims, diagnostics]): Hostile => ({
      title: `${variant} is MISSING_OR_INVALID_HEADER`,
      request: () => searchWith(tokenWith(claims)),
      key: 'INVALID_JWT',
      diagnostics,
    }),
  ),

  // Client values echoed in diagnostics are cut to 200 characters
  {
    title: 'NRLS-JWT-013: an 8,000-character reason_for_request is echoed truncated',
    request: () => searchWith(tokenWith({ reason_for_request: 'r'.repeat(8000) })),
    key: 'INVALID_JWT',
    diagnostics: `reason_for_request (${'r'.repeat(200)}…) must be ‘directcare’`,
  },
  {
    title: 'NRLS-JWT-016: a 5,000-character requesting_system is echoed truncated',
    request: () => searchWith(tokenWith({ requesting_system: 'x'.repeat(5000) })),
    key: 'INVALID_JWT',
    diagnostics:
      `requesting_system (${'x'.repeat(200)}…) must be of the ` +
      `form [https://fhir.nhs.uk/Id/accredited-system/[ASID]]`,
  },
  {
    title: 'NRLS-SEARCH-025 (AMB-22): a 6,000-character parameter name is echoed truncated',
    request: () => ({
      method: 'GET',
      path: `${SEARCH_PATH}&${'q'.repeat(6000)}=1`,
      headers: headersFor(CONSUMER, 'read'),
    }),
    key: 'INVALID_PARAMETER',
    diagnostics: `Invalid parameter: ${'q'.repeat(200)}…`,
  },
  {
    title: 'NRLS-SEARCH-018 (AMB-49): a 5,000-character _id is echoed truncated',
    request: () => ({
      method: 'GET',
      path: `/DocumentReference?_id=${'i'.repeat(5000)}`,
      headers: headersFor(CONSUMER, 'read'),
    }),
    key: 'NO_RECORD_FOUND',
    diagnostics: `No record found for supplied DocumentReference identifier - ${'i'.repeat(200)}…`,
  },

  // Malformed percent-encoding in the query and the path
  {
    title: 'NRLS-SEARCH-019: a subject with malformed percent-encoding is INVALID_PARAMETER',
    request: () => ({ method: 'GET', path: '/DocumentReference?subject=%ZZ', headers: headersFor(CONSUMER, 'read') }),
    key: 'INVALID_PARAMETER',
    diagnostics:
      'The given resource URL does not conform to the expected format - ' +
      'https://demographics.spineservices.nhs.uk/STU3/Patient/[NHS Number]',
  },
  {
    title: 'NRLS-UNSUP-007, NRLS-ERR-017 (AMB-38): a path with malformed percent-encoding is 404',
    request: () => ({ method: 'GET', path: '/DocumentReference%ZZ', headers: headersFor(CONSUMER, 'read') }),
    key: 'UNKNOWN_PATH',
  },

  // Found by fuzzing (test/fuzz): each was a 5xx, a body no XML parser reads, or a server held for seconds
  {
    title: 'NRLS-UNSUP-007, NRLS-ERR-017 (AMB-38): an instance path with malformed percent-encoding is 405, not a 500',
    request: () => ({ method: 'GET', path: '/DocumentReference/%ZZ', headers: headersFor(CONSUMER, 'read') }),
    key: 'METHOD_NOT_ALLOWED',
  },
  ...(
    [
      ['a null in an array of elements', () => ({ ...pointer(), content: [null, ...pointer().content!] }), undefined],
      [
        'a value for a repeating element that has a length of 10^12',
        () => ({ ...pointer(), meta: { profile: { length: 1e12 } } }),
        'DocumentReference.meta',
      ],
      [
        'a 500,000-character string for a repeating element',
        () => ({ ...pointer(), extension: ' '.repeat(500_000) }),
        'DocumentReference.extension',
      ],
      [
        '200,000 empty objects',
        () => ({ ...pointer(), extension: Array.from({ length: 200_000 }, () => ({})) }),
        undefined,
      ],
      ['two values where STU3 has one', () => withTitle(['a', 'b']), 'DocumentReference.content.attachment.title'],
      ['an empty array where STU3 has one value', () => withTitle([]), 'DocumentReference.content.attachment.title'],
      ['an object where STU3 has a string', () => withTitle({}), 'DocumentReference.content.attachment.title'],
      [
        'a string where STU3 repeats an element',
        () => ({ ...pointer(), extension: [{ url: 'https://example.org/x', valueHumanName: { given: 'Jane' } }] }),
        'DocumentReference.extension.valueHumanName.given',
      ],
      ['a U+0000 in a string', () => withDescription('a\u0000b'), 'DocumentReference.description'],
      ['a control character in a string', () => withDescription('a\u0008b'), 'DocumentReference.description'],
      ['a lone surrogate in a string', () => withDescription('a\uD800b'), 'DocumentReference.description'],
      [
        `an element named with 5,000 characters`,
        () => ({ ...pointer(), ['k'.repeat(5000)]: 1 }),
        `${`DocumentReference.${'k'.repeat(5000)}`.slice(0, 200)}…`,
      ],
    ] as const
  ).map(
    ([defect, resource, location]): Hostile => ({
      title:
        `NRLS-CREATE-020, NRLS-PROF-001, NRLS-ERR-008: ${defect} (JSON) is ` +
        `INVALID_REQUEST_MESSAGE${location ? ' naming the element' : ''}`,
      request: () => postJson(asJson(resource())),
      key: 'INVALID_REQUEST_MESSAGE',
      diagnostics: INVALID_REQUEST,
      location,
    }),
  ),
  ...(
    [
      ['a character reference to U+0001', 'a&#1;b'],
      ['a raw U+0001', 'a\u0001b'],
      ['a character reference to U+FFFE', 'a&#xFFFE;b'],
    ] as const
  ).map(
    ([defect, value]): Hostile => ({
      title:
        `NRLS-CREATE-020, NRLS-PROF-001, NRLS-ERR-008: ${defect} in an ` +
        `XML value is INVALID_REQUEST_MESSAGE naming the element`,
      request: () => postXml(asXml(withDescription('@')).replace('value="@"', `value="${value}"`)),
      key: 'INVALID_REQUEST_MESSAGE',
      diagnostics: INVALID_REQUEST,
      location: 'DocumentReference.description',
    }),
  ),
  {
    title: 'NRLS-JWT-013, NRLS-FMT-011: a control character in an echoed claim is sent as U+FFFD (XML cannot carry it)',
    request: () => searchWith(tokenWith({ reason_for_request: 'a\u0000b\u001Fc' })),
    key: 'INVALID_JWT',
    diagnostics: 'reason_for_request (a\uFFFDb\uFFFDc) must be ‘directcare’',
  },
  {
    title: 'NRLS-SEARCH-018, NRLS-FMT-011 (AMB-49): a percent-encoded U+0000 in an echoed _id is sent as U+FFFD',
    request: () => ({ method: 'GET', path: '/DocumentReference?_id=a%00b', headers: headersFor(CONSUMER, 'read') }),
    key: 'NO_RECORD_FOUND',
    diagnostics: 'No record found for supplied DocumentReference identifier - a\uFFFDb',
  },
];

const NEGOTIATED: { label: string; accept?: string; format: FhirFormat }[] = [
  { label: 'Accept JSON', accept: 'application/fhir+json', format: 'json' },
  { label: 'no Accept, so XML', format: 'xml' },
];

describe(
  'hostile and malformed input (NRLS-FMT-011: a FHIR ' + 'OperationOutcome in the negotiated format, never a 5xx)',
  () => {
    for (const input of INPUTS) {
      for (const { label, accept, format } of NEGOTIATED) {
        it(`${input.title} (${label})`, async () => {
          const mock = testMock(input.config);
          const raw = input.request();
          const res = await send(mock, { ...raw, headers: { ...raw.headers, ...(accept ? { Accept: accept } : {}) } });

          assert.ok(res.status < 500, `status ${res.status} (body: ${res.text.slice(0, 300)})`);
          assert.equal(res.headers['content-type'], RESPONSE_CONTENT_TYPE[format]);
          assert.equal(resourceOf(res).resourceType, 'OperationOutcome');
          const issue = assertOutcome(res, input.key, input.diagnostics);
          if (input.location) assert.deepEqual(issue.location, [input.location]);
          assert.doesNotMatch(res.text, /root:[^:]*:0:0:/, 'no file content leaks into the answer');
          assert.doesNotMatch(res.text, INTERNALS, 'no stack trace or internal path in the answer');
          assert.ok(Buffer.byteLength(res.text) < 4096, `a short answer (${Buffer.byteLength(res.text)} bytes)`);
          assert.deepEqual(mock.internalErrors, []);
          assert.equal(
            mock.app.store.size,
            SEEDED_POINTERS + (input.key === 'RESOURCE_CREATED' ? 1 : 0),
            'only an accepted create stores a pointer',
          );
          assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
        });
      }
    }
  },
);

/** What a stack trace or a server-side path looks like in a response body. */
const INTERNALS =
  /\bat \S+ \(|\bat (?:file:|node:|\/)|node_modules|file:\/\/|\.[cm]?[jt]s:\d+|\/work\/|\/tmp\/|\/home\/|\/root\//;

/** Spine's 500 since 1.2.3 (AMB-39). */
const INTERNAL_ERROR_HTML =
  '<html><title>500: Internal Server Error</title><body>500: Internal Server Error</body></html>';
const MARKER = 'urn:uuid:00000000-0000-4000-8000-000000000500';
const marked = { system: MASTER_IDENTIFIER_SYSTEM, value: MARKER };
const INTERNAL_DIAGNOSTICS = new RegExp(
  /^There has been an internal error when attempting to persist the DocumentReference\. Please /.source +
    /contact the national helpdesk quoting - [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{1/.source +
    /2}$/.source,
);
const FORMATS: FhirFormat[] = ['json', 'xml'];

describe('the 500 path (AMB-39)', () => {
  for (const format of FORMATS) {
    it(
      `NRLS-ERR-014 (AMB-39): a create whose masterIdentifier is the persistenceFailureMarker ` +
        `gets 500 with the 1.2.3 HTML body and stores nothing (${format})`,
      async () => {
        const mock = testMock({ persistenceFailureMarker: MARKER });
        const nhsNumber = generateNhsNumber();
        const res = await create(mock, buildPointer({ nhsNumber, custodian: PROVIDER.ods, masterIdentifier: marked }), {
          format,
        });
        assert.equal(res.status, 500);
        assert.match(res.headers['content-type']!, /^text\/html/);
        assert.equal(res.text, INTERNAL_ERROR_HTML);
        assert.equal(mock.app.store.size, SEEDED_POINTERS);
        // NRLS-CREATE-025 is rolled back too: the patient did not become known.
        assertOutcome(await search(mock, subjectQuery(nhsNumber)), 'NO_RECORD_FOUND');
      },
    );

    it(
      `NRLS-ERR-014 (AMB-39): with internalErrorBody operation-outcome the ` +
        `500 is the 1.2.1 INTERNAL_SERVER_ERROR OperationOutcome (${format})`,
      async () => {
        const mock = testMock({ persistenceFailureMarker: MARKER, internalErrorBody: 'operation-outcome' });
        const res = await create(
          mock,
          buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods, masterIdentifier: marked }),
          { format },
        );
        assert.equal(res.headers['content-type'], RESPONSE_CONTENT_TYPE[format]);
        assertOutcome(res, 'INTERNAL_SERVER_ERROR', INTERNAL_DIAGNOSTICS);
        assert.equal(mock.app.store.size, SEEDED_POINTERS);
      },
    );
  }

  it(
    'NRLS-SUPERSEDE-010, NRLS-SUPERSEDE-003, NRLS-ERR-014: a supersede that fails ' +
      'to persist leaves the old pointer current and the new pointer absent',
    async () => {
      const mock = testMock({ persistenceFailureMarker: MARKER });
      const nhsNumber = generateNhsNumber();
      const original = buildPointer({ nhsNumber, custodian: PROVIDER.ods });
      const originalId = createdId(await create(mock, original));
      const before = bundleOf(await search(mock, { _id: originalId })).entry![0]!.resource;

      const failed = await create(
        mock,
        buildPointer({
          nhsNumber,
          custodian: PROVIDER.ods,
          masterIdentifier: marked,
          replaces: original.masterIdentifier!,
        }),
      );
      assert.equal(failed.status, 500);
      assert.equal(failed.text, INTERNAL_ERROR_HTML);

      const after = bundleOf(await search(mock, { _id: originalId })).entry![0]!.resource;
      assert.deepEqual(after, before, 'the old pointer is unchanged: current, version 1');
      assert.equal(after.status, 'current');
      assert.deepEqual(
        bundleOf(await search(mock, subjectQuery(nhsNumber))).entry!.map((entry) => entry.resource.id),
        [originalId],
      );
      assertOutcome(
        await remove(mock, { subject: patientUrl(nhsNumber), identifier: `${MASTER_IDENTIFIER_SYSTEM}|${MARKER}` }),
        'NO_RECORD_FOUND',
      );

      // The old pointer really is still supersedable.
      assertOutcome(
        await create(mock, buildPointer({ nhsNumber, custodian: PROVIDER.ods, replaces: original.masterIdentifier! })),
        'RESOURCE_CREATED',
      );
      const superseded = bundleOf(await search(mock, { _id: originalId })).entry![0]!.resource;
      assert.deepEqual([superseded.status, superseded.meta.versionId], ['superseded', '2']);
    },
  );

  for (const internalErrorBody of ['html', 'operation-outcome'] as const) {
    it(
      `NRLS-ERR-014 (AMB-39): an unexpected exception is a 500 with no ` +
        `stack trace, message or internal path (${internalErrorBody} body)`,
      async () => {
        const mock = testMock({ internalErrorBody });
        const thrown = new Error(`ENOENT: no such file, open '${process.cwd()}/mock-server/store/secret.json'`);
        mock.app.store.findForPatient = () => {
          throw thrown;
        };
        for (const format of FORMATS) {
          const res = await search(mock, subjectQuery(SEEDED_PATIENT), { format });
          assert.equal(res.status, 500);
          assert.doesNotMatch(res.text, INTERNALS);
          assert.ok(
            !res.text.includes('ENOENT') && !res.text.includes('secret.json'),
            `the exception's message is not sent: ${res.text}`,
          );
          if (internalErrorBody === 'operation-outcome')
            assertOutcome(res, 'INTERNAL_SERVER_ERROR', INTERNAL_DIAGNOSTICS);
          else assert.equal(res.text, INTERNAL_ERROR_HTML);
        }
        assert.equal(
          mock.internalErrors.length,
          2,
          'the exception is reported to the operator (stderr), not the client',
        );
        assert.match(String(mock.internalErrors[0]), /ENOENT/);
      },
    );
  }

  it(
    'NRLS-ERR-014 (AMB-39): without the marker configured the same masterIdentifier ' +
      'value is an ordinary create (client input never causes a 5xx)',
    async () => {
      for (const mock of [testMock(), testMock({ persistenceFailureMarker: uniqueMasterIdentifier().value })]) {
        const id = createdId(
          assertCreated(
            await create(
              mock,
              buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods, masterIdentifier: marked }),
            ),
          ),
        );
        assert.equal(bundleOf(await search(mock, { _id: id })).entry![0]!.resource.masterIdentifier?.value, MARKER);
        assert.deepEqual(mock.internalErrors, []);
      }
    },
  );
});

function assertCreated<T extends { status: number; text: string; headers: Record<string, string> }>(res: T): T {
  assertOutcome(res, 'RESOURCE_CREATED');
  return res;
}
