// `nrls-conformance mock` as a user runs it: a child process on a free port, spoken to over real HTTP.
// Each spawn costs about a second, so the tests share as few children as they can, run side by side
// (each with its own children), and every child is killed at the end.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { DEFAULT_FIXTURES_DIR } from '../../mock-server/fixtures.ts';
import type { StoreState } from '../../mock-server/store/store-state.ts';
import { nrlsHeaders, type ClientIdentity } from '../../src/domain/client-identity.ts';
import { patientUrl } from '../../src/domain/identifiers.ts';
import { generateNhsNumber } from '../../src/domain/nhs-number.ts';
import { buildPointer } from '../../src/domain/pointer-builder.ts';
import type { Pointer } from '../../src/domain/pointer.ts';
import {
  CONSUMER,
  KNOWN_PATIENT,
  PROVIDER,
  SEEDED_PATIENT,
  SPINE_ASID,
  assertOutcome,
  bundleOf,
  createdId,
  resourceOf,
} from '../support/mock.ts';
import { ROOT, spawnCli, type Child, type Exit } from '../support/cli.ts';

const LISTENING = /^listening on (http:\/\/127\.0\.0\.1:(\d+)(\/\S*))\n/;

function run(args: string[]): Child {
  return spawnCli(['mock', ...args]);
}

interface Running extends Child {
  /** The service base as printed, with its trailing slash. */
  printedBase: string;
  port: number;
  /** Stops the child with SIGTERM and waits until its output is complete. */
  stop(): Promise<Exit>;
}

/** Starts the mock and resolves once it prints its `listening on` line; read from the stream, no sleeps. */
async function start(t: TestContext, args: string[] = []): Promise<Running> {
  const child = run(['--port', '0', ...args]);
  t.after(() => void child.process.kill('SIGKILL'));
  const match = await new Promise<RegExpExecArray>((listening, reject) => {
    const check = () => {
      const found = LISTENING.exec(child.stdout());
      if (found) {
        child.process.stdout.off('data', check);
        listening(found);
      }
    };
    child.process.stdout.on('data', check);
    child.exited.then((exit) =>
      reject(new Error(`the mock exited (${exit.code ?? exit.signal}) before listening: ${exit.stderr}`)),
    );
  });
  return {
    ...child,
    printedBase: match[1]!,
    port: Number(match[2]),
    stop: () => {
      child.process.kill('SIGTERM');
      return child.exited;
    },
  };
}

interface WireResponse {
  status: number;
  text: string;
  headers: Record<string, string>;
}

/** What the log line of a request must say: method, target, status and the response's Spine code. */
interface Exchange {
  method: string;
  target: string;
  status: number;
  spineCode: string;
}

/** The Spine code a response carries (details.coding[0].code), `-` when it has none (a Bundle, AMB-38). */
function spineCodeOf(res: WireResponse): string {
  const resource = resourceOf(res) as { issue?: { details?: { coding?: { code: string }[] } }[] };
  return resource.issue?.[0]?.details?.coding?.[0]?.code ?? '-';
}

/** An HTTP client for one running mock that remembers every exchange, in order. */
class Client {
  readonly exchanges: Exchange[] = [];

  constructor(readonly base: string) {}

  async call(path: string, init: RequestInit = {}): Promise<WireResponse> {
    const url = new URL(`${this.base}${path}`);
    const response = await fetch(url, init);
    const res = { status: response.status, text: await response.text(), headers: Object.fromEntries(response.headers) };
    this.exchanges.push({
      method: init.method ?? 'GET',
      target: `${url.pathname}${url.search}`,
      status: res.status,
      spineCode: spineCodeOf(res),
    });
    return res;
  }

  search(nhsNumber: string, accept?: string) {
    return this.call(searchPath(nhsNumber), {
      headers: { ...headersOf(CONSUMER, 'read'), ...(accept ? { Accept: accept } : {}) },
    });
  }

  byId(id: string) {
    return this.call(`/DocumentReference?_id=${encodeURIComponent(id)}`, {
      headers: { ...headersOf(CONSUMER, 'read'), Accept: 'application/fhir+json' },
    });
  }

  create(pointer: Pointer) {
    return this.call('/DocumentReference', {
      method: 'POST',
      headers: {
        ...headersOf(PROVIDER, 'write'),
        Accept: 'application/fhir+json',
        'Content-Type': 'application/fhir+json',
      },
      body: JSON.stringify(pointer),
    });
  }

  delete(query: string) {
    return this.call(`/DocumentReference?${query}`, {
      method: 'DELETE',
      headers: { ...headersOf(PROVIDER, 'write'), Accept: 'application/fhir+json' },
    });
  }
}

const headersOf = (as: ClientIdentity, access: 'read' | 'write') => nrlsHeaders(as, { spineAsid: SPINE_ASID, access });
const searchPath = (nhsNumber: string) => `/DocumentReference?subject=${encodeURIComponent(patientUrl(nhsNumber))}`;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const mine = (nhsNumber: string, replaces?: Pointer['masterIdentifier']) =>
  buildPointer({ nhsNumber, custodian: PROVIDER.ods, ...(replaces ? { replaces } : {}) });

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nrls-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A client for the printed service base (without its trailing slash). */
const clientOf = (mock: Running) => new Client(mock.printedBase.replace(/\/$/, ''));

describe('nrls-conformance mock', { concurrency: availableParallelism() }, () => {
  it('on --port 0 it listens on a free port and serves consumers and providers, logging each request', async (t) => {
    const mock = await start(t);
    const client = clientOf(mock);

    await t.test('prints `listening on http://127.0.0.1:PORT/` once it accepts requests', () => {
      assert.equal(mock.stdout(), `listening on http://127.0.0.1:${mock.port}/\n`);
      assert.notEqual(mock.port, 0);
    });

    await t.test(
      'NRLS-FMT-005, NRLS-FMT-009, NRLS-SEARCH-002: a consumer search answers XML by default and JSON on request',
      async () => {
        const xml = await client.search(SEEDED_PATIENT);
        assert.equal(xml.headers['content-type'], 'application/fhir+xml;charset=utf-8');
        assert.equal(bundleOf(xml).total, 3);
        const json = await client.search(SEEDED_PATIENT, 'application/fhir+json');
        assert.equal(json.headers['content-type'], 'application/fhir+json;charset=utf-8');
        assert.equal(bundleOf(json).total, 3);
      },
    );

    await t.test(
      'NRLS-CREATE-001, NRLS-CREATE-007, NRLS-SUPERSEDE-002, NRLS-SUPERSEDE-008, ' +
        'NRLS-DELETE-002, NRLS-DELETE-003: a provider creates, supersedes and deletes',
      async () => {
        const nhsNumber = generateNhsNumber();
        const original = mine(nhsNumber);
        const created = await client.create(original);
        assertOutcome(created, 'RESOURCE_CREATED');
        assert.match(
          created.headers.location!,
          new RegExp(`^http://127\\.0\\.0\\.1:${mock.port}/DocumentReference\\?_id=`),
        );
        const originalId = createdId(created);

        const successorId = createdId(await client.create(mine(nhsNumber, original.masterIdentifier)));
        const old = bundleOf(await client.byId(originalId)).entry![0]!.resource;
        assert.deepEqual([old.status, old.meta.versionId], ['superseded', '2']);

        assertOutcome(await client.delete(`_id=${encodeURIComponent(successorId)}`), 'RESOURCE_DELETED');
        assertOutcome(await client.byId(successorId), 'NO_RECORD_FOUND');
        const { system, value } = original.masterIdentifier!;
        assertOutcome(
          await client.delete(
            `subject=${encodeURIComponent(patientUrl(nhsNumber))}` +
              `&identifier=${encodeURIComponent(`${system}|${value}`)}`,
          ),
          'RESOURCE_DELETED',
        );
        assert.equal(bundleOf(await client.search(nhsNumber, 'application/fhir+json')).total, 0);
        assertOutcome(await client.search('9876543211', 'application/fhir+json'), 'INVALID_NHS_NUMBER');
      },
    );

    await t.test('one stderr line per request with method, path, status, Spine code and milliseconds', async () => {
      const { stderr } = await mock.stop();
      const lines = stderr.split('\n').filter((line) => line !== '');
      assert.ok(client.exchanges.length >= 10);
      assert.equal(lines.length, client.exchanges.length, stderr);
      for (const [at, { method, target, status, spineCode }] of client.exchanges.entries()) {
        assert.match(
          lines[at]!,
          new RegExp(`^${escapeRegExp(`${method} ${target} ${status} ${spineCode}`)} \\d+(\\.\\d+)?ms( \\(.*\\))?$`),
        );
      }
      const codes = client.exchanges.map(({ spineCode }) => spineCode);
      for (const code of ['-', 'RESOURCE_CREATED', 'RESOURCE_DELETED', 'NO_RECORD_FOUND', 'INVALID_NHS_NUMBER'])
        assert.ok(codes.includes(code), code);
    });
  });

  it('with --base-path /nrls-ri --quiet it serves below the base path, prints it, and logs nothing', async (t) => {
    const mock = await start(t, ['--base-path', '/nrls-ri', '--quiet']);
    const root = `http://127.0.0.1:${mock.port}`;

    await t.test('NRLS-GEN-002: --base-path serves the service there and prints it', async () => {
      assert.equal(mock.stdout(), `listening on ${root}/nrls-ri/\n`);
      const client = clientOf(mock);
      assert.equal(bundleOf(await client.search(SEEDED_PATIENT, 'application/fhir+json')).total, 3);
      const created = await client.create(mine(generateNhsNumber()));
      assert.match(created.headers.location!, new RegExp(`^${escapeRegExp(root)}/nrls-ri/DocumentReference\\?_id=`));
      assertOutcome(await new Client(root).search(SEEDED_PATIENT, 'application/fhir+json'), 'UNKNOWN_PATH');
    });

    await t.test('--quiet silences the log lines', async () => {
      const { stderr } = await mock.stop();
      assert.equal(stderr, '');
    });
  });

  it('--db FILE keeps the pointers across a restart', async (t) => {
    const dbFile = join(tempDir(t), 'pointers.json');
    const first = await start(t, ['--db', dbFile, '--quiet']);
    assert.ok(existsSync(dbFile), 'the file is created from the fixtures');
    const nhsNumber = generateNhsNumber();
    const id = createdId(await clientOf(first).create(mine(nhsNumber)));
    await first.stop();
    const saved = JSON.parse(readFileSync(dbFile, 'utf8')) as StoreState;
    assert.ok(saved.DocumentReference.some((pointer) => pointer.id === id));

    const second = clientOf(await start(t, ['--db', dbFile, '--quiet']));
    assert.deepEqual(
      bundleOf(await second.byId(id)).entry!.map((entry) => entry.resource.id),
      [id],
    );
    assert.equal(bundleOf(await second.search(nhsNumber, 'application/fhir+json')).total, 1);
  });

  it(
    'NRLS-CREATE-025, NRLS-ERR-012 (AMB-40): --known-patients-only refuses a create for ' +
      "a valid unknown patient with 404, and the fixtures' newPatients does the same",
    async (t) => {
      const refusingFixtures = tempDir(t);
      cpSync(DEFAULT_FIXTURES_DIR, refusingFixtures, { recursive: true });
      const patients = JSON.parse(readFileSync(join(refusingFixtures, 'patients.json'), 'utf8'));
      writeFileSync(join(refusingFixtures, 'patients.json'), JSON.stringify({ ...patients, newPatients: 'refuse' }));
      const [flagged, fromFixtures, byDefault] = await Promise.all([
        start(t, ['--known-patients-only', '--quiet']),
        start(t, ['--fixtures', refusingFixtures, '--quiet']),
        start(t, ['--quiet']),
      ]);
      for (const mock of [flagged, fromFixtures]) {
        const client = clientOf(mock);
        const nhsNumber = generateNhsNumber();
        assertOutcome(
          await client.create(mine(nhsNumber)),
          'NO_RECORD_FOUND',
          `The given NHS number could not be found ${nhsNumber}`,
        );
        assertOutcome(await client.search(nhsNumber, 'application/fhir+json'), 'NO_RECORD_FOUND');
        assertOutcome(await client.create(mine(KNOWN_PATIENT)), 'RESOURCE_CREATED');
      }
      const nhsNumber = generateNhsNumber();
      assertOutcome(await clientOf(byDefault).create(mine(nhsNumber)), 'RESOURCE_CREATED');
      assert.equal(bundleOf(await clientOf(byDefault).search(nhsNumber, 'application/fhir+json')).total, 1);
    },
  );

  it('--help lists --known-patients-only', async () => {
    const exit = await run(['--help']).exited;
    assert.equal(exit.code, 0);
    assert.match(
      exit.stdout,
      /^ {2}--known-patients-only {4}refuse a create or supersede for a valid NHS number not in the known patients$/m,
    );
  });

  it('bad options exit with code 2 and a one-line reason naming the option, without listening', async () => {
    const cases: [string[], RegExp][] = [
      [['--port', 'abc'], /^nrls-conformance mock: --port must be an integer from 0 to 65535, not "abc"$/],
      [['--bogus'], /^nrls-conformance mock: .*'--bogus'/],
      [
        ['--internal-error-body', 'xml'],
        /^nrls-conformance mock: --internal-error-body must be html or operation-outcome, not "xml"$/,
      ],
    ];
    const exits = await Promise.all(cases.map(([args]) => run(args).exited));
    for (const [at, exit] of exits.entries()) {
      const [args, reason] = cases[at]!;
      assert.equal(exit.code, 2, `${args.join(' ')}: ${exit.stderr}`);
      assert.equal(exit.stdout, '', 'nothing is printed on stdout');
      assert.match(exit.stderr.split('\n')[0]!, reason);
    }
  });

  it('a bad --fixtures folder exits with code 2 and one line naming the file and the field', async (t) => {
    const broken = tempDir(t);
    cpSync(DEFAULT_FIXTURES_DIR, broken, { recursive: true });
    const asids = JSON.parse(readFileSync(join(broken, 'asids.json'), 'utf8'));
    asids[0].ods = 'ZZZ99';
    writeFileSync(join(broken, 'asids.json'), JSON.stringify(asids));
    const exit = await run(['--port', '0', '--fixtures', broken]).exited;
    assert.equal(exit.code, 2, exit.stderr);
    assert.equal(exit.stdout, '');
    const match = /^nrls-conformance mock: bad fixtures: (.+?\.json): (.+)\n$/.exec(exit.stderr);
    assert.ok(match, `one line naming the file: ${JSON.stringify(exit.stderr)}`);
    assert.equal(resolve(ROOT, match[1]!), join(broken, 'asids.json'));
    assert.equal(match[2], '[0].ods ZZZ99 is not in organisations.json');
  });

  it(
    'a --fixtures folder whose patients.json newPatients is neither ' +
      'accept nor refuse exits with code 2 naming the file and the field',
    async (t) => {
      const broken = tempDir(t);
      cpSync(DEFAULT_FIXTURES_DIR, broken, { recursive: true });
      writeFileSync(
        join(broken, 'patients.json'),
        JSON.stringify({ knownPatients: [SEEDED_PATIENT], newPatients: 'sometimes' }),
      );
      const exit = await run(['--port', '0', '--fixtures', broken, '--known-patients-only']).exited;
      assert.equal(exit.code, 2, exit.stderr);
      assert.equal(exit.stdout, '');
      const match = /^nrls-conformance mock: bad fixtures: (.+?\.json): (.+)\n$/.exec(exit.stderr);
      assert.ok(match, `one line naming the file: ${JSON.stringify(exit.stderr)}`);
      assert.equal(resolve(ROOT, match[1]!), join(broken, 'patients.json'));
      assert.equal(match[2], 'newPatients must be one of accept, refuse');
    },
  );

  it('a --db file that is not a store exits with code 3 and one line naming it', async (t) => {
    const dbFile = join(tempDir(t), 'pointers.json');
    writeFileSync(dbFile, '{"DocumentReference": ');
    const exit = await run(['--port', '0', '--db', dbFile]).exited;
    assert.equal(exit.code, 3, exit.stderr);
    assert.equal(exit.stdout, '');
    assert.match(
      exit.stderr,
      new RegExp(`^nrls-conformance mock: cannot open the store: ${escapeRegExp(dbFile)}: not JSON .*\\n$`),
    );
  });
});
