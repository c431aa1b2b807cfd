// Sends one request to the target over HTTP(S) with supertest and records it as an Exchange. Redirects
// are not followed (a redirect is the target's answer), every request has a timeout, and the client
// certificate of the target profile is presented.
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
  const method = spec.method.toLowerCase() as 'get' | 'post' | 'delete' | 'put' | 'patch';
  let pending = request(target.baseUrl)[method](pathAndQuery)
    .redirects(0)
    .timeout({ response: target.timeoutMs, deadline: target.timeoutMs * 2 })
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
      res.on('error', (error: Error) => done(error, undefined));
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
    const failure = error as Error & { code?: string; timeout?: number };
    exchange.error = failure.timeout
      ? `no response within ${target.timeoutMs} ms (timeout)`
      : failure.code && !failure.message.startsWith(failure.code) ? `${failure.code}: ${failure.message}` : failure.message;
  }
  exchange.durationMs = Date.now() - started;
  return exchange;
}
