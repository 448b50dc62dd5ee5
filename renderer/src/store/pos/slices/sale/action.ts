/**
 * The sale on screen: a typed code, stop waiting, void (the customer pays another way), cancel back to the
 * amount, a new sale, leaving the merchant QR.
 */
import { centsToAmountText } from '../../../amount-entry';
import { isBusyPhase, isFinalPhase } from '../../../sale-merge';
import type { PosContext } from '../../context';
import type { SaleScreen } from './screen';

export interface SaleActions {
  submitCode(code: string): Promise<boolean>;
  submitWedgeScan(code: string): Promise<void>;
  stopWaiting(): Promise<void>;
  /**
   * The customer pays another way: the sale is voided and the screen is free at once; a payment that still
   * lands is refunded by the core (the closed loop).
   */
  voidSale(): Promise<void>;
  /** Closes the open/declined sale on screen and returns to amount entry (amount kept for correction). */
  cancelSale(): Promise<void>;
  /** Leaves the sale on screen (closing it with the core when it is still open) and starts a fresh entry. */
  newSale(): Promise<void>;
  /** Leaves the merchant-QR screen; an order the customer may still pay is handed to background checks. */
  closeQr(): Promise<void>;
}

export function createSaleActions(ctx: PosContext, screen: SaleScreen): SaleActions {
  const { api, set, get, call } = ctx;

  return {
    async submitCode(code) {
      const sale = get().sale;
      const trimmed = code.trim();
      if (!sale || get().busy) return false;
      if (trimmed === '') {
        set({ notice: { source: 'ui', key: 'notice.enterCode' } });
        return false;
      }
      set({ busy: true, notice: null });
      const result = await call(() => api.submitCode({ saleId: sale.id, code: trimmed }));
      set({ busy: false });
      if (result?.ok) screen.applySale(result.value);
      return result?.ok ?? false;
    },

    async submitWedgeScan(code) {
      await call(() => api.submitWedgeScan({ code }));
    },

    async stopWaiting() {
      const sale = get().sale;
      if (!sale || get().busy) return;
      set({ busy: true });
      const result = await call(() => api.stopWaiting({ saleId: sale.id }));
      set({ busy: false });
      if (result?.ok) {
        set({ stoppedWaitingFor: sale.id });
        screen.applySale(result.value);
      }
    },

    async voidSale() {
      const sale = get().sale;
      if (!sale || get().busy) return;
      set({ busy: true });
      const result = await call(() => api.voidSale({ saleId: sale.id }));
      set({ busy: false });
      if (result?.ok) screen.applySale(result.value);
    },

    async cancelSale() {
      const sale = get().sale;
      if (!sale || get().busy || isBusyPhase(sale.phase)) return;
      if (isFinalPhase(sale.phase)) {
        set({ sale: null, scan: null, receipt: null, stoppedWaitingFor: null, notice: null });
        return;
      }
      set({ busy: true, notice: null });
      const result = await call(() => api.clearSale({ saleId: sale.id }));
      set({ busy: false });
      if (result?.ok && get().sale?.id === sale.id) {
        // Back to the amount, holding this sale's amount so a wrong figure is corrected, not retyped.
        set({
          sale: null,
          scan: null,
          receipt: null,
          stoppedWaitingFor: null,
          scanNotice: null,
          amount: centsToAmountText(sale.amountCents),
        });
      }
    },

    async newSale() {
      const sale = get().sale;
      if (sale && !isFinalPhase(sale.phase) && get().stoppedWaitingFor !== sale.id) {
        if (isBusyPhase(sale.phase)) return;
        await get().cancelSale();
        if (get().sale !== null) return;
      }
      if (sale) screen.dismiss(sale.id);
      set({
        sale: null,
        scan: null,
        scanNotice: null,
        receipt: null,
        stoppedWaitingFor: null,
        amount: '',
        entryMode: 'scan',
        notice: null,
        confirmLarge: null,
        view: 'sale',
      });
    },

    async closeQr() {
      const sale = get().sale;
      if (!sale || get().busy) return;
      if (isBusyPhase(sale.phase)) {
        // Closing a shown QR unpaid gives the sale up: if the customer still pays it, it is refunded.
        set({ busy: true });
        const result = await call(() => api.voidSale({ saleId: sale.id }));
        set({ busy: false });
        if (!result?.ok) return;
        set({ stoppedWaitingFor: sale.id });
      }
      await get().newSale();
    },
  };
}
