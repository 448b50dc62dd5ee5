/**
 * How receipts reach paper, as stored in the POS config and edited on the settings screen. Browser-safe
 * (zod only), so the settings screen can validate as the manager types.
 *
 * - system: the OS printer (Electron webContents.print, silent when a name is set; the browser's print in hub mode)
 * - pdf: save a PDF (Electron printToPDF)
 * - escpos-serial / escpos-tcp / escpos-device: raw ESC/POS bytes to a thermal printer over a serial port,
 *   the network (raw port 9100) or a USB printer device file (/dev/usb/lp0)
 */
import { z } from 'zod';
import type { EscPosOptions } from './escpos';

const paperWidth = z.union([z.literal(58), z.literal(80)]).default(80);

export const STANDARD_BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;

/** An absolute POSIX path (/dev/ttyUSB0, a pty link) or a Windows COM port (COM3, \\.\COM12). */
const serialPath = z
  .string()
  .trim()
  .min(1)
  .max(256)
  .refine(
    (p) => !p.includes('\0') && (p.startsWith('/') || /^(\\\\\.\\)?COM\d{1,3}$/i.test(p)),
    'expected a serial port such as /dev/ttyUSB0 or COM3',
  );

const devicePath = z
  .string()
  .trim()
  .min(1)
  .max(256)
  .refine((p) => !p.includes('\0') && p.startsWith('/'), 'expected a device path such as /dev/usb/lp0');

const host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .pipe(z.union([z.ipv4(), z.ipv6(), z.hostname()]))
  .refine(
    (h) => !/^[\d.]+$/.test(h) || z.ipv4().safeParse(h).success,
    'expected an IP address such as 192.168.1.50',
  );

const escPosCommon = {
  widthMm: paperWidth,
  /** gb18030: the printer has a Chinese font (FS & mode); none: Chinese prints as "?" (use English). */
  cjk: z.enum(['gb18030', 'none']).default('gb18030'),
  drawerKick: z.boolean().default(false),
  /** Font A characters per line when the default (32 on 58 mm, 48 on 80 mm) is wrong for the printer. */
  columns: z.union([z.literal(32), z.literal(42), z.literal(48)]).optional(),
};

const systemPrinter = z.strictObject({
  kind: z.literal('system'),
  /** OS printer name for silent printing; absent = show the print dialog. */
  name: z.string().trim().min(1).max(256).optional(),
  widthMm: paperWidth,
});

const pdfPrinter = z.strictObject({ kind: z.literal('pdf'), widthMm: paperWidth });

const serialPrinter = z.strictObject({
  kind: z.literal('escpos-serial'),
  path: serialPath,
  baudRate: z
    .number()
    .int()
    .refine(
      (n) => (STANDARD_BAUD_RATES as readonly number[]).includes(n),
      `expected one of ${STANDARD_BAUD_RATES.join(', ')}`,
    )
    .default(9600),
  ...escPosCommon,
});

const tcpPrinter = z.strictObject({
  kind: z.literal('escpos-tcp'),
  host,
  port: z.number().int().min(1).max(65535).default(9100),
  ...escPosCommon,
});

const devicePrinter = z.strictObject({
  kind: z.literal('escpos-device'),
  path: devicePath,
  ...escPosCommon,
});

export const printerConfigSchema = z
  .discriminatedUnion('kind', [systemPrinter, pdfPrinter, serialPrinter, tcpPrinter, devicePrinter])
  .superRefine((c, ctx) => {
    if (c.kind.startsWith('escpos-') && 'columns' in c && c.columns !== undefined) {
      if (c.widthMm === 58 && c.columns !== 32) {
        ctx.addIssue({ code: 'custom', path: ['columns'], message: '58 mm paper has 32 columns' });
      }
      if (c.widthMm === 80 && c.columns === 32) {
        ctx.addIssue({ code: 'custom', path: ['columns'], message: '80 mm paper has 42 or 48 columns' });
      }
    }
  });

export type PrinterConfig = z.output<typeof printerConfigSchema>;
export type PrinterConfigInput = z.input<typeof printerConfigSchema>;
export type EscPosPrinterConfig = Extract<PrinterConfig, { kind: `escpos-${string}` }>;

export const DEFAULT_PRINTER_CONFIG: PrinterConfig = { kind: 'system', widthMm: 80 };

export function isEscPosPrinter(config: PrinterConfig): config is EscPosPrinterConfig {
  return config.kind === 'escpos-serial' || config.kind === 'escpos-tcp' || config.kind === 'escpos-device';
}

/** The encoder options a configured thermal printer needs. */
export function escPosOptionsFor(config: EscPosPrinterConfig): EscPosOptions {
  return {
    widthMm: config.widthMm,
    cjk: config.cjk,
    drawerKick: config.drawerKick,
    ...(config.columns !== undefined ? { columns: config.columns } : {}),
  };
}

/** One line naming where receipts go, for the settings screen and the test page. */
export function describePrinter(config: PrinterConfig): string {
  switch (config.kind) {
    case 'system':
      return config.name ? `System printer "${config.name}"` : 'System print dialog';
    case 'pdf':
      return 'PDF';
    case 'escpos-serial':
      return `ESC/POS serial ${config.path} @ ${config.baudRate}`;
    case 'escpos-tcp':
      return `ESC/POS network ${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
    case 'escpos-device':
      return `ESC/POS USB ${config.path}`;
  }
}

/** A printer without a Chinese font prints the English layout rather than rows of "?". */
export function receiptLanguageFor(
  config: PrinterConfig,
  preferred: 'en' | 'zh' | 'both',
): 'en' | 'zh' | 'both' {
  return isEscPosPrinter(config) && config.cjk === 'none' ? 'en' : preferred;
}
