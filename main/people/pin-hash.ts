/**
 * PIN hashes: scrypt with a random salt, the parameters travelling with the hash (`scrypt$N$r$p$salt$hash`), so
 * they can be raised later; checked in constant time. Also the PINs anyone would try first, refused when set.
 * The store server writes the same format for PINs people set there (they verify offline at the till).
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

export const PIN_PATTERN = /^\d{4,8}$/;
export const DEFAULT_SCRYPT: ScryptParams = { N: 1 << 14, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

/**
 * The PINs anyone would try first: one digit repeated, a run up or down the digits (1234, 9876, 7890), a pair or
 * triple repeated (1212, 123123), and a few keypad and habit favourites.
 */
export function isCommonPin(pin: string): boolean {
  if (/^(\d)\1+$/.test(pin)) return true;
  const digits = [...pin].map(Number);
  const step = (d: number) => digits.every((x, i) => i === 0 || (x - (digits[i - 1] ?? 0) + 10) % 10 === d);
  if (step(1) || step(9)) return true;
  for (const size of [2, 3, 4]) {
    if (pin.length % size === 0 && pin.length > size && pin === pin.slice(0, size).repeat(pin.length / size))
      return true;
  }
  return COMMON_PINS.has(pin);
}

const COMMON_PINS = new Set([
  '2580',
  '0852',
  '1004',
  '2000',
  '6969',
  '1122',
  '1313',
  '4321',
  '5683',
  '0007',
  '1010',
  '112233',
  '654321',
  '159753',
  '147258',
  '147852',
  '11223344',
  '12341234',
]);

/** `scrypt$N$r$p$salt$hash` (base64): the parameters travel with the hash, so they can be raised later. */
export function hashPin(pin: string, params: ScryptParams = DEFAULT_SCRYPT): string {
  const salt = randomBytes(SALT_LENGTH);
  const key = derive(pin, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time check of a PIN against a stored hash; a malformed hash never matches. */
export function checkPin(pin: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const params = { N: Number(parts[1]), r: Number(parts[2]), p: Number(parts[3]) };
  if (!validParams(params)) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length < 8 || expected.length !== KEY_LENGTH) return false;
  return timingSafeEqual(derive(pin, salt, params), expected);
}

function derive(pin: string, salt: Buffer, { N, r, p }: ScryptParams): Buffer {
  return scryptSync(pin, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r + (1 << 20) });
}

/** Bounds also protect against a tampered hash that asks for gigabytes of memory. */
export function validParams({ N, r, p }: ScryptParams): boolean {
  return (
    Number.isInteger(N) &&
    N >= 2 &&
    N <= 1 << 20 &&
    (N & (N - 1)) === 0 &&
    Number.isInteger(r) &&
    r >= 1 &&
    r <= 32 &&
    Number.isInteger(p) &&
    p >= 1 &&
    p <= 16
  );
}
