/**
 * Settings as they cross the contract: what the manager sees and may change, and the scanner and connection
 * checks of the Settings screen. Part of the contract's views (./views re-exports it).
 */
import type { AmountEntryMode, Bilingual, Language } from './views';

export type GatewayRegion = 'AU' | 'CN' | 'sandbox' | 'custom';

/** Settings as the manager sees them. The secret key is write-only: only whether one is stored. */
export interface SettingsView {
  posNo: string;
  merchantName: string;
  orderName: string;
  timeZone: string;
  /**
   * False while config.json names no zone: `timeZone` is then the machine's, used until someone chooses one
   * (the first-start question, or a change here). Additive.
   */
  timeZoneChosen?: boolean;
  language: Language;
  soundOn: boolean;
  maxAmountCents: number;
  amountEntry?: AmountEntryMode;
  largeAmountCents?: number;
  /** A payment landing after a void: refunded automatically, or held for the manager's decision. */
  latePayments: 'refund' | 'ask_manager';
  gateway: {
    region: GatewayRegion;
    baseUrl: string | null;
    mNumber: string | null;
    hasSecretKey: boolean;
    timeZone: string;
    httpMethod: 'GET' | 'POST';
    callTimeoutMs: number;
    maxWaitMs: number;
  };
  /** The scanner configuration (see docs/scanner.md for its shape). */
  scanner: Record<string, unknown>;
  /** The printer configuration (see docs/receipts.md), or null for the browser/system print dialog only. */
  printer: Record<string, unknown> | null;
  /** Where the secret key is kept; 'basic_text' means the OS offers no real encryption (warn the manager). */
  secretStorage: 'safeStorage' | 'basic_text' | 'file' | 'env' | 'none';
  /**
   * Set by updateSettings when the merchant number / gateway change was not made because sales or refunds on
   * the current gateway are still open (everything else was saved): why, and which ones. Additive.
   */
  gatewayHeldBack?: { message: Bilingual; blockers: string[] } | null;
  /** The customer-facing display: on/off, and which screen the Electron shell puts it on. */
  customerDisplay?: CustomerDisplaySettings;
  /** The Terminal API (docs/terminal-api.md); changes take effect when the POS restarts. */
  terminalApi?: { enabled: boolean; host: string; port: number; refundApproval: 'pin' | 'on_screen' };
  /** How payments are checked with Omipay (read-only; config.json). Additive. */
  pollSchedule?: PollScheduleView;
  /** What receipts say besides the payment: tax invoice details and who served. Additive. */
  receipt?: ReceiptSettingsView;
}

/** The receipt settings (docs/receipts.md, Tax invoices). */
export interface ReceiptSettingsView {
  /** The legal or trading name as it prints on a tax invoice; '' = not set. */
  businessName: string;
  /** The ABN's 11 digits, or null. */
  abn: string | null;
  pricesIncludeGst: boolean;
  /** A paid sale's receipt prints as a tax invoice (and a refunded one's as an adjustment note). */
  taxInvoice: boolean;
  /** A sale's receipt says "Served by" and the first name of the person who took the sale. */
  printServedBy: boolean;
}

/** A foreground QueryOrder plan: at most `maxQueries` per wait, every `everyMs` while less than `untilMs` waited. */
export interface PollPlanView {
  maxQueries: number;
  phases: Array<{ untilMs: number; everyMs: number }>;
}

/**
 * How the till checks a payment with Omipay, read-only in Settings: the two foreground plans (which one is in
 * use), the background follow-up after a wait, and where it comes from (config.json's `gateway.pollSchedule`, read
 * at start-up, or the built-in defaults).
 */
export interface PollScheduleView {
  /** config.json's path; `fromConfig` says whether it names a plan. */
  configPath: string;
  fromConfig: boolean;
  inUse: 'polling' | 'withNotifications';
  polling: PollPlanView;
  withNotifications: PollPlanView;
  background: { firstMs: number; everyMs: number; denseUntilMs: number; capMs: number };
}

export interface CustomerDisplaySettings {
  enabled: boolean;
  /** Electron's display id; null: the first screen that is not the cashier's. */
  displayId: number | null;
  /** The screens the Electron shell sees now (empty in hub mode: open /customer on a tablet instead). */
  displays: Array<{ id: number; label: string; primary: boolean }>;
}

export interface SettingsPatch {
  posNo?: string;
  merchantName?: string;
  orderName?: string;
  timeZone?: string;
  language?: Language;
  soundOn?: boolean;
  maxAmountCents?: number;
  amountEntry?: AmountEntryMode;
  largeAmountCents?: number;
  latePayments?: 'refund' | 'ask_manager';
  gateway?: Partial<Omit<SettingsView['gateway'], 'hasSecretKey'>>;
  scanner?: Record<string, unknown>;
  printer?: Record<string, unknown> | null;
  customerDisplay?: { enabled?: boolean; displayId?: number | null };
  terminalApi?: Partial<NonNullable<SettingsView['terminalApi']>>;
  /** The ABN as typed (spaces allowed); '' or null clears it. */
  receipt?: Partial<ReceiptSettingsView>;
}

export interface ConnectionTestResult {
  ok: boolean;
  /** Omipay error_code or TRANSPORT_* when it failed. */
  code: string | null;
  message: Bilingual;
  /** Terminal clock − gateway clock (ms) from the gateway's Date header, when it could be read. */
  clockSkewMs: number | null;
  latencyMs: number;
}

export interface ScannerDeviceList {
  serial: Array<{
    path: string;
    manufacturer?: string;
    vendorId?: number;
    productId?: number;
    serialNumber?: string;
  }>;
  hid: Array<{
    path: string;
    vendorId: number;
    productId: number;
    manufacturer?: string;
    product?: string;
    role: string;
  }>;
  messages: Bilingual[];
}
