// In-process access to a fresh mock for each test (supertest over the app's request listener), or on a
// free port where requests must really meet in one server.
import assert from 'node:assert/strict';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import request from 'supertest';
import { createMockApp, type MockApp } from '../../mock-server/app.ts';
import { mockConfig, type MockConfig } from '../../mock-server/config.ts';
import { openStore } from '../../mock-server/store/open-store.ts';
import type { PointerStore } from '../../mock-server/store/pointer-store.ts';
import { OUTCOMES, type OutcomeKey } from '../../mock-server/errors/catalogue.ts';
import { loadFixtures, type Fixtures } from '../../mock-server/fixtures.ts';
import {
  EXAMPLE_USER,
  nrlsHeaders,
  type ClientIdentity,
  type HeaderOptions,
} from '../../src/domain/client-identity.ts';
import { patientUrl } from '../../src/domain/identifiers.ts';
import type { Pointer } from '../../src/domain/pointer.ts';
import { readFhirXml, resourceToXml, type FhirResource } from '../../src/domain/stu3-xml.ts';

export const SPINE_ASID = '999999999999';
export const CONSUMER: ClientIdentity = { asid: '200000000115', ods: 'AMS01', user: EXAMPLE_USER };
export const PROVIDER: ClientIdentity = { asid: '200000000118', ods: 'MHT01' };
export const OTHER_PROVIDER: ClientIdentity = { asid: '200000000119', ods: 'RR8' };
/** Seeded with pointers (custodian RR8). */
export const SEEDED_PATIENT = '9876543210';
/** Known, with no pointers. */
export const KNOWN_PATIENT = '2686033207';
/** Valid check digit, never seen by the mock. */
export const UNKNOWN_PATIENT = '9000000033';

const defaultFixtures = loadFixtures();

export function testFixtures(): Fixtures {
  return structuredClone(defaultFixtures);
}

export interface TestMock {
  app: MockApp;
  http: ReturnType<typeof request>;
  internalErrors: unknown[];
}

export function testMock(overrides: Partial<MockConfig> = {}): TestMock {
  const internalErrors: unknown[] = [];
  const config = mockConfig(testFixtures(), {
    reportInternalError: (error) => internalErrors.push(error),
    ...overrides,
  });
  const app = createMockApp(config);
  return { app, http: request(app.handle), internalErrors };
}

export interface Listening {
  server: Server;
  port: number;
  /** Closes the server and drops the connections still open. */
  close(): Promise<void>;
}

/** A request listener on a free port of 127.0.0.1. */
export async function listenOnFreePort(handle: RequestListener): Promise<Listening> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ServedMock extends TestMock {
  store: PointerStore;
  config: MockConfig;
}

/**
 * The mock with its store opened as the CLI opens it (`dbFile` in the overrides for a db file), served on
 * a free port for the whole test, so parallel requests really meet in one server.
 */
export async function servedMock(t: TestContext, overrides: Partial<MockConfig> = {}): Promise<ServedMock> {
  const internalErrors: unknown[] = [];
  const config = mockConfig(testFixtures(), {
    reportInternalError: (error) => internalErrors.push(error),
    ...overrides,
  });
  const store = await openStore(config);
  const app = createMockApp(config, store);
  const listening = await listenOnFreePort(app.handle);
  t.after(listening.close);
  return { app, http: request(`http://127.0.0.1:${listening.port}`), internalErrors, store, config };
}

export type Format = 'json' | 'xml';
export const ACCEPT: Record<Format, string> = { json: 'application/fhir+json', xml: 'application/fhir+xml' };

export function headersFor(as: ClientIdentity, access: HeaderOptions['access'], claims?: HeaderOptions['claims']) {
  return nrlsHeaders(as, { spineAsid: SPINE_ASID, access, claims });
}

export function subjectQuery(nhsNumber: string, extra: Record<string, string> = {}) {
  return { subject: patientUrl(nhsNumber), ...extra };
}

export function search(
  mock: TestMock,
  query: Record<string, string>,
  options: { as?: ClientIdentity; format?: Format } = {},
) {
  return mock.http
    .get('/DocumentReference')
    .query(query)
    .set(headersFor(options.as ?? CONSUMER, 'read'))
    .set('Accept', ACCEPT[options.format ?? 'json']);
}

export function create(
  mock: TestMock,
  pointer: Pointer | FhirResource,
  options: { as?: ClientIdentity; format?: Format } = {},
) {
  const format = options.format ?? 'json';
  const body = format === 'json' ? JSON.stringify(pointer) : resourceToXml(pointer as FhirResource);
  return mock.http
    .post('/DocumentReference')
    .set(headersFor(options.as ?? PROVIDER, 'write'))
    .set('Accept', ACCEPT[format])
    .set('Content-Type', ACCEPT[format])
    .send(body);
}

export function remove(
  mock: TestMock,
  query: Record<string, string>,
  options: { as?: ClientIdentity; format?: Format } = {},
) {
  return mock.http
    .delete('/DocumentReference')
    .query(query)
    .set(headersFor(options.as ?? PROVIDER, 'write'))
    .set('Accept', ACCEPT[options.format ?? 'json']);
}

interface WireResponse {
  status: number;
  text: string;
  headers: Record<string, string>;
}

/** The response body as a FHIR resource, read from JSON or (strictly) from XML by its Content-Type. */
export function resourceOf(res: WireResponse): FhirResource {
  const type = res.headers['content-type'] ?? '';
  if (type.startsWith('application/fhir+json')) return JSON.parse(res.text) as FhirResource;
  assert.match(type, /^application\/fhir\+xml/, `unexpected Content-Type ${type}`);
  const read = readFhirXml(res.text);
  assert.ok(read.ok, `response is not valid FHIR XML: ${read.ok ? '' : read.reason}`);
  return read.resource;
}

interface Issue {
  severity: string;
  code: string;
  details?: { coding: { system: string; code: string; display: string }[]; text?: string };
  diagnostics?: string;
  location?: string[];
}

/** Asserts a response is the catalogue's OperationOutcome for `key`, optionally with exact diagnostics. */
export function assertOutcome(res: WireResponse, key: OutcomeKey, diagnostics?: string | RegExp): Issue {
  const spec = OUTCOMES[key];
  assert.equal(res.status, spec.status, `status (body: ${res.text.slice(0, 300)})`);
  const outcome = resourceOf(res) as FhirResource & { issue: Issue[]; meta?: { profile: string[] } };
  assert.equal(outcome.resourceType, 'OperationOutcome');
  assert.ok(typeof outcome.id === 'string' && outcome.id.length > 0, 'OperationOutcome.id (NRLS-OO-004)');
  assert.equal(outcome.issue.length, 1, 'one issue (NRLS-OO-001)');
  const [issue] = outcome.issue as [Issue];
  assert.equal(issue.severity, spec.severity);
  assert.equal(issue.code, spec.issue);
  if ('spine' in spec) {
    assert.deepEqual(outcome.meta?.profile, [spec.profile]);
    assert.equal(issue.details?.coding.length, 1);
    assert.deepEqual(issue.details?.coding[0], {
      system: spec.spine.system,
      code: spec.spine.code,
      display: spec.spine.display,
    });
  }
  if (typeof diagnostics === 'string') assert.equal(issue.diagnostics, diagnostics);
  else if (diagnostics) assert.match(issue.diagnostics ?? '', diagnostics);
  return issue;
}

/** The logical id in a create's Location header (`…/DocumentReference?_id=<id>`). */
export function createdId(res: WireResponse): string {
  const location = res.headers.location;
  assert.ok(location, 'Location header');
  const id = new URL(location).searchParams.get('_id');
  assert.ok(id, `Location ${location} has no _id`);
  return id;
}

export interface Bundle extends FhirResource {
  type: string;
  total: number;
  entry?: { resource: Pointer & { id: string; meta: { versionId: string } } }[];
}

export function bundleOf(res: WireResponse): Bundle {
  assert.equal(res.status, 200, `status (body: ${res.text.slice(0, 300)})`);
  const bundle = resourceOf(res) as Bundle;
  assert.equal(bundle.resourceType, 'Bundle');
  assert.equal(bundle.type, 'searchset');
  return bundle;
}
