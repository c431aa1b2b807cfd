import type { ErrorKey } from './catalogue.ts';

export interface SpineErrorOptions {
  /** FHIR OperationOutcome.issue.location: the element the error is about. */
  location?: string;
  /** Detail for the log line where the catalogue fixes the diagnostics (e.g. a parser message). */
  reason?: string;
  /** Extra response headers (Allow on a 405, Connection on a 413). */
  headers?: Record<string, string>;
}

/** The one error type of the mock: a catalogue key and the diagnostics text. */
export class SpineError extends Error {
  readonly location?: string;
  readonly reason?: string;
  readonly headers: Record<string, string>;

  constructor(
    readonly key: ErrorKey,
    readonly diagnostics: string,
    options: SpineErrorOptions = {},
  ) {
    super(`${key}: ${diagnostics}`);
    this.name = 'SpineError';
    this.location = options.location;
    this.reason = options.reason;
    this.headers = options.headers ?? {};
  }
}
