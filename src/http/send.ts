// Sends one request to the target over HTTP(S) with Node's own client and records it as an Exchange.
// Redirects are not followed (a redirect is the target's answer), the status line and headers must come
// within `timeoutMs` and the whole exchange within twice that, at most BODY_LIMIT_BYTES of a body are
// read, and the target profile's client certificate is presented. Whatever arrived before a failure
// (status, headers, the body so far) is kept as evidence, and the failure is data: its kind, not a text.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { Exchange, TransportError } from '../report/exchange.ts';

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

export interface Connection {
  baseUrl: string;
  timeoutMs: number;
  tls?: { cert?: string; key?: string; ca?: string };
}

/** No NRLS response comes near this; a bigger or endless body must not exhaust the harness's memory. */
export const BODY_LIMIT_BYTES = 8 * 1024 * 1024;

export function queryString(spec: Pick<RequestSpec, 'query' | 'rawQuery'>): string {
  if (spec.rawQuery !== undefined) return spec.rawQuery;
  return new URLSearchParams(spec.query ?? []).toString();
}

function flatten(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

type SocketError = Error & { code?: string; reason?: string };

const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|EPROTO$)/;

function transportError(
  failure: SocketError,
  head: IncomingMessage | undefined,
  bytesRead: number,
  handshakeDone: boolean,
): TransportError {
  const code = failure.code;
  const reason = code && !failure.message.startsWith(code) ? `${code}: ${failure.message}` : failure.message;
  const message = head
    ? `the connection failed after HTTP ${head.statusCode} headers and ${bytesRead} bytes of body: ${reason}`
    : reason;
  return {
    kind: code && TLS_CODE.test(code) ? 'tls' : 'connection',
    message,
    code,
    reason: failure.reason,
    handshakeDone,
  };
}

/** The request's full URL: the service base, the path and the query. */
export function requestUrl(
  connection: Pick<Connection, 'baseUrl'>,
  spec: Pick<RequestSpec, 'path' | 'query' | 'rawQuery'>,
): string {
  const query = queryString(spec);
  return `${connection.baseUrl}${spec.path}${query ? `?${query}` : ''}`;
}

export function sendRequest(connection: Connection, spec: RequestSpec, purpose: string): Promise<Exchange> {
  const url = requestUrl(connection, spec);
  const started = Date.now();
  const exchange: Exchange = {
    purpose,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    request: {
      method: spec.method,
      url,
      headers: { ...spec.headers },
      body: typeof spec.body === 'string' || spec.body === undefined ? spec.body : spec.body.toString('utf8'),
    },
  };
  const deadlineMs = connection.timeoutMs * 2;
  return new Promise((resolve) => {
    let head: IncomingMessage | undefined;
    const chunks: Buffer[] = [];
    let bytesRead = 0;
    let handshakeDone = false;
    let settled = false;
    let headTimer: NodeJS.Timeout | undefined;
    let deadline: NodeJS.Timeout | undefined;
    let request: http.ClientRequest | undefined;
    const finish = (error?: TransportError) => {
      if (settled) return;
      settled = true;
      clearTimeout(headTimer);
      clearTimeout(deadline);
      if (head)
        exchange.response = {
          status: head.statusCode ?? 0,
          headers: flatten(head.headers),
          body: Buffer.concat(chunks).toString('utf8'),
        };
      if (error) exchange.error = error;
      exchange.durationMs = Date.now() - started;
      request?.destroy();
      resolve(exchange);
    };
    const target = new URL(url);
    const body =
      spec.body === undefined ? undefined : Buffer.isBuffer(spec.body) ? spec.body : Buffer.from(spec.body, 'utf8');
    const headers: Record<string, string> = { ...spec.headers };
    if (body && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length'))
      headers['Content-Length'] = String(body.length);
    const options = { method: spec.method, headers, agent: false as const, ...connection.tls };
    request = (target.protocol === 'https:' ? https : http).request(target, options, (response) => {
      head = response;
      clearTimeout(headTimer);
      response.on('data', (chunk: Buffer) => {
        bytesRead += chunk.length;
        if (bytesRead > BODY_LIMIT_BYTES) {
          finish({
            kind: 'too-large',
            message: `the response body exceeds the ${BODY_LIMIT_BYTES / 1024 / 1024} MB the harness reads`,
          });
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => finish());
      response.on('error', (error: SocketError) => finish(transportError(error, head, bytesRead, handshakeDone)));
      response.on('aborted', () =>
        finish(
          transportError(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), head, bytesRead, handshakeDone),
        ),
      );
    });
    request.on('socket', (socket) =>
      socket.once('secureConnect', () => (handshakeDone = (socket as TLSSocket).encrypted === true)),
    );
    request.on('error', (error: SocketError) => finish(transportError(error, head, bytesRead, handshakeDone)));
    headTimer = setTimeout(
      () => finish({ kind: 'timeout', message: `no response within ${connection.timeoutMs} ms` }),
      connection.timeoutMs,
    );
    deadline = setTimeout(
      () =>
        finish({
          kind: 'timeout',
          message: head
            ? `HTTP ${head.statusCode} headers arrived, then the body stalled: ${bytesRead} bytes ` +
              `within ${deadlineMs} ms`
            : `no response within ${connection.timeoutMs} ms`,
        }),
      deadlineMs,
    );
    request.end(body);
  });
}
