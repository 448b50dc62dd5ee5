/** Amount entry on the sale screen: keys, the large-amount second Enter, and starting a scan or QR sale. */
import type { Platform } from '../../../../../../preload/api';
import { formatAud } from '../../../../i18n';
import { amountTextToCents, applyAmountKey, type AmountKey } from '../../../amount-entry';
import { both, type PosContext } from '../../context';
import type { HeldScans } from './held';
import { DEFAULT_LARGE_AMOUNT_CENTS, type EntryMode } from './initialState';
import type { SaleScreen } from './screen';

export interface EntryActions {
  pressAmountKey(key: AmountKey): boolean;
  clearAmount(): void;
  /**
   * A payment code typed into the amount by a slow wedge scanner was taken back as a scan: the amount is put back
   * to what the cashier had keyed before it, and the refusals its digits caused are cleared.
   */
  restoreAmount(amount: string): void;
  setEntryMode(mode: EntryMode): void;
  charge(): Promise<void>;
  startQrSale(platform: Platform): Promise<void>;
  /** Esc on the held-scan prompt: the code is not used; the amount stays. */
  dropHeldScan(): void;
}

export function createEntryActions(ctx: PosContext, screen: SaleScreen, held: HeldScans): EntryActions {
  const { api, set, get, call, now } = ctx;

  /** True when the amount may start a sale; otherwise the screen says why (or asks for a second Enter). */
  function amountReady(): boolean {
    const { amount, terminal, confirmLarge } = get();
    const cents = amountTextToCents(amount);
    if (cents === null) {
      set({ notice: { source: 'ui', key: 'notice.enterAmount' } });
      return false;
    }
    const large = terminal?.largeAmountCents ?? DEFAULT_LARGE_AMOUNT_CENTS;
    if (large > 0 && cents >= large && confirmLarge !== cents) {
      set({ confirmLarge: cents, notice: null });
      return false;
    }
    return true;
  }

  /** The next customer's amount is being keyed: the last sale's words leave the customer display. */
  function nextSaleStarts(): void {
    const left = get().leftSale;
    if (left === null) return;
    set({ leftSale: null });
    void call(() => api.clearSale({ saleId: left }));
  }

  return {
    pressAmountKey(key) {
      const { amount, terminal, sale } = get();
      if (sale !== null) return false;
      const mode = terminal?.amountEntry ?? 'cents';
      const max = terminal?.maxAmountCents;
      const { text, refused } = applyAmountKey(amount, key, mode, max);
      if (refused) {
        // Never dropped silently: the cashier sees why the digit did not go in.
        set({
          notice:
            refused === 'max' && max !== undefined
              ? {
                  source: 'ui',
                  key: 'notice.amountOverMax',
                  vars: { amount: formatAud(get().language, max) },
                }
              : { source: 'ui', key: 'notice.amountNoRoom' },
        });
        return true;
      }
      if (text === amount) return false;
      set({ amount: text, notice: null, scanNotice: null, confirmLarge: null });
      nextSaleStarts();
      return true;
    },

    clearAmount() {
      if (get().sale === null) set({ amount: '', notice: null, confirmLarge: null });
    },

    restoreAmount(amount) {
      if (get().sale === null) set({ amount, notice: null, confirmLarge: null });
    },

    setEntryMode(mode) {
      if (get().sale === null) set({ entryMode: mode, notice: null });
    },

    async charge() {
      const { amount, busy, sale } = get();
      if (busy || sale !== null || !amountReady()) return;
      const scan = get().heldScan;
      held.clear();
      set({ busy: true, notice: null, scanNotice: null, confirmLarge: null });
      const args = scan && scan.expiresAt > now() ? { amount, heldScanId: scan.holdId } : { amount };
      const result = await call(() => api.startSale(args));
      set({ busy: false });
      if (result?.ok) screen.showSale(result.value);
    },

    async startQrSale(platform) {
      const { amount, busy, sale } = get();
      if (busy || sale !== null || !amountReady()) return;
      held.clear();
      set({ busy: true, notice: null, confirmLarge: null });
      const result = await call(() => api.startQrSale({ amount, platform, kind: 'qr' }));
      set({ busy: false });
      if (result?.ok) screen.showSale(result.value);
    },

    dropHeldScan() {
      if (!get().heldScan) return;
      held.clear();
      set({ scanNotice: { message: both('held.dropped'), at: now() } });
    },
  };
}
