/**
 * Printing as PosService sees it: receipts rendered from the layout model to HTML (screen and print dialog) or
 * sent as ESC/POS bytes to the configured thermal printer.
 */
import type { Bilingual, Language, ReceiptView, ReportView, TerminalInfo } from '../../preload/api';
import type { ReceiptPort } from '../payments/pos-service';
import { receiptDocument, reportDocument } from './layout';
import { renderHtml } from './html';
import { testPrintDocument } from './test-print';
import { DEFAULT_PRINTER_CONFIG, printerConfigSchema, type PrinterConfig } from './printer-config';
import { isEscPosPrinter, printEscPos, receiptLanguageFor, testPrintEscPos } from './printers';

/** Not an error: the screen prints these itself, through the print dialog (see PrintOutcome). */
const USE_PRINT_DIALOG = {
  ok: false,
  dialog: true,
  message: {
    en: 'This printer prints through the print dialog.',
    zh: '该打印机通过系统打印对话框打印。',
  } satisfies Bilingual,
} as const;

/** Receipts carry both languages so customer and staff can both read them, whatever the screen shows. */
function languageFor(_language: Language): 'en' | 'zh' | 'both' {
  return 'both';
}

export function createReceiptPort(printerConfig: () => unknown): ReceiptPort {
  const printer = (): PrinterConfig => {
    const raw = printerConfig();
    if (raw === undefined || raw === null) return DEFAULT_PRINTER_CONFIG;
    const parsed = printerConfigSchema.safeParse(raw);
    return parsed.success ? parsed.data : DEFAULT_PRINTER_CONFIG;
  };
  return {
    html(view: ReceiptView, language: Language): string {
      const config = printer();
      const doc = receiptDocument(view, {
        language: languageFor(language),
        widthMm: config.widthMm,
        shopLanguage: language,
      });
      // The page's CSP forbids <style>: the renderer ships RECEIPT_CSS in its own stylesheet.
      return renderHtml(doc, { style: false });
    },
    async print(view: ReceiptView, language: Language) {
      const config = printer();
      if (!isEscPosPrinter(config)) return USE_PRINT_DIALOG;
      const doc = receiptDocument(view, {
        language: receiptLanguageFor(config, languageFor(language)),
        widthMm: config.widthMm,
        shopLanguage: language,
      });
      const sent = await printEscPos(config, doc);
      return sent.ok ? { ok: true } : { ok: false, message: sent.message };
    },
    reportHtml(view: ReportView, terminal: TerminalInfo): string {
      const config = printer();
      const doc = reportDocument(view, {
        language: 'both',
        widthMm: config.widthMm,
        header: terminal,
        shopLanguage: terminal.language,
      });
      return renderHtml(doc, { style: false });
    },
    async printReport(view: ReportView, terminal: TerminalInfo) {
      const config = printer();
      if (!isEscPosPrinter(config)) return USE_PRINT_DIALOG;
      const doc = reportDocument(view, {
        language: receiptLanguageFor(config, 'both'),
        widthMm: config.widthMm,
        header: terminal,
        shopLanguage: terminal.language,
      });
      const sent = await printEscPos(config, doc);
      return sent.ok ? { ok: true } : { ok: false, message: sent.message };
    },
    testPageHtml(at: number, timeZone: string): string {
      const config = printer();
      const doc = testPrintDocument({ widthMm: config.widthMm, language: 'both', at, timeZone });
      return renderHtml(doc, { style: false });
    },
    async testPrint() {
      const config = printer();
      if (!isEscPosPrinter(config)) return USE_PRINT_DIALOG;
      const sent = await testPrintEscPos(config);
      return sent.ok ? { ok: true } : { ok: false, message: sent.message };
    },
  };
}
