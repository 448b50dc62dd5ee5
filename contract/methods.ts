/**
 * The PosApi methods, one entry each: the zod schema of its one argument and the type of its result. Everything
 * else is derived from this table (./api): the PosApi type, the method list, the Electron channels, the hub's
 * dispatch and the argument check at the edge (./edge). Adding a method is one entry here and one handler in
 * PosService (main/payments/pos-service.ts); the tests check that the two lists agree.
 *
 * Arguments are checked once, where they enter the main process (hub socket, Electron IPC), never again inside.
 * Schemas are strict: unknown keys, wrong types and oversized text are refused with INVALID_ARGUMENT.
 */
import { z } from 'zod/mini';
import { SALE_PHASES } from './views';
import { isBusinessDate } from '../main/shared/business-date';
import { PERMISSIONS, ROLES } from '../main/people/permissions';
import type { SalesInsightsView } from './insights-views';
import type {
  ApiKeyView,
  ApiRefundDecision,
  ConnectionTestResult,
  HistoryQuery,
  PeopleSettingsView,
  PeopleState,
  PersonDetail,
  PersonPermission,
  PersonRole,
  PosSnapshot,
  RateView,
  ReceiptView,
  ReconcileLine,
  RefundView,
  RemoteRefundView,
  ReportView,
  SaleDetail,
  SalePhase,
  SaleView,
  ScannerDeviceList,
  SettingsPatch,
  SettingsView,
  StoreLinkStatus,
  StoreSaleSearchView,
  TerminalInfo,
} from './views';

declare const resultType: unique symbol;
/** A method's result type, carried by the table as a type only (nothing of it exists at run time). */
export interface Returns<T> {
  readonly [resultType]?: T;
}
const returns = <T>(): Returns<T> => ({});

const id = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));
const amountText = z.string().check(z.trim(), z.minLength(1), z.maxLength(20));
const pin = z.string().check(z.regex(/^\d{4,8}$/));
const platform = z.enum(['WECHATPAY', 'ALIPAY']);
const epochMs = z.int().check(z.gte(0), z.lte(8_640_000_000_000_000));
const businessDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const phase = z.enum(SALE_PHASES) satisfies z.ZodMiniType<SalePhase>;
/** Scanned or typed codes: printable ASCII only, bounded, so noise cannot smuggle control characters. */
const scannedText = (min: number, max: number) =>
  z.string().check(z.minLength(min), z.maxLength(max), z.regex(/^[\x20-\x7E]*$/));
const secretKey = z.string().check(z.trim(), z.minLength(8), z.maxLength(128), z.regex(/^[\x21-\x7E]+$/));
const text = (max: number) => z.string().check(z.maxLength(max));
const opt = z.optional;
const personRole = z.enum(ROLES) satisfies z.ZodMiniType<PersonRole>;
const personPermission = z.enum(PERMISSIONS) satisfies z.ZodMiniType<PersonPermission>;

/** Methods without an argument accept nothing, or an empty object. */
const noArgs = z.union([z.undefined(), z.strictObject({})]);
const region = z.enum(['AU', 'CN', 'sandbox', 'custom']);
const saleArgs = z.strictObject({ saleId: id });
/** sessionId picks one Z; businessDate picks the day (day report, or its latest Z). */
const reportArgs = z.strictObject({
  kind: z.enum(['X', 'Z', 'day']),
  businessDate: opt(businessDate),
  sessionId: opt(z.int().check(z.gte(1), z.lte(Number.MAX_SAFE_INTEGER))),
});
/** A real calendar date (2024-02-30 is refused), in words. */
const calendarDate = businessDate.check(
  z.refine(isBusinessDate, { error: 'not a calendar date (YYYY-MM-DD)' }),
);
/** Business dates from…to, inclusive: at most 366 days (a leap year), never backwards. */
const insightRange = z.strictObject({ from: calendarDate, to: calendarDate, pin, personId: opt(id) }).check(
  z.refine((a) => a.to >= a.from, { error: 'the range ends before it starts', path: ['to'] }),
  z.refine((a) => (Date.parse(a.to) - Date.parse(a.from)) / 86_400_000 < 366, {
    error: 'a range is at most 366 days',
    path: ['to'],
  }),
);
const receiptArgs = z.strictObject({ saleId: id, refundId: opt(id) });
/** Shapes only; values are checked again by the config schema when applied. */
const settingsPatch = z.strictObject({
  posNo: opt(text(16)),
  merchantName: opt(text(60)),
  orderName: opt(text(60)),
  timeZone: opt(text(64)),
  language: opt(z.enum(['en', 'zh'])),
  soundOn: opt(z.boolean()),
  maxAmountCents: opt(z.int()),
  amountEntry: opt(z.enum(['cents', 'decimal'])),
  largeAmountCents: opt(z.int()),
  latePayments: opt(z.enum(['refund', 'ask_manager'])),
  gateway: opt(
    z.strictObject({
      region: opt(region),
      baseUrl: opt(z.nullable(text(200))),
      mNumber: opt(z.nullable(text(32))),
      timeZone: opt(text(64)),
      httpMethod: opt(z.enum(['GET', 'POST'])),
      callTimeoutMs: opt(z.int()),
      maxWaitMs: opt(z.int()),
    }),
  ),
  scanner: opt(z.record(z.string(), z.unknown())),
  printer: opt(z.nullable(z.record(z.string(), z.unknown()))),
  customerDisplay: opt(z.strictObject({ enabled: opt(z.boolean()), displayId: opt(z.nullable(z.int())) })),
  terminalApi: opt(
    z.strictObject({
      enabled: opt(z.boolean()),
      host: opt(text(64)),
      port: opt(z.int()),
      refundApproval: opt(z.enum(['pin', 'on_screen'])),
    }),
  ),
  receipt: opt(
    z.strictObject({
      businessName: opt(text(80)),
      abn: opt(z.nullable(text(40))),
      pricesIncludeGst: opt(z.boolean()),
      taxInvoice: opt(z.boolean()),
      printServedBy: opt(z.boolean()),
    }),
  ),
}) satisfies z.ZodMiniType<SettingsPatch>;
const historyQuery = z.strictObject({
  text: opt(text(64)),
  from: opt(epochMs),
  to: opt(epochMs),
  businessDate: opt(businessDate),
  phases: opt(z.array(phase).check(z.maxLength(10))),
  limit: opt(z.int().check(z.gte(1), z.lte(500))),
}) satisfies z.ZodMiniType<HistoryQuery>;

export const posContract = {
  getSnapshot: { args: noArgs, result: returns<PosSnapshot>() },

  /**
   * amount: cashier text such as "12.50" or "1,234.5"; parsed exactly to cents by the core. heldScanId: the
   * cashier confirmed this amount for a held scan (see the 'scan-held' event): the sale is charged with it at once.
   */
  startSale: {
    args: z.strictObject({ amount: amountText, heldScanId: opt(id) }),
    result: returns<SaleView>(),
  },
  /** A payment code typed or pasted by the cashier (scanners feed the core directly). */
  submitCode: {
    args: z.strictObject({ saleId: id, code: scannedText(1, 128) }),
    result: returns<SaleView>(),
  },
  /** A scan recognised by the renderer's keyboard-wedge detector: same path as a hardware scan. */
  submitWedgeScan: { args: z.strictObject({ code: scannedText(1, 128) }), result: returns<void>() },
  /**
   * The cashier's keypad holds an amount typed but not charged (or no longer): while any screen's does, the till
   * is busy for the Terminal API. Released by itself when that screen goes (socket closed, page reloaded).
   */
  reportKeypad: { args: z.strictObject({ hasAmount: z.boolean() }), result: returns<null>() },
  /** Stop waiting in the foreground: the sale keeps being checked in the background. */
  stopWaiting: { args: saleArgs, result: returns<SaleView>() },
  /**
   * The counter leaves this sale: an open or declined one is closed (refused while money may be moving); for any
   * other the customer display's message about it ends (`counter-free`).
   */
  clearSale: { args: saleArgs, result: returns<null>() },
  /**
   * The customer pays another way: the sale is given up at once and the screen is free. Its attempts are still
   * followed to a final state; a payment that lands anyway is refunded automatically (or held for the manager).
   */
  voidSale: {
    args: z.strictObject({ saleId: id, pin: opt(pin), personId: opt(id) }),
    result: returns<SaleView>(),
  },
  startQrSale: {
    args: z.strictObject({ amount: amountText, platform, kind: z.enum(['qr', 'jsapi']) }),
    result: returns<SaleView>(),
  },

  searchHistory: { args: historyQuery, result: returns<SaleView[]>() },
  getSaleDetail: { args: saleArgs, result: returns<SaleDetail>() },
  /** Find a sale by a scanned/typed Omipay order_no or out_order_no. */
  findSale: { args: z.strictObject({ reference: scannedText(1, 64) }), result: returns<SaleDetail>() },
  checkNow: { args: saleArgs, result: returns<SaleDetail>() },
  /**
   * Manager: the Omipay order number of a sale paid on an ORDER_PAID that named none (the document's reply),
   * typed from the merchant portal or the customer's wallet; kept only when QueryOrder confirms it.
   */
  linkOrderNo: {
    args: z.strictObject({
      saleId: id,
      orderNo: z.string().check(z.trim(), z.regex(/^[A-Za-z0-9]{8,64}$/)),
      pin,
      personId: opt(id),
    }),
    result: returns<SaleDetail>(),
  },
  getReceipt: { args: receiptArgs, result: returns<ReceiptView>() },
  getExchangeRate: { args: z.strictObject({ platform }), result: returns<RateView>() },

  refund: {
    args: z.strictObject({
      saleId: id,
      amount: amountText,
      reason: z.string().check(z.trim(), z.maxLength(200)),
      pin,
      personId: opt(id),
    }),
    result: returns<RefundView>(),
  },
  /** Manager: refund or keep a payment that landed after its sale was voided. */
  decideLatePayment: {
    args: z.strictObject({ saleId: id, decision: z.enum(['refund', 'keep']), pin, personId: opt(id) }),
    result: returns<SaleDetail>(),
  },
  report: { args: reportArgs, result: returns<ReportView>() },
  /** Manager: the Sales view, a business-date range by hour, day, platform and person, and a week before. */
  salesInsights: { args: insightRange, result: returns<SalesInsightsView>() },
  closeDay: {
    args: z.strictObject({
      businessDate: opt(businessDate),
      pin,
      personId: opt(id),
      confirmUnresolved: z.boolean(),
    }),
    result: returns<ReportView>(),
  },
  reconcile: {
    args: z.strictObject({ businessDate: opt(businessDate), pin, personId: opt(id) }),
    result: returns<ReconcileLine[]>(),
  },
  /**
   * businessDate: exactly the rows that date's day report counts, and that day report itself (reportCsv: its
   * lines, as on screen and on paper); from/to: rows created in that range.
   */
  exportCsv: {
    args: z.strictObject({
      from: opt(epochMs),
      to: opt(epochMs),
      businessDate: opt(businessDate),
      pin,
      personId: opt(id),
    }),
    result: returns<{ salesCsv: string; refundsCsv: string; reportCsv?: string }>(),
  },
  /**
   * The first PIN needs setupCode: the one-time code the POS shows where it runs (the hub prints it on its
   * console; the Electron window supplies it itself). Changing a PIN needs currentPin.
   */
  setManagerPin: {
    args: z.strictObject({
      newPin: pin,
      currentPin: opt(pin),
      setupCode: opt(z.string().check(z.maxLength(16), z.regex(/^[0-9 -]*$/))),
    }),
    result: returns<null>(),
  },
  /**
   * The first-start question (TerminalInfo.shopZoneQuestion): the shop's IANA time zone, saved to config.json and
   * applied at once; sales are held until it is answered. pin: the manager PIN, required once one is set.
   */
  answerShopZone: {
    args: z.strictObject({
      zone: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
      pin: opt(pin),
      personId: opt(id),
    }),
    result: returns<TerminalInfo>(),
  },
  setLanguage: {
    args: z.strictObject({ language: z.enum(['en', 'zh']) }),
    result: returns<TerminalInfo>(),
  },

  /** Manager: settings (PIN-protected writes; reading never reveals the secret key). */
  getSettings: { args: noArgs, result: returns<SettingsView>() },
  updateSettings: {
    args: z.strictObject({ pin, personId: opt(id), patch: settingsPatch }),
    result: returns<SettingsView>(),
  },
  /** Write-only: stores the secret key encrypted; it is never returned. */
  setSecretKey: { args: z.strictObject({ pin, personId: opt(id), secretKey }), result: returns<null>() },
  /** Calls GetExchangeRate with the given (or stored) credentials and explains the result in plain words. */
  testConnection: {
    args: z.strictObject({
      pin,
      personId: opt(id),
      region: opt(region),
      baseUrl: opt(z.url({ protocol: /^https?$/ }).check(z.maxLength(200))),
      mNumber: opt(z.string().check(z.regex(/^[A-Za-z0-9]{1,32}$/))),
      secretKey: opt(secretKey),
    }),
    result: returns<ConnectionTestResult>(),
  },
  listScannerDevices: { args: noArgs, result: returns<ScannerDeviceList>() },
  /** Live "scan something to test": raw bytes and decoded codes arrive as scanner-test events; no sale is touched. */
  setScannerTestMode: { args: z.strictObject({ on: z.boolean() }), result: returns<null>() },
  /** Receipt (or report) as printable HTML for the screen and the print dialog. */
  getReceiptHtml: { args: receiptArgs, result: returns<{ html: string }>() },
  /** Sends a receipt to the configured thermal printer (ESC/POS). */
  printReceipt: { args: receiptArgs, result: returns<null>() },
  testPrint: { args: z.strictObject({ pin, personId: opt(id) }), result: returns<null>() },
  /** The test page as printable HTML, for the print dialog when no thermal printer is set up. */
  getTestPageHtml: { args: z.strictObject({ pin, personId: opt(id) }), result: returns<{ html: string }>() },
  /** X/Z report as printable HTML, and to the thermal printer. */
  getReportHtml: { args: reportArgs, result: returns<{ html: string }>() },
  printReport: { args: reportArgs, result: returns<null>() },
  /** Manager: the POS systems paired with the Terminal API (name, last use; never a key). */
  listApiKeys: { args: z.strictObject({ pin, personId: opt(id) }), result: returns<ApiKeyView[]>() },
  /** Manager: revokes a paired POS's key; the Terminal API refuses it from then on (401). */
  revokeApiKey: {
    args: z.strictObject({ pin, personId: opt(id), keyId: id }),
    result: returns<ApiKeyView[]>(),
  },
  /**
   * Manager: approves (runs the refund, as with the PIN mode) or declines a refund a POS asked for through the
   * Terminal API when refund approval is on the till's screen.
   */
  approveApiRefund: {
    args: z.strictObject({ pin, personId: opt(id), requestId: id, approve: z.boolean() }),
    result: returns<ApiRefundDecision>(),
  },
  /**
   * Manager: enrols this till with a store server (docs/store-server.md) using the one-time code a manager
   * created there. The credential it gets back stays in the core; the result is the link's status.
   */
  enrolStoreServer: {
    args: z.strictObject({
      // Only bounded here: the store link checks the address and the code and says what is wrong in words.
      url: z.string().check(z.maxLength(200)),
      code: z.string().check(z.maxLength(40)),
      pin,
      personId: opt(id),
    }),
    result: returns<StoreLinkStatus>(),
  },
  /** Manager: forgets the store server and this till's credential; the till goes on alone, as before. */
  unlinkStoreServer: { args: z.strictObject({ pin, personId: opt(id) }), result: returns<StoreLinkStatus>() },
  /**
   * Manager: the store's sales across its tills, from the store server (refund anywhere): a receipt's
   * out_order_no or Omipay order number (scanned or typed), or an amount. Without the server, says why.
   */
  searchStoreSales: {
    args: z.strictObject({ query: scannedText(1, 64), pin, personId: opt(id) }),
    result: returns<StoreSaleSearchView>(),
  },
  /** Manager: refunds a sale another till took, after the store server reserved its balance. */
  refundStoreSale: {
    args: z.strictObject({
      tillId: id,
      saleId: id,
      outOrderNo: opt(text(64)),
      amount: amountText,
      reason: z.string().check(z.trim(), z.maxLength(200)),
      pin,
      personId: opt(id),
    }),
    result: returns<RemoteRefundView>(),
  },
  /** A remote refund as it stands (the screen follows it to a final status; events say when it changes). */
  getRemoteRefund: { args: z.strictObject({ refundId: id }), result: returns<RemoteRefundView>() },

  // ── people (docs/screens.md "People"; main/people) ──
  /** Signs a person in with their PIN (sign-in mode; in no-sign-in mode it is a switch until sign-out). */
  signIn: { args: z.strictObject({ personId: id, pin }), result: returns<PeopleState>() },
  /** Back to the sign-in screen (no-sign-in mode: back to the built-in cashier). */
  signOut: { args: noArgs, result: returns<PeopleState>() },
  /** Someone touched the screen: the idle sign-out starts counting again. */
  noteActivity: { args: noArgs, result: returns<null>() },
  /** manage_people: everyone this till knows, disabled and store-server people included. */
  listPeople: { args: z.strictObject({ pin, personId: opt(id) }), result: returns<PersonDetail[]>() },
  /**
   * manage_people: adds a person (no person.id) or changes one. newPin sets or resets their PIN; disabled
   * disables or enables them. People from the store server are read-only here.
   */
  savePerson: {
    args: z.strictObject({
      pin,
      personId: opt(id),
      person: z.strictObject({
        id: opt(id),
        name: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)),
        role: personRole,
        newPin: opt(pin),
        disabled: opt(z.boolean()),
      }),
    }),
    result: returns<PersonDetail>(),
  },
  /** manage_people: a new badge for a person (any earlier one stops working); the code is shown once, to print. */
  issueBadge: {
    args: z.strictObject({ pin, personId: opt(id), forPersonId: id }),
    result: returns<{ code: string }>(),
  },
  /** manage_people: the person's badge stops working. */
  revokeBadge: {
    args: z.strictObject({ pin, personId: opt(id), forPersonId: id }),
    result: returns<PersonDetail>(),
  },
  /** manage_people: the role table, mode and customer display name (the People panel's settings). */
  getPeopleSettings: {
    args: z.strictObject({ pin, personId: opt(id) }),
    result: returns<PeopleSettingsView>(),
  },
  /** manage_people: what one role may do; a manager always keeps manage_people. */
  setRolePermissions: {
    args: z.strictObject({
      pin,
      personId: opt(id),
      role: personRole,
      permissions: z.strictObject({
        permissions: z.array(personPermission).check(z.maxLength(16)),
        refundLimitCents: z.nullable(z.int().check(z.gte(0), z.lte(100_000_000))),
      }),
    }),
    result: returns<PeopleSettingsView>(),
  },
  /** manage_people: sign-in or no-sign-in, the idle minutes (null: never), the customer display's first name. */
  setPeopleMode: {
    args: z.strictObject({
      pin,
      personId: opt(id),
      mode: z.enum(['sign_in', 'no_sign_in']),
      idleSignOutMinutes: z.nullable(z.int().check(z.gte(1), z.lte(720))),
      showNameOnCustomerDisplay: opt(z.boolean()),
    }),
    result: returns<PeopleSettingsView>(),
  },
  /** Opens the manager area: checks the PIN (counts towards the lockout like every other PIN check). */
  verifyManagerPin: { args: z.strictObject({ pin, personId: opt(id) }), result: returns<null>() },
} satisfies Record<string, { args: z.ZodMiniType; result: Returns<unknown> }>;
