import type { FhirFormat } from '../../src/domain/fhir-format.ts';
import { ACCEPT } from '../../src/target/client-request.ts';

export type WireFormat = FhirFormat;

/** The Content-Type the suite labels each format's body with (the Accept types, NRLS-FMT-001). */
export const CONTENT_TYPE: Record<WireFormat, string> = ACCEPT;

/** The format the target should answer in: the one asked for, or XML when none was (NRLS-FMT-005). */
export function negotiated(format: WireFormat | 'none'): WireFormat {
  return format === 'none' ? 'xml' : format;
}
