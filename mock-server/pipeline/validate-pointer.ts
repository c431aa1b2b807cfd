// Stage 9: the pointer against its profile (§3.4) and the rules that need no lookup: the NHS number's
// check digit (NRLS-PROF-013) and the status of a new pointer (NRLS-PROF-007, AMB-29).
import { nhsNumberOf } from '../../src/domain/pointer.ts';
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import { acceptsNhsNumber } from '../validation/nhs-number.ts';
import { pointerValidator } from '../validation/pointer-validator.ts';

export function validatePointer(ctx: RequestContext): void {
  if (ctx.interaction !== 'create') return;
  const { faults, fixtures } = ctx.config;
  const pointer = ctx.pointer!;
  const violation = pointerValidator(fixtures.recordTypes, faults)(pointer);
  if (violation) throw violation;
  // Only a new pointer must be current (a PUT exists only under a fault).
  const isNew = ctx.replacing === undefined;
  if (isNew && pointer.status !== 'current' && !faults.on('non-current-status-accepted')) {
    throw new SpineError('INVALID_RESOURCE', diagnostics.statusNotCurrent());
  }
  const nhsNumber = nhsNumberOf(pointer)!;
  if (!acceptsNhsNumber(nhsNumber, faults)) throw new SpineError('INVALID_NHS_NUMBER', diagnostics.invalidNhsNumber(nhsNumber));
}
