import { describe, expect, it } from 'vitest';
import { checkAbn, formatAbn } from '../../../main/shared/abn';
import { BUYER_IDENTITY_FROM_CENTS, gstIncludedCents } from '../../../main/shared/gst';

describe('checkAbn (ATO checksum)', () => {
  it.each([
    ['51 824 753 556', '51824753556'],
    ['53 004 085 616', '53004085616'],
    ['51824753556', '51824753556'],
    [' 53004 085616 ', '53004085616'],
  ])('accepts %j as %s', (typed, abn) => {
    expect(checkAbn(typed)).toEqual({ ok: true, abn });
  });

  it.each(['51 824 753 557', '52 824 753 556', '15 824 753 556', '00 000 000 000', '53 004 085 617'])(
    'refuses %j: the check digits do not match',
    (typed) => {
      const r = checkAbn(typed);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.code).toBe('ABN_INVALID');
        expect(r.message.en).toContain('not a valid ABN');
        expect(r.message.zh).toContain('不是有效的 ABN');
      }
    },
  );

  it.each([
    ['5182475355', 10],
    ['518247535560', 12],
    ['', 0],
    ['51 824 753', 8],
  ])('refuses %j: wrong length, saying how many digits it has', (typed, digits) => {
    const r = checkAbn(typed);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('ABN_WRONG_LENGTH');
      expect(r.message.en).toContain(`11 digits; this one has ${digits}`);
      expect(r.message.zh).toContain(`${digits} 位`);
    }
  });

  it.each(['51 824 753 55O', 'ABN51824753556', '51-824-753-556', '５１８２４７５３５５６', '51\t824753556'])(
    'refuses letters and other signs in %j',
    (typed) => {
      const r = checkAbn(typed);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message.en).toContain('cannot contain letters');
    },
  );

  it.each([51824753556, null, undefined, {}, ['51824753556'], '5'.repeat(100)])(
    'refuses %j, which is not an ABN string',
    (typed) => {
      expect(checkAbn(typed).ok).toBe(false);
    },
  );

  it('groups the digits 2-3-3-3 as the ATO prints them', () => {
    expect(formatAbn('51824753556')).toBe('51 824 753 556');
  });
});

describe('gstIncludedCents (1/11 of a GST-inclusive total, half a cent up)', () => {
  it.each([
    [0, 0],
    [1, 0], // 0.0909 c
    [5, 0], // 0.4545 c
    [6, 1], // 0.5454 c
    [11, 1],
    [16, 1], // 1.4545 c
    [17, 2], // 1.5454 c
    [1_100, 100],
    [1_000, 91], // 90.909 c
    [1_250, 114], // 113.6363 c
    [100_000, 9_091], // A$1,000.00 → A$90.91 (9090.909 c)
    [99_999, 9_091], // 9090.818 c
    [99_994, 9_090], // 9090.3636 c
    [105, 10], // 9.5454 c
    [104, 9], // 9.4545 c
    [100_000_000, 9_090_909], // the largest sale the till accepts
  ])('%i cents include %i cents of GST', (total, gst) => {
    expect(gstIncludedCents(total)).toBe(gst);
  });

  it('never differs from round-half-up of the exact eleventh', () => {
    for (let total = 0; total < 5_000; total += 1) {
      const exact = total / 11;
      // total/11 is never exactly x.5 cents (11 is odd), so half-up and nearest agree.
      expect(gstIncludedCents(total)).toBe(Math.round(exact));
    }
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER])(
    'refuses %j cents',
    (bad) => {
      expect(() => gstIncludedCents(bad)).toThrow(RangeError);
    },
  );

  it('asks for the buyer from A$1,000.00', () => {
    expect(BUYER_IDENTITY_FROM_CENTS).toBe(100_000);
  });
});
