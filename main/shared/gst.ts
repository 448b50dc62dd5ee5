/**
 * The GST included in a GST-inclusive price: one eleventh (10 % on top of the price without it), to the cent,
 * half a cent rounded up. Integer cents in and out, so no binary fraction decides a cent. The one place the till
 * computes GST (tax invoices, adjustment notes).
 */
const MAX_CENTS = Math.floor(Number.MAX_SAFE_INTEGER / 4);

export function gstIncludedCents(totalCents: number): number {
  // Bounded so 2·total stays an exact integer (far above any sale the till accepts).
  if (!Number.isSafeInteger(totalCents) || totalCents < 0 || totalCents > MAX_CENTS) {
    throw new RangeError(`gstIncludedCents: ${totalCents} is not a whole, non-negative number of cents`);
  }
  // round(total / 11) half up = floor((2·total + 11) / 22), exact in integers.
  return Math.floor((2 * totalCents + 11) / 22);
}

/** The ATO's amount from which a tax invoice must also identify the buyer (name or ABN): A$1,000.00. */
export const BUYER_IDENTITY_FROM_CENTS = 100_000;
