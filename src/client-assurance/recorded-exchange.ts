// Client assurance: one request a supplier's Provider or Consumer system sent to the mock, the mock's
// answer, and what the client rules (rules.ts) decided about the request. The mock records these as they
// happen (`mock --record DIR`, one JSON line each in exchanges.ndjson) and serves the latest ones to the
// inspector; `nrls-conformance judge DIR` builds the client assurance report from them.

/** The request as it arrived: raw header names and order kept (NRLS-HDR-005 is about their case). */
export interface RecordedRequest {
  method: string;
  /** Path and query as received, e.g. `/DocumentReference?subject=…`. */
  url: string;
  /** [name, value] pairs exactly as sent. */
  headers: [string, string][];
  /** The body as UTF-8 text, absent when there was none. */
  body?: string;
  /** True when the body was cut to the recording size limit. */
  bodyTruncated?: boolean;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
  bodyTruncated?: boolean;
  /** The Spine code of an OperationOutcome answer (RESOURCE_CREATED, INVALID_RESOURCE, …). */
  spineCode?: string;
  /** The mock closed the connection without answering (a simulator trigger). */
  dropped?: boolean;
}

/** The simulator trigger a request matched: its answer was the armed outcome, not a judgement of it. */
export interface MatchedTrigger {
  id: string;
  outcome: string;
}

/**
 * passed; failed (the client broke the rule); warning (allowed, but not the preferred form, e.g. a DSTU2
 * media type: TKW V01 warns the same way). A rule that does not apply to the request gives no verdict.
 */
export type RuleOutcome = 'passed' | 'failed' | 'warning';

export interface RuleVerdict {
  /** The client rule's id (CLIENT_RULES in rules.ts), e.g. `jwt-scope-fits-interaction`. */
  rule: string;
  /** The catalogue requirements the rule checks, e.g. ['NRLS-JWT-025']. */
  requirements: string[];
  outcome: RuleOutcome;
  /** What was found, in a line: for a failure, what is wrong and where (header, claim, element). */
  detail: string;
}

export interface RecordedExchange {
  /** 1, 2, 3 … in the order the mock received them. */
  seq: number;
  /** ISO time the request arrived. */
  receivedAt: string;
  durationMs: number;
  /** The fromASID header as sent ('' when absent): the inspector and `judge --asid` filter on it. */
  fromAsid: string;
  request: RecordedRequest;
  response: RecordedResponse;
  trigger?: MatchedTrigger;
  verdicts: RuleVerdict[];
}

export type ClientRole = 'provider' | 'consumer';

/** What the judge knows about the client systems: the mock's fixtures, as the rules need them. */
export interface ClientDirectory {
  spineAsid: string;
  systems: { asid: string; ods: string; interactions: readonly string[] }[];
  organisations: { ods: string; providerRole: boolean }[];
}
