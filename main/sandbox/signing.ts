import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/*
 * The sandbox's own implementation of the document's signature (section 1.3). It deliberately shares no code with
 * the client in main/omipay/: a test oracle that borrowed the client's signing would agree with any bug in it.
 */

/** Section 1.2 (5): 10–32 characters of a-z, A-Z, 0-9. */
export const SANDBOX_NONCE_PATTERN = /^[A-Za-z0-9]{10,32}$/;
const NONCE_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Uppercase hex MD5 of `m_number&timestamp&nonce_str&secret_key`, the timestamp exactly as sent. */
export function gatewaySignature(
  mNumber: string,
  timestamp: string | number,
  nonceStr: string,
  secretKey: string,
): string {
  const text = [mNumber, String(timestamp), nonceStr, secretKey].join('&');
  return createHash('md5').update(Buffer.from(text, 'utf8')).digest('hex').toUpperCase();
}

export function gatewayNonce(length = 32): string {
  let s = '';
  while (s.length < length) s += NONCE_CHARS.charAt(randomInt(NONCE_CHARS.length));
  return s;
}

/** Constant-time and case-insensitive: the document shows uppercase, some clients send lowercase hex. */
export function signatureMatches(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected.toUpperCase()).digest();
  const b = createHash('sha256').update(given.toUpperCase()).digest();
  return timingSafeEqual(a, b);
}
