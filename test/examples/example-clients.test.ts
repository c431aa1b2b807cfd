// The example NRLS client (examples/clients/): the clean client works against the mock (create, supersede,
// search, delete both ways, its driver files too); each request defect of its table changes the request
// as described (a capturing server records what it sends); each handling defect mishandles the answer as
// described; and the table itself names only catalogue requirements.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFECTS, type ClientAction, type ClientDefect } from '../../examples/clients/defects.mjs';
import { mockConfig } from '../../mock-server/config.ts';
import { loadFixtures } from '../../mock-server/fixtures.ts';
import { startMock, type RunningMock } from '../../mock-server/server.ts';
import { isFhirInstant } from '../../src/domain/fhir-datetime.ts';
import { bearerToken, decodeJwt } from '../../src/domain/jwt.ts';
import { isValidNhsNumber } from '../../src/domain/nhs-number.ts';
import { loadCatalogue } from '../../src/domain/requirements/catalogue.ts';
import { ROOT } from '../support/cli.ts';
import { KNOWN_PATIENT, listenOnFreePort, type Listening } from '../support/mock.ts';

const CLIENTS = join(ROOT, 'examples/clients');
const PROFILE = 'https://fhir.nhs.uk/STU3/StructureDefinition/NRLS-DocumentReference-1';
const ACTIONS: ClientAction[] = ['create', 'supersede', 'delete', 'search'];

interface Run {
  code: number | null;
  stdout: string;
  /** The last stdout line, parsed (the driver contract's JSON line). */
  last: Record<string, unknown>;
}

/** Runs a command to its end, or kills it after killAfterMs (then code is null). */
function run(command: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; killAfterMs?: number } = {}) {
  const [file, ...args] = command as [string, ...string[]];
  const child = spawn(file, args, { cwd: options.cwd ?? CLIENTS, env: { ...process.env, ...options.env } });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const killer = options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill(), options.killAfterMs);
  return new Promise<Run>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      const line = stdout.trim().split('\n').at(-1) ?? '';
      resolve({ code, stdout, last: line.startsWith('{') ? JSON.parse(line) : {} });
    }),
  );
}

const client = (args: string[], defect = '', killAfterMs?: number) =>
  run([process.execPath, 'nrls-client.mjs', ...args], { env: { NRLS_CLIENT_DEFECT: defect }, killAfterMs });

describe('the defect table (examples/clients/defects.mjs)', () => {
  it('has at least 22 uniquely named defects, each breaking only catalogue requirements', async () => {
    assert.ok(DEFECTS.length >= 22, `${DEFECTS.length} defects`);
    assert.equal(new Set(DEFECTS.map(({ name }) => name)).size, DEFECTS.length);
    const known = new Set(loadCatalogue().requirements.map(({ id }) => id));
    for (const defect of DEFECTS) {
      assert.ok(defect.description.length > 10 && defect.actions.length > 0, defect.name);
      assert.deepEqual(
        defect.actions.filter((action) => !ACTIONS.includes(action)),
        [],
        defect.name,
      );
      assert.deepEqual(
        defect.breaks.filter((id) => !known.has(id)),
        [],
        defect.name,
      );
      assert.equal(defect.breaks.length === 0, defect.control === true, `${defect.name}: only controls break nothing`);
    }
    assert.deepEqual(DEFECTS.find(({ name }) => name === 'missing-accept')?.breaks, [], 'Accept is a MAY (HDR-004)');
    assert.equal(DEFECTS.find(({ name }) => name === 'dstu2-media-type')?.warningOnly, true);
    const readme = readFileSync(join(CLIENTS, 'README.md'), 'utf8');
    assert.deepEqual(
      DEFECTS.filter(({ name }) => !readme.includes(`| \`${name}\` |`)),
      [],
      'README lists each',
    );
    const printed = await client(['defects']);
    assert.equal(printed.code, 0);
    assert.deepEqual(JSON.parse(printed.stdout), DEFECTS);
  });

  it('refuses bad usage with exit 2: an unknown defect, a missing option, a malformed NHS number', async () => {
    assert.equal((await client(['search', '--base', 'http://127.0.0.1:9', '--nhs', KNOWN_PATIENT], 'nope')).code, 2);
    assert.equal((await client(['supersede', '--base', 'http://127.0.0.1:9', '--nhs', KNOWN_PATIENT])).code, 2);
    assert.equal((await client(['create', '--base', 'http://127.0.0.1:9', '--nhs', '12345'])).code, 2);
    assert.equal((await client([])).code, 2);
  });
});

describe('the clean client against the mock', () => {
  let mock: RunningMock;
  const internalErrors: unknown[] = [];
  before(async () => {
    const config = mockConfig(loadFixtures(), { reportInternalError: (error) => internalErrors.push(error) });
    mock = await startMock(config, { port: 0, host: '127.0.0.1' });
  });
  after(() => mock.close());

  it('NRLS-CREATE-005 NRLS-SUPERSEDE-009 NRLS-DELETE-002/003: creates, supersedes, finds, deletes', async () => {
    const base = ['--base', mock.baseUrl, '--nhs', KNOWN_PATIENT];
    const [first, second] = [`urn:uuid:${randomUUID()}`, `urn:uuid:${randomUUID()}`];
    const created = await client(['create', ...base, '--master-id', first]);
    assert.equal(created.code, 0, created.stdout);
    assert.equal(created.last.outcome, 'created');
    const firstId = created.last.pointerId as string;
    const found = await client(['search', ...base]);
    assert.deepEqual([found.code, found.last], [0, { outcome: 'found', count: 1 }]);
    assert.match(found.stdout, new RegExp(`pointer ${firstId} current`));
    const superseded = await client(['supersede', ...base, '--master-id', second, '--target-master-id', first]);
    assert.deepEqual([superseded.code, superseded.last.outcome], [0, 'superseded']);
    const secondId = superseded.last.pointerId as string;
    assert.ok(secondId && secondId !== firstId);
    const xml = await client(['create', ...base, '--format', 'xml']);
    assert.deepEqual([xml.code, xml.last.outcome], [0, 'created'], xml.stdout);
    assert.deepEqual((await client(['search', ...base, '--count'])).last, { outcome: 'found', count: 3 });
    assert.deepEqual((await client(['delete', '--base', mock.baseUrl, '--id', secondId])).last, { outcome: 'deleted' });
    assert.deepEqual((await client(['delete', ...base, '--master-id', first])).last, { outcome: 'deleted' });
    const left = await client(['search', ...base, '--format', 'xml']);
    assert.deepEqual(left.last, { outcome: 'found', count: 1 });
    const again = await client(['delete', '--base', mock.baseUrl, '--id', secondId]);
    assert.equal(again.code, 1);
    assert.equal(again.last.outcome, 'error');
    assert.equal(again.last.spineCode, 'NO_RECORD_FOUND');
    assert.match(again.last.message as string, /^404 No record found/);
    assert.deepEqual(internalErrors, []);
  });

  it('its driver files run with the placeholders filled in (cwd = the driver folder)', async () => {
    const fill = (command: string[], values: Record<string, string>) =>
      command.map((part) => part.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`));
    const values = {
      baseUrl: mock.baseUrl,
      nhsNumber: KNOWN_PATIENT,
      masterIdentifierSystem: 'urn:ietf:rfc:3986',
      masterIdentifierValue: `urn:uuid:${randomUUID()}`,
    };
    const runAction = async (file: string, action: string, extra: Record<string, string> = {}) => {
      const driver = JSON.parse(readFileSync(join(CLIENTS, file), 'utf8'));
      const command = fill(driver.actions[action].command, { ...values, ...extra });
      assert.deepEqual(command.join(' ').match(/\{\w+\}/g), null, `${file} ${action}: every placeholder is known`);
      assert.ok(existsSync(join(CLIENTS, command[1]!)));
      return run(command, { cwd: dirname(join(CLIENTS, file)), env: driver.env });
    };
    const created = await runAction('provider-driver.json', 'create');
    assert.deepEqual([created.code, created.last.outcome], [0, 'created']);
    const newer = `urn:uuid:${randomUUID()}`;
    const superseded = await runAction('provider-driver.json', 'supersede', {
      masterIdentifierValue: newer,
      targetMasterIdentifierValue: values.masterIdentifierValue,
    });
    assert.deepEqual([superseded.code, superseded.last.outcome], [0, 'superseded']);
    const found = await runAction('consumer-driver.json', 'search');
    assert.deepEqual([found.code, found.last.outcome], [0, 'found']);
    const deleted = await runAction('provider-driver.json', 'delete', {
      pointerId: superseded.last.pointerId as string,
    });
    assert.deepEqual([deleted.code, deleted.last], [0, { outcome: 'deleted' }]);
    const consumer = JSON.parse(readFileSync(join(CLIENTS, 'consumer-driver.json'), 'utf8'));
    assert.deepEqual(Object.keys(consumer.actions), ['search'], 'a consumer only searches (NRLS-AUTHZ-006)');
  });
});

/** One request as the capturing server received it, decoded for the checks. */
interface Captured {
  method: string;
  path: string;
  rawQuery: string;
  query: URLSearchParams;
  /** Lower-case names; rawNames as sent. */
  headers: Record<string, string | undefined>;
  rawNames: string[];
  body: string;
  /** The JSON body (the pointer on create and supersede). */
  json: any;
  jwt: { header: any; payload: any; signature: string } | undefined;
}

type Answering = 'success' | 'refusal' | 'server-error' | 'silence';

/** A server that records each request and answers as told (plausible NRLS success bodies by default). */
class CapturingServer {
  readonly requests: Captured[] = [];
  answering: Answering = 'success';
  private listening!: Listening;

  get baseUrl() {
    return `http://127.0.0.1:${this.listening.port}`;
  }

  async start() {
    this.listening = await listenOnFreePort((request, response) => this.capture(request, response));
  }

  stop() {
    return this.listening.close();
  }

  private capture(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url!, 'http://capture');
      const body = Buffer.concat(chunks).toString('utf8');
      const authorization = request.headers.authorization;
      this.requests.push({
        method: request.method!,
        path: url.pathname,
        rawQuery: request.url!.split('?')[1] ?? '',
        query: url.searchParams,
        headers: request.headers as Record<string, string | undefined>,
        rawNames: request.rawHeaders.filter((_, index) => index % 2 === 0),
        body,
        json: body.startsWith('{') ? JSON.parse(body) : undefined,
        jwt: authorization ? (decodeJwt(bearerToken(authorization)) as Captured['jwt']) : undefined,
      });
      this.answer(request.method!, response);
    });
  }

  private answer(method: string, response: ServerResponse) {
    const json = { 'Content-Type': 'application/fhir+json;charset=utf-8' };
    const outcome = (code: string) =>
      JSON.stringify({
        resourceType: 'OperationOutcome',
        issue: [{ details: { coding: [{ code }] }, diagnostics: `${code} here` }],
      });
    if (this.answering === 'silence') return;
    if (this.answering === 'refusal') return response.writeHead(400, json).end(outcome('INVALID_RESOURCE'));
    if (this.answering === 'server-error')
      return response.writeHead(500).end('<html>500: Internal Server Error</html>');
    if (method === 'POST') {
      const location = `${this.baseUrl}/DocumentReference?_id=captured-id`;
      return response.writeHead(201, { ...json, Location: location }).end(outcome('RESOURCE_CREATED'));
    }
    if (method === 'DELETE') return response.writeHead(200, json).end(outcome('RESOURCE_DELETED'));
    const entry = [{ resource: { resourceType: 'DocumentReference', id: 'p1', status: 'current' } }];
    response.writeHead(200, json).end(JSON.stringify({ resourceType: 'Bundle', type: 'searchset', total: 1, entry }));
  }
}

const MASTER = 'urn:uuid:11111111-2222-3333-4444-555555555555';
const TARGET = 'urn:uuid:99999999-8888-7777-6666-555555555555';

function argsFor(base: string, action: ClientAction, deleteForm: ClientDefect['deleteForm'] = 'master-identifier') {
  const patient = ['--base', base, '--nhs', KNOWN_PATIENT];
  if (action === 'create') return ['create', ...patient, '--master-id', MASTER];
  if (action === 'supersede') return ['supersede', ...patient, '--master-id', MASTER, '--target-master-id', TARGET];
  if (action === 'search') return ['search', ...patient];
  return deleteForm === 'id'
    ? ['delete', '--base', base, '--id', 'captured-id']
    : ['delete', ...patient, '--master-id', MASTER];
}

const claims = (request: Captured) => request.jwt!.payload as Record<string, any>;
const nhsNumberSent = (request: Captured) =>
  (request.json?.subject?.reference ?? request.query.get('subject') ?? '').split('/').at(-1) as string;

/** How each request defect shows in the request: asserted on the clean and the defective request. */
const CHECKS: Record<string, (clean: Captured, faulty: Captured) => void> = {
  'missing-accept': (clean, faulty) =>
    assert.deepEqual([clean.headers.accept, faulty.headers.accept], ['application/fhir+json', undefined]),
  'dstu2-media-type': (_, faulty) => assert.equal(faulty.headers.accept, 'application/json+fhir'),
  'no-meta-profile': (clean, faulty) =>
    assert.deepEqual([clean.json.meta?.profile, faulty.json.meta], [[PROFILE], undefined]),
  'no-authorization': (clean, faulty) =>
    assert.deepEqual([!!clean.headers.authorization, faulty.headers.authorization], [true, undefined]),
  'missing-from-asid': (clean, faulty) =>
    assert.deepEqual([!!clean.headers.fromasid, faulty.headers.fromasid], [true, undefined]),
  'wrong-to-asid': (clean, faulty) =>
    assert.deepEqual([clean.headers.toasid, faulty.headers.toasid], ['999999999999', faulty.headers.fromasid]),
  'signed-jwt': (clean, faulty) => {
    assert.deepEqual([clean.jwt!.header.alg, clean.jwt!.signature], ['none', '']);
    assert.equal(faulty.jwt!.header.alg, 'HS256');
    assert.ok(faulty.jwt!.signature.length > 0);
  },
  'jwt-lifetime': (clean, faulty) =>
    assert.deepEqual([claims(clean).exp - claims(clean).iat, claims(faulty).exp - claims(faulty).iat], [300, 3600]),
  'wrong-scope': (clean, faulty) => {
    assert.match(claims(clean).scope, /^patient\/DocumentReference\.(read|write)$/);
    assert.notEqual(claims(faulty).scope, claims(clean).scope);
    assert.match(claims(faulty).scope, /^patient\/DocumentReference\.(read|write)$/);
  },
  'requesting-system-mismatch': (clean, faulty) => {
    const system = (asid: string) => `https://fhir.nhs.uk/Id/accredited-system|${asid}`;
    assert.equal(claims(clean).requesting_system, system(clean.headers.fromasid!));
    assert.notEqual(claims(faulty).requesting_system, system(faulty.headers.fromasid!));
    assert.match(claims(faulty).requesting_system, /\|20000000011[89]$/);
  },
  'reason-not-directcare': (clean, faulty) =>
    assert.deepEqual(
      [claims(clean).reason_for_request, claims(faulty).reason_for_request === 'directcare'],
      ['directcare', false],
    ),
  'sub-mismatch': (clean, faulty) => {
    assert.equal(claims(clean).sub, claims(clean).requesting_user);
    assert.ok(claims(faulty).requesting_user);
    assert.notEqual(claims(faulty).sub, claims(faulty).requesting_user);
  },
  'no-requesting-user': (clean, faulty) => {
    assert.match(claims(clean).requesting_user, /^https:\/\/fhir\.nhs\.uk\/Id\/sds-role-profile-id\|/);
    assert.equal(claims(faulty).requesting_user, undefined);
    assert.equal(claims(faulty).sub, claims(faulty).requesting_system, 'one defect only: sub still fits');
  },
  'foreign-custodian': (clean, faulty) => {
    assert.match(clean.json.custodian.reference, /\/Organization\/MHT01$/);
    assert.doesNotMatch(faulty.json.custodian.reference, /\/Organization\/MHT01$/);
  },
  'bad-check-digit': (clean, faulty) =>
    assert.deepEqual([isValidNhsNumber(nhsNumberSent(clean)), isValidNhsNumber(nhsNumberSent(faulty))], [true, false]),
  'status-not-current': (clean, faulty) =>
    assert.deepEqual([clean.json.status, faulty.json.status === 'current'], ['current', false]),
  'missing-type': (clean, faulty) =>
    assert.deepEqual([clean.json.type.coding[0].code, faulty.json.type], ['736253002', undefined]),
  'bad-indexed': (clean, faulty) =>
    assert.deepEqual([isFhirInstant(clean.json.indexed), isFhirInstant(faulty.json.indexed)], [true, false]),
  'master-identifier-without-system': (clean, faulty) => {
    assert.deepEqual(clean.json.masterIdentifier, { system: 'urn:ietf:rfc:3986', value: MASTER });
    assert.deepEqual(faulty.json.masterIdentifier, { value: MASTER });
  },
  'relates-to-not-replaces': (clean, faulty) =>
    assert.deepEqual([clean.json.relatesTo[0].code, faulty.json.relatesTo[0].code], ['replaces', 'transforms']),
  'relates-to-without-identifier': (clean, faulty) => {
    assert.deepEqual(clean.json.relatesTo[0].target, { identifier: { system: 'urn:ietf:rfc:3986', value: TARGET } });
    assert.equal(faulty.json.relatesTo[0].target.identifier, undefined);
    assert.match(faulty.json.relatesTo[0].target.reference, /^http:\/\/127\.0\.0\.1:\d+\/DocumentReference\?/);
  },
  'unencoded-pipe': (clean, faulty) => {
    assert.match(clean.rawQuery, /identifier=urn%3Aietf%3Arfc%3A3986%7Curn/);
    assert.ok(!clean.rawQuery.includes('|'));
    assert.match(faulty.rawQuery, /identifier=urn%3Aietf%3Arfc%3A3986\|urn/);
  },
  'path-style-delete': (clean, faulty) => {
    assert.deepEqual([clean.path, clean.query.get('_id')], ['/DocumentReference', 'captured-id']);
    assert.deepEqual([faulty.path, faulty.rawQuery], ['/DocumentReference/captured-id', '']);
  },
  'summary-not-count': (clean, faulty) =>
    assert.deepEqual([clean.query.get('_summary'), faulty.query.get('_summary')], [null, 'data']),
  'unknown-search-parameter': (clean, faulty) =>
    assert.deepEqual([clean.query.get('_count'), faulty.query.get('_count')], [null, '10']),
  'body-on-get': (clean, faulty) => {
    assert.deepEqual([clean.method, clean.body], ['GET', '']);
    assert.equal(faulty.json.resourceType, 'Parameters');
  },
};

const BASE = '{base}';

/** The one request the client sends for args (BASE standing for the base URL), with the defect switched on. */
async function requestOf(args: string[], defect = ''): Promise<Captured> {
  const server = new CapturingServer();
  await server.start();
  try {
    const result = await client(
      args.map((arg) => (arg === BASE ? server.baseUrl : arg)),
      defect,
    );
    assert.equal(result.code, 0, `${defect || 'clean'} ${args[0]}: ${result.stdout}`);
    assert.equal(server.requests.length, 1, 'one request per action');
    return server.requests[0]!;
  } finally {
    await server.stop();
  }
}

describe('the example client on the wire (a capturing server)', { concurrency: 2 }, () => {
  /** The clean requests, by arguments: each defect's request is compared with one. */
  const cleanRequests = new Map<string, Promise<Captured>>();
  const cleanRequestOf = (args: string[]) => {
    const key = args.join(' ');
    if (!cleanRequests.has(key)) cleanRequests.set(key, requestOf(args));
    return cleanRequests.get(key)!;
  };

  it('NRLS-HDR-001/002/003 NRLS-JWT-004/006 §4.2 §3.1: the clean client sends what the catalogue asks', async () => {
    for (const action of ACTIONS) {
      const request = await cleanRequestOf(argsFor(BASE, action));
      const consumer = action === 'search';
      assert.deepEqual(
        request.rawNames.filter((name) => /asid/i.test(name)),
        ['fromASID', 'toASID'],
      );
      assert.equal(request.headers.fromasid, consumer ? '200000000115' : '200000000118');
      assert.equal(request.headers.accept, 'application/fhir+json');
      assert.match(request.headers.authorization!, /^Bearer [\w-]+\.[\w-]+\.$/);
      const jwt = claims(request);
      assert.deepEqual(request.jwt!.header, { alg: 'none', typ: 'JWT' });
      assert.equal(jwt.exp - jwt.iat, 300);
      assert.equal(jwt.scope, `patient/DocumentReference.${consumer ? 'read' : 'write'}`);
      assert.equal(jwt.reason_for_request, 'directcare');
      assert.equal(
        jwt.requesting_organization,
        `https://fhir.nhs.uk/Id/ods-organization-code|${consumer ? 'AMS01' : 'MHT01'}`,
      );
      assert.equal(jwt.sub, jwt.requesting_user);
      assert.ok(jwt.iss && jwt.aud);
      if (action === 'create' || action === 'supersede') {
        assert.equal(request.headers['content-type'], 'application/fhir+json');
        const pointer = request.json;
        assert.deepEqual(
          [pointer.meta.profile, pointer.status, pointer.type.coding[0].code],
          [[PROFILE], 'current', '736253002'],
        );
        assert.equal(
          pointer.subject.reference,
          `https://demographics.spineservices.nhs.uk/STU3/Patient/${KNOWN_PATIENT}`,
        );
        assert.ok(isFhirInstant(pointer.indexed));
        assert.ok(pointer.content[0].attachment.contentType && pointer.content[0].attachment.url);
        assert.equal(pointer.relatesTo?.[0].code, action === 'supersede' ? 'replaces' : undefined);
      }
    }
  });

  it('every request defect of the table has a check here, and no check names an unknown defect', () => {
    const requestDefects = DEFECTS.filter((defect) => !defect.handling).map(({ name }) => name);
    assert.deepEqual(Object.keys(CHECKS).sort(), requestDefects.sort());
  });

  for (const defect of DEFECTS.filter((candidate) => !candidate.handling)) {
    const title = `${defect.breaks.join(' ') || 'control'}: ${defect.name} changes ${defect.actions.join(', ')}`;
    it(`${title} as described`, async () => {
      for (const action of defect.actions) {
        const args = [
          ...argsFor(BASE, action, defect.deleteForm),
          ...(defect.roles ? ['--role', defect.roles[0]!] : []),
        ];
        const clean = await cleanRequestOf(args);
        const faulty = await requestOf(args, defect.name);
        CHECKS[defect.name]!(clean, faulty);
      }
    });
  }
});

describe('the handling defects mishandle the answer; the clean client does not', { concurrency: 2 }, () => {
  /** The client's runs against a server answering as told, and the requests it received. */
  const against = async (answering: Answering, runs: (base: string) => Promise<Run>[]) => {
    const server = new CapturingServer();
    server.answering = answering;
    await server.start();
    try {
      return { results: await Promise.all(runs(server.baseUrl)), requests: server.requests };
    } finally {
      await server.stop();
    }
  };

  it('NRLS-CREATE-005: claims-created-on-refusal reports a refused create as created, exit 0', async () => {
    const { results } = await against('refusal', (base) => [
      client(argsFor(base, 'create')),
      client(argsFor(base, 'create'), 'claims-created-on-refusal'),
      client(argsFor(base, 'supersede'), 'claims-created-on-refusal'),
    ]);
    const [clean, faulty, supersede] = results as [Run, Run, Run];
    assert.equal(clean.code, 1);
    assert.deepEqual(clean.last, {
      outcome: 'error',
      spineCode: 'INVALID_RESOURCE',
      message: '400 INVALID_RESOURCE here',
    });
    assert.deepEqual([faulty.code, faulty.last], [0, { outcome: 'created' }]);
    assert.deepEqual([supersede.code, supersede.last], [0, { outcome: 'superseded' }]);
  });

  it('NRLS-ERR-014: retry-storm sends 11 requests after a 500; the clean client sends one', async () => {
    const clean = await against('server-error', (base) => [client(argsFor(base, 'delete'))]);
    assert.deepEqual([clean.results[0]!.code, clean.requests.length], [1, 1]);
    assert.equal(clean.results[0]!.last.outcome, 'error');
    assert.match(clean.results[0]!.last.message as string, /^500 /);
    const faulty = await against('server-error', (base) => [client(argsFor(base, 'delete'), 'retry-storm')]);
    assert.deepEqual([faulty.results[0]!.code, faulty.requests.length], [1, 11]);
  });

  it('NRLS-GEN-001: ignores-timeout still waits 1 s past timeout-ms; the clean client gives up in time', async () => {
    const started = Date.now();
    const { results } = await against('silence', (base) => [
      client([...argsFor(base, 'search'), '--timeout-ms', '300'], '', 5000).then((run) => ({
        ...run,
        stdout: `${Date.now() - started}`,
      })),
      client([...argsFor(base, 'search'), '--timeout-ms', '300'], 'ignores-timeout', 1300),
    ]);
    const [clean, faulty] = results as [Run, Run];
    assert.equal(clean.code, 1);
    assert.deepEqual(clean.last, { outcome: 'error', message: 'no answer within 300 ms' });
    assert.ok(Number(clean.stdout) < 1300, `gave up after ${clean.stdout} ms`);
    assert.deepEqual([faulty.code, faulty.last], [null, {}], 'killed while still waiting');
  });

  it('NRLS-SEARCH-013: error-as-empty reports a refused search as found with count 0, exit 0', async () => {
    const { results } = await against('refusal', (base) => [
      client(argsFor(base, 'search')),
      client(argsFor(base, 'search'), 'error-as-empty'),
    ]);
    const [clean, faulty] = results as [Run, Run];
    assert.deepEqual([clean.code, clean.last.outcome, clean.last.spineCode], [1, 'error', 'INVALID_RESOURCE']);
    assert.deepEqual([faulty.code, faulty.last], [0, { outcome: 'found', count: 0 }]);
  });

  it('a network error is a failure: exit 1, the error as the message; --defect switches a defect on too', async () => {
    const server = new CapturingServer();
    await server.start();
    const closedBase = server.baseUrl;
    await server.stop();
    const refused = await client(argsFor(closedBase, 'create'));
    assert.equal(refused.code, 1);
    assert.match(refused.last.message as string, /ECONNREFUSED/);
    const viaOption = await client([...argsFor(closedBase, 'search'), '--defect', 'error-as-empty']);
    assert.deepEqual([viaOption.code, viaOption.last], [0, { outcome: 'found', count: 0 }]);
  });
});
