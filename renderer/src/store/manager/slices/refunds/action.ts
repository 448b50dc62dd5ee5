/**
 * Refunds at this till: find a sale (receipt scan, order number, today's paid list), enter and review the
 * amount, confirm with the PIN, then the refund receipt, kept up to date by refund events.
 */
import type { RefundView } from '../../../../../../preload/api';
import { centsText, type ManagerContext } from '../../context';
import { checkRefundAmount, refundBlocker } from '../../../refund-form';
import { initialRefund, type RefundState } from './initialState';

export interface RefundActions {
  setLookup(text: string): void;
  findSale(reference?: string): Promise<void>;
  /** From a sale's detail in History: the refund screen for that sale (right after the PIN when locked). */
  openRefundFor(reference: string): void;
  openSale(saleId: string): Promise<void>;
  loadRecentPaid(): Promise<void>;
  setRefundAmount(text: string): void;
  setRefundFull(): void;
  setRefundReason(text: string): void;
  reviewRefund(): void;
  backToEdit(): void;
  confirmRefund(): Promise<void>;
  showRefundReceipt(refundId: string): Promise<void>;
  printRefundReceipt(refundId: string): Promise<void>;
  clearRefund(): void;
}

export function createRefundActions(ctx: ManagerContext): {
  actions: RefundActions;
  /** A refund's new status: the refund just sent, the sale on screen, today's list and the receipt follow. */
  applyRefund(refund: RefundView): void;
} {
  const { api, set, get, call } = ctx;
  /** The refund whose receipt is on screen: redrawn when its status changes (sent → refunded). */
  let receiptRefundId: string | null = null;

  function patchRefund(patch: Partial<RefundState>): void {
    set({ refund: { ...get().refund, ...patch } });
  }

  async function refreshDetail(saleId: string): Promise<void> {
    const result = await call(() => api.getSaleDetail({ saleId }));
    if (result.ok && get().refund.detail?.sale.id === saleId) patchRefund({ detail: result.value });
  }

  function applyRefund(refund: RefundView): void {
    const { refund: state, unresolved } = get();
    if (state.last?.id === refund.id) patchRefund({ last: refund });
    if (state.detail?.sale.id === refund.saleId) void refreshDetail(refund.saleId);
    if (unresolved.detail?.sale.id === refund.saleId) void get().openUnresolved(refund.saleId);
    // Today's paid sales show what is left to refund: it just changed.
    if (get().pin !== null && get().refund.recentPaid.some((r) => r.id === refund.saleId)) {
      void get().loadRecentPaid();
    }
    if (receiptRefundId === refund.id && get().refund.receiptHtml !== null) {
      void get().showRefundReceipt(refund.id);
    }
  }

  const actions: RefundActions = {
    setLookup(text) {
      patchRefund({ lookup: text });
    },

    openRefundFor(reference) {
      if (get().pin === null) {
        set({ pendingReference: reference, tab: 'refunds' });
        return;
      }
      set({ tab: 'refunds' });
      void get().findSale(reference);
    },

    async findSale(reference) {
      const text = (reference ?? get().refund.lookup).trim();
      get().touch();
      if (text === '') {
        patchRefund({ problem: { source: 'ui', key: 'refund.error.lookupEmpty' } });
        return;
      }
      patchRefund({ ...initialRefund(), recentPaid: get().refund.recentPaid, lookup: text, finding: true });
      // The store server is asked at the same time: the receipt may be from another till.
      const store = get().searchStore(text);
      const result = await call(() => api.findSale({ reference: text }));
      if (!result.ok) {
        patchRefund({ finding: false, problem: { source: 'core', error: result.error } });
        await store;
        return;
      }
      patchRefund({ finding: false, detail: result.value });
      await store;
    },

    async openSale(saleId) {
      get().touch();
      patchRefund({ ...initialRefund(), recentPaid: get().refund.recentPaid, finding: true });
      const result = await call(() => api.getSaleDetail({ saleId }));
      if (!result.ok) {
        patchRefund({ finding: false, problem: { source: 'core', error: result.error } });
        return;
      }
      patchRefund({ finding: false, detail: result.value, lookup: result.value.sale.orderNo ?? '' });
    },

    async loadRecentPaid() {
      const businessDate = ctx.today().date;
      const result = await call(() => api.searchHistory({ phases: ['paid'], businessDate, limit: 50 }));
      // Only what can still be refunded: a sale refunded in full is not offered again.
      if (result.ok) patchRefund({ recentPaid: result.value.filter((s) => s.refundedCents < s.amountCents) });
    },

    setRefundAmount(text) {
      patchRefund({ amount: text, problem: null });
      get().touch();
    },

    setRefundFull() {
      const detail = get().refund.detail;
      if (!detail) return;
      patchRefund({ amount: centsText(detail.refundableCents), problem: null });
      get().touch();
    },

    setRefundReason(text) {
      patchRefund({ reason: text });
      get().touch();
    },

    reviewRefund() {
      const { detail, amount } = get().refund;
      get().touch();
      if (!detail) return;
      const blocker = refundBlocker(detail);
      if (blocker) {
        patchRefund({ problem: { source: 'ui', key: blocker } });
        return;
      }
      const check = checkRefundAmount(amount, detail.refundableCents);
      if (!check.ok) {
        patchRefund({ problem: { source: 'ui', key: check.key } });
        return;
      }
      patchRefund({
        step: 'confirm',
        confirmCents: check.cents,
        problem: null,
        last: null,
        receiptHtml: null,
      });
    },

    backToEdit() {
      patchRefund({ step: 'edit', confirmCents: null });
    },

    async confirmRefund() {
      const { detail, confirmCents, reason, step } = get().refund;
      const auth = ctx.auth();
      if (!detail || confirmCents === null || step !== 'confirm' || auth === null) return;
      patchRefund({ step: 'sending', problem: null });
      // The confirmed cents are sent as exact text: what the manager confirmed is what is refunded.
      const amount = centsText(confirmCents);
      const result = await call(() =>
        api.refund({ saleId: detail.sale.id, amount, reason: reason.trim(), ...auth }),
      );
      if (!result.ok) {
        if (ctx.lockOnPinProblem(result.error)) return;
        patchRefund({ step: 'edit', confirmCents: null, problem: { source: 'core', error: result.error } });
        await refreshDetail(detail.sale.id);
        return;
      }
      patchRefund({ step: 'edit', confirmCents: null, amount: '', reason: '', last: result.value });
      await refreshDetail(detail.sale.id);
      await get().showRefundReceipt(result.value.id);
    },

    async showRefundReceipt(refundId) {
      const detail = get().refund.detail;
      if (!detail) return;
      receiptRefundId = refundId;
      const result = await call(() => api.getReceiptHtml({ saleId: detail.sale.id, refundId }));
      if (result.ok && receiptRefundId === refundId) patchRefund({ receiptHtml: result.value.html });
    },

    async printRefundReceipt(refundId) {
      const detail = get().refund.detail;
      if (!detail) return;
      get().touch();
      const args = { saleId: detail.sale.id, refundId };
      const problem = await ctx.print(
        () => api.printReceipt(args),
        () => api.getReceiptHtml(args),
      );
      if (problem) patchRefund({ problem: { source: 'core', error: problem } });
    },

    clearRefund() {
      patchRefund({ ...initialRefund(), recentPaid: get().refund.recentPaid });
    },
  };

  return { actions, applyRefund };
}
