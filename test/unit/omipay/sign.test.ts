import { describe, expect, it } from 'vitest';
import { makeNonce, NONCE_PATTERN, omipaySign, signaturesEqual } from '../../../main/omipay';

describe('omipaySign', () => {
  it("gives the document's example signature", () => {
    expect(
      omipaySign(
        '123456',
        1482812036067,
        '313644f42ecd4758b5e23b80e86efdc4',
        '0af61531c6c04ac4ac910d0cd59e6238',
      ),
    ).toBe('8516A3B52F9C8897F52239B19CD8A499');
  });

  it('signs the timestamp text as given (number and string agree)', () => {
    const a = omipaySign('123456', 1482812036067, 'n0nce12345', 'k');
    expect(omipaySign('123456', '1482812036067', 'n0nce12345', 'k')).toBe(a);
    expect(omipaySign('123456', 1482812036068, 'n0nce12345', 'k')).not.toBe(a);
  });
});

describe('makeNonce', () => {
  it('draws 10–32 characters of [A-Za-z0-9], without repeats across many draws', () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const n = makeNonce();
      if (!NONCE_PATTERN.test(n) || n.length !== 32) bad.push(n);
      seen.add(n);
    }
    expect(bad).toEqual([]);
    expect(seen.size).toBe(2000);
    expect(makeNonce(10)).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(() => makeNonce(9)).toThrow(RangeError);
    expect(() => makeNonce(33)).toThrow(RangeError);
  });

  it('uses the whole alphabet (not only hex)', () => {
    const all = Array.from({ length: 200 }, () => makeNonce()).join('');
    expect(all).toMatch(/[G-Z]/);
    expect(all).toMatch(/[g-z]/);
  });
});

describe('signaturesEqual', () => {
  it('compares case-insensitively and rejects different or differently sized values', () => {
    expect(signaturesEqual('8516A3B52F9C8897F52239B19CD8A499', '8516a3b52f9c8897f52239b19cd8a499')).toBe(
      true,
    );
    expect(signaturesEqual('8516A3B52F9C8897F52239B19CD8A499', '8516A3B52F9C8897F52239B19CD8A498')).toBe(
      false,
    );
    expect(signaturesEqual('8516A3B52F9C8897F52239B19CD8A499', '516A3B52F9C8897F52239B19CD8A499')).toBe(
      false,
    );
    expect(signaturesEqual('', '')).toBe(true);
  });
});
