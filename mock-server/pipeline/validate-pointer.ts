// Stage 9: the pointer against its profile (§3.4) and the rules that need no lookup: the NHS number's
// check digit (NRLS-PROF-013) and the status of a new pointer (NRLS-PROF-007, AMB-29). The rules are in
// POINTER_RULES, so that a fault (faults/profile.ts) can relax one.
import { isValidNhsNumber } from '../../src/domain/nhs-number.ts';
import { nhsNumberOf } from '../../src/domain/pointer.ts';
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import { VIOLATION_ERRORS, type PointerValidator, type ViolationError } from '../validation/pointer-validator.ts';
import {
  pointerProfileSchema,
  type ProfileSchema,
  type RecordType,
  type ViolationKind,
} from '../validation/profile-schema.ts';

export interface PointerRules {
  /** §3.1: NRLS-DocumentReference-1 as a JSON Schema, for the configured record types (AMB-46). */
  schema(recordTypes: readonly RecordType[]): ProfileSchema;
  /** §3.4: the catalogue error of each violation that has its own. */
  violationErrors: Readonly<Record<ViolationKind, ViolationError>>;
  /** NRLS-NHS-001/002/006, NRLS-PROF-013. */
  acceptsNhsNumber(candidate: string): boolean;
  /** NRLS-PROF-007, NRLS-CREATE-011 (AMB-29): a new pointer (every pointer a create sends) is current. */
  newPointerStatusAccepted(status: unknown, ctx: RequestContext): boolean;
}

export const POINTER_RULES: PointerRules = {
  schema: pointerProfileSchema,
  violationErrors: VIOLATION_ERRORS,
  acceptsNhsNumber: isValidNhsNumber,
  newPointerStatusAccepted: (status) => status === 'current',
};

/** `validator` compiles the profile on the first create of the app and keeps it. */
export function validatePointer(ctx: RequestContext, rules: PointerRules, validator: () => PointerValidator): void {
  if (ctx.interaction !== 'create') return;
  const pointer = ctx.pointer!;
  const violation = validator()(pointer);
  if (violation) throw violation;
  if (!rules.newPointerStatusAccepted(pointer.status, ctx))
    throw new SpineError('INVALID_RESOURCE', diagnostics.statusNotCurrent());
  const nhsNumber = nhsNumberOf(pointer)!;
  if (!rules.acceptsNhsNumber(nhsNumber))
    throw new SpineError('INVALID_NHS_NUMBER', diagnostics.invalidNhsNumber(nhsNumber));
}
