import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  generateNhsNumber,
  isValidNhsNumber,
  nhsCheckDigit,
  withWrongCheckDigit,
} from '../../src/domain/nhs-number.ts';

describe('NHS number', () => {
  it("NRLS-NHS-003: the spec's valid test vectors pass Modulus 11", () => {
    for (const valid of ['9876543210', '9995000784', '2686033207', '9000000033'])
      assert.ok(isValidNhsNumber(valid), valid);
  });

  it("NRLS-NHS-003: the spec's invalid test vectors fail Modulus 11", () => {
    for (const invalid of ['9876543211', '6101231234']) assert.ok(!isValidNhsNumber(invalid), invalid);
  });

  it('NRLS-NHS-002: a check value of 10 means no valid number exists; 11 becomes 0', () => {
    assert.equal(nhsCheckDigit('000000000'), 0); // sum 0: 11 - 0 = 11 → 0
    assert.equal(nhsCheckDigit('000000300'), undefined); // 3×4 = 12, 12 mod 11 = 1: 11 - 1 = 10 → invalid
    assert.equal(nhsCheckDigit('000000060'), 4); // 6×3 = 18, 18 mod 11 = 7: 11 - 7 = 4
    assert.ok(!isValidNhsNumber('0000003000'), 'no check digit makes 000000300 valid');
  });

  it('NRLS-NHS-001, NRLS-NHS-006: exactly ten ASCII digits, no separators (AMB-58)', () => {
    for (const bad of [
      '987654321',
      '98765432100',
      '987 654 3210',
      '987-654-3210',
      '98765432１0',
      ' 9876543210',
      'abcdefghij',
    ]) {
      assert.ok(!isValidNhsNumber(bad), JSON.stringify(bad));
    }
  });

  it('generates valid numbers, and wrong check digits that fail', () => {
    for (let i = 0; i < 200; i++) {
      const number = generateNhsNumber();
      assert.ok(isValidNhsNumber(number), number);
      assert.ok(!isValidNhsNumber(withWrongCheckDigit(number)), withWrongCheckDigit(number));
    }
  });
});
