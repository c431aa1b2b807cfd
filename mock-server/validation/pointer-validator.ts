// Compiles the profile schema once per app and turns its first violation into the catalogue error of §3.4.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isFhirDateTime, isFhirInstant } from '../../src/domain/fhir-datetime.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import type { ProfileSchema, ViolationKind } from './profile-schema.ts';

export type PointerValidator = (resource: unknown) => SpineError | undefined;

/** `/type/coding/0/system` → `type.coding[0].system`, the element path the diagnostics name. */
export function elementPath(instancePath: string, child?: string): string {
  const segments = instancePath.split('/').slice(1);
  if (child !== undefined) segments.push(child);
  return segments
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment),
      '',
    );
}

export interface ViolationError {
  key: 'INVALID_RESOURCE' | 'INVALID_PARAMETER';
  text: (value: unknown, path: string) => string;
}

/** §3.4: the catalogue error of each violation that has its own (the rest are AMB-27's INVALID_RESOURCE). */
export const VIOLATION_ERRORS: Readonly<Record<ViolationKind, ViolationError>> = {
  status: { key: 'INVALID_RESOURCE', text: diagnostics.statusNotInValueSet }, // NRLS-PROF-006
  recordType: { key: 'INVALID_RESOURCE', text: diagnostics.typeNotInValueSet }, // NRLS-PROF-008
  indexed: { key: 'INVALID_RESOURCE', text: diagnostics.indexedNotInstant }, // NRLS-PROF-009
  creation: { key: 'INVALID_RESOURCE', text: diagnostics.creationNotDateTime }, // NRLS-PROF-010
  patientUrl: { key: 'INVALID_PARAMETER', text: diagnostics.patientUrlForm }, // NRLS-PROF-012
  organisationUrl: { key: 'INVALID_PARAMETER', text: diagnostics.organisationUrlForm }, // NRLS-PROF-014
};

/** The element a violation is about, as OperationOutcome.issue.location: `DocumentReference.<path>`. */
export const POINTER_LOCATION_PREFIX = 'DocumentReference.';

function toSpineError(error: ErrorObject, errors: Readonly<Record<ViolationKind, ViolationError>>): SpineError {
  const violation = (error.parentSchema as { 'x-nrls'?: ViolationKind } | undefined)?.['x-nrls'];
  const path =
    error.keyword === 'required'
      ? elementPath(error.instancePath, (error.params as { missingProperty: string }).missingProperty)
      : elementPath(error.instancePath);
  const location = `${POINTER_LOCATION_PREFIX}${path}`;
  if (violation && error.keyword !== 'required') {
    const { key, text } = errors[violation];
    return new SpineError(key, text(error.data, path), { location });
  }
  return new SpineError('INVALID_RESOURCE', diagnostics.elementInvalid(path), { location });
}

/**
 * Compiled schemas by their text. Not state of any app: compiled code is a pure function of the schema, so
 * apps with the same profile (the mutation run starts hundreds) share it instead of compiling it again.
 * A few profiles exist (the record types of the fixtures, the profile faults); the bound is a safeguard.
 */
const compiledSchemas = new Map<string, ValidateFunction>();
const MAX_COMPILED_SCHEMAS = 64;

function compileSchema(schema: ProfileSchema): ValidateFunction {
  const text = JSON.stringify(schema);
  const known = compiledSchemas.get(text);
  if (known) return known;
  const ajv = new Ajv({ allErrors: false, verbose: true, strictTuples: false });
  ajv.addKeyword({ keyword: 'x-nrls', schemaType: 'string' });
  ajv.addFormat('fhir-instant', { type: 'string', validate: isFhirInstant });
  ajv.addFormat('fhir-dateTime', { type: 'string', validate: isFhirDateTime });
  const validate = ajv.compile(schema);
  if (compiledSchemas.size >= MAX_COMPILED_SCHEMAS) compiledSchemas.clear();
  compiledSchemas.set(text, validate);
  return validate;
}

/** The schema's validator (compiling takes tens of milliseconds): app.ts asks once per app, on the first create. */
export function compilePointerValidator(schema: ProfileSchema, errors = VIOLATION_ERRORS): PointerValidator {
  const validate = compileSchema(schema);
  // errors is read right after the call that set it, before anything else can validate.
  return (resource) => (validate(resource) ? undefined : toSpineError(validate.errors![0]!, errors));
}
