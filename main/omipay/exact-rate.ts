import type { ExactRate } from './types';

/** A JSON decimal as sent by the gateway: non-negative, optional fraction and exponent. */
const DECIMAL = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

// Bounds keep a hostile body ("1e999999999") from making us build a gigantic bigint.
const MAX_DIGITS = 40;
const MAX_SCALE = 30;

/** The exchange_rate integers of QueryOrder and notifications are the rate × 10^8. */
export const SCALED_RATE_SCALE = 8;

function shortestText(scaled: bigint, scale: number): string {
  const digits = scaled.toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  return frac === '' ? whole : `${whole}.${frac}`;
}

export function exactRate(scaled: bigint, scale: number): ExactRate {
  return { scaled, scale, text: shortestText(scaled, scale) };
}

/** '5.01540000' → { scaled: 501540000n, scale: 8, text: '5.0154' }; null when not a plain non-negative decimal. */
export function parseDecimalRate(text: string): ExactRate | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const whole = m[1] ?? '';
  const frac = m[2] ?? '';
  const exponent = m[3] === undefined ? 0 : Number(m[3]);
  if (whole.length + frac.length > MAX_DIGITS || !Number.isSafeInteger(exponent)) return null;
  let scale = frac.length - exponent;
  if (scale > MAX_SCALE || scale < -MAX_DIGITS) return null;
  let scaled = BigInt(whole + frac);
  if (scale < 0) {
    scaled *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return exactRate(scaled, scale);
}

/** 650000000 (rate × 10^8, as integer text) → { scaled: 650000000n, scale: 8, text: '6.5' }. */
export function rateFromScaledInteger(text: string): ExactRate | null {
  const t = text.trim();
  if (!/^\d+$/.test(t) || t.length > MAX_DIGITS) return null;
  return exactRate(BigInt(t), SCALED_RATE_SCALE);
}

/** Exact comparison of two rates regardless of scale (5.0154 equals 5.01540000). */
export function ratesEqual(a: ExactRate, b: ExactRate): boolean {
  const scale = Math.max(a.scale, b.scale);
  return a.scaled * 10n ** BigInt(scale - a.scale) === b.scaled * 10n ** BigInt(scale - b.scale);
}
