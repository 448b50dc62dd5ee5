/**
 * The one contract between the POS core and any screen. Main (PosService), the Electron preload, the hub's
 * WebSocket bridge and the renderer all import this file; nothing else crosses the boundary. Every type here
 * is plain serialisable data (structured-clone and JSON safe): no functions, classes, Dates or bigints.
 */

export interface Bilingual {
  en: string;
  zh: string;
}

export type Platform = 'WECHATPAY' | 'ALIPAY';
export type Language = 'en' | 'zh';

/** Every call answers with a result; failures carry a message a cashier can read, never a stack or a secret. */
export type PosResult<T> = { ok: true; value: T } | { ok: false; error: PosError };

export interface PosError {
  /** Stable machine code: an Omipay error_code, or one of ours (INVALID_ARGUMENT, NO_ACTIVE_SALE, PIN_LOCKED …). */
  code: string;
  message: Bilingual;
  /** Extra detail for the manager (e.g. the gateway's own error_msg). Never contains a secret. */
  detail?: string;
  /** Set when the call was refused because of lockout etc.: until when (epoch ms). */
  retryAfter?: number;
}

/**
 * What the cashier sees of a sale. `phase` is the screen to show:
 * awaiting_code → submitting → waiting_customer → paid | declined | unresolved; abandoned/failed are final.
 * The closed loop (a sale the cashier voided, i.e. the customer paid another way):
 * voided → (an attempt turns out paid) late_refunding → late_refunded, or late_paid when the store asks the
 * manager to decide instead of refunding automatically.
 */
export type SalePhase =
  | 'awaiting_code'
  | 'submitting'
  | 'waiting_customer'
  | 'checking'
  | 'paid'
  | 'declined'
  | 'unresolved'
  | 'abandoned'
  | 'failed'
  | 'voided'
  | 'late_paid'
  | 'late_refunding'
  | 'late_refunded';

export interface SaleView {
  id: string;
  kind: 'scan' | 'qr' | 'jsapi';
  amountCents: number;
  platform: Platform | null;
  phase: SalePhase;
  /** Number of attempts made (each with its own out_order_no). */
  attempts: number;
  /** Current or paying attempt's identifiers. */
  outOrderNo: string | null;
  orderNo: string | null;
  createdAt: number;
  paidAt: number | null;
  /** While waiting_customer: when the engine stops waiting in the foreground (epoch ms) — drives the countdown. */
  waitDeadline: number | null;
  /** Why the sale is declined/unresolved/failed, or what is going on, in both languages. */
  message: Bilingual | null;
  /** Omipay error_code behind `message`, if any. */
  errorCode: string | null;
  /** For merchant-presented QR sales. */
  qrcode: string | null;
  payUrl: string | null;
  /** Known after payment: CNY actually paid and the rate (×10^8 as a decimal string). */
  cnyAmount: number | null;
  exchangeRateScaled: string | null;
  refundedCents: number;
}

export interface RefundView {
  id: string;
  saleId: string;
  outRefundNo: string;
  refundNo: string | null;
  amountCents: number;
  reason: string;
  /** submitting | unknown | rejected | APPLIED … CLOSED (Omipay statuses upper-cased). */
  status: string;
  final: boolean;
  succeeded: boolean;
  message: Bilingual | null;
  createdAt: number;
  refundTime: number | null;
  successTime: number | null;
}

export interface AttemptView {
  id: string;
  seq: number;
  outOrderNo: string;
  orderNo: string | null;
  platform: Platform | null;
  status: string;
  errorCode: string | null;
  message: Bilingual | null;
  createdAt: number;
  lastCheckedAt: number | null;
  checkCount: number;
  /** Payment code with all but the last 4 digits masked. */
  maskedCode: string | null;
}

export interface SaleDetail {
  sale: SaleView;
  attempts: AttemptView[];
  refunds: RefundView[];
  refundableCents: number;
  history: Array<{ at: number; actor: string; type: string; summary: string }>;
}

export interface HistoryQuery {
  text?: string;
  from?: number;
  to?: number;
  phases?: SalePhase[];
  limit?: number;
}

export interface ScannerStatus {
  kind: 'serial' | 'hid' | 'wedge' | 'none';
  state: 'connected' | 'disconnected' | 'error' | 'idle';
  device: string | null;
  reason: Bilingual | null;
}

export interface GatewayStatus {
  mode: 'sandbox' | 'live';
  /** Region label: AU, CN, sandbox or custom. */
  region: string;
  online: boolean;
  /** Last network problem, cleared when a call succeeds. */
  problem: Bilingual | null;
  /** Measured terminal clock − gateway clock, ms, after a SIGN_TIMEOUT (null when never measured). */
  clockSkewMs: number | null;
}

export interface TerminalInfo {
  posNo: string;
  merchantName: string;
  /** Terminal's IANA time zone, for showing local times. */
  timeZone: string;
  language: Language;
  soundOn: boolean;
  hasManagerPin: boolean;
  maxAmountCents: number;
}

export interface PosSnapshot {
  terminal: TerminalInfo;
  activeSale: SaleView | null;
  scanner: ScannerStatus;
  gateway: GatewayStatus;
  unresolvedCount: number;
}

export interface RateView {
  platform: Platform;
  /** Decimal text of AUD→CNY, e.g. "4.7123". */
  rate: string;
  fetchedAt: number;
}

export interface PlatformTotalsView {
  platform: Platform | 'UNKNOWN';
  salesCount: number;
  salesCents: number;
  refundsCount: number;
  refundsCents: number;
  netCents: number;
}

export interface ReportView {
  kind: 'X' | 'Z';
  businessDate: string;
  generatedAt: number;
  perPlatform: PlatformTotalsView[];
  totals: Omit<PlatformTotalsView, 'platform'>;
  unresolved: SaleView[];
  pendingRefunds: RefundView[];
  closedAt: number | null;
  forced: boolean;
}

export interface ReconcileLine {
  saleId: string;
  outOrderNo: string;
  orderNo: string | null;
  journal: string;
  gateway: string;
  changed: boolean;
}

export interface ReceiptView {
  merchantName: string;
  posNo: string;
  saleId: string;
  kind: 'sale' | 'refund';
  amountCents: number;
  cnyAmount: number | null;
  exchangeRate: string | null;
  platform: Platform | null;
  orderNo: string;
  outOrderNo: string;
  at: number;
  timeZone: string;
  refund: RefundView | null;
}

export type GatewayRegion = 'AU' | 'CN' | 'sandbox' | 'custom';

/** Settings as the manager sees them. The secret key is write-only: only whether one is stored. */
export interface SettingsView {
  posNo: string;
  merchantName: string;
  orderName: string;
  timeZone: string;
  language: Language;
  soundOn: boolean;
  maxAmountCents: number;
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
  /** The Terminal API (docs/terminal-api.md); changes take effect when the POS restarts. */
  terminalApi?: { enabled: boolean; host: string; port: number; refundApproval: 'pin' | 'on_screen' };
  /** Where the secret key is kept; 'basic_text' means the OS offers no real encryption (warn the manager). */
  secretStorage: 'safeStorage' | 'basic_text' | 'file' | 'env' | 'none';
}

export interface SettingsPatch {
  posNo?: string;
  merchantName?: string;
  orderName?: string;
  timeZone?: string;
  language?: Language;
  soundOn?: boolean;
  maxAmountCents?: number;
  latePayments?: 'refund' | 'ask_manager';
  gateway?: Partial<Omit<SettingsView['gateway'], 'hasSecretKey'>>;
  scanner?: Record<string, unknown>;
  printer?: Record<string, unknown> | null;
  terminalApi?: Partial<NonNullable<SettingsView['terminalApi']>>;
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

/** Something the cashier should know about a sale that is no longer on screen (it settled in the background). */
export interface NoticeView {
  /** Unique; the same notice is never shown twice. */
  id: string;
  saleId: string;
  kind:
    | 'paid_in_background'
    | 'failed_in_background'
    | 'late_payment_refunded'
    | 'late_payment_held'
    | 'late_refund_failed';
  amountCents: number;
  message: Bilingual;
  at: number;
}

export type PosEvent =
  | { type: 'sale'; sale: SaleView }
  | { type: 'notice'; notice: NoticeView }
  | { type: 'refund'; refund: RefundView }
  | { type: 'scanner-status'; status: ScannerStatus }
  | { type: 'scan-rejected'; code: string; message: Bilingual }
  | { type: 'scan-ignored'; message: Bilingual }
  /** A receipt's Omipay order number was scanned (a manager looking a sale up for a refund). */
  | { type: 'reference-scanned'; reference: string }
  | { type: 'scan-accepted'; platform: Platform; maskedCode: string }
  | { type: 'scanner-test'; rawHex: string; decoded: string | null }
  | { type: 'gateway'; status: GatewayStatus }
  | { type: 'unresolved-count'; count: number }
  | { type: 'terminal'; terminal: TerminalInfo }
  | { type: 'api-request'; request: ApiRequestNotice };

/** The Terminal API (main/terminal-api) tells the cashier: a POS asked for a payment, or wants to pair. */
export type ApiRequestNotice =
  | { kind: 'payment'; saleId: string; posName: string; amountCents: number; reference: string | null }
  | { kind: 'pairing'; posName: string; code: string; expiresAt: number }
  | { kind: 'paired'; posName: string };

/** Each method is one operation; arguments are one plain object, validated by the core (never trusted). */
export interface PosApi {
  getSnapshot(): Promise<PosResult<PosSnapshot>>;

  /** amount: cashier text such as "12.50" or "1,234.5"; parsed exactly to cents by the core. */
  startSale(args: { amount: string }): Promise<PosResult<SaleView>>;
  /** A payment code typed or pasted by the cashier (scanners feed the core directly). */
  submitCode(args: { saleId: string; code: string }): Promise<PosResult<SaleView>>;
  /** A scan recognised by the renderer's keyboard-wedge detector: same path as a hardware scan. */
  submitWedgeScan(args: { code: string }): Promise<PosResult<void>>;
  /** Stop waiting in the foreground: the sale keeps being checked in the background. */
  stopWaiting(args: { saleId: string }): Promise<PosResult<SaleView>>;
  /** Close an open or declined sale (refused while money may be moving). */
  clearSale(args: { saleId: string }): Promise<PosResult<null>>;
  /**
   * The customer pays another way: the sale is given up at once and the screen is free. Its attempts are still
   * followed to a final state; a payment that lands anyway is refunded automatically (or held for the manager).
   */
  voidSale(args: { saleId: string }): Promise<PosResult<SaleView>>;
  startQrSale(args: {
    amount: string;
    platform: Platform;
    kind: 'qr' | 'jsapi';
  }): Promise<PosResult<SaleView>>;

  searchHistory(args: HistoryQuery): Promise<PosResult<SaleView[]>>;
  getSaleDetail(args: { saleId: string }): Promise<PosResult<SaleDetail>>;
  /** Find a sale by a scanned/typed Omipay order_no or out_order_no. */
  findSale(args: { reference: string }): Promise<PosResult<SaleDetail>>;
  checkNow(args: { saleId: string }): Promise<PosResult<SaleDetail>>;
  getReceipt(args: { saleId: string; refundId?: string }): Promise<PosResult<ReceiptView>>;
  getExchangeRate(args: { platform: Platform }): Promise<PosResult<RateView>>;

  refund(args: {
    saleId: string;
    amount: string;
    reason: string;
    pin: string;
  }): Promise<PosResult<RefundView>>;
  /** Manager: refund or keep a payment that landed after its sale was voided. */
  decideLatePayment(args: {
    saleId: string;
    decision: 'refund' | 'keep';
    pin: string;
  }): Promise<PosResult<SaleDetail>>;
  report(args: { kind: 'X' | 'Z'; businessDate?: string }): Promise<PosResult<ReportView>>;
  closeDay(args: {
    businessDate?: string;
    pin: string;
    confirmUnresolved: boolean;
  }): Promise<PosResult<ReportView>>;
  reconcile(args: { businessDate?: string; pin: string }): Promise<PosResult<ReconcileLine[]>>;
  exportCsv(args: {
    from: number;
    to: number;
    pin: string;
  }): Promise<PosResult<{ salesCsv: string; refundsCsv: string }>>;
  setManagerPin(args: { newPin: string; currentPin?: string }): Promise<PosResult<null>>;
  setLanguage(args: { language: Language }): Promise<PosResult<TerminalInfo>>;

  /** Manager: settings (PIN-protected writes; reading never reveals the secret key). */
  getSettings(): Promise<PosResult<SettingsView>>;
  updateSettings(args: { pin: string; patch: SettingsPatch }): Promise<PosResult<SettingsView>>;
  /** Write-only: stores the secret key encrypted; it is never returned. */
  setSecretKey(args: { pin: string; secretKey: string }): Promise<PosResult<null>>;
  /** Calls GetExchangeRate with the given (or stored) credentials and explains the result in plain words. */
  testConnection(args: {
    pin: string;
    region?: GatewayRegion;
    baseUrl?: string;
    mNumber?: string;
    secretKey?: string;
  }): Promise<PosResult<ConnectionTestResult>>;
  listScannerDevices(): Promise<PosResult<ScannerDeviceList>>;
  /** Live "scan something to test": raw bytes and decoded codes arrive as scanner-test events; no sale is touched. */
  setScannerTestMode(args: { on: boolean }): Promise<PosResult<null>>;
  /** Receipt (or report) as printable HTML for the screen and the print dialog. */
  getReceiptHtml(args: { saleId: string; refundId?: string }): Promise<PosResult<{ html: string }>>;
  /** Sends a receipt to the configured thermal printer (ESC/POS). */
  printReceipt(args: { saleId: string; refundId?: string }): Promise<PosResult<null>>;
  testPrint(args: { pin: string }): Promise<PosResult<null>>;
  /** X/Z report as printable HTML, and to the thermal printer. */
  getReportHtml(args: { kind: 'X' | 'Z'; businessDate?: string }): Promise<PosResult<{ html: string }>>;
  printReport(args: { kind: 'X' | 'Z'; businessDate?: string }): Promise<PosResult<null>>;
  /** Opens the manager area: checks the PIN (counts towards the lockout like every other PIN check). */
  verifyManagerPin(args: { pin: string }): Promise<PosResult<null>>;

  /** Subscribe to pushed events; returns the unsubscribe function (kept on the calling side). */
  onEvent(listener: (event: PosEvent) => void): () => void;
}

/** The methods that are invoked as request/response (everything but onEvent). */
export type PosMethod = Exclude<keyof PosApi, 'onEvent'>;

export const POS_METHODS: readonly PosMethod[] = [
  'getSnapshot',
  'startSale',
  'submitCode',
  'submitWedgeScan',
  'stopWaiting',
  'clearSale',
  'voidSale',
  'startQrSale',
  'searchHistory',
  'getSaleDetail',
  'findSale',
  'checkNow',
  'getReceipt',
  'getExchangeRate',
  'refund',
  'decideLatePayment',
  'report',
  'closeDay',
  'reconcile',
  'exportCsv',
  'setManagerPin',
  'setLanguage',
  'getSettings',
  'updateSettings',
  'setSecretKey',
  'testConnection',
  'listScannerDevices',
  'setScannerTestMode',
  'getReceiptHtml',
  'printReceipt',
  'testPrint',
  'getReportHtml',
  'printReport',
  'verifyManagerPin',
] as const;

export type PosArgs<M extends PosMethod> = Parameters<PosApi[M]>[0];
export type PosReturn<M extends PosMethod> = Awaited<ReturnType<PosApi[M]>>;

export type PosCall = <M extends PosMethod>(method: M, args: PosArgs<M>) => Promise<PosReturn<M>>;

/**
 * Every request/response method of PosApi routed through one `call` — how the Electron preload and the hub
 * bridge build their `window.pos` without listing the methods again.
 */
export function posMethodsVia(call: PosCall): Omit<PosApi, 'onEvent'> {
  const api: Record<string, (args?: unknown) => Promise<unknown>> = {};
  for (const method of POS_METHODS) {
    api[method] = (args?: unknown) => call(method, args as never);
  }
  return api as unknown as Omit<PosApi, 'onEvent'>;
}

/** Id of the JSON data block in which the hub's page carries the core's snapshot for the first paint. */
export const BOOT_SNAPSHOT_ID = 'pos-boot';
