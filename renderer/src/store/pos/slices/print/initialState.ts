import type { ReceiptView } from '../../../../../../preload/api';

export interface PrintState {
  /**
   * The receipt for the print dialog. `seq` changes with every request, so printing the same receipt twice
   * prints twice; the receipt stays in place after printing (the print area is hidden on screen).
   */
  printJob: { receipt: ReceiptView; seq: number } | null;
  /** A core-rendered HTML fragment (refund receipt, X/Z report) for the print dialog; the higher seq prints. */
  htmlPrintJob: { html: string; seq: number } | null;
  /** How receipts print: the system print dialog (window.print), or the core's own printer (ESC/POS, PDF…). */
  printVia: 'dialog' | 'core';
  /** Paper width for the print dialog's layout. */
  paperWidthMm: 58 | 80;
}

export function initialPrint(): PrintState {
  return { printJob: null, htmlPrintJob: null, printVia: 'dialog', paperWidthMm: 80 };
}
