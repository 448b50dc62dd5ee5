import type { RefundView, SaleDetail, SaleView } from '../../../../../../preload/api';
import type { ManagerProblem } from '../../types';
import { initialStoreSales, type StoreSalesState } from '../store-sales/initialState';

export interface RefundState {
  lookup: string;
  finding: boolean;
  detail: SaleDetail | null;
  amount: string;
  reason: string;
  step: 'edit' | 'confirm' | 'sending';
  /** Cents asked in the confirm step (exactly what will be refunded). */
  confirmCents: number | null;
  problem: ManagerProblem | null;
  /** The refund just sent (its live status comes from refund events). */
  last: RefundView | null;
  receiptHtml: string | null;
  recentPaid: SaleView[];
  /** Refund anywhere: the same lookup on the store server (other tills' sales), when this till is linked. */
  store: StoreSalesState;
}

export function initialRefund(): RefundState {
  return {
    lookup: '',
    finding: false,
    detail: null,
    amount: '',
    reason: '',
    step: 'edit',
    confirmCents: null,
    problem: null,
    last: null,
    receiptHtml: null,
    recentPaid: [],
    store: initialStoreSales(),
  };
}
