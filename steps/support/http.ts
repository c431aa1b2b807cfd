// Sends one request to the target over HTTP(S) with supertest and records it as an Exchange. Redirects
// are not followed (a redirect is the target's answer), every request has a timeout, at most
// BODY_LIMIT_BYTES of a body are read, and the client certificate of the target profile is presented.
// Whatever arrived before a failure (status, headers, the body so far) is kept as evidence.
import type { IncomingMessage } from 'node:http';
import request from 'supertest';
import type { ResolvedTarget } from '../../src/target/profile.ts';
import type { Exchange } from '../../src/report/exchange.ts';

export interface RequestSpec {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
  /** Below the service base, e.g. `/DocumentReference`. */
  path: string;
  /** Parameters in order (repeats allowed), encoded as a form query: `|` is sent as %7C (NRLS-GEN-005). */
  query?: [string, string][];
  /** A query string sent exactly as given, instead of `query`. */
  rawQuery?: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** No NRLS response comes near this; a bigger or endless body must not exhaust the harness's memory. */
export const BODY_LIMIT_BYTES = 8 * 1024 * 1024;

// The endings of the errors that are the target's doing (it went silent, or sent too much), as
// opposed to a connection that failed (refused, reset, TLS), which may be the network's.
const TIMEOUT = '(timeout)';
const TOO_LARGE = '(body too large)';

/** True when the target misbehaved (silence, a stalled or oversized body) rather than the connection failing. */
export function isTargetFault(error: string | undefined): boolean {
  return !!error && (error.endsWith(TIMEOUT) || error.endsWith(TOO_LARGE));
}

export function queryString(spec: RequestSpec): string {
  if (spec.rawQuery !== undefined) return spec.rawQuery;
  return new URLSearchParams(spec.query ?? []).toString();
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

type Failure = Error & { code?: string; timeout?: number };

function describeFailure(failure: Failure, head: IncomingMessage | undefined, bytesRead: number, deadlineMs: number): string {
  if (failure.code === 'ETOOLARGE') return `the response body exceeds the ${BODY_LIMIT_BYTES / 1024 / 1024} MB the harness reads ${TOO_LARGE}`;
  if (failure.timeout && !head) return `no response within ${failure.timeout} ms ${TIMEOUT}`;
  if (failure.timeout) return `HTTP ${head!.statusCode} headers arrived, then the body stalled: ${bytesRead} bytes within ${deadlineMs} ms ${TIMEOUT}`;
  const reason = failure.code && !failure.message.startsWith(failure.code) ? `${failure.code}: ${failure.message}` : failure.message;
  return head ? `the connection failed after HTTP ${head.statusCode} headers and ${bytesRead} bytes of body: ${reason}` : reason;
}

export async function sendRequest(target: ResolvedTarget, spec: RequestSpec, purpose: string): Promise<Exchange> {
  const query = queryString(spec);
  const pathAndQuery = `${spec.path}${query ? `?${query}` : ''}`;
  const url = `${target.baseUrl}${pathAndQuery}`;
  const started = Date.now();
  const exchange: Exchange = {
    purpose,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    request: { method: spec.method, url, headers: { ...spec.headers }, body: typeof spec.body === 'string' || spec.body === undefined ? spec.body : spec.body.toString('utf8') },
  };
  // `timeoutMs` bounds the wait for the status line and headers; the whole exchange gets twice that.
  const deadlineMs = target.timeoutMs * 2;
  let head: IncomingMessage | undefined;
  const chunks: Buffer[] = [];
  const method = spec.method.toLowerCase() as 'get' | 'post' | 'delete' | 'put' | 'patch';
  let pending = request(target.baseUrl)[method](pathAndQuery)
    .redirects(0)
    .timeout({ response: target.timeoutMs, deadline: deadlineMs })
    .maxResponseSize(BODY_LIMIT_BYTES) // superagent destroys the response beyond it (ETOOLARGE)
    .buffer(true)
    .parse((res, done) => {
      head = res as unknown as IncomingMessage;
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
      // No 'error' listener: superagent reports a response error itself, and a second report is its "double callback".
    });
  if (target.tls?.ca) pending = pending.ca(target.tls.ca);
  if (target.tls?.cert) pending = pending.cert(target.tls.cert);
  if (target.tls?.key) pending = pending.key(target.tls.key);
  for (const [name, value] of Object.entries(spec.headers)) pending = pending.set(name, value);
  if (spec.body !== undefined) pending = pending.send(spec.body);
  try {
    const res = await pending;
    exchange.response = {
      status: res.status,
      headers: flatten(res.headers as Record<string, string | string[]>),
      body: Buffer.isBuffer(res.body) ? res.body.toString('utf8') : '',
    };
  } catch (error) {
    const body = Buffer.concat(chunks);
    if (head) exchange.response = { status: head.statusCode ?? 0, headers: flatten(head.headers), body: body.toString('utf8') };
    exchange.error = describeFailure(error as Failure, head, body.length, deadlineMs);
  }
  exchange.durationMs = Date.now() - started;
  return exchange;
}
