import type { SaleDetail, SaleView } from '../../../../../../preload/api';
import type { ManagerProblem } from '../../types';

export const UNRESOLVED_PHASES = ['unresolved', 'checking', 'waiting_customer', 'submitting'] as const;
/** Payments that landed after their sale was voided: held for a decision, being refunded, or refunded. */
export const LATE_PAYMENT_PHASES = ['late_paid', 'late_refunding', 'late_refunded'] as const;

export interface UnresolvedState {
  rows: SaleView[];
  late: SaleView[];
  loading: boolean;
  detail: SaleDetail | null;
  checking: string | null;
  /** The core refused a void or a late-payment decision (not this person's to make, PIN …). */
  problem: ManagerProblem | null;
}

export function initialUnresolved(): UnresolvedState {
  return { rows: [], late: [], loading: false, detail: null, checking: null, problem: null };
}
