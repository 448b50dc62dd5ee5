/** Printing receipts: through the core's printer when one is set up, else the print dialog. */
import type { ReceiptView } from '../../../../../../preload/api';
import type { PosContext } from '../../context';

export interface PrintActions {
  /** Reprint from history: fetches the receipt and prints it like the paid screen does. */
  reprint(saleId: string): Promise<void>;
  printReceipt(receipt: ReceiptView): Promise<void>;
  /** Sends core-rendered receipt/report HTML to the print dialog. */
  printHtml(html: string): void;
}

export function createPrintActions(ctx: PosContext): {
  actions: PrintActions;
  /** Reads how receipts print; any failure leaves the print dialog, which always exists. */
  loadPrinter(): Promise<void>;
} {
  const { api, set, get, call } = ctx;

  function nextPrintSeq(): number {
    return Math.max(get().printJob?.seq ?? 0, get().htmlPrintJob?.seq ?? 0) + 1;
  }

  async function loadPrinter(): Promise<void> {
    try {
      const result = await api.getSettings();
      if (!result.ok) return;
      const printer = result.value.printer;
      const kind = typeof printer?.kind === 'string' ? printer.kind : 'system';
      const named = typeof printer?.name === 'string';
      set({
        printVia: kind === 'system' && !named ? 'dialog' : 'core',
        paperWidthMm: printer?.widthMm === 58 ? 58 : 80,
      });
    } catch {
      /* keep the print dialog */
    }
  }

  const actions: PrintActions = {
    async reprint(saleId) {
      const result = await call(() => api.getReceipt({ saleId }));
      if (result?.ok) await get().printReceipt(result.value);
    },

    async printReceipt(receipt) {
      if (get().printVia === 'core') {
        const args =
          receipt.refund === null
            ? { saleId: receipt.saleId }
            : { saleId: receipt.saleId, refundId: receipt.refund.id };
        const result = await call(() => api.printReceipt(args));
        // A shell without a printer service (e.g. a browser on the hub) still has the print dialog.
        if (result === null || result.ok || result.error.code !== 'UNAVAILABLE') return;
        set({ notice: null });
      }
      set({ printJob: { receipt, seq: nextPrintSeq() } });
    },

    printHtml(html) {
      set({ htmlPrintJob: { html, seq: nextPrintSeq() } });
    },
  };

  return { actions, loadPrinter };
}
