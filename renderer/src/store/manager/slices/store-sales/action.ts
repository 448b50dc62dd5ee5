/** Refund anywhere: another till's sale found on the store server and refunded through it. */
import type { RemoteRefundView, StoreSaleView } from '../../../../../../preload/api';
import { centsText, type ManagerContext } from '../../context';
import { checkRefundAmount } from '../../../refund-form';
import { initialStoreSales, type StoreSalesState } from './initialState';

export interface StoreSalesActions {
  /** Refund anywhere: searches the store server for the lookup text (other tills' sales). */
  searchStore(reference?: string): Promise<void>;
  pickStoreSale(sale: StoreSaleView | null): void;
  setStoreRefundAmount(text: string): void;
  setStoreRefundReason(text: string): void;
  reviewStoreRefund(): void;
  confirmStoreRefund(): Promise<void>;
}

export function createStoreSalesActions(ctx: ManagerContext): {
  actions: StoreSalesActions;
  /** A remote refund's new status: shown when it is the one just sent. */
  applyRemoteRefund(refund: RemoteRefundView): void;
} {
  const { api, set, get, call } = ctx;

  function patchStore(patch: Partial<StoreSalesState>): void {
    const refund = get().refund;
    set({ refund: { ...refund, store: { ...refund.store, ...patch } } });
  }

  const actions: StoreSalesActions = {
    async searchStore(reference) {
      const text = (reference ?? get().refund.lookup).trim();
      const auth = ctx.auth();
      if (text === '' || auth === null) return;
      patchStore({ ...initialStoreSales(), searching: true });
      const result = await call(() => api.searchStoreSales({ query: text, ...auth }));
      if (!result.ok) {
        if (ctx.lockOnPinProblem(result.error)) return;
        patchStore({ searching: false, problem: { source: 'core', error: result.error } });
        return;
      }
      patchStore({ searching: false, result: result.value });
    },

    pickStoreSale(sale) {
      get().touch();
      patchStore({
        selected: sale,
        amount: sale ? centsText(sale.refundableCents) : '',
        reason: '',
        confirming: false,
        problem: null,
        last: null,
      });
    },

    setStoreRefundAmount(text) {
      patchStore({ amount: text, problem: null, confirming: false });
      get().touch();
    },

    setStoreRefundReason(text) {
      patchStore({ reason: text });
      get().touch();
    },

    reviewStoreRefund() {
      const { selected, amount } = get().refund.store;
      get().touch();
      if (!selected) return;
      const check = checkRefundAmount(amount, selected.refundableCents);
      if (!check.ok) {
        patchStore({ problem: { source: 'ui', key: check.key } });
        return;
      }
      patchStore({ confirming: true, problem: null });
    },

    async confirmStoreRefund() {
      const { selected, amount, reason, confirming, sending } = get().refund.store;
      const auth = ctx.auth();
      if (!selected || !confirming || sending || auth === null) return;
      patchStore({ sending: true, problem: null });
      const result = await call(() =>
        api.refundStoreSale({
          tillId: selected.tillId,
          saleId: selected.saleId,
          outOrderNo: selected.outOrderNo,
          amount: amount.trim(),
          reason: reason.trim(),
          ...auth,
        }),
      );
      if (!result.ok) {
        if (ctx.lockOnPinProblem(result.error)) return;
        patchStore({ sending: false, confirming: false, problem: { source: 'core', error: result.error } });
        return;
      }
      patchStore({ sending: false, confirming: false, last: result.value });
      // The balance changed: ask the server again.
      const lookup = get().refund.lookup;
      const keep = result.value;
      await get().searchStore(lookup);
      patchStore({ last: keep });
    },
  };

  return {
    actions,
    applyRemoteRefund(refund) {
      if (get().refund.store.last?.id === refund.id) patchStore({ last: refund });
    },
  };
}
