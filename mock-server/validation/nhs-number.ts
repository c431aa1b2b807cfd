import { isValidNhsNumber } from '../../src/domain/nhs-number.ts';
import type { Faults } from '../faults.ts';

/** NRLS-NHS-001/002/006 wherever the mock checks an NHS number (create, search, delete). */
export function acceptsNhsNumber(candidate: string, faults: Faults): boolean {
  return faults.on('nhs-check-digit-unchecked') ? /^[0-9]{10}$/.test(candidate) : isValidNhsNumber(candidate);
}
