// Stage 9: the pointer against its profile (§3.4) and the rules that need no lookup: the NHS number's
// check digit (NRLS-PROF-013) and the status of a new pointer (NRLS-PROF-007, AMB-29).
import { isValidNhsNumber } from '../../src/domain/nhs-number.ts';
import { nhsNumberOf } from '../../src/domain/pointer.ts';
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import { pointerValidator } from '../validation/pointer-validator.ts';

export function validatePointer(ctx: RequestContext): void {
  if (ctx.interaction !== 'create') return;
  const pointer = ctx.pointer!;
  const violation = pointerValidator(ctx.config.fixtures.recordTypes)(pointer);
  if (violation) throw violation;
  if (pointer.status !== 'current') throw new SpineError('INVALID_RESOURCE', diagnostics.statusNotCurrent());
  const nhsNumber = nhsNumberOf(pointer)!;
  if (!isValidNhsNumber(nhsNumber)) throw new SpineError('INVALID_NHS_NUMBER', diagnostics.invalidNhsNumber(nhsNumber));
}
