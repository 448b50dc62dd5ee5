/** Omipay carries exchange rates as decimals with 8 places (GetExchangeRate) or as integers ×10^8 (orders). */
export const RATE_SCALE = 8;
const RATE_FACTOR = 10n ** BigInt(RATE_SCALE);

export interface ScaledRate {
  /** rate × 10^8, exact. */
  scaled: bigint;
  /** The JSON number text with exactly 8 decimals, e.g. '4.71230000'. */
  json: string;
}

export function parseDecimalRate(text: string): ScaledRate | null {
  const m = /^(\d{1,6})(?:\.(\d{1,8}))?$/.exec(text);
  if (!m) return null;
  const whole = m[1] ?? '0';
  const frac = (m[2] ?? '').padEnd(RATE_SCALE, '0');
  const scaled = BigInt(whole) * RATE_FACTOR + BigInt(frac);
  if (scaled <= 0n) return null;
  return { scaled, json: `${BigInt(whole).toString()}.${frac}` };
}

/** Amount in the paying currency's minor unit, rounded half up, computed on integers only. */
export function convertCents(amountCents: number, rate: ScaledRate): number {
  const product = BigInt(amountCents) * rate.scaled;
  return Number((product + RATE_FACTOR / 2n) / RATE_FACTOR);
}
