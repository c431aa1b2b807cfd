// Compiles the profile schema once and turns its first violation into the catalogue error of §3.4.
import { Ajv, type ErrorObject } from 'ajv';
import { isFhirDateTime, isFhirInstant } from '../../src/domain/fhir-datetime.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import { pointerProfileSchema, type RecordType, type ViolationKind } from './profile-schema.ts';
import { NO_FAULTS, type Faults } from '../faults.ts';

export type PointerValidator = (resource: unknown) => SpineError | undefined;

/** `/type/coding/0/system` → `type.coding[0].system`, the element path the diagnostics name. */
export function elementPath(instancePath: string, child?: string): string {
  const segments = instancePath.split('/').slice(1);
  if (child !== undefined) segments.push(child);
  return segments
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '');
}

const KIND_ERRORS: Record<ViolationKind, { key: 'INVALID_RESOURCE' | 'INVALID_PARAMETER'; text: (value: unknown) => string }> = {
  status: { key: 'INVALID_RESOURCE', text: diagnostics.statusNotInValueSet },
  recordType: { key: 'INVALID_RESOURCE', text: diagnostics.typeNotInValueSet },
  indexed: { key: 'INVALID_RESOURCE', text: diagnostics.indexedNotInstant },
  creation: { key: 'INVALID_RESOURCE', text: diagnostics.creationNotDateTime },
  patientUrl: { key: 'INVALID_PARAMETER', text: diagnostics.patientUrlForm },
  organisationUrl: { key: 'INVALID_PARAMETER', text: diagnostics.organisationUrlForm },
};

/** The element a violation is about, as OperationOutcome.issue.location: `DocumentReference.<path>`. */
export const POINTER_LOCATION_PREFIX = 'DocumentReference.';

function toSpineError(error: ErrorObject, faults: Faults): SpineError {
  const violation = (error.parentSchema as { 'x-nrls'?: ViolationKind } | undefined)?.['x-nrls'];
  const path =
    error.keyword === 'required'
      ? elementPath(error.instancePath, (error.params as { missingProperty: string }).missingProperty)
      : elementPath(error.instancePath);
  const location = `${POINTER_LOCATION_PREFIX}${path}`;
  if (violation && error.keyword !== 'required') {
    const kind = KIND_ERRORS[violation];
    if (violation === 'patientUrl' && faults.on('subject-url-as-invalid-resource')) return new SpineError('INVALID_RESOURCE', diagnostics.elementInvalid(path), { location });
    return new SpineError(kind.key, kind.text(error.data), { location });
  }
  return new SpineError('INVALID_RESOURCE', diagnostics.elementInvalid(path), { location });
}

const validators = new Map<string, PointerValidator>();

/** One compiled validator per record-type value set (configurable, AMB-46) and set of faults. */
export function pointerValidator(recordTypes: readonly RecordType[], faults: Faults = NO_FAULTS): PointerValidator {
  const key = JSON.stringify([recordTypes, faults.names]);
  const cached = validators.get(key);
  if (cached) return cached;
  const ajv = new Ajv({ allErrors: false, verbose: true, strictTuples: false });
  ajv.addKeyword({ keyword: 'x-nrls', schemaType: 'string' });
  ajv.addFormat('fhir-instant', { type: 'string', validate: isFhirInstant });
  ajv.addFormat('fhir-dateTime', { type: 'string', validate: isFhirDateTime });
  const validate = ajv.compile(pointerProfileSchema(recordTypes, faults));
  const validator: PointerValidator = (resource) =>
    validate(resource) ? undefined : toSpineError(validate.errors![0]!, faults);
  validators.set(key, validator);
  return validator;
}
