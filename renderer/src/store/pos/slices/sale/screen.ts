/**
 * Which sale the sale screen shows, from action answers, events and snapshots: the one on screen is merged
 * with its newer views, a sale opened in another window is followed only while this one is idle, and its
 * outcome sounds and its receipt loads once.
 */
import type { SaleView } from '../../../../../../preload/api';
import { isFinalPhase, mergeSale } from '../../../sale-merge';
import type { PosContext } from '../../context';

export interface SaleScreen {
  /** Shows a sale's new view when it is the one on screen (or a fresh one started elsewhere). */
  applySale(incoming: SaleView): void;
  showSale(next: SaleView): void;
  /** The core's active sale from a snapshot (or none). */
  applyActiveSale(active: SaleView | null | undefined): void;
  /** The sale the cashier left with "New sale": the core may still call it active, the screen moved on. */
  dismiss(saleId: string): void;
}

export function createSaleScreen(ctx: PosContext): SaleScreen {
  const { api, set, get, call, options } = ctx;
  let dismissedSaleId: string | null = null;

  async function loadReceipt(saleId: string): Promise<void> {
    const result = await call(() => api.getReceipt({ saleId }));
    if (result?.ok && get().sale?.id === saleId) set({ receipt: result.value });
  }

  function showSale(next: SaleView): void {
    const previous = get().sale;
    const samePhase = previous !== null && previous.id === next.id && previous.phase === next.phase;
    const sameSale = previous !== null && previous.id === next.id;
    set({
      sale: next,
      scan: sameSale ? get().scan : null,
      stoppedWaitingFor: sameSale ? get().stoppedWaitingFor : null,
      receipt: sameSale ? get().receipt : null,
    });
    if (samePhase) {
      // The pay time, CNY amount and rate arrive after "paid" (paid-details.ts): the receipt follows them.
      if (
        next.phase === 'paid' &&
        (previous.cnyAmount !== next.cnyAmount || previous.paidAt !== next.paidAt)
      ) {
        void loadReceipt(next.id);
      }
      return;
    }
    // Only a change seen on this screen sounds: a window reopened on an old result stays quiet.
    if (sameSale && (next.phase === 'paid' || next.phase === 'declined') && get().soundOn) {
      options.playSound?.(next.phase);
    }
    if (next.phase === 'paid') void loadReceipt(next.id);
  }

  function applySale(incoming: SaleView): void {
    const { sale, history } = get();
    if (history.rows.some((r) => r.id === incoming.id) || history.detail?.sale.id === incoming.id) {
      set({
        history: {
          ...history,
          rows: history.rows.map((r) => (r.id === incoming.id ? incoming : r)),
          detail:
            history.detail?.sale.id === incoming.id ? { ...history.detail, sale: incoming } : history.detail,
        },
      });
    }
    if (sale === null || sale.id !== incoming.id) {
      // Another window (hub mode) opened a sale while this one is idle: follow it. Background checks of old
      // sales never take over the screen.
      const adoptable = incoming.phase === 'awaiting_code' || incoming.phase === 'submitting';
      const idle = sale === null || isFinalPhase(sale.phase);
      if (adoptable && idle && incoming.createdAt >= (sale?.createdAt ?? 0)) showSale(incoming);
      return;
    }
    showSale(mergeSale(sale, incoming));
  }

  function applyActiveSale(active: SaleView | null | undefined): void {
    const current = get().sale;
    if (active && active.id !== dismissedSaleId) {
      // The core's own active sale is shown whatever its phase: this is how a reopened window resumes.
      showSale(current && current.id === active.id ? mergeSale(current, active) : active);
    } else if (!active && current && !isFinalPhase(current.phase) && current.phase !== 'declined') {
      // The core has no open sale any more (closed from another window): do not keep showing it.
      set({ sale: null, scan: null });
    }
  }

  return {
    applySale,
    showSale,
    applyActiveSale,
    dismiss(saleId) {
      dismissedSaleId = saleId;
    },
  };
}
