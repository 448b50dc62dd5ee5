/** History: search (text, a time on the counter's clock, unresolved only), a sale's detail, "check now". */
import type { PosApi } from '../../../../../../preload/api';
import { businessDateOf } from '../../../../../../main/shared/business-date';
import { isBusyPhase } from '../../../sale-merge';
import type { PosContext } from '../../context';
import type { SaleScreen } from '../sale/screen';

const HISTORY_LIMIT = 200;
const TIME_QUERY = /^(\d{1,2}):(\d{2})$/;

export interface HistoryActions {
  /** from/to: instants on the shop's clock ([from, to)); with either, the search is no longer today's only. */
  searchHistory(
    text: string,
    options?: { onlyUnresolved?: boolean; from?: number | undefined; to?: number | undefined },
  ): Promise<void>;
  openDetail(saleId: string): Promise<void>;
  closeDetail(): void;
  checkNow(saleId: string): Promise<void>;
}

export function createHistoryActions(
  ctx: PosContext,
  screen: SaleScreen,
): {
  actions: HistoryActions;
  /**
   * A receipt's order number was scanned (a manager finding a sale to refund): open that sale in history.
   * Never while money may be moving on the sale screen: the cashier must see that sale's result.
   */
  openReference(reference: string): Promise<void>;
} {
  const { api, set, get, call, now } = ctx;

  /** Today = the sales recorded with today's business date: the ones today's day report counts. */
  function today(): { businessDate: string } {
    return { businessDate: businessDateOf(now(), get().terminal?.timeZone) };
  }

  function localHourMinute(at: number): string {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone: get().terminal?.timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(at));
  }

  async function openReference(reference: string): Promise<void> {
    // In the manager area the refund screen takes the scan (see the manager store's events).
    if (get().view === 'manager') return;
    const sale = get().sale;
    if (sale && isBusyPhase(sale.phase)) return;
    const result = await call(() => api.findSale({ reference }));
    if (!result?.ok) return;
    const history = get().history;
    set({
      view: 'history',
      history: {
        ...history,
        text: reference,
        onlyUnresolved: false,
        ranged: false,
        rows: [result.value.sale],
        loading: false,
        seq: history.seq + 1,
        detail: result.value,
        detailLoading: false,
      },
    });
  }

  const actions: HistoryActions = {
    async searchHistory(text, opts = {}) {
      const onlyUnresolved = opts.onlyUnresolved ?? false;
      const seq = get().history.seq + 1;
      const ranged = opts.from !== undefined || opts.to !== undefined;
      set({ history: { ...get().history, text, onlyUnresolved, ranged, loading: true, seq } });
      const query = text.trim();
      const time = TIME_QUERY.exec(query);
      const args: Parameters<PosApi['searchHistory']>[0] = { limit: HISTORY_LIMIT };
      if (opts.from !== undefined) args.from = opts.from;
      if (opts.to !== undefined) args.to = opts.to;
      if (onlyUnresolved) args.phases = ['unresolved'];
      else if (!ranged && (query === '' || time)) Object.assign(args, today());
      if (query !== '' && !time) args.text = query;
      const result = await call(() => api.searchHistory(args));
      if (get().history.seq !== seq) return;
      let rows = result?.ok ? result.value : [];
      if (time) {
        // A time is matched on the counter's clock, which only the screen knows how to read.
        const wanted = `${(time[1] ?? '').padStart(2, '0')}:${time[2] ?? ''}`;
        rows = rows.filter((r) => localHourMinute(r.createdAt) === wanted);
      }
      set({ history: { ...get().history, rows, loading: false } });
    },

    async openDetail(saleId) {
      set({ history: { ...get().history, detailLoading: true } });
      const result = await call(() => api.getSaleDetail({ saleId }));
      set({
        history: {
          ...get().history,
          detailLoading: false,
          detail: result?.ok ? result.value : get().history.detail,
        },
      });
    },

    closeDetail() {
      set({ history: { ...get().history, detail: null } });
    },

    async checkNow(saleId) {
      set({ busy: true });
      const result = await call(() => api.checkNow({ saleId }));
      set({ busy: false });
      if (result?.ok) {
        const detail = result.value;
        const history = get().history;
        set({
          history: {
            ...history,
            detail: history.detail?.sale.id === saleId || history.detail === null ? detail : history.detail,
            rows: history.rows.map((r) => (r.id === saleId ? detail.sale : r)),
          },
        });
        screen.applySale(detail.sale);
      }
    },
  };

  return { actions, openReference };
}
