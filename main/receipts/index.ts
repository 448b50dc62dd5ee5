/** Receipt printing: one layout model, rendered as HTML (screen, system print, PDF) or ESC/POS bytes. */
export type {
  Align,
  Block,
  CutBlock,
  FeedBlock,
  PaperWidthMm,
  QrBlock,
  ReceiptDocument,
  ReceiptLanguage,
  RowBlock,
  SeparatorBlock,
  TextBlock,
} from './document';
export { receiptDocument, reportDocument, type LayoutOptions, type ReportHeader } from './layout';
export { testPrintDocument, columnRuler, TEST_QR_DATA, type TestPrintOptions } from './test-print';
export {
  renderHtml,
  renderHtmlPage,
  escapeHtml,
  estimateHeightMm,
  RECEIPT_CSS,
  type RenderHtmlOptions,
} from './html';
export { encodeEscPos, columnsFor, type CjkMode, type EscPosColumns, type EscPosOptions } from './escpos';
// Sending to printers, with the printer settings it re-exports (printers.ts exports nothing else).
export * from './printers';
