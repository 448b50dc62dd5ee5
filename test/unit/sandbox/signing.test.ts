import { describe, expect, it } from 'vitest';
import { omipaySign } from '../../../main/omipay/sign';
import {
  gatewayNonce,
  gatewaySignature,
  SANDBOX_NONCE_PATTERN,
  signatureMatches,
} from '../../../main/sandbox/signing';

// Section 1.3's vector (the document's text once drops the leading 8: a typo).
const VECTOR = {
  mNumber: '123456',
  timestamp: '1482812036067',
  nonce: '313644f42ecd4758b5e23b80e86efdc4',
  secretKey: '0af61531c6c04ac4ac910d0cd59e6238',
  sign: '8516A3B52F9C8897F52239B19CD8A499',
};

describe("the document's signature vector, on both implementations", () => {
  it("the sandbox's own signing", () => {
    expect(gatewaySignature(VECTOR.mNumber, VECTOR.timestamp, VECTOR.nonce, VECTOR.secretKey)).toBe(
      VECTOR.sign,
    );
    expect(gatewaySignature(VECTOR.mNumber, Number(VECTOR.timestamp), VECTOR.nonce, VECTOR.secretKey)).toBe(
      VECTOR.sign,
    );
  });

  it("the client's signing", () => {
    expect(omipaySign(VECTOR.mNumber, VECTOR.timestamp, VECTOR.nonce, VECTOR.secretKey)).toBe(VECTOR.sign);
  });

  it('the two agree on UTF-8 input too', () => {
    for (const key of ['密钥-key', 'plain', 'a&b']) {
      expect(gatewaySignature('100001', '1', 'abcdefghij', key)).toBe(
        omipaySign('100001', '1', 'abcdefghij', key),
      );
    }
  });
});

describe('sandbox signing helpers', () => {
  it('compares case-insensitively and rejects other lengths', () => {
    expect(signatureMatches(VECTOR.sign, VECTOR.sign.toLowerCase())).toBe(true);
    expect(signatureMatches(VECTOR.sign, VECTOR.sign.slice(1))).toBe(false);
    expect(signatureMatches(VECTOR.sign, '')).toBe(false);
  });

  it('makes nonces of the documented alphabet and length', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const n = gatewayNonce(30);
      expect(n).toMatch(SANDBOX_NONCE_PATTERN);
      expect(n).toHaveLength(30);
      seen.add(n);
    }
    expect(seen.size).toBe(200);
  });
});
