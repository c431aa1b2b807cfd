// Before a run: is there anything answering at the target? Any HTTP response will do; a refused or
// reset connection, an unknown host, a TLS failure or silence is "unreachable" (exit 3).
import request from 'supertest';
import type { ResolvedTarget } from '../target/profile.ts';

export async function probeTarget(target: ResolvedTarget): Promise<string | undefined> {
  let probe = request(target.baseUrl).get('/DocumentReference').redirects(0).timeout({ response: target.timeoutMs, deadline: target.timeoutMs });
  if (target.tls?.ca) probe = probe.ca(target.tls.ca);
  if (target.tls?.cert) probe = probe.cert(target.tls.cert);
  if (target.tls?.key) probe = probe.key(target.tls.key);
  try {
    await probe;
    return undefined;
  } catch (error) {
    const failure = error as Error & { code?: string; timeout?: number; status?: number };
    if (failure.status) return undefined; // an HTTP error status is an answer
    if (failure.timeout) return `no answer within ${target.timeoutMs} ms`;
    return failure.code && !failure.message.startsWith(failure.code) ? `${failure.code}: ${failure.message}` : failure.message;
  }
}
