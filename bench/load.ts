// What the benchmark and soak scripts share: the bench identities, servers in their own processes, RSS
// from /proc, and autocannon loads whose requests change on every call.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { EXAMPLE_USER, nrlsHeaders } from '../src/domain/client-identity.ts';
import { PROJECT_ROOT } from '../src/runner/run-suite.ts';

export const CONNECTIONS = 10;

export const consumer = nrlsHeaders(
  { asid: '200000000115', ods: 'AMS01', user: EXAMPLE_USER },
  { spineAsid: '999999999999', access: 'read' },
);
export const provider = nrlsHeaders(
  { asid: '200000000118', ods: 'MHT01' },
  { spineAsid: '999999999999', access: 'write' },
);

export interface Running {
  port: number;
  process: ChildProcess;
  stop(): void;
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

export function startProcess(args: string[], ready: RegExp): Promise<Running & { startedInMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = ready.exec(out);
      if (match)
        resolve({
          port: Number(match[1]),
          process: child,
          startedInMs: performance.now() - started,
          stop: () => child.kill('SIGKILL'),
        });
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${out}`)));
  });
}

export const startServer = (kind: string, pointers: number, extra: string[] = [], nodeOptions: string[] = []) =>
  startProcess(
    [
      ...nodeOptions,
      '--import',
      'tsx',
      join(PROJECT_ROOT, 'bench/server-process.ts'),
      kind,
      String(pointers),
      ...extra,
    ],
    /ready (\d+)/,
  );

/**
 * The server's live heap: it collects garbage and prints `heap <bytes>` on SIGUSR2 (started with
 * --expose-gc). Unlike RSS, which the allocator keeps for reuse, this grows only if something leaks.
 */
export function liveHeapMb(server: Running): Promise<number> {
  return new Promise((resolve) => {
    const onData = (chunk: string) => {
      const match = /heap (\d+)/.exec(chunk);
      if (!match) return;
      server.process.stdout!.off('data', onData);
      resolve(Math.round(Number(match[1]) / 2 ** 20));
    };
    server.process.stdout!.on('data', onData);
    server.process.kill('SIGUSR2');
  });
}

export interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}

/**
 * One autocannon load: `duration` seconds after a second of warm-up (JIT, connections), or exactly
 * `amount` requests with no warm-up (a supersede may be sent once per target, so none is spent warming).
 */
export async function load(
  port: number,
  request: autocannon.Request,
  run: { duration: number } | { amount: number },
): Promise<Load> {
  const base = { url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, requests: [request] };
  if ('duration' in run) await autocannon({ ...base, duration: 1 });
  // autocannon sees that a fixed amount is done only at its next sample: every 50 ms, not every second.
  const result = await autocannon({ ...base, ...run, ...('amount' in run ? { sampleInt: 50 } : {}) });
  return {
    // A fixed amount of requests ends inside a sample: the rate is the requests over the time they took.
    rps: Math.round('amount' in run ? result.requests.total / result.duration : result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}

/** A request whose path (and body) change on every call. */
export function rotating(
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  next: () => { path: string; body?: string },
): autocannon.Request {
  return {
    method,
    headers: { ...(method === 'POST' ? { 'Content-Type': 'application/fhir+json' } : {}), ...headers },
    setupRequest: (request) => ({ ...request, ...next() }),
  };
}
