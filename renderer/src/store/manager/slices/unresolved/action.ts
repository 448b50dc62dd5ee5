/** Unresolved sales and late payments: the list, a sale's detail, "check now", void, and the late decision. */
import type { PosResult } from '../../../../../../preload/api';
import type { ManagerContext } from '../../context';
import { LATE_PAYMENT_PHASES, UNRESOLVED_PHASES } from './initialState';

export interface UnresolvedActions {
  loadUnresolved(): Promise<void>;
  openUnresolved(saleId: string): Promise<void>;
  checkNow(saleId: string): Promise<void>;
  /** The customer paid another way: void an unresolved sale (any payment that still lands is refunded). */
  voidUnresolved(saleId: string): Promise<void>;
  /** A payment after a void: refund it to the customer or keep it (PIN-protected in the core). */
  decideLatePayment(saleId: string, decision: 'refund' | 'keep'): Promise<void>;
}

export function createUnresolvedActions(ctx: ManagerContext): UnresolvedActions {
  const { api, set, get, call } = ctx;

  /** False (and the refusal shown, or the area locked for a PIN problem) when the core said no. */
  function refused<T>(result: PosResult<T>): result is { ok: true; value: T } {
    if (result.ok) return true;
    ctx.refusal(result.error, (problem) => set({ unresolved: { ...get().unresolved, problem } }));
    return false;
  }

  return {
    async loadUnresolved() {
      set({ unresolved: { ...get().unresolved, loading: true } });
      const [result, late] = await Promise.all([
        call(() => api.searchHistory({ phases: [...UNRESOLVED_PHASES], limit: 200 })),
        call(() => api.searchHistory({ phases: [...LATE_PAYMENT_PHASES], limit: 50 })),
      ]);
      set({
        unresolved: {
          ...get().unresolved,
          loading: false,
          rows: result.ok ? result.value : [],
          late: late.ok ? late.value : [],
        },
      });
    },

    async voidUnresolved(saleId) {
      const auth = ctx.auth();
      if (auth === null) return;
      // Voiding is a permission of its own: the area's person is the one who voids.
      const result = await call(() => api.voidSale({ saleId, ...auth }));
      if (!refused(result)) return;
      await get().loadUnresolved();
      await get().openUnresolved(saleId);
    },

    async decideLatePayment(saleId, decision) {
      const auth = ctx.auth();
      if (auth === null) return;
      const result = await call(() => api.decideLatePayment({ saleId, decision, ...auth }));
      if (!refused(result)) return;
      set({ unresolved: { ...get().unresolved, detail: result.value, problem: null } });
      await get().loadUnresolved();
    },

    async openUnresolved(saleId) {
      get().touch();
      const result = await call(() => api.getSaleDetail({ saleId }));
      if (result.ok) set({ unresolved: { ...get().unresolved, detail: result.value, problem: null } });
    },

    async checkNow(saleId) {
      get().touch();
      set({ unresolved: { ...get().unresolved, checking: saleId } });
      const result = await call(() => api.checkNow({ saleId }));
      const u = get().unresolved;
      set({
        unresolved: {
          ...u,
          checking: null,
          detail: result.ok && u.detail?.sale.id === saleId ? result.value : u.detail,
          rows: result.ok ? u.rows.map((r) => (r.id === saleId ? result.value.sale : r)) : u.rows,
        },
      });
    },
  };
}
