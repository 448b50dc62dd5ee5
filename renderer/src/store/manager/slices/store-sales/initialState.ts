import type { RemoteRefundView, StoreSaleSearchView, StoreSaleView } from '../../../../../../preload/api';
import type { ManagerProblem } from '../../types';

export interface StoreSalesState {
  searching: boolean;
  result: StoreSaleSearchView | null;
  /** Another till's sale picked for a refund. */
  selected: StoreSaleView | null;
  amount: string;
  reason: string;
  confirming: boolean;
  sending: boolean;
  problem: ManagerProblem | null;
  /** The remote refund just sent; its live status comes from remote-refund events. */
  last: RemoteRefundView | null;
}

export function initialStoreSales(): StoreSalesState {
  return {
    searching: false,
    result: null,
    selected: null,
    amount: '',
    reason: '',
    confirming: false,
    sending: false,
    problem: null,
    last: null,
  };
}
