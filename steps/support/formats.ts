import type { FhirFormat } from '../../src/domain/fhir-format.ts';

export type WireFormat = FhirFormat;

/** The Accept the suite sends for each format when a scenario does not test negotiation itself. */
export const ACCEPT: Record<WireFormat, string> = { json: 'application/fhir+json', xml: 'application/fhir+xml' };
export const CONTENT_TYPE: Record<WireFormat, string> = ACCEPT;
