import { describe, expect, it } from 'vitest';
import { exactRate, parseDecimalRate, rateFromScaledInteger, ratesEqual } from '../../../main/omipay';

describe('parseDecimalRate', () => {
  it("keeps the document's 5.01540000 exactly", () => {
    expect(parseDecimalRate('5.01540000')).toEqual({ scaled: 501540000n, scale: 8, text: '5.0154' });
  });

  it('is exact beyond what a double can hold', () => {
    const r = parseDecimalRate('12345678901234567890.123456789');
    expect(r).toEqual({
      scaled: 12345678901234567890123456789n,
      scale: 9,
      text: '12345678901234567890.123456789',
    });
    // The float path would have lost digits:
    expect(String(Number('12345678901234567890.123456789'))).not.toBe(r?.text);
  });

  it('reads integers, zero and exponents', () => {
    expect(parseDecimalRate('5')).toEqual({ scaled: 5n, scale: 0, text: '5' });
    expect(parseDecimalRate('0.00000001')).toEqual({ scaled: 1n, scale: 8, text: '0.00000001' });
    expect(parseDecimalRate('0')).toEqual({ scaled: 0n, scale: 0, text: '0' });
    expect(parseDecimalRate('5.0154E1')?.text).toBe('50.154');
    expect(parseDecimalRate('5E2')).toEqual({ scaled: 500n, scale: 0, text: '500' });
    expect(parseDecimalRate('47123e-4')?.text).toBe('4.7123');
    expect(parseDecimalRate(' 4.7 ')?.text).toBe('4.7');
  });

  it('refuses what is not a plain non-negative decimal, and exponent bombs', () => {
    for (const bad of [
      '',
      '-1',
      '+1',
      '1.',
      '.5',
      'abc',
      '1,5',
      '1e999999999',
      '1e-999',
      'NaN',
      'Infinity',
      '1'.repeat(41),
    ]) {
      expect(parseDecimalRate(bad), bad).toBeNull();
    }
  });
});

describe('rateFromScaledInteger', () => {
  it('reads rate × 10^8 integers', () => {
    expect(rateFromScaledInteger('650000000')).toEqual({ scaled: 650000000n, scale: 8, text: '6.5' });
    expect(rateFromScaledInteger('471230000')?.text).toBe('4.7123');
    expect(rateFromScaledInteger('1')?.text).toBe('0.00000001');
    expect(rateFromScaledInteger('6.5')).toBeNull();
    expect(rateFromScaledInteger('-650000000')).toBeNull();
  });
});

describe('ratesEqual', () => {
  it('compares across scales', () => {
    expect(ratesEqual(parseDecimalRate('5.01540000')!, parseDecimalRate('5.0154')!)).toBe(true);
    expect(ratesEqual(rateFromScaledInteger('650000000')!, exactRate(65n, 1))).toBe(true);
    expect(ratesEqual(parseDecimalRate('5.0154')!, parseDecimalRate('5.01541')!)).toBe(false);
  });
});
