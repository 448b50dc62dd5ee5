/**
 * Sale updates reach the screen by two roads — the answer to an action and pushed events — so an older view can
 * arrive after a newer one. These rules keep the screen from ever stepping backwards.
 */
import { SALE_PHASES, type SalePhase, type SaleView } from '../../../preload/api';

/** Still the cashier's, or (declined) open to another code or another way to pay. */
const OPEN_PHASES: readonly SalePhase[] = [
  'awaiting_code',
  'submitting',
  'waiting_customer',
  'checking',
  'declined',
];
/** Phases after which the cashier's part of the sale is over: all the others. */
export const FINAL_PHASES: readonly SalePhase[] = SALE_PHASES.filter((p) => !OPEN_PHASES.includes(p));

/** Phases in which money may be moving: the sale cannot be closed from the till. */
export const BUSY_PHASES: readonly SalePhase[] = ['submitting', 'waiting_customer', 'checking'];

/** Phases in which the cashier may void the sale (the customer pays another way); a payment may still land. */
export function isVoidablePhase(phase: SalePhase): boolean {
  return isBusyPhase(phase) || phase === 'unresolved';
}

export function isFinalPhase(phase: SalePhase): boolean {
  return FINAL_PHASES.includes(phase);
}

export function isBusyPhase(phase: SalePhase): boolean {
  return BUSY_PHASES.includes(phase);
}

/**
 * Picks the view to keep when `incoming` arrives for the same sale as `current`. Paid is absorbing (nothing
 * un-pays a sale on this screen), and a view from an earlier attempt never replaces a later one.
 */
export function mergeSale(current: SaleView, incoming: SaleView): SaleView {
  if (current.id !== incoming.id) return incoming;
  if (current.phase === 'paid' && incoming.phase !== 'paid') return current;
  if (incoming.attempts < current.attempts) return current;
  return incoming;
}
