import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amountDisplayParts,
  amountTextToCents,
  cnyEstimates,
  displayRate,
  pressAmountKey,
  scaledRateToText,
  type AmountKey,
} from '../../../renderer/src/store/amount-entry';
import { formatCents } from '../../../main/shared/money';
import { cnyEstimateFen } from '../../../main/shared/cny-estimate';

const type = (keys: string, max?: number) =>
  [...keys].reduce((text, k) => pressAmountKey(text, (k === '<' ? 'Backspace' : k) as AmountKey, max), '');

describe('amount entry', () => {
  it('builds amounts key by key', () => {
    expect(type('12.50')).toBe('12.50');
    expect(type('.5')).toBe('0.5');
    expect(type('007')).toBe('7');
    expect(type('12.505')).toBe('12.50');
    expect(type('1..2')).toBe('1.2');
    expect(type('12.5<<')).toBe('12');
    expect(type('12345678')).toBe('1234567');
    expect(type('99.99', 5_000)).toBe('9.99'); // "99" would already pass A$ 50.00
  });

  it('turns text into exact cents', () => {
    expect(amountTextToCents('12.50')).toBe(1250);
    expect(amountTextToCents('0.1')).toBe(10);
    expect(amountTextToCents('1234567.89')).toBe(123456789);
    expect(amountTextToCents('')).toBeNull();
    expect(amountTextToCents('0.')).toBeNull();
    expect(amountTextToCents('0.00')).toBeNull();
  });

  it('any key sequence yields text whose cents round-trip through the display (never a float)', () => {
    const key = fc.constantFrom<AmountKey>('0', '1', '2', '5', '9', '.', 'Backspace');
    fc.assert(
      fc.property(fc.array(key, { maxLength: 20 }), (keys) => {
        const text = keys.reduce((t, k) => pressAmountKey(t, k), '');
        expect(text).toMatch(/^(\d{0,7}(\.\d{0,2})?)?$/);
        const cents = amountTextToCents(text);
        const { typed, ghost } = amountDisplayParts(text);
        if (cents !== null) expect(typed + ghost).toBe(formatCents(cents));
      }),
    );
  });

  it('shows typed digits and the faint rest', () => {
    expect(amountDisplayParts('')).toEqual({ typed: '', ghost: '0.00' });
    expect(amountDisplayParts('1234')).toEqual({ typed: '1,234', ghost: '.00' });
    expect(amountDisplayParts('12.')).toEqual({ typed: '12.', ghost: '00' });
    expect(amountDisplayParts('12.5')).toEqual({ typed: '12.5', ghost: '0' });
    expect(amountDisplayParts('12.50')).toEqual({ typed: '12.50', ghost: '' });
  });

  it('estimates CNY exactly, rounding half up', () => {
    expect(cnyEstimateFen(1250, '4.7123')).toBe(5890); // 58.90375
    expect(cnyEstimateFen(100, '5.015')).toBe(502); // 501.5 → 502
    expect(cnyEstimateFen(999_999_999, '4.71234567')).toBe(4_712_345_665);
    expect(cnyEstimateFen(100, 'abc')).toBeNull();
    expect(cnyEstimateFen(100, '0')).toBeNull();
  });

  it('shows rates without trailing zeros', () => {
    expect(displayRate('4.71230000')).toBe('4.7123');
    expect(displayRate('5.00000000')).toBe('5.00');
    expect(displayRate('4.7')).toBe('4.70');
    expect(displayRate('5')).toBe('5');
  });

  it('reads the gateway’s scaled rate', () => {
    expect(scaledRateToText('471230000')).toBe('4.7123');
    expect(scaledRateToText('500000000')).toBe('5');
    expect(scaledRateToText('1234')).toBe('0.00001234');
    expect(scaledRateToText(null)).toBeNull();
    expect(scaledRateToText('4.7')).toBeNull();
  });
});

describe('CNY estimates before the wallet is known', () => {
  it('gives one estimate per wallet whose rate is known, each at its own rate, WeChat Pay first', () => {
    const both = { ALIPAY: { rate: '4.7098' }, WECHATPAY: { rate: '4.7123' } };
    expect(cnyEstimates(1250, both)).toEqual([
      { platform: 'WECHATPAY', fen: 5890, rate: '4.7123' },
      { platform: 'ALIPAY', fen: 5887, rate: '4.7098' },
    ]);
    expect(cnyEstimates(1250, { ALIPAY: { rate: '4.7098' } })).toEqual([
      { platform: 'ALIPAY', fen: 5887, rate: '4.7098' },
    ]);
    expect(cnyEstimates(null, both)).toEqual([]);
    expect(cnyEstimates(1250, { WECHATPAY: { rate: 'abc' } })).toEqual([]);
  });
});
