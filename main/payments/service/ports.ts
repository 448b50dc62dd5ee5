/** What the runtime plugs into the PosService: printing, settings, the Terminal API's keys, the store link, scanners. */
import type { Logger } from 'pino';
import type {
  ApiKeyView,
  ApiRefundDecision,
  Bilingual,
  ConnectionTestResult,
  GatewayRegion,
  Language,
  NoticeView,
  ReceiptView,
  ReportView,
  ScannerDeviceList,
  SettingsPatch,
  ReceiptSettingsView,
  SettingsView,
  StoreLinkStatus,
  TerminalInfo,
} from '../../../preload/api';
import type { Journal } from '../../journal/types';
import type { RemoteRefunds } from '../../store-link/remote-refunds';
import type { ManagerAuth } from '../manager-auth';
import type { PaymentGateway } from '../gateway';
import type { SaleEngine } from '../sale-engine';
import type { LatePaymentPolicy } from '../sale/closed-loop';
import type { RefundEngine } from '../refund-engine';

/**
 * What a print came to: sent, failed (why), or `dialog` — this printer is the screen's print dialog's (system
 * printer, PDF), so the screen prints the HTML itself; PosService answers UNAVAILABLE, which the screens take
 * as "use the print dialog", never as a failure to show.
 */
export type PrintOutcome = { ok: true } | { ok: false; message: Bilingual; dialog?: boolean };

/** Printing, provided by the runtime from main/receipts. */
export interface ReceiptPort {
  html(view: ReceiptView, language: Language): string;
  print(view: ReceiptView, language: Language): Promise<PrintOutcome>;
  testPrint(language: Language): Promise<PrintOutcome>;
  /** The test page as HTML, for the print dialog. */
  testPageHtml?(at: number, timeZone: string): string;
  reportHtml(view: ReportView, terminal: TerminalInfo): string;
  printReport(view: ReportView, terminal: TerminalInfo): Promise<PrintOutcome>;
}

/** Manager settings, provided by the runtime (config.json, secret store, live re-configuration). */
export interface SettingsPort {
  view(): SettingsView;
  /** What receipts print besides the payment (tax invoice, who served), and the order name; cheap to call. */
  receiptSettings?(): { receipt: ReceiptSettingsView; orderName: string };
  update(
    patch: SettingsPatch,
  ): Promise<
    | { ok: true; view: SettingsView; changed: string[] }
    | { ok: false; code: string; message: Bilingual; issues: string }
  >;
  setSecret(secret: string): Promise<void>;
  /** The first-start answer: the shop's zone, saved and applied (main/config/shop-zone.ts). */
  chooseShopZone?(
    zone: string,
  ): Promise<
    | { ok: true; view: SettingsView; changed: string[] }
    | { ok: false; code: string; message: Bilingual; issues: string }
  >;
  testConnection(args: {
    region?: GatewayRegion;
    baseUrl?: string;
    mNumber?: string;
    secretKey?: string;
  }): Promise<ConnectionTestResult>;
}

/** The Terminal API's paired keys, attached by the API when it starts (main/terminal-api/index.ts). */
export interface ApiKeysPort {
  listKeys(): Array<ApiKeyView & { revokedAt: number | null }>;
  revokeKey(id: string): boolean;
  /** Null when no request by that id awaits a decision; throws when the refund is refused before sending. */
  decideRefund(
    requestId: string,
    approve: boolean,
    approvedBy?: string | null,
  ): Promise<ApiRefundDecision | null>;
}

/** The store server link (main/store-link), when the runtime has one. */
export interface StoreLinkPort {
  status(): StoreLinkStatus;
  enrol(url: string, code: string): Promise<StoreLinkStatus>;
  unlink(): Promise<StoreLinkStatus>;
  onStatus(listener: (status: StoreLinkStatus) => void): () => void;
  onNotice(listener: (notice: NoticeView) => void): () => void;
}

/** Scanner management, provided by the runtime's scanner service. */
export interface ScannerPort {
  listDevices(): Promise<ScannerDeviceList>;
  setTestMode(on: boolean): void;
  /** How long a scanner test may run at most (default two minutes; tests shorten it). */
  testMaxMs?: number;
}

export interface PosServiceDeps {
  journal: Journal;
  engine: SaleEngine;
  refunds: RefundEngine;
  auth: ManagerAuth;
  gateway: PaymentGateway;
  terminal: TerminalInfo;
  gatewayMode: 'sandbox' | 'live';
  gatewayRegion: string;
  /** Persists a terminal setting the cashier may change (language). */
  saveTerminal?: (terminal: TerminalInfo) => void;
  settings?: SettingsPort;
  /** Terminal − gateway clock (ms) from the gateway's Date header; used after a SIGN_TIMEOUT. */
  measureClockSkew?: () => Promise<number | null>;
  receipts?: ReceiptPort;
  scanners?: ScannerPort;
  storeLink?: StoreLinkPort;
  /** Refund anywhere through the store server (main/store-link/remote-refunds.ts), when the runtime has it. */
  remoteRefunds?: RemoteRefunds;
  /** What happens to a payment that lands after a void (config `latePayments`); default refund. */
  latePaymentPolicy?: () => LatePaymentPolicy;
  now?: () => number;
  /** What a minute of the idle sign-out lasts (tests shorten it; default 60 000 ms). */
  idleMinuteMs?: number;
  log?: Logger;
}
