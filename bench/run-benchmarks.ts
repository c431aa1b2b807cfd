// `npm run bench`: figures, not a timed test. Loads the mock with 10k and 100k pointers and drives it
// with autocannon on loopback (search by subject in JSON and XML, _id search, create, supersede), side by
// side with a bare node:http server answering a body of the same size (the machine's ceiling; and again
// spending 60 µs of CPU per request, to show how that ceiling falls for any real server) and plain
// json-server 0.17.4 over the same pointers with its own filter. Then RSS and start-up time with 100k
// and 1M pointers, create throughput with --db at 10k, and the suite's wall time.
//
//   npm run bench [-- --duration 5] [-- --skip-million]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPointer } from '../src/domain/pointer-builder.ts';
import { patientUrl } from '../src/domain/identifiers.ts';
import { PROJECT_ROOT } from '../src/runner/run-suite.ts';
import { serialiseState } from '../mock-server/store/store-file.ts';
import { writeFileAtomically } from '../mock-server/store/persistence.ts';
import {
  CONNECTIONS,
  consumer,
  load,
  provider,
  rotating,
  rssMb,
  startProcess,
  startServer,
  type Load,
} from './load.ts';
import { timeSuiteRun } from './suite-time.ts';
import { syntheticStore } from './synthetic-store.ts';

const { values: options } = parseArgs({
  options: { duration: { type: 'string', default: '5' }, 'skip-million': { type: 'boolean', default: false } },
});
const DURATION = Number(options.duration);
/** Work given to a second bare server: what a server that does anything per request can reach here. */
const BARE_WORK_US = 60;
const timed = { duration: DURATION };
/** Enough new pointers for a create load at 20,000 req/s (warm-up included); more are made as they run out. */
const CREATE_BODIES = (DURATION + 1) * 20_000;
const results: Record<string, unknown> = {};
const lines: string[] = [];
const say = (line = '') => {
  console.log(line);
  lines.push(line);
};

const row = (name: string, l: Load, extra = '') =>
  say(`| ${name} | ${l.rps.toLocaleString('en-GB')} | ${l.p50} | ${l.p99} | ${l.errors} |${extra ? ` ${extra}` : ''}`);

async function throughput(pointers: number) {
  const synthetic = syntheticStore(pointers);
  const patients = synthetic.patients.slice(0, 2000);
  const ids = synthetic.state.DocumentReference.slice(0, 2000).map((pointer) => pointer.id);
  let at = 0;
  const cycle = <T>(list: T[]) => list[at++ % list.length]!;
  const searchPath = () => `/DocumentReference?subject=${encodeURIComponent(patientUrl(cycle(patients)))}`;

  const mock = await startServer('mock', pointers);
  const sample = await fetch(`http://127.0.0.1:${mock.port}${searchPath()}`, {
    headers: { ...consumer, Accept: 'application/fhir+json' },
  }).then((r) => r.text());
  const measured: Record<string, Load> = {};
  measured.searchJson = await load(
    mock.port,
    rotating('GET', { ...consumer, Accept: 'application/fhir+json' }, () => ({ path: searchPath() })),
    timed,
  );
  measured.searchXml = await load(
    mock.port,
    rotating('GET', { ...consumer, Accept: 'application/fhir+xml' }, () => ({ path: searchPath() })),
    timed,
  );
  measured.idSearch = await load(
    mock.port,
    rotating('GET', { ...consumer, Accept: 'application/fhir+json' }, () => ({
      path: `/DocumentReference?_id=${cycle(ids)}`,
    })),
    timed,
  );
  // Bodies are made before the load, so that the load generator, which shares the cores with the mock,
  // measures the mock rather than its own pointer building (each create needs a new master identifier).
  const newPointerBody = () =>
    JSON.stringify(buildPointer({ nhsNumber: cycle(synthetic.patients), custodian: 'MHT01' }));
  const createBodies = Array.from({ length: CREATE_BODIES }, newPointerBody);
  let created = 0;
  measured.create = await load(
    mock.port,
    rotating('POST', { ...provider, Accept: 'application/fhir+json' }, () => ({
      path: '/DocumentReference',
      body: created < createBodies.length ? createBodies[created++]! : newPointerBody(),
    })),
    timed,
  );
  let next = 0;
  const supersedeBodies = synthetic.supersedable
    .slice(0, 8_000)
    .map(([nhsNumber, value]) =>
      JSON.stringify(buildPointer({ nhsNumber, custodian: 'MHT01', replaces: { system: 'urn:ietf:rfc:3986', value } })),
    );
  measured.supersede = await load(
    mock.port,
    rotating('POST', { ...provider, Accept: 'application/fhir+json' }, () => ({
      path: '/DocumentReference',
      body: supersedeBodies[next++ % supersedeBodies.length]!,
    })),
    { amount: supersedeBodies.length },
  );
  const mockRss = rssMb(mock.process.pid!);
  mock.stop();

  const bare = await startServer('bare', 0, [sample]);
  measured.bare = await load(bare.port, { method: 'GET', path: '/' }, timed);
  bare.stop();
  const busyBare = await startServer('bare', 0, [sample, String(BARE_WORK_US)]);
  measured.bareWithWork = await load(busyBare.port, { method: 'GET', path: '/' }, timed);
  busyBare.stop();
  const plain = await startServer('json-server', pointers);
  measured.jsonServer = await load(
    plain.port,
    rotating('GET', {}, () => ({
      path: `/DocumentReference?subject.reference=${encodeURIComponent(patientUrl(cycle(patients)))}`,
    })),
    timed,
  );
  plain.stop();

  const ratio = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
  say(
    `### ${pointers.toLocaleString('en-GB')} pointers (${patients.length.toLocaleString('en-GB')} patients ` +
      `searched; search response ${sample.length} bytes; mock RSS ${mockRss} MB)`,
  );
  say('');
  say('| Load | req/s | p50 ms | p99 ms | errors | notes |');
  say('|---|---|---|---|---|---|');
  row(
    'mock: search by subject, JSON',
    measured.searchJson!,
    `${ratio(measured.searchJson!.rps, measured.bare!.rps)} of bare ` +
      `node; ${(measured.searchJson!.rps / measured.jsonServer!.rps).toFixed(1)}× json-server |`,
  );
  row(
    'mock: search by subject, XML',
    measured.searchXml!,
    `${ratio(measured.searchXml!.rps, measured.bare!.rps)} of bare node; ` +
      `JSON/XML ${(measured.searchJson!.rps / measured.searchXml!.rps).toFixed(2)}× |`,
  );
  row(
    'mock: search by _id, JSON',
    measured.idSearch!,
    `${ratio(measured.idSearch!.rps, measured.bare!.rps)} of bare node |`,
  );
  row('mock: create', measured.create!, `${ratio(measured.create!.rps, measured.bare!.rps)} of bare node |`);
  row(
    'mock: supersede',
    measured.supersede!,
    `${measured.supersede!.requests} requests, each superseding a different pointer |`,
  );
  row('bare node:http, same body (ceiling)', measured.bare!, '|');
  row(
    `bare node:http, same body, ${BARE_WORK_US} µs of CPU per request`,
    measured.bareWithWork!,
    `${ratio(measured.bareWithWork!.rps, measured.bare!.rps)} of bare node |`,
  );
  row('json-server 0.17.4, subject.reference filter', measured.jsonServer!, '|');
  say('');
  results[`throughput${pointers}`] = { ...measured, mockRssMb: mockRss, responseBytes: sample.length };
  return measured;
}

async function dbFile(pointers: number): Promise<string> {
  const file = join(tmpdir(), `nrls-bench-db-${pointers}.json`);
  if (!existsSync(file)) {
    const started = performance.now();
    await writeFileAtomically(file, serialiseState(syntheticStore(pointers).state));
    console.log(`(generated ${file} in ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  return file;
}

async function startupAndMemory(pointers: number, file: string) {
  const mock = await startProcess(
    ['bin/nrls-conformance.js', 'mock', '--port', '0', '--quiet', '--db', file],
    /listening on http:\/\/127\.0\.0\.1:(\d+)/,
  );
  const rss = rssMb(mock.process.pid!);
  const peak = Math.round(
    Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${mock.process.pid}/status`, 'utf8'))![1]) / 1024,
  );
  mock.stop();
  say(`| ${pointers.toLocaleString('en-GB')} | ${(mock.startedInMs / 1000).toFixed(1)} | ${rss} | ${peak} |`);
  results[`memory${pointers}`] = { startupSeconds: mock.startedInMs / 1000, rssMb: rss, peakRssMb: peak };
}

async function createWithDb() {
  const file = join(tmpdir(), `nrls-bench-db-writes-${process.pid}.json`);
  await writeFileAtomically(file, serialiseState(syntheticStore(10_000).state));
  const synthetic = syntheticStore(10_000);
  const mock = await startProcess(
    ['bin/nrls-conformance.js', 'mock', '--port', '0', '--quiet', '--db', file],
    /listening on http:\/\/127\.0\.0\.1:(\d+)/,
  );
  let at = 0;
  const measured = await load(
    mock.port,
    rotating('POST', { ...provider, Accept: 'application/fhir+json' }, () => ({
      path: '/DocumentReference',
      body: JSON.stringify(
        buildPointer({ nhsNumber: synthetic.patients[at++ % synthetic.patients.length]!, custodian: 'MHT01' }),
      ),
    })),
    timed,
  );
  mock.stop();
  say('| Load | req/s | p50 ms | p99 ms | errors |');
  say('|---|---|---|---|---|');
  row('mock --db, create (each acknowledged after an fsynced atomic rewrite; concurrent ones grouped)', measured);
  results.createWithDb = measured;
}

function suiteWallTime() {
  say('| Run | wall time |');
  say('|---|---|');
  for (const [label, extra] of [
    ['serial', []],
    ['--parallel 2', ['--parallel', '2']],
  ] as const) {
    const run = timeSuiteRun(extra);
    const seconds = run.ms / 1000;
    say(`| full suite against the embedded mock, ${label} (exit ${run.exit}) | ${seconds.toFixed(2)} s |`);
    results[`suite ${label}`] = seconds;
  }
}

say(`# nrls-conformance benchmarks`);
say('');
say(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ` +
    `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}. autocannon, ${CONNECTIONS} ` +
    `connections, ${DURATION} s per load after 1 s of warm-up, on loopback (load generator and server share the ` +
    `machine).`,
);
say('');
say('## Throughput');
say('');
const small = await throughput(10_000);
const large = await throughput(100_000);
say(
  `Search by subject at 100k is ${((large.searchJson!.rps / small.searchJson!.rps) * 100).toFixed(0)}% of its ` +
    `rate at 10k (JSON), ${((large.searchXml!.rps / small.searchXml!.rps) * 100).toFixed(0)}% (XML).`,
);
say('');
// The db files first, so that the table is not cut by the line saying one was generated.
const sizes = options['skip-million'] ? [100_000] : [100_000, 1_000_000];
const files = [];
for (const pointers of sizes) files.push(await dbFile(pointers));
say('## Start-up and memory (`nrls-conformance mock --db FILE`, time until `listening on`)');
say('');
say('| Pointers | start-up s | RSS MB | peak RSS MB |');
say('|---|---|---|---|');
for (const [at, pointers] of sizes.entries()) await startupAndMemory(pointers, files[at]!);
say('');
say('## Writes to a db file (10k pointers)');
say('');
await createWithDb();
say('');
say('## The suite');
say('');
suiteWallTime();

const out = join(PROJECT_ROOT, 'reports', 'bench');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(out, 'bench.md'), `${lines.join('\n')}\n`);
say('');
say(`written: ${join(out, 'bench.md')} and bench.json`);
