/** The Sales view: picks a range and asks the core for its insights (a PIN-protected read). */
import type { ManagerContext } from '../../context';
import type { SalesRange, SalesState } from './initialState';
import { rangeDates } from './range';

export interface SalesActions {
  /** Shows `range` (with the custom fields as given, for 'custom'). */
  showSales(range: SalesRange, custom?: { from: string; to: string }): Promise<void>;
}

export function createSalesActions(ctx: ManagerContext): SalesActions {
  const { api, set, get, call } = ctx;
  let asked = 0;

  function patchSales(patch: Partial<SalesState>): void {
    set({ sales: { ...get().sales, ...patch } });
  }

  return {
    async showSales(range, custom) {
      const fields = custom ?? { from: get().sales.customFrom, to: get().sales.customTo };
      patchSales({ range, customFrom: fields.from, customTo: fields.to, problem: null });
      const dates = rangeDates(range, ctx.today().date, fields);
      if (!dates) {
        patchSales({ problem: { source: 'ui', key: 'sales.badRange' } });
        return;
      }
      const auth = ctx.auth();
      if (auth === null) return;
      // Only the latest question's answer is shown: a slow year must not replace the day asked for since.
      asked += 1;
      const mine = asked;
      patchSales({ loading: true });
      const result = await call(() => api.salesInsights({ ...dates, ...auth }));
      if (mine !== asked) return;
      patchSales({ loading: false });
      if (!result.ok) {
        ctx.refusal(result.error, (problem) => patchSales({ problem }));
        return;
      }
      patchSales({ insights: result.value });
    },
  };
}
