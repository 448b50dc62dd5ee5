/**
 * The CNY estimate shown before a customer pays (the cashier's amount screen and the customer display): AUD
 * cents × the wallet's decimal rate text ("4.7123") → CNY fen, rounded half up. BigInt keeps it exact for any
 * amount a till can hold; no binary fraction decides a fen. Browser-safe.
 */
export function cnyEstimateFen(cents: number, rate: string): number | null {
  const m = /^(\d{1,6})(?:\.(\d{1,12}))?$/.exec(rate.trim());
  if (!m || !Number.isSafeInteger(cents) || cents < 0) return null;
  const frac = m[2] ?? '';
  const scale = 10n ** BigInt(frac.length);
  const scaledRate = BigInt((m[1] ?? '0') + frac);
  if (scaledRate === 0n) return null;
  return Number((BigInt(cents) * scaledRate * 2n + scale) / (scale * 2n));
}
