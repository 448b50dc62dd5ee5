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
export {
  DEFAULT_PRINTER_CONFIG,
  STANDARD_BAUD_RATES,
  describePrinter,
  escPosOptionsFor,
  isEscPosPrinter,
  printEscPos,
  printerConfigSchema,
  receiptLanguageFor,
  sendEscPos,
  testPrintEscPos,
  type EscPosPrinterConfig,
  type PrinterConfig,
  type PrinterConfigInput,
  type PrinterErrorCode,
  type SendOptions,
  type SendResult,
} from './printers';
