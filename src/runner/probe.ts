// Before a run: is there anything answering at the target? Any HTTP response will do; a refused or
// reset connection, an unknown host, a TLS failure or silence is "unreachable" (exit 3), with a reason
// that names the profile field to fix (tls-errors.ts).
import { sendRequest } from '../http/send.ts';
import type { ResolvedTarget } from '../target/profile.ts';
import { describeTransportFailure } from './tls-errors.ts';

export async function probeTarget(target: ResolvedTarget): Promise<string | undefined> {
  // Only the status line and headers are waited for: the whole probe takes at most timeoutMs.
  const exchange = await sendRequest(
    { ...target, timeoutMs: target.timeoutMs },
    { method: 'GET', path: '/DocumentReference', headers: {} },
    'probe',
  );
  if (exchange.response) return undefined; // any HTTP status is an answer
  const error = exchange.error!;
  if (error.kind === 'timeout') return `no answer within ${target.timeoutMs} ms`;
  return describeTransportFailure(error, {
    baseUrl: target.baseUrl,
    tls: target.tls,
    handshakeDone: error.handshakeDone,
  });
}
