// The fuzz properties: whatever a client sends, the mock answers below 500 with a FHIR resource in the
// format its Content-Type names (an OperationOutcome from the catalogue for every non-2xx), reports no
// internal error, keeps answering, and still serves valid requests afterwards. Shared by
// test/fuzz/fuzz.test.ts (a seed-fixed few hundred cases) and scripts/fuzz.ts (10,000 and more).
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import request from 'supertest';
import { OUTCOMES, type OutcomeSpec } from '../../mock-server/errors/catalogue.ts';
import { answerClientError } from '../../mock-server/http-errors.ts';
import { RESPONSE_CONTENT_TYPE } from '../../src/domain/fhir-format.ts';
import { patientUrl } from '../../src/domain/identifiers.ts';
import { buildPointer } from '../../src/domain/pointer-builder.ts';
import { readFhirXml, type FhirResource } from '../../src/domain/stu3-xml.ts';
import {
  CONSUMER,
  KNOWN_PATIENT,
  PROVIDER,
  SEEDED_PATIENT,
  assertOutcome,
  bundleOf,
  create,
  createdId,
  listenOnFreePort,
  search,
  testMock,
  type Format,
  type TestMock,
} from '../support/mock.ts';
import { bodyRequest, headerRequest, jwtRequest, queryRequest, type FuzzRequest } from './arbitraries/index.ts';

export interface FuzzProperty {
  name: string;
  /** The requirements the property protects; test titles start with them. */
  requirements: string[];
  summary: string;
  arbitrary: fc.Arbitrary<FuzzRequest>;
}

export const FUZZ_PROPERTIES: FuzzProperty[] = [
  {
    name: 'json-bodies',
    requirements: ['NRLS-PROF-001', 'NRLS-CREATE-020', 'NRLS-ERR-008', 'NRLS-FMT-011'],
    summary: 'JSON create bodies mutated from valid pointers',
    arbitrary: bodyRequest('json'),
  },
  {
    name: 'xml-bodies',
    requirements: ['NRLS-PROF-001', 'NRLS-CREATE-020', 'NRLS-ERR-008', 'NRLS-FMT-011'],
    summary: 'XML create bodies mutated from valid pointers',
    arbitrary: bodyRequest('xml'),
  },
  {
    name: 'headers',
    requirements: ['NRLS-HDR-001', 'NRLS-HDR-002', 'NRLS-HDR-003', 'NRLS-ERR-001', 'NRLS-ERR-002', 'NRLS-FMT-007'],
    summary: 'fromASID, toASID, Accept, Content-Type and Authorization missing, duplicated, very long or non-ASCII',
    arbitrary: headerRequest,
  },
  {
    name: 'jwts',
    requirements: ['NRLS-ERR-004', 'NRLS-JWT-009', 'NRLS-JWT-026', 'NRLS-JWT-010'],
    summary: 'JWTs with mutated claims, odd alg headers, broken base64url and extra sections',
    arbitrary: jwtRequest,
  },
  {
    name: 'query-strings',
    requirements: ['NRLS-FMT-006', 'NRLS-SEARCH-025', 'NRLS-ERR-005', 'NRLS-ERR-017'],
    summary: 'search and delete query strings with random, repeated and junk-encoded parameters and _format values',
    arbitrary: queryRequest,
  },
];

/**
 * A mock on a listening server with the real server's `clientError` answer (heads over 16 KB, bytes that
 * are not HTTP). Cases go over raw node:http, as robustness.test.ts does, because supertest adds a
 * Content-Type of its own and cannot send a header twice; the valid requests go through supertest and
 * the support helpers.
 */
export interface FuzzTally {
  /** Cases sent so far, how many got each status, and each answer (`400 INVALID_RESOURCE`, `200 Bundle`). */
  cases: number;
  statuses: Map<number, number>;
  answers: Map<string, number>;
  /** The slowest answers, slowest first. */
  slowest: { ms: number; label: string; status: number }[];
}

export interface FuzzSession extends FuzzTally {
  mock: TestMock;
  port: number;
  close(): Promise<void>;
}

export async function openFuzzSession(): Promise<FuzzSession> {
  const fresh = testMock();
  const { server, port, close } = await listenOnFreePort(fresh.app.handle);
  server.on('clientError', answerClientError);
  return {
    mock: { ...fresh, http: request(server) },
    port,
    cases: 0,
    statuses: new Map(),
    answers: new Map(),
    slowest: [],
    close,
  };
}

/** A hang: the slowest answers (1 MB bodies) take well under a second on a 2-core machine. */
export const HANG_MS = 5_000;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** A FHIR error answer echoes client values cut to 200 characters, so it stays short (as in robustness.test.ts). */
const MAX_ERROR_BYTES = 4096;

interface Reply {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Node sends only printable ASCII in a request line: anything else goes percent-encoded, as a URL would. */
function wireTarget(target: string): string {
  return target.replace(/[^\x21-\x7e]+/gu, (run) => encodeURIComponent(Buffer.from(run, 'utf8').toString('utf8')));
}

function send(session: FuzzSession, fuzz: FuzzRequest): Promise<Reply> {
  const headers: string[] = [];
  if (!fuzz.headers.some(([name]) => name.toLowerCase() === 'host')) headers.push('Host', `127.0.0.1:${session.port}`);
  for (const [name, value] of fuzz.headers) headers.push(name, value);
  if (fuzz.body) headers.push('Content-Length', String(fuzz.body.length));
  return new Promise<Reply>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: session.port,
        method: fuzz.method,
        path: wireTarget(fuzz.target),
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const flat: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers))
            if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
          const bytes = Buffer.concat(chunks);
          settle(() => {
            try {
              resolve({ status: res.statusCode!, headers: flat, text: strictUtf8.decode(bytes) });
            } catch {
              reject(new assert.AssertionError({ message: `status ${res.statusCode}: the body is not UTF-8` }));
            }
          });
          req.destroy();
        });
      },
    );
    const timer = setTimeout(() => {
      settle(() => reject(new assert.AssertionError({ message: `no answer within ${HANG_MS} ms: the server hangs` })));
      req.destroy();
    }, HANG_MS);
    // Once the answer is in, a refused upload may end in EPIPE; the promise is settled by then.
    req.on('error', (error) =>
      settle(() =>
        reject(new assert.AssertionError({ message: `the connection failed before an answer: ${error.message}` })),
      ),
    );
    req.end(fuzz.body);
  });
}

/** Characters outside XML 1.0's Char production: C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it looks for
const NOT_XML_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/u;

/** The resource in a reply, read strictly by the format its Content-Type names. */
function fhirResourceOf(reply: Reply): FhirResource {
  const type = reply.headers['content-type'];
  const shown = () => `status ${reply.status}, Content-Type ${type}: ${reply.text.slice(0, 300)}`;
  let resource: unknown;
  if (type === RESPONSE_CONTENT_TYPE.json) {
    try {
      resource = JSON.parse(reply.text);
    } catch (error) {
      assert.fail(`a JSON Content-Type over a body that is not JSON (${(error as Error).message}): ${shown()}`);
    }
  } else if (type === RESPONSE_CONTENT_TYPE.xml) {
    // sax takes characters XML 1.0 forbids, which any other XML parser refuses.
    const forbidden = NOT_XML_CHARACTER.exec(reply.text);
    assert.ok(
      !forbidden,
      `an XML body with U+${forbidden?.[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}, ` +
        `which XML 1.0 cannot carry: ${shown()}`,
    );
    const read = readFhirXml(reply.text);
    assert.ok(
      read.ok,
      `an XML Content-Type over a body that is not FHIR XML (${read.ok ? '' : read.reason}): ${shown()}`,
    );
    resource = read.resource;
  } else {
    assert.fail(`not a FHIR Content-Type: ${shown()}`);
  }
  assert.ok(
    resource !== null && typeof resource === 'object' && !Array.isArray(resource),
    `not a FHIR resource: ${shown()}`,
  );
  assert.equal(typeof (resource as FhirResource).resourceType, 'string', `no resourceType: ${shown()}`);
  return resource as FhirResource;
}

interface Issue {
  severity?: string;
  code?: string;
  details?: { coding?: { system?: string; code?: string; display?: string }[] };
}

/** The catalogue row an OperationOutcome answer is an instance of. */
function catalogueRowOf(status: number, outcome: FhirResource): string | undefined {
  const issues = outcome.issue as Issue[] | undefined;
  if (!Array.isArray(issues) || issues.length !== 1) return undefined;
  const [issue] = issues as [Issue];
  const coding = issue.details?.coding?.[0];
  const rows = Object.entries(OUTCOMES) as [string, OutcomeSpec][];
  return rows.find(
    ([, spec]) =>
      spec.status === status &&
      spec.severity === issue.severity &&
      spec.issue === issue.code &&
      (spec.spine
        ? coding?.code === spec.spine.code &&
          coding.system === spec.spine.system &&
          coding.display === spec.spine.display
        : coding === undefined),
  )?.[0];
}

const SLOWEST_KEPT = 5;

function noteTime(session: FuzzSession, entry: FuzzSession['slowest'][number]): void {
  const { slowest } = session;
  if (slowest.length === SLOWEST_KEPT && entry.ms <= slowest[SLOWEST_KEPT - 1]!.ms) return;
  slowest.push(entry);
  slowest.sort((a, b) => b.ms - a.ms);
  slowest.length = Math.min(slowest.length, SLOWEST_KEPT);
}

/**
 * Sends one generated request and asserts every per-request property: status below 500; a FHIR
 * resource in the format the Content-Type names, read strictly; an OperationOutcome row of the
 * catalogue for every non-2xx, kept short; no internal error reported; the expected status when the
 * generator broke nothing. Returns the status.
 */
export async function sendAndCheck(session: FuzzSession, fuzz: FuzzRequest): Promise<number> {
  const before = session.mock.internalErrors.length;
  const sent = performance.now();
  const reply = await send(session, fuzz);
  noteTime(session, { ms: performance.now() - sent, label: fuzz.label, status: reply.status });
  session.cases += 1;
  session.statuses.set(reply.status, (session.statuses.get(reply.status) ?? 0) + 1);

  const internal = session.mock.internalErrors.slice(before);
  assert.deepEqual(internal.map(String), [], `the mock reported an internal error (status ${reply.status})`);
  assert.ok(reply.status < 500, `status ${reply.status}: ${reply.text.slice(0, 300)}`);
  const resource = fhirResourceOf(reply);
  if (reply.status >= 200 && reply.status < 300) {
    assert.ok(
      ['Bundle', 'OperationOutcome'].includes(resource.resourceType),
      `a ${reply.status} with a ${resource.resourceType}`,
    );
    if (reply.status === 201) {
      assert.equal(catalogueRowOf(201, resource), 'RESOURCE_CREATED');
      assert.ok(reply.headers.location, 'a 201 without Location');
    }
  } else {
    assert.equal(
      resource.resourceType,
      'OperationOutcome',
      `a ${reply.status} answered with a ${resource.resourceType}`,
    );
    const row = catalogueRowOf(reply.status, resource);
    assert.ok(row, `a ${reply.status} OperationOutcome that is no row of the catalogue: ${reply.text.slice(0, 500)}`);
    const size = Buffer.byteLength(reply.text);
    assert.ok(size <= MAX_ERROR_BYTES, `a ${row} answer of ${size} bytes echoes too much: ${reply.text.slice(0, 500)}`);
  }
  const answer =
    `${reply.status} ` +
    `${resource.resourceType === 'OperationOutcome' ? catalogueRowOf(reply.status, resource) : resource.resourceType}`;
  session.answers.set(answer, (session.answers.get(answer) ?? 0) + 1);
  if (fuzz.expect !== undefined)
    assert.equal(reply.status, fuzz.expect, `the valid request got ${reply.status}: ${reply.text.slice(0, 300)}`);
  return reply.status;
}

/**
 * The server keeps answering and valid requests still succeed: a consumer search for the seeded patient
 * is a 200 searchset Bundle, read strictly in `format`, and a provider create is a 201 whose pointer a
 * search by id then returns.
 */
export async function assertStillServing(session: FuzzSession, format: Format = 'json'): Promise<void> {
  const { mock } = session;
  const before = mock.internalErrors.length;
  // Read as strictly as the fuzzed answers, then as the support helpers read them.
  const strictly = <T extends Reply>(res: T): T => {
    fhirResourceOf(res);
    return res;
  };
  const found = bundleOf(
    strictly(await search(mock, { subject: patientUrl(SEEDED_PATIENT) }, { as: CONSUMER, format })),
  );
  assert.equal(found.total, found.entry?.length ?? 0, 'Bundle.total counts the entries');
  const pointer = buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods });
  const id = createdId(assertCreated(strictly(await create(mock, pointer, { as: PROVIDER, format }))));
  const byId = bundleOf(strictly(await search(mock, { _id: id }, { as: CONSUMER, format })));
  assert.deepEqual(
    byId.entry?.map((entry) => entry.resource.masterIdentifier),
    [pointer.masterIdentifier],
  );
  assert.deepEqual(mock.internalErrors.slice(before).map(String), [], 'an internal error while serving valid requests');
}

function assertCreated<T extends Reply>(res: T): T {
  assertOutcome(res, 'RESOURCE_CREATED');
  return res;
}

export interface PropertyOptions {
  /** Also check the valid requests every this many cases (0: only at the end of the run). */
  stillServingEvery?: number;
  /** Called after each case, e.g. for progress. */
  onCase?: (session: FuzzSession, status: number) => void;
}

/** The fast-check property of one family over a session; the run's cases share the session's mock. */
export function fuzzProperty(property: FuzzProperty, session: FuzzSession, options: PropertyOptions = {}) {
  const every = options.stillServingEvery ?? 0;
  return fc.asyncProperty(property.arbitrary, async (fuzz) => {
    const status = await sendAndCheck(session, fuzz);
    options.onCase?.(session, status);
    if (every > 0 && session.cases % every === 0)
      await assertStillServing(session, session.cases % (2 * every) === 0 ? 'xml' : 'json');
  });
}
