// The Then-checks: each takes an exchange with a response and fails with expected against actual,
// naming the exchange. Kept apart from the step texts so that test/steps can feed them known-bad responses.
import type { FhirResource } from '../../src/domain/stu3-xml.ts';
import type { Exchange } from '../../src/report/exchange.ts';
import { EXPECTED_OUTCOMES, normaliseDiagnostics } from './expectations.ts';
import { expectShape, fail, formatOfResponse, readResource, summariseResponse } from './fhir-checks.ts';
import type { WireFormat } from './formats.ts';

export type Answered = Exchange & { response: NonNullable<Exchange['response']> };

export interface Issue {
  severity: string;
  code: string;
  details?: { coding?: { system?: string; code?: string; display?: string }[]; text?: string };
  diagnostics?: string;
}

export interface Outcome extends FhirResource {
  meta?: { profile?: string[] };
  issue: [Issue];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function expectStatus(exchange: Answered, status: number): void {
  if (exchange.response.status !== status) fail(exchange, `HTTP ${status}`, summariseResponse(exchange));
}

/** NRLS-FMT-009 (AMB-15): the STU3 media type of the requested format, with charset utf-8. */
export function expectFormat(exchange: Answered, format: WireFormat): void {
  const type = exchange.response.headers['content-type'] ?? '(none)';
  const expected = format === 'json' ? 'application/fhir+json' : 'application/fhir+xml';
  const [mediaType, ...parameters] = type.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== expected || !parameters.includes('charset=utf-8')) fail(exchange, `Content-Type ${expected};charset=utf-8`, `Content-Type ${type}`);
}

/** The response is the OperationOutcome the catalogue gives for `code` (§2.6, NRLS-OO-001..005). */
export function expectOutcome(exchange: Answered, status: number, code: string): Outcome {
  const expected = EXPECTED_OUTCOMES[code]!;
  if (expected.status !== status) throw new Error(`scenario error: ${code} is ${expected.status} in the catalogue, not ${status}`);
  expectStatus(exchange, status);
  const outcome = readResource(exchange) as Outcome;
  expectShape(exchange, outcome, 'OperationOutcome');
  const issue = outcome.issue[0];
  const coding = issue.details?.coding?.[0];
  if (coding?.code !== code) fail(exchange, `Spine code ${code}`, `Spine code ${coding?.code ?? '(none)'}${issue.diagnostics ? ` (${issue.diagnostics})` : ''}`);
  if (issue.severity !== expected.severity) fail(exchange, `severity ${expected.severity}`, `severity ${issue.severity}`);
  if (expected.issue && issue.code !== expected.issue) fail(exchange, `issue code ${expected.issue}`, `issue code ${issue.code}`);
  if (expected.display && coding.display !== expected.display) fail(exchange, `display "${expected.display}"`, `display "${coding.display}"`);
  if (expected.system && coding.system !== expected.system) fail(exchange, `coding system ${expected.system}`, `coding system ${coding.system}`);
  if (expected.profile && !outcome.meta?.profile?.includes(expected.profile)) {
    fail(exchange, `meta.profile ${expected.profile}`, `meta.profile ${JSON.stringify(outcome.meta?.profile ?? null)}`);
  }
  if (typeof outcome.id !== 'string' || outcome.id === '') fail(exchange, 'an OperationOutcome id (NRLS-OO-004)', 'none');
  if (expected.messageIdInText && !UUID.test(issue.details?.text ?? '')) {
    fail(exchange, 'details.text holding the Spine message UUID (NRLS-OO-005)', JSON.stringify(issue.details?.text ?? null));
  }
  return outcome;
}

export function expectDiagnostics(exchange: Answered, outcome: Outcome, expected: string, match: 'exactly' | 'start' | 'contain'): void {
  const actual = outcome.issue[0].diagnostics ?? '';
  const [want, got] = [normaliseDiagnostics(expected), normaliseDiagnostics(actual)];
  const ok = match === 'exactly' ? got === want : match === 'start' ? got.startsWith(want) : got.includes(want);
  if (!ok) fail(exchange, `diagnostics ${match === 'exactly' ? '' : `that ${match} `}"${expected}"`, `diagnostics "${actual}"`);
}

export interface SearchsetPointer extends FhirResource {
  id: string;
  meta: { versionId: string; lastUpdated?: string; profile?: string[] };
  status: string;
  masterIdentifier?: { system?: string; value?: string };
  relatesTo?: { code?: string; target?: { identifier?: { system?: string; value?: string } } }[];
  custodian: { reference: string };
}

export interface Searchset extends FhirResource {
  total: number;
  entry?: { resource: SearchsetPointer }[];
}

/**
 * NRLS-SEARCH-013/014/015: 200, a searchset Bundle of NRLS pointers with as many entries as its total;
 * for `_summary=count` (NRLS-SEARCH-010) the total and no entries.
 */
export function expectSearchset(exchange: Answered, countOnly = false): Searchset {
  expectStatus(exchange, 200);
  const bundle = readResource(exchange) as Searchset;
  expectShape(exchange, bundle, 'Bundle');
  const entries = bundle.entry?.length ?? 0;
  if (countOnly && entries > 0) fail(exchange, 'a count with no entries', `${entries} entries`);
  if (!countOnly && entries !== bundle.total) fail(exchange, `as many entries as total (${bundle.total})`, `${entries} entries`);
  return bundle;
}

export function pointersOf(bundle: Searchset): SearchsetPointer[] {
  return (bundle.entry ?? []).map((entry) => entry.resource);
}

export { formatOfResponse };
