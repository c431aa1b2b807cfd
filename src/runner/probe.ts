// Before a run: is there anything answering at the target? Any HTTP response will do; a refused or
// reset connection, an unknown host, a TLS failure or silence is "unreachable" (exit 3), with a reason
// that names the profile field to fix (tls-errors.ts).
import request from 'supertest';
import type { ClientRequest } from 'node:http';
import type { ResolvedTarget } from '../target/profile.ts';
import { describeTransportFailure, type TransportFailure } from './tls-errors.ts';

export async function probeTarget(target: ResolvedTarget): Promise<string | undefined> {
  let probe = request(target.baseUrl).get('/DocumentReference').redirects(0).timeout({ response: target.timeoutMs, deadline: target.timeoutMs });
  if (target.tls?.ca) probe = probe.ca(target.tls.ca);
  if (target.tls?.cert) probe = probe.cert(target.tls.cert);
  if (target.tls?.key) probe = probe.key(target.tls.key);
  // Whether the TLS handshake completed tells a refused client certificate from a refused connection.
  let handshakeDone = false;
  probe.on('request', ({ req }: { req: ClientRequest }) =>
    req.once('socket', (socket) => socket.once('secureConnect', () => (handshakeDone = true))),
  );
  try {
    await probe;
    return undefined;
  } catch (error) {
    const failure = error as TransportFailure & { timeout?: number; status?: number };
    if (failure.status) return undefined; // an HTTP error status is an answer
    if (failure.timeout) return `no answer within ${target.timeoutMs} ms`;
    return describeTransportFailure(failure, { baseUrl: target.baseUrl, tls: target.tls, handshakeDone });
  }
}
