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
 * reaches its end and the counter is never stuck on someone else's sale. A person may always sign out by hand;
 * the idle sign-out waits for the counter's sale (HOLDS_IDLE_SIGN_OUT below).
 */
import type { SaleRow, SaleStatus } from '../journal/types';

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

/**
 * Whether the counter's sale (the one on the cashier's screen) holds the idle sign-out, by its status. A sale
 * started and not ended holds it, so its screen is never replaced by the sign-in screen and the customer's code
 * is never refused for want of a person: the amount entered with the scan prompt up (open), a declined code
 * with the prompt asking for another (declined), and every wait for money — the code sent, the customer
 * confirming, a merchant QR shown, the answer being checked (in_progress) — and the outcome still unknown on the
 * screen while the check goes on (unresolved). The sign-out then happens as soon as the sale ends: it settles,
 * is voided or cleared, or the cashier stops waiting (the sale is then followed in the background, away from
 * the counter, as STOPPED_WAITING says). An unknown outcome the cashier left with New sale stays the counter's
 * sale until the next amount is keyed (the customer display keeps following it), so it holds until then or
 * until it settles. A result (paid, not paid, voided) does not hold it: the sale is over, and its screen is
 * still there when the next person signs in.
 */
export const HOLDS_IDLE_SIGN_OUT: Readonly<Record<SaleStatus, boolean>> = {
  open: true,
  declined: true,
  in_progress: true,
  unresolved: true,
  paid: false,
  failed: false,
  abandoned: false,
  voided: false,
};

/** The reason an unresolved sale carries once the cashier stopped waiting for it (main/payments/sale-engine.ts). */
const LEFT_THE_COUNTER = 'STOPPED_WAITING';

export function holdsIdleSignOut(sale: Pick<SaleRow, 'status' | 'statusReason'> | null): boolean {
  if (!sale || !HOLDS_IDLE_SIGN_OUT[sale.status]) return false;
  return !(sale.status === 'unresolved' && sale.statusReason === LEFT_THE_COUNTER);
}
