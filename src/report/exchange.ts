// One HTTP request and its response, as evidence: attached by the step that sent it
// (media type EXCHANGE_MEDIA_TYPE), already redacted, and carried into every report.

export const EXCHANGE_MEDIA_TYPE = 'application/vnd.nrls.exchange+json';

export interface ExchangeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The JWT's claims, decoded for the reader; the token itself is redacted. */
  jwtClaims?: Record<string, unknown>;
}

export interface ExchangeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** True when the body was cut to the evidence size limit. */
  truncated?: boolean;
}

export interface Exchange {
  /** What the step was doing, e.g. "create the pointer" or "setup: create a pointer to supersede". */
  purpose: string;
  startedAt: string;
  durationMs: number;
  request: ExchangeRequest;
  response?: ExchangeResponse;
  /** A transport failure (refused, timed out, TLS) instead of a response. */
  error?: string;
}
