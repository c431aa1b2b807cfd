// `npm run soak`: mixed load on the mock for 10 minutes (by default) while its RSS is sampled, to show
// that memory stays flat. Each connection repeats one pointer's life: create, supersede, searches by
// subject in JSON and XML, _id search, then delete both versions, so the store returns to its starting
// size and any growth in memory is a leak rather than data. At the end of each window the server
// collects garbage and reports its live heap, the measure of a leak; RSS is reported beside it (the
// allocator keeps freed pages, so RSS wanders). Prints the curve per window and writes it to
// reports/soak/soak.{md,json}.
//
//   npm run soak [-- --minutes 10] [-- --pointers 10000] [-- --window 20]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { MASTER_IDENTIFIER_SYSTEM, patientUrl } from '../src/domain/identifiers.ts';
import { buildPointer, uniqueMasterIdentifier } from '../src/domain/pointer-builder.ts';
import { PROJECT_ROOT } from '../src/runner/run-suite.ts';
import { CONNECTIONS, consumer, liveHeapMb, provider, rssMb, startServer } from './load.ts';
import { syntheticStore } from './synthetic-store.ts';

const { values: options } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    pointers: { type: 'string', default: '10000' },
    window: { type: 'string', default: '20' },
  },
});
const MINUTES = Number(options.minutes);
const POINTERS = Number(options.pointers);
const WINDOW_S = Number(options.window);
/** Windows before this share of the run are warm-up (JIT, heap sizing) and not judged. */
const WARM_UP_SHARE = 0.2;
/**
 * Memory is flat when the live heap's peak in the second half of the judged time is within this share
 * of its peak in the first half. Caches fill and then hold (the mock keeps serialised forms for at most
 * 20,000 pointers), so the heap may rise early and then stay; a leak keeps rising into the second half.
 */
const FLAT_TOLERANCE = 0.1;

interface Cycle {
  nhsNumber?: string;
  master?: { system: string; value: string };
  firstId?: string;
  secondId?: string;
}

const json = { ...consumer, Accept: 'application/fhir+json' };
const write = { ...provider, Accept: 'application/fhir+json', 'Content-Type': 'application/fhir+json' };

/** The id in a 201's Location (`…/DocumentReference?_id={id}` or `…/DocumentReference/{id}`). */
function createdId(headers: unknown): string | undefined {
  const list = Array.isArray(headers) ? headers : Object.entries((headers ?? {}) as Record<string, string>).flat();
  for (let i = 0; i < list.length - 1; i += 2) {
    if (String(list[i]).toLowerCase() === 'location') {
      const location = String(list[i + 1]);
      return new URL(location, 'http://x').searchParams.get('_id') ?? location.split('/').pop();
    }
  }
  return undefined;
}

/** One pointer's life, as autocannon's per-connection request sequence; `context` carries the ids. */
function lifeCycle(patients: string[]): autocannon.Request[] {
  let next = 0;
  const cycle = (context: object) => context as Cycle;
  const subject = (context: object) => encodeURIComponent(patientUrl(cycle(context).nhsNumber!));
  return [
    {
      method: 'POST',
      path: '/DocumentReference',
      headers: write,
      setupRequest: (request, context) => {
        const state = cycle(context);
        state.nhsNumber = patients[next++ % patients.length]!;
        state.master = uniqueMasterIdentifier();
        return {
          ...request,
          body: JSON.stringify(
            buildPointer({ nhsNumber: state.nhsNumber, custodian: 'MHT01', masterIdentifier: state.master }),
          ),
        };
      },
      onResponse: (status, _body, context, headers) => {
        cycle(context).firstId = status === 201 ? createdId(headers) : undefined;
      },
    },
    {
      method: 'POST',
      path: '/DocumentReference',
      headers: write,
      setupRequest: (request, context) => {
        const state = cycle(context);
        if (!state.firstId) return undefined as unknown as autocannon.Request; // the create failed: start over
        return {
          ...request,
          body: JSON.stringify(
            buildPointer({ nhsNumber: state.nhsNumber!, custodian: 'MHT01', replaces: state.master! }),
          ),
        };
      },
      onResponse: (status, _body, context, headers) => {
        cycle(context).secondId = status === 201 ? createdId(headers) : undefined;
      },
    },
    {
      method: 'GET',
      headers: json,
      setupRequest: (request, context) => ({ ...request, path: `/DocumentReference?subject=${subject(context)}` }),
    },
    {
      method: 'GET',
      headers: { ...consumer, Accept: 'application/fhir+xml' },
      setupRequest: (request, context) => ({ ...request, path: `/DocumentReference?subject=${subject(context)}` }),
    },
    {
      method: 'GET',
      headers: json,
      setupRequest: (request, context) => ({ ...request, path: `/DocumentReference?_id=${cycle(context).secondId}` }),
    },
    {
      method: 'DELETE',
      headers: { ...provider, Accept: 'application/fhir+json' },
      setupRequest: (request, context) => ({ ...request, path: `/DocumentReference?_id=${cycle(context).secondId}` }),
    },
    {
      method: 'DELETE',
      headers: { ...provider, Accept: 'application/fhir+json' },
      setupRequest: (request, context) => ({
        ...request,
        path:
          `/DocumentReference?subject=${subject(context)}&identifier=` +
          `${encodeURIComponent(`${MASTER_IDENTIFIER_SYSTEM}|${cycle(context).master!.value}`)}`,
      }),
    },
  ];
}

interface Window {
  minute: number;
  requests: number;
  rps: number;
  p99: number;
  errors: number;
  heapMb: number;
  rssMb: number;
}

/** Least-squares slope of a measure against minutes. */
function slopePerMinute(windows: Window[], measure: (w: Window) => number): number {
  const n = windows.length;
  const mx = windows.reduce((sum, w) => sum + w.minute, 0) / n;
  const my = windows.reduce((sum, w) => sum + measure(w), 0) / n;
  const num = windows.reduce((sum, w) => sum + (w.minute - mx) * (measure(w) - my), 0);
  const den = windows.reduce((sum, w) => sum + (w.minute - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

const lines: string[] = [];
const say = (line = '') => {
  console.log(line);
  lines.push(line);
};

const synthetic = syntheticStore(POINTERS);
const mock = await startServer('mock', POINTERS, [], ['--expose-gc']);
const pid = mock.process.pid!;
const windows: Window[] = [];
const startRss = rssMb(pid);
const startHeap = await liveHeapMb(mock);
const started = performance.now();
const count = await fetch(`http://127.0.0.1:${mock.port}/_admin/DocumentReference?_limit=1`).then((r) =>
  Number(r.headers.get('x-total-count')),
);

say('# nrls-conformance soak');
say('');
say(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ` +
    `Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z.`,
);
say(
  `Mock in memory with ${POINTERS.toLocaleString('en-GB')} pointers (${count.toLocaleString('en-GB')} counted ` +
    `by _admin), live heap ${startHeap} MB and RSS ${startRss} MB before load. ${CONNECTIONS} connections, each ` +
    `repeating create → supersede → search by subject (JSON, XML) → _id search → delete both. ${MINUTES} min ` +
    `in ${WINDOW_S} s windows.`,
);
say('');
say('| minute | requests | req/s | p99 ms | errors | live heap MB | RSS MB |');
say('|---|---|---|---|---|---|---|');
// One run for the whole time, so connections and their cycles persist; windows are cut from its responses.
let bucket = { requests: 0, errors: 0, latencies: [] as number[] };
let finish = () => {};
const finished = new Promise<void>((resolve) => (finish = resolve));
const loadOptions = {
  url: `http://127.0.0.1:${mock.port}`,
  connections: CONNECTIONS,
  duration: MINUTES * 60,
  requests: lifeCycle(synthetic.patients),
};
const load = autocannon(loadOptions, () => finish());
load.on('response', (_client, status, _bytes, ms) => {
  bucket.requests += 1;
  bucket.latencies.push(ms);
  if (status < 200 || status > 299) bucket.errors += 1;
});
load.on('reqError', () => (bucket.errors += 1));
const sample = async () => {
  const { requests, errors, latencies } = bucket;
  bucket = { requests: 0, errors: 0, latencies: [] };
  latencies.sort((a, b) => a - b);
  const window: Window = {
    minute: (performance.now() - started) / 60_000,
    requests,
    rps: Math.round(requests / WINDOW_S),
    p99: Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? 0),
    errors,
    heapMb: await liveHeapMb(mock),
    rssMb: rssMb(pid),
  };
  windows.push(window);
  say(
    `| ${window.minute.toFixed(1)} | ${window.requests.toLocaleString('en-GB')} ` +
      `| ${window.rps.toLocaleString('en-GB')} | ${window.p99} | ${window.errors} | ${window.heapMb} ` +
      `| ${window.rssMb} |`,
  );
};
const sampler = setInterval(() => void sample(), WINDOW_S * 1000);
await finished;
clearInterval(sampler);
const endCount = await fetch(`http://127.0.0.1:${mock.port}/_admin/DocumentReference?_limit=1`).then((r) =>
  Number(r.headers.get('x-total-count')),
);
mock.stop();

const judged = windows.filter((w) => w.minute >= MINUTES * WARM_UP_SHARE);
const judgedMinutes = MINUTES * (1 - WARM_UP_SHARE);
const trend = (measure: (w: Window) => number) => {
  const slope = slopePerMinute(judged, measure);
  const base = judged.length > 0 ? measure(judged[0]!) : 0;
  const growth = slope * judgedMinutes;
  const values = judged.map(measure);
  return {
    slope,
    base,
    growth,
    share: base > 0 ? growth / base : 0,
    min: Math.min(...values),
    max: Math.max(...values),
  };
};
const heap = trend((w) => w.heapMb);
const rss = trend((w) => w.rssMb);
const halves = [judged.slice(0, Math.floor(judged.length / 2)), judged.slice(Math.floor(judged.length / 2))];
const [firstPeak, secondPeak] = halves.map((half) => Math.max(...half.map((w) => w.heapMb)));
const peakGrowth = (secondPeak! - firstPeak!) / firstPeak!;
const flat = judged.length >= 4 && peakGrowth < FLAT_TOLERANCE;
// A cycle cut off when the load stopped leaves at most its two versions behind.
const leftover = endCount - count;
const storeKept = leftover >= 0 && leftover <= 2 * CONNECTIONS;
const total = windows.reduce((sum, w) => sum + w.requests, 0);
const errors = windows.reduce((sum, w) => sum + w.errors, 0);
const described = (name: string, t: ReturnType<typeof trend>) =>
  `${name} ${t.min}–${t.max} MB, fitted trend ${t.slope >= 0 ? '+' : ''}${t.slope.toFixed(2)} MB/min ` +
  `(${t.growth >= 0 ? '+' : ''}${t.growth.toFixed(1)} MB, ${(t.share * 100).toFixed(1)}% of ${t.base} MB)`;
say('');
say(
  `Requests: ${total.toLocaleString('en-GB')}, errors: ${errors}. Pointers ` +
    `stored: ${count.toLocaleString('en-GB')} before, ${endCount.toLocaleString('en-GB')} after (${leftover} ` +
    `from cycles cut off when the load stopped; at most ${2 * CONNECTIONS}).`,
);
say(
  `After warm-up (from minute ${(MINUTES * WARM_UP_SHARE).toFixed(1)}, ${judgedMinutes.toFixed(1)} min ` +
    `judged): ${described('live heap', heap)}; ${described('RSS', rss)}.`,
);
say(
  `Live heap peak: ${firstPeak} MB in the first half of the judged time, ${secondPeak} MB in the second ` +
    `(${peakGrowth >= 0 ? '+' : ''}${(peakGrowth * 100).toFixed(1)}%).`,
);
say(
  `Verdict: memory ${flat ? 'flat' : 'NOT flat'} (tolerance: the second half's heap peak ` +
    `within ${FLAT_TOLERANCE * 100}% of the first half's); ${errors === 0 ? 'no errors' : `${errors} ERRORS`}; ` +
    `store ${
      storeKept
        ? 'back to its starting size but for the cut-off cycles'
        : 'NOT back to its starting size: pointers lost or left over'
    }.`,
);

const out = join(PROJECT_ROOT, 'reports', 'soak');
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'soak.json'),
  `${JSON.stringify(
    {
      minutes: MINUTES,
      pointers: POINTERS,
      startHeap,
      startRss,
      windows,
      heap,
      rss,
      heapPeaks: { firstHalf: firstPeak, secondHalf: secondPeak },
      flat,
      errors,
      storedBefore: count,
      storedAfter: endCount,
    },
    null,
    2,
  )}\n`,
);
writeFileSync(join(out, 'soak.md'), `${lines.join('\n')}\n`);
say(`written: ${join(out, 'soak.md')} and soak.json`);
process.exitCode = flat && errors === 0 && storeKept ? 0 : 1;
