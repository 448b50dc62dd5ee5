/**
 * Which of the counter's sale actions need someone signed in (sign-in mode only; in no-sign-in mode the till
 * acts as the built-in cashier and nothing here applies). A table, pure.
 *
 * What starts or feeds a sale needs a person: a sale is journalled as taken by someone, and a payment code given
 * to a sale takes the customer's money, so with nobody at the counter (signed out, or idled out while the sale
 * waited for its code) the code is refused until someone signs in. Voiding needs a person too, since it is a
 * permission (`void`) of whoever voids.
 *
 * What ends a sale already under way does not: stopping the wait on a sale whose customer is paying, or
 * clearing a finished sale from the counter, must work whoever is (or is not) signed in, so that every order
 * reaches its end and the counter is never stuck on someone else's sale. The idle sign-out never fires while a
 * sale waits for money, but a person may still sign out by hand.
 */
export const COUNTER_SALE_ACTIONS = [
  'startSale',
  'startQrSale',
  'submitCode',
  'voidSale',
  'stopWaiting',
  'clearSale',
] as const;
export type CounterSaleAction = (typeof COUNTER_SALE_ACTIONS)[number];

export const NEEDS_SIGNED_IN: Readonly<Record<CounterSaleAction, boolean>> = {
  startSale: true,
  startQrSale: true,
  submitCode: true,
  voidSale: true,
  stopWaiting: false,
  clearSale: false,
};

export function needsSignedIn(action: CounterSaleAction): boolean {
  return NEEDS_SIGNED_IN[action];
}
