/** Background sale notices, and what the Terminal API asks of the counter (payments, pairing, refunds). */
import type { ApiRequestNotice, NoticeView } from '../../../../../../preload/api';
import type { PosContext } from '../../context';

export interface NoticesActions {
  dismissSaleNotice(id: string): void;
  /** The manager approves (PIN) or declines a POS's refund request; true when the core took the decision. */
  decideApiRefund(
    requestId: string,
    pin: string,
    approve: boolean,
    person?: { personId?: string },
  ): Promise<boolean>;
}

export function createNoticesActions(ctx: PosContext): {
  actions: NoticesActions;
  onSaleNotice(notice: NoticeView): void;
  onApiRequest(request: ApiRequestNotice): void;
} {
  const { api, set, get, call } = ctx;
  const seenNotices = new Set<string>();

  function withoutRequest(requestId: string) {
    return get().apiRefunds.filter((x) => x.requestId !== requestId);
  }

  const actions: NoticesActions = {
    dismissSaleNotice(id) {
      set({ saleNotices: get().saleNotices.filter((n) => n.id !== id) });
    },

    async decideApiRefund(requestId, pin, approve, person = {}) {
      const result = await call(() => api.approveApiRefund({ pin, ...person, requestId, approve }));
      if (!result?.ok) {
        // Decided elsewhere already: the request is gone from this screen too.
        if (result && result.error.code === 'API_REFUND_NOT_FOUND')
          set({ apiRefunds: withoutRequest(requestId) });
        return false;
      }
      set({ apiRefunds: withoutRequest(requestId), notice: null });
      return true;
    },
  };

  return {
    actions,
    onSaleNotice(notice) {
      if (seenNotices.has(notice.id)) return;
      seenNotices.add(notice.id);
      set({ saleNotices: [notice, ...get().saleNotices].slice(0, 20) });
    },
    onApiRequest(r) {
      if (r.kind === 'refund') set({ apiRefunds: [...withoutRequest(r.requestId), r] });
      else if (r.kind === 'refund-decided') set({ apiRefunds: withoutRequest(r.requestId) });
      else set({ apiRequest: r });
    },
  };
}
