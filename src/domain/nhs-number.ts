// NHS numbers: 10 ASCII digits, the last a Modulus 11 check digit (NRLS-NHS-001, NRLS-NHS-002),
// strictly, with no spaces or separators (NRLS-NHS-006, AMB-58).

const WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2];

/** The check digit for nine leading digits, or undefined when Modulus 11 gives 10 (no valid number). */
export function nhsCheckDigit(firstNine: string): number | undefined {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  if (check === 10) return undefined;
  return check === 11 ? 0 : check;
}

export function isValidNhsNumber(candidate: string): boolean {
  if (!/^[0-9]{10}$/.test(candidate)) return false;
  return nhsCheckDigit(candidate.slice(0, 9)) === Number(candidate[9]);
}

/** A fresh valid NHS number; `random` returns [0, 1). Numbers starting 999 are the test range. */
export function generateNhsNumber(random: () => number = Math.random): string {
  for (;;) {
    let firstNine = '999';
    for (let i = 0; i < 6; i++) firstNine += Math.floor(random() * 10).toString();
    const check = nhsCheckDigit(firstNine);
    if (check !== undefined) return firstNine + check;
  }
}

/** A number with the right shape but the wrong check digit. */
export function withWrongCheckDigit(valid: string): string {
  const last = Number(valid[9]);
  return valid.slice(0, 9) + ((last + 1) % 10).toString();
}

/**
 * Valid NHS numbers in the 999 test range that never repeat: consecutive from a random start, skipping
 * those Modulus 11 rules out. Random numbers from a range of about 900,000 repeat within a few hundred
 * draws often enough (one run in twenty) to make two scenarios share a patient by chance.
 */
export function nhsNumberSequence(random: () => number = Math.random): () => string {
  const RANGE = 1_000_000;
  let next = Math.floor(random() * RANGE);
  return () => {
    for (let tries = 0; tries < RANGE; tries++) {
      const firstNine = `999${String(next).padStart(6, '0')}`;
      next = (next + 1) % RANGE;
      const check = nhsCheckDigit(firstNine);
      if (check !== undefined) return firstNine + check;
    }
    throw new Error('no valid NHS number left in the 999 range');
  };
}
