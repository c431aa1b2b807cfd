// `nrls-conformance mock`: starts the mock and prints `listening on <service base>` once it accepts
// requests. Exit code 2 for bad options or fixtures, 3 when it cannot listen or open its store.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { parseArgs } from 'node:util';
import { mockConfig, DEFAULT_BODY_LIMIT_BYTES } from '../../mock-server/config.ts';
import { DEFAULT_FIXTURES_DIR, FixtureError, loadFixtures, type Fixtures } from '../../mock-server/fixtures.ts';
import { startMock, type MockTls } from '../../mock-server/server.ts';
import { StoreFileError } from '../../mock-server/store/open-store.ts';
import { faultsNamed } from '../../mock-server/faults/index.ts';
import { EXCHANGES_FILE, RecordingError, writeRecordingIdentity } from '../../mock-server/recording/exchange-file.ts';
import { packageInfo } from '../runner/package-info.ts';
import { integerOption } from './integer-option.ts';
import {
  DEFAULT_TRIGGERS_FILE,
  TriggerTableError,
  loadTriggerTable,
  withTriggerDelay,
  type TriggerTable,
} from '../client-assurance/triggers.ts';
import { triggerCollisions } from '../../mock-server/simulator/index.ts';

export const MOCK_USAGE = `Usage: nrls-conformance mock [options]

  --port N                 port to listen on; 0 picks a free one (default 8080)
  --host H                 address to listen on (default 127.0.0.1)
  --base-path P            path prefix of the service base (default /)
  --db FILE                keep pointers in this JSON file (lowdb); created from the fixtures if absent.
                           Without it the store is in memory and starts from the fixtures each time.
  --fixtures DIR           use the fixture files in DIR instead of the defaults (${DEFAULT_FIXTURES_DIR})
  --quiet                  no per-request log lines on stderr
  --body-limit BYTES       largest request body accepted (default ${DEFAULT_BODY_LIMIT_BYTES})
  --internal-error-body B  html (1.2.3, default) or operation-outcome (1.2.1) for a 500 (AMB-39)
  --fail-persistence-for V a create whose masterIdentifier.value is V fails with a 500, rolled back
                           (fault injection for AMB-39; off by default)
  --strict-jwt             require alg none, an empty signature and exp = iat + 300 around now
  --no-asid-match          do not require the JWT requesting_system ASID to equal fromASID (AMB-05)
  --known-patients-only    refuse a create or supersede for a valid NHS number not in the known patients
                           (404 NO_RECORD_FOUND, as the live NRLS); overrides patients.json newPatients.
                           By default such a patient becomes known (AMB-40)
  --fault NAME             break one rule on purpose (repeatable; for proving a test suite catches it).
                           The names and what each breaks: see mock-server/faults/index.ts
  --record DIR             client assurance: append every request to the service and the mock's answer, judged
                           by the client rules, to DIR/exchanges.ndjson (one JSON line each, written before the
                           answer is sent), with DIR/recording.json naming the mock and the client systems. DIR
                           is created if needed. \`nrls-conformance judge DIR\` reports on it. Without it the
                           latest 500 exchanges are still shown at {base}/_inspector
  --triggers FILE          answer the simulator triggers of FILE instead of the built-in table
                           (fixtures/client-triggers.json, listed in docs/client-triggers.md); on by default
  --no-triggers            answer no simulator triggers: every request is answered normally
  --trigger-delay MS       the delay of the slow triggers, instead of the table's (15000)
  --tls-cert FILE          serve HTTPS (TLS 1.2 or later) with this PEM certificate; needs --tls-key
  --tls-key FILE           the PEM private key of --tls-cert
  --tls-ca FILE            require a client certificate issued by this PEM CA (mutual TLS)
  -h, --help               this text
`;

function fail(message: string, code: number): number {
  process.stderr.write(`nrls-conformance mock: ${message}\n`);
  return code;
}

/** The PEM files of --tls-cert/--tls-key/--tls-ca, checked by OpenSSL; throws with a one-line reason. */
function readTls(files: { cert?: string; key?: string; ca?: string }): MockTls | undefined {
  if (!files.cert && !files.key && !files.ca) return undefined;
  if (!files.cert || !files.key) {
    const [given, missing] = files.cert
      ? ['--tls-cert', '--tls-key']
      : files.key
        ? ['--tls-key', '--tls-cert']
        : ['--tls-ca', '--tls-cert and --tls-key'];
    throw new Error(`${given} ${files.cert ?? files.key ?? files.ca} needs ${missing}`);
  }
  const read = (option: string, file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`${option} ${file} cannot be read (${(error as NodeJS.ErrnoException).code})`);
    }
  };
  const tls: MockTls = { cert: read('--tls-cert', files.cert), key: read('--tls-key', files.key) };
  if (files.ca) tls.ca = read('--tls-ca', files.ca);
  try {
    createSecureContext(tls);
  } catch (error) {
    const reason = (error as { reason?: string }).reason ?? (error as Error).message.split('\n')[0];
    throw new Error(
      `--tls-cert ${files.cert}, --tls-key ${files.key}${files.ca ? `, --tls-ca ${files.ca}` : ''}: not usable ` +
        `(${reason})`,
    );
  }
  return tls;
}

/**
 * The simulator triggers the mock answers (client assurance): the built-in table unless `--triggers FILE`
 * names another or `--no-triggers` turns them off. Throws TriggerTableError with a one-line reason.
 */
function readTriggers(
  options: { triggers?: string; 'no-triggers'?: boolean },
  fixtures: Fixtures,
  delayMs?: number,
): TriggerTable | undefined {
  if (options['no-triggers']) {
    if (options.triggers !== undefined) throw new TriggerTableError('--triggers and --no-triggers exclude each other');
    return undefined;
  }
  const table = loadTriggerTable(options.triggers ?? DEFAULT_TRIGGERS_FILE);
  const [collision] = triggerCollisions(table, fixtures);
  if (collision) throw new TriggerTableError(`${options.triggers ?? DEFAULT_TRIGGERS_FILE}: ${collision}`);
  return delayMs === undefined ? table : withTriggerDelay(table, delayMs);
}

export async function runMockCommand(argv: string[]): Promise<number> {
  let options;
  try {
    ({ values: options } = parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        'base-path': { type: 'string', default: '/' },
        db: { type: 'string' },
        fixtures: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        'body-limit': { type: 'string' },
        'internal-error-body': { type: 'string', default: 'html' },
        'fail-persistence-for': { type: 'string' },
        'strict-jwt': { type: 'boolean', default: false },
        'no-asid-match': { type: 'boolean', default: false },
        'known-patients-only': { type: 'boolean', default: false },
        fault: { type: 'string', multiple: true, default: [] },
        record: { type: 'string' },
        triggers: { type: 'string' },
        'no-triggers': { type: 'boolean', default: false },
        'trigger-delay': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'tls-ca': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${MOCK_USAGE}`, 2);
  }
  if (options.help) {
    process.stdout.write(MOCK_USAGE);
    return 0;
  }
  let port: number;
  let bodyLimitBytes: number;
  let triggerDelay: number | undefined;
  try {
    port = integerOption('port', options.port, 8080, 0, 65535);
    bodyLimitBytes = integerOption('body-limit', options['body-limit'], DEFAULT_BODY_LIMIT_BYTES, 1, 1024 ** 3);
    if (options['trigger-delay'] !== undefined)
      triggerDelay = integerOption('trigger-delay', options['trigger-delay'], 0, 0, 600_000);
  } catch (error) {
    return fail((error as Error).message, 2);
  }
  const internalErrorBody = options['internal-error-body'];
  if (internalErrorBody !== 'html' && internalErrorBody !== 'operation-outcome') {
    return fail(`--internal-error-body must be html or operation-outcome, not "${internalErrorBody}"`, 2);
  }
  let faults;
  try {
    faults = faultsNamed(options.fault);
  } catch (error) {
    return fail((error as Error).message, 2);
  }
  let tls;
  try {
    tls = readTls({ cert: options['tls-cert'], key: options['tls-key'], ca: options['tls-ca'] });
  } catch (error) {
    return fail((error as Error).message, 2);
  }
  let fixtures;
  try {
    fixtures = loadFixtures(options.fixtures);
  } catch (error) {
    if (error instanceof FixtureError) return fail(`bad fixtures: ${error.message}`, 2);
    throw error;
  }
  let triggers: TriggerTable | undefined;
  try {
    triggers = readTriggers(options, fixtures, triggerDelay);
  } catch (error) {
    if (error instanceof TriggerTableError) return fail(`bad triggers: ${error.message}`, 2);
    throw error;
  }
  const config = mockConfig(fixtures, {
    basePath: options['base-path'],
    dbFile: options.db,
    bodyLimitBytes,
    internalErrorBody,
    persistenceFailureMarker: options['fail-persistence-for'],
    strictJwt: options['strict-jwt'],
    requestingSystemMustMatchFromAsid: !options['no-asid-match'],
    ...(options['known-patients-only'] ? { newPatients: 'refuse' as const } : {}),
    log: options.quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
    faults,
    recordDir: options.record,
    triggers,
  });
  if (faults.names.length > 0)
    process.stderr.write(`nrls-conformance mock: deliberately faulty: ${faults.names.join(', ')}\n`);
  const startedAt = new Date().toISOString();
  let running;
  try {
    running = await startMock(config, { port, host: options.host, tls });
  } catch (error) {
    if (error instanceof RecordingError) return fail(`--record ${options.record}: ${error.message}`, 2);
    if (error instanceof StoreFileError) return fail(`cannot open the store: ${error.message}`, 3);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      return fail(`cannot listen on ${options.host}:${port}: ${(error as Error).message}`, 3);
    }
    throw error;
  }
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (options.record) {
    try {
      const directory = running.app.exchangeLog.directory;
      writeRecordingIdentity(options.record, {
        startedAt,
        harness: packageInfo(),
        baseUrl: running.baseUrl,
        directory,
      });
    } catch (error) {
      await running.close();
      return fail(`--record ${options.record}: ${(error as Error).message}`, 2);
    }
    process.stderr.write(`nrls-conformance mock: recording exchanges to ${join(options.record, EXCHANGES_FILE)}\n`);
  }
  process.stdout.write(`listening on ${running.baseUrl}/\n`);
  // Keep running until a signal arrives.
  return new Promise<number>(() => undefined);
}
