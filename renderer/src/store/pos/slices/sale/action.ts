/**
 * The sale on screen: a typed code, stop waiting, void (the customer pays another way), cancel back to the
 * amount, a new sale, leaving the merchant QR.
 */
import { centsToAmountText } from '../../../amount-entry';
import { isBusyPhase, isFinalPhase, isVoidablePhase } from '../../../sale-merge';
import type { PosContext } from '../../context';
import type { SaleScreen } from './screen';

export interface SaleActions {
  submitCode(code: string): Promise<boolean>;
  submitWedgeScan(code: string): Promise<void>;
  stopWaiting(): Promise<void>;
  /** "Customer pays another way", first press: asks for the confirming key, since a void may end in a refund. */
  askVoid(): void;
  /** The cashier keeps the sale: the void question goes away. */
  keepSale(): void;
  /**
   * The customer pays another way (confirmed): the sale is voided and the screen is free at once; a payment that
   * still lands is refunded by the core (the closed loop).
   */
  voidSale(approval?: { pin: string; personId?: string }): Promise<void>;

  /** Closes the open/declined sale on screen and returns to amount entry (amount kept for correction). */
  cancelSale(): Promise<void>;
  /** Leaves the sale on screen (closing it with the core when it is still open) and starts a fresh entry. */
  newSale(): Promise<void>;
  /** Leaves a merchant-QR screen no customer can pay (not created yet, or declined). */
  closeQr(): Promise<void>;
}

/** Refusals a PIN of someone allowed to void can overcome. */
const PIN_REFUSALS = new Set(['NOT_ALLOWED', 'WRONG_PIN', 'PIN_LOCKED', 'PIN_REQUIRED']);

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
      set({ busy: true, confirmVoid: null });
      const result = await call(() => api.stopWaiting({ saleId: sale.id }));
      set({ busy: false });
      if (result?.ok) {
        set({ stoppedWaitingFor: sale.id });
        screen.applySale(result.value);
      }
    },

    askVoid() {
      const sale = get().sale;
      if (sale && isVoidablePhase(sale.phase)) set({ confirmVoid: sale.id });
    },

    keepSale() {
      set({ confirmVoid: null, voidNeedsPin: null });
    },

    async voidSale(approval) {
      const sale = get().sale;
      if (!sale || get().busy) return;
      set({ busy: true, confirmVoid: null });
      const result = await call(() => api.voidSale({ saleId: sale.id, ...approval }));
      set({ busy: false });
      if (result && !result.ok && PIN_REFUSALS.has(result.error.code)) {
        // Voiding is not this person's to do (or the PIN was wrong): the question stays, now asking who
        // approves. The refusal's words are in the notice bar.
        set({ confirmVoid: sale.id, voidNeedsPin: sale.id });
        return;
      }
      set({ voidNeedsPin: null });
      if (!result?.ok) return;
      screen.applySale(result.value);
      // A voided merchant QR leaves the screen at once: nothing is left for the cashier to read on it.
      if (sale.kind !== 'scan') {
        set({ stoppedWaitingFor: sale.id });
        await get().newSale();
      }
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
        confirmVoid: null,
        leftSale: sale && !isBusyPhase(sale.phase) ? sale.id : get().leftSale,
        view: 'sale',
      });
    },

    async closeQr() {
      const sale = get().sale;
      // A QR the customer may still pay is left only by a named action: void, or hide and keep following.
      if (!sale || get().busy || isBusyPhase(sale.phase)) return;
      await get().newSale();
    },
  };
}
