// What the mock received from the system under test, read over HTTP from its inspector (steps never import
// mock-server/): `GET {base}/_inspector/exchanges.json?after=SEQ&asid=A` → {"exchanges": RecordedExchange[]},
// oldest first, those with seq > SEQ.
import type { RecordedExchange } from '../../../src/client-assurance/recorded-exchange.ts';

export class InspectorError extends Error {
  override name = 'InspectorError';
}

export async function exchangesAfter(baseUrl: string, after: number, asid?: string): Promise<RecordedExchange[]> {
  const query = new URLSearchParams({ after: String(after), ...(asid ? { asid } : {}) });
  const url = `${baseUrl}/_inspector/exchanges.json?${query}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new InspectorError(`the mock's inspector did not answer (${url}): ${(error as Error).message}`);
  }
  if (!response.ok) throw new InspectorError(`the mock's inspector answered ${response.status} to ${url}`);
  const body = (await response.json()) as { exchanges?: RecordedExchange[] };
  if (!Array.isArray(body.exchanges)) throw new InspectorError(`the mock's inspector sent no "exchanges" at ${url}`);
  return body.exchanges;
}

/**
 * What the system under test sent since `after`: every request but the harness's own (it acts as another
 * fixture provider). Not a filter on the system's ASID: a system that sends no fromASID, or a wrong one,
 * is judged on that request too (NRLS-HDR-002). Scenarios run one at a time, so nothing else is sending.
 */
export async function systemExchangesAfter(
  baseUrl: string,
  after: number,
  harnessAsid: string,
): Promise<RecordedExchange[]> {
  return (await exchangesAfter(baseUrl, after)).filter((exchange) => exchange.fromAsid !== harnessAsid);
}

/** The seq of the latest exchange the mock recorded (0 when none): an action's requests come after it. */
export async function latestSeq(baseUrl: string): Promise<number> {
  const all = await exchangesAfter(baseUrl, 0);
  return all.reduce((max, exchange) => Math.max(max, exchange.seq), 0);
}

const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

/**
 * The system's exchanges since `after`, once they have settled: the mock records an exchange when it
 * completes, so a slow answer (a trigger) is recorded after the system may have given up. Waits until at
 * least one arrived and none arrived for `quietMs`, or until `deadlineMs` passed.
 */
export async function settledExchanges(
  baseUrl: string,
  after: number,
  harnessAsid: string,
  deadlineMs: number,
  quietMs = 600,
): Promise<RecordedExchange[]> {
  const until = Date.now() + deadlineMs;
  let seen = await systemExchangesAfter(baseUrl, after, harnessAsid);
  let changedAt = Date.now();
  while (Date.now() < until) {
    if (seen.length > 0 && Date.now() - changedAt >= quietMs) break;
    await sleep(150);
    const next = await systemExchangesAfter(baseUrl, after, harnessAsid);
    if (next.length !== seen.length) changedAt = Date.now();
    seen = next;
  }
  return seen;
}
