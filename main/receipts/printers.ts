/**
 * Sending receipts to thermal printers. `sendEscPos` never throws and never hangs past its deadline: every
 * outcome is a result with a bilingual message the cashier can act on. System printing and PDF belong to the
 * shell (Electron webContents.print / printToPDF, the browser's print in hub mode) with renderHtmlPage().
 */
import type { ReceiptDocument } from './document';
import { encodeEscPos } from './escpos';
import {
  describePrinter,
  escPosOptionsFor,
  isEscPosPrinter,
  printerConfigSchema,
  type PrinterConfig,
} from './printer-config';
import { printerError, printerMessages, type SendResult } from './printer-errors';
import { sendDevice } from './send-device';
import { sendSerial } from './send-serial';
import { sendTcp } from './send-tcp';
import { testPrintDocument } from './test-print';

export {
  DEFAULT_PRINTER_CONFIG,
  STANDARD_BAUD_RATES,
  describePrinter,
  escPosOptionsFor,
  isEscPosPrinter,
  printerConfigSchema,
  receiptLanguageFor,
  type EscPosPrinterConfig,
  type PrinterConfig,
  type PrinterConfigInput,
} from './printer-config';
export type { PrinterErrorCode, SendResult } from './printer-errors';
export { testPrintDocument, type TestPrintOptions } from './test-print';

export interface SendOptions {
  /** Whole job: connect/open, write, drain. Clamped to 100 ms … 120 s; default 10 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

function clampTimeout(ms: number | undefined): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return DEFAULT_TIMEOUT_MS;
  return Math.min(120_000, Math.max(100, Math.floor(ms)));
}

/** `config` is re-validated here: it comes from a file or a settings form. */
export async function sendEscPos(
  config: unknown,
  bytes: Uint8Array,
  opts: SendOptions = {},
): Promise<SendResult> {
  try {
    const parsed = printerConfigSchema.safeParse(config);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const reason = issue ? `${issue.path.join('.') || 'printer'}: ${issue.message}` : 'invalid';
      return printerError('PRINTER_CONFIG_INVALID', printerMessages.invalidConfig(reason));
    }
    const c = parsed.data;
    if (!(bytes instanceof Uint8Array)) {
      return printerError('PRINTER_CONFIG_INVALID', printerMessages.invalidConfig('no receipt data'));
    }
    const timeoutMs = clampTimeout(opts.timeoutMs);
    switch (c.kind) {
      case 'escpos-tcp':
        return await sendTcp(c.host, c.port, bytes, timeoutMs);
      case 'escpos-serial':
        return await sendSerial(c.path, c.baudRate, bytes, timeoutMs);
      case 'escpos-device':
        return await sendDevice(c.path, bytes, timeoutMs);
      default:
        return printerError('PRINTER_NOT_ESCPOS', printerMessages.notEscPos());
    }
  } catch (err) {
    // Unreachable by design; kept so a bug below shows as a failed print, not a crashed sale screen.
    const code = (err as { code?: unknown } | null)?.code;
    return printerError('PRINTER_IO', printerMessages.io('printer', typeof code === 'string' ? code : 'EIO'));
  }
}

/** Encode `doc` for the configured thermal printer and send it. */
export async function printEscPos(
  config: PrinterConfig,
  doc: ReceiptDocument,
  opts: SendOptions = {},
): Promise<SendResult> {
  const parsed = printerConfigSchema.safeParse(config);
  if (!parsed.success || !isEscPosPrinter(parsed.data)) return sendEscPos(config, new Uint8Array(0), opts);
  return sendEscPos(parsed.data, encodeEscPos(doc, escPosOptionsFor(parsed.data)), opts);
}

/** The settings screen's test print for a thermal printer, on the configured paper. */
export async function testPrintEscPos(
  config: PrinterConfig,
  opts: SendOptions & { at?: number; timeZone?: string } = {},
): Promise<SendResult> {
  const parsed = printerConfigSchema.safeParse(config);
  if (!parsed.success || !isEscPosPrinter(parsed.data)) return sendEscPos(config, new Uint8Array(0), opts);
  const c = parsed.data;
  const doc = testPrintDocument({
    widthMm: c.widthMm,
    language: c.cjk === 'none' ? 'en' : 'both',
    ...(c.columns !== undefined ? { columns: c.columns } : {}),
    printer: describePrinter(c),
    ...(opts.at !== undefined ? { at: opts.at } : {}),
    ...(opts.timeZone !== undefined ? { timeZone: opts.timeZone } : {}),
  });
  return printEscPos(c, doc, opts);
}
