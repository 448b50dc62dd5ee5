import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const NONCE_PATTERN = /^[A-Za-z0-9]{10,32}$/;

/**
 * Omipay signs only the credentials, never the business parameters:
 * uppercase hex MD5 of `m_number&timestamp&nonce_str&secret_key` (UTF-8).
 */
export function omipaySign(
  mNumber: string,
  timestamp: number | string,
  nonce: string,
  secretKey: string,
): string {
  return createHash('md5')
    .update(`${mNumber}&${timestamp}&${nonce}&${secretKey}`, 'utf8')
    .digest('hex')
    .toUpperCase();
}

/** Nonce from the CSPRNG (crypto.randomInt is rejection-sampled, so no modulo bias). */
export function makeNonce(length = 32): string {
  if (!Number.isInteger(length) || length < 10 || length > 32)
    throw new RangeError('nonce length must be 10–32');
  let out = '';
  for (let i = 0; i < length; i++) out += NONCE_ALPHABET[randomInt(NONCE_ALPHABET.length)];
  return out;
}

/** Constant-time comparison of two signatures (case-insensitive hex). */
export function signaturesEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a.toUpperCase(), 'utf8');
  const bb = Buffer.from(b.toUpperCase(), 'utf8');
  if (ab.length !== bb.length) {
    // Still spend comparable time so length differences leak nothing useful.
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}
