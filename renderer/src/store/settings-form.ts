/**
 * The settings form as text fields (what the manager types) and the patch sent to the core. Bounds that a
 * manager can get wrong by a slip (timeouts, limits) are checked here so the field can say why at once; the
 * core validates everything again and its INVALID_SETTINGS reason is shown as well.
 */
import type { GatewayRegion, Language, SettingsPatch, SettingsView } from '../../../preload/api';
import { AmountParseError, formatCents, parseAmountToCents } from '../../../main/shared/money';
import type { MessageKey } from '../i18n/en';
import { receiptDraft, receiptErrors, receiptPatch, type ReceiptDraft } from './receipt-settings-form';

export type ScannerKind = 'serial' | 'hid' | 'wedge' | 'none';
export type Framing = 'cr' | 'lf' | 'crlf' | 'eol';
/** 'dialog' is "no printer configured": the browser/system print dialog. */
export type PrinterKind = 'dialog' | 'system' | 'pdf' | 'escpos-serial' | 'escpos-tcp' | 'escpos-device';

export interface SettingsDraft extends ReceiptDraft {
  merchantName: string;
  posNo: string;
  timeZone: string;
  language: Language;
  soundOn: boolean;
  maxAmount: string;
  latePayments: 'refund' | 'ask_manager';
  amountEntry: 'cents' | 'decimal';
  /** Amount at or above which the till asks for a second Enter; empty or 0 = never. */
  largeAmount: string;
  /** Terminal API: on, and reachable from this computer only or from paired POS machines on the shop network. */
  terminalApiEnabled: boolean;
  terminalApiReach: 'local' | 'lan';
  region: GatewayRegion;
  baseUrl: string;
  mNumber: string;
  gatewayTimeZone: string;
  callTimeoutSeconds: string;
  maxWaitSeconds: string;
  scannerKind: ScannerKind;
  /** Serial path, or "vendorId:productId" of a HID scanner. */
  scannerDevice: string;
  scannerFraming: Framing;
  /** A keyboard-wedge scanner's learned pace (the detector's maxInterKeyMs); null = the default. */
  wedgeMaxInterKeyMs: number | null;
  printerKind: PrinterKind;
  printerName: string;
  printerPath: string;
  printerHost: string;
  printerPort: string;
  printerWidth: '58' | '80';
  printerCjk: 'gb18030' | 'none';
  printerDrawerKick: boolean;
  customerDisplayOn: boolean;
  /** Electron display id as text; '' lets the shell choose the first screen that is not the cashier's. */
  customerDisplayId: string;
}

export type DraftField = keyof SettingsDraft;
export type DraftErrors = Partial<Record<DraftField, MessageKey>>;

export const BOUNDS = {
  callTimeoutSeconds: { min: 3, max: 60 },
  maxWaitSeconds: { min: 15, max: 180 },
  maxAmountCents: { min: 100, max: 100_000_000 },
} as const;

const FRAMINGS: readonly Framing[] = ['cr', 'lf', 'crlf', 'eol'];
const PRINTER_KINDS: readonly PrinterKind[] = [
  'system',
  'pdf',
  'escpos-serial',
  'escpos-tcp',
  'escpos-device',
];

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function scannerDevice(scanner: Record<string, unknown>): string {
  if (scanner.kind === 'serial') {
    const port = scanner.port;
    return port && typeof port === 'object' ? str((port as Record<string, unknown>).path) : '';
  }
  if (scanner.kind === 'hid' && scanner.vendorId !== undefined) {
    return `${str(scanner.vendorId)}:${str(scanner.productId)}`;
  }
  return '';
}

function framingOf(scanner: Record<string, unknown>): Framing {
  const f = scanner.framing;
  const mode = f && typeof f === 'object' ? (f as Record<string, unknown>).mode : f;
  return FRAMINGS.includes(mode as Framing) ? (mode as Framing) : 'eol';
}

export function draftFromSettings(view: SettingsView): SettingsDraft {
  const scanner = view.scanner;
  const printer = view.printer ?? {};
  const kind = str(scanner.kind);
  const pKind = str(printer.kind);
  return {
    ...receiptDraft(view),
    merchantName: view.merchantName,
    posNo: view.posNo,
    timeZone: view.timeZone,
    language: view.language,
    soundOn: view.soundOn,
    maxAmount: formatCents(view.maxAmountCents),
    latePayments: view.latePayments,
    amountEntry: view.amountEntry ?? 'cents',
    largeAmount: formatCents(view.largeAmountCents ?? 50_000),
    terminalApiEnabled: view.terminalApi?.enabled ?? false,
    terminalApiReach: view.terminalApi && view.terminalApi.host !== '127.0.0.1' ? 'lan' : 'local',
    region: view.gateway.region,
    baseUrl: view.gateway.baseUrl ?? '',
    mNumber: view.gateway.mNumber ?? '',
    gatewayTimeZone: view.gateway.timeZone,
    callTimeoutSeconds: String(view.gateway.callTimeoutMs / 1000),
    maxWaitSeconds: String(view.gateway.maxWaitMs / 1000),
    scannerKind: (['serial', 'hid', 'wedge', 'none'] as const).includes(kind as ScannerKind)
      ? (kind as ScannerKind)
      : 'none',
    scannerDevice: scannerDevice(scanner),
    scannerFraming: framingOf(scanner),
    wedgeMaxInterKeyMs:
      kind === 'wedge' && typeof scanner.maxInterKeyMs === 'number' ? scanner.maxInterKeyMs : null,
    printerKind:
      view.printer === null || !PRINTER_KINDS.includes(pKind as PrinterKind)
        ? 'dialog'
        : (pKind as PrinterKind),
    printerName: str(printer.name),
    printerPath: str(printer.path),
    printerHost: str(printer.host),
    printerPort: str(printer.port) || '9100',
    printerWidth: printer.widthMm === 58 ? '58' : '80',
    printerCjk: printer.cjk === 'none' ? 'none' : 'gb18030',
    printerDrawerKick: printer.drawerKick === true,
    customerDisplayOn: view.customerDisplay?.enabled ?? true,
    customerDisplayId:
      view.customerDisplay?.displayId === null || view.customerDisplay?.displayId === undefined
        ? ''
        : String(view.customerDisplay.displayId),
  };
}

function boundedSeconds(text: string, bounds: { min: number; max: number }): number | null {
  if (!/^\d{1,3}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= bounds.min && n <= bounds.max ? n : null;
}

function scannerConfig(d: SettingsDraft, original: Record<string, unknown>): Record<string, unknown> {
  // The same kind keeps the fields this form does not show (baud rate, prefixes…).
  const base = original.kind === d.scannerKind ? { ...original } : {};
  switch (d.scannerKind) {
    case 'serial':
      return {
        ...base,
        kind: 'serial',
        port: { path: d.scannerDevice.trim() },
        framing: { mode: d.scannerFraming },
      };
    case 'hid': {
      const [vendorId = '', productId = ''] = d.scannerDevice.split(':');
      return { ...base, kind: 'hid', vendorId, productId };
    }
    case 'wedge': {
      if (d.wedgeMaxInterKeyMs === null) return { ...base, kind: 'wedge' };
      // A scan may pause as long as a key gap before it ends by silence: keep the idle bound above the pace.
      const idle = typeof base.scanIdleTimeoutMs === 'number' ? base.scanIdleTimeoutMs : 100;
      return {
        ...base,
        kind: 'wedge',
        maxInterKeyMs: d.wedgeMaxInterKeyMs,
        scanIdleTimeoutMs: Math.max(idle, d.wedgeMaxInterKeyMs),
      };
    }
    case 'none':
      return { kind: 'none' };
  }
}

function printerConfig(d: SettingsDraft): Record<string, unknown> | null {
  const widthMm = d.printerWidth === '58' ? 58 : 80;
  const escpos = { widthMm, cjk: d.printerCjk, drawerKick: d.printerDrawerKick };
  switch (d.printerKind) {
    case 'dialog':
      return null;
    case 'system':
      return d.printerName.trim() === ''
        ? { kind: 'system', widthMm }
        : { kind: 'system', name: d.printerName.trim(), widthMm };
    case 'pdf':
      return { kind: 'pdf', widthMm };
    case 'escpos-serial':
      return { kind: 'escpos-serial', path: d.printerPath.trim(), ...escpos };
    case 'escpos-device':
      return { kind: 'escpos-device', path: d.printerPath.trim(), ...escpos };
    case 'escpos-tcp':
      return {
        kind: 'escpos-tcp',
        host: d.printerHost.trim(),
        port: Number(d.printerPort.trim()),
        ...escpos,
      };
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export type PatchResult = { ok: true; patch: SettingsPatch } | { ok: false; errors: DraftErrors };

/** The patch for the core; the scanner and printer are sent only when they changed (sending restarts them). */
export function patchFromDraft(d: SettingsDraft, original: SettingsView): PatchResult {
  const errors: DraftErrors = {};
  const callTimeout = boundedSeconds(d.callTimeoutSeconds, BOUNDS.callTimeoutSeconds);
  if (callTimeout === null) errors.callTimeoutSeconds = 'settings.error.callTimeout';
  const maxWait = boundedSeconds(d.maxWaitSeconds, BOUNDS.maxWaitSeconds);
  if (maxWait === null) errors.maxWaitSeconds = 'settings.error.maxWait';
  let maxAmountCents: number | null = null;
  try {
    maxAmountCents = parseAmountToCents(d.maxAmount);
  } catch (err) {
    if (!(err instanceof AmountParseError)) throw err;
  }
  if (
    maxAmountCents === null ||
    maxAmountCents < BOUNDS.maxAmountCents.min ||
    maxAmountCents > BOUNDS.maxAmountCents.max
  ) {
    errors.maxAmount = 'settings.error.maxAmount';
  }
  let largeAmountCents: number | null = 0;
  if (d.largeAmount.trim() !== '' && d.largeAmount.trim() !== '0') {
    try {
      largeAmountCents = parseAmountToCents(d.largeAmount);
    } catch (err) {
      if (!(err instanceof AmountParseError)) throw err;
      largeAmountCents = null;
    }
  }
  if (largeAmountCents === null || largeAmountCents > BOUNDS.maxAmountCents.max) {
    errors.largeAmount = 'settings.error.largeAmount';
  }
  if (d.region === 'custom' && !/^https?:\/\/\S+$/.test(d.baseUrl.trim()))
    errors.baseUrl = 'settings.error.baseUrl';
  if (d.scannerKind === 'serial' && d.scannerDevice.trim() === '')
    errors.scannerDevice = 'settings.error.scannerDevice';
  if (d.scannerKind === 'hid' && !/^[^:]+:[^:]+$/.test(d.scannerDevice))
    errors.scannerDevice = 'settings.error.scannerDevice';
  if (
    (d.printerKind === 'escpos-serial' || d.printerKind === 'escpos-device') &&
    d.printerPath.trim() === ''
  ) {
    errors.printerPath = 'settings.error.printerPath';
  }
  if (d.printerKind === 'escpos-tcp') {
    if (d.printerHost.trim() === '') errors.printerHost = 'settings.error.printerHost';
    const port = Number(d.printerPort.trim());
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      errors.printerPort = 'settings.error.printerPort';
  }
  Object.assign(errors, receiptErrors(d));
  if (Object.keys(errors).length > 0 || callTimeout === null || maxWait === null || maxAmountCents === null) {
    return { ok: false, errors };
  }

  const gateway: NonNullable<SettingsPatch['gateway']> = {
    region: d.region,
    baseUrl: d.region === 'custom' ? d.baseUrl.trim() : null,
    timeZone: d.gatewayTimeZone.trim(),
    callTimeoutMs: callTimeout * 1000,
    maxWaitMs: maxWait * 1000,
  };
  if (d.mNumber.trim() !== '') gateway.mNumber = d.mNumber.trim();
  const patch: SettingsPatch = {
    merchantName: d.merchantName,
    posNo: d.posNo,
    timeZone: d.timeZone.trim(),
    language: d.language,
    soundOn: d.soundOn,
    maxAmountCents,
    latePayments: d.latePayments,
    amountEntry: d.amountEntry,
    largeAmountCents: largeAmountCents ?? 0,
    gateway,
  };
  patch.customerDisplay = {
    enabled: d.customerDisplayOn,
    displayId: /^-?\d{1,15}$/.test(d.customerDisplayId) ? Number(d.customerDisplayId) : null,
  };
  const api = original.terminalApi;
  const host = d.terminalApiReach === 'lan' ? '0.0.0.0' : '127.0.0.1';
  const apiHost = api && (api.host === '127.0.0.1') === (host === '127.0.0.1') ? api.host : host;
  if (api && (api.enabled !== d.terminalApiEnabled || api.host !== apiHost)) {
    patch.terminalApi = { enabled: d.terminalApiEnabled, host: apiHost };
  }
  const scanner = scannerConfig(d, original.scanner);
  if (!same(scanner, original.scanner)) patch.scanner = scanner;
  const printer = printerConfig(d);
  if (!same(printer, original.printer)) patch.printer = printer;
  const receipt = receiptPatch(d, original);
  if (receipt) patch.receipt = receipt;
  return { ok: true, patch };
}

/** Which form field a core issue path (config.json's shape) belongs to. */
const ISSUE_FIELDS: ReadonlyArray<[prefix: string, field: DraftField]> = [
  ['posNo', 'posNo'],
  ['merchantName', 'merchantName'],
  ['timeZone', 'timeZone'],
  ['language', 'language'],
  ['maxAmountCents', 'maxAmount'],
  ['gateway.region', 'region'],
  ['gateway.baseUrl', 'baseUrl'],
  ['gateway.mNumber', 'mNumber'],
  ['gateway.timeZone', 'gatewayTimeZone'],
  ['gateway.callTimeoutMs', 'callTimeoutSeconds'],
  ['gateway.maxWaitMs', 'maxWaitSeconds'],
  ['scanner', 'scannerDevice'],
  ['printer', 'printerKind'],
  ['receipt.businessName', 'businessName'],
  ['receipt.abn', 'abn'],
  ['receipt.taxInvoice', 'taxInvoice'],
];

/**
 * The core's INVALID_SETTINGS detail ("posNo: 1–16 letters…; gateway.mNumber: …") as a reason per form field,
 * so each appears beside its field. Issues that match no field are left out (the caller shows them whole).
 */
export function fieldsOfIssues(issues: string): Partial<Record<DraftField, string>> {
  const out: Partial<Record<DraftField, string>> = {};
  for (const part of issues.split('; ')) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    const path = part.slice(0, colon).trim();
    const reason = part.slice(colon + 1).trim();
    const hit = ISSUE_FIELDS.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`));
    if (hit && out[hit[1]] === undefined) out[hit[1]] = reason;
  }
  return out;
}
