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

/**
 * Why no complete response arrived. timeout and too-large are the target's doing (it went silent, or
 * sent more than any NRLS answer); connection and tls may be the network's or the configuration's.
 */
export interface TransportError {
  kind: 'timeout' | 'too-large' | 'connection' | 'tls';
  message: string;
  /** Node's or OpenSSL's error code, when there is one. */
  code?: string;
  /** OpenSSL's short reason, when there is one. */
  reason?: string;
  /** Whether a TLS handshake had completed when the connection failed. */
  handshakeDone?: boolean;
}

export interface Exchange {
  /** What the step was doing, e.g. "create the pointer" or "setup: create a pointer to supersede". */
  purpose: string;
  startedAt: string;
  durationMs: number;
  request: ExchangeRequest;
  response?: ExchangeResponse;
  /** The transport failure, instead of (or after part of) a response. */
  error?: TransportError;
}
