/**
 * PosService implements the PosApi contract on top of the engines. Every argument is validated here (whoever
 * calls: IPC, hub or a test), every failure becomes a PosResult error with a bilingual message, and nothing
 * ever throws across the boundary.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type {
  ApiRequestNotice,
  Bilingual,
  ConnectionTestResult,
  GatewayRegion,
  ReceiptView,
  ScannerDeviceList,
  SettingsPatch,
  SettingsView,
  GatewayStatus,
  Language,
  PosApi,
  PosArgs,
  PosError,
  PosEvent,
  PosMethod,
  PosResult,
  ReconcileLine,
  ReportView,
  SaleDetail,
  ScannerStatus,
  TerminalInfo,
} from '../../preload/api';
import type { DayReport, Journal, SaleRow } from '../journal/types';
import type { Platform } from '../shared/platform';
import { checkPosArgs } from '../shared/pos-api-schemas';
import { AmountParseError, parseAmountToCents } from '../shared/money';
import { businessDateOf, businessDayRange } from '../shared/business-date';
import { cashierMessage } from '../omipay';
import { recognisePaymentCode } from '../scanner/payment-code';
import type { ManagerAuth } from './manager-auth';
import type { PaymentGateway } from './gateway';
import { EngineError, type SaleEngine } from './sale-engine';
import { isFinalSaleStatus } from '../journal/status';
import { ClosedLoop, type LatePaymentPolicy } from './sale/closed-loop';
import { statusesForPhase } from './sale/lifecycle';
import type { RefundEngine } from './refund-engine';
import { attemptView, refundView, saleView } from './views';
import { maskCode } from './ids';
import { msg } from './messages';

/** Printing, provided by the runtime from main/receipts. */
export interface ReceiptPort {
  html(view: ReceiptView, language: Language): string;
  print(view: ReceiptView, language: Language): Promise<{ ok: true } | { ok: false; message: Bilingual }>;
  testPrint(language: Language): Promise<{ ok: true } | { ok: false; message: Bilingual }>;
  reportHtml(view: ReportView, terminal: TerminalInfo): string;
  printReport(
    view: ReportView,
    terminal: TerminalInfo,
  ): Promise<{ ok: true } | { ok: false; message: Bilingual }>;
}

/** Manager settings, provided by the runtime (config.json, secret store, live re-configuration). */
export interface SettingsPort {
  view(): SettingsView;
  update(
    patch: SettingsPatch,
  ): Promise<
    | { ok: true; view: SettingsView; changed: string[] }
    | { ok: false; code: string; message: Bilingual; issues: string }
  >;
  setSecret(secret: string): Promise<void>;
  testConnection(args: {
    region?: GatewayRegion;
    baseUrl?: string;
    mNumber?: string;
    secretKey?: string;
  }): Promise<ConnectionTestResult>;
}

/** Scanner management, provided by the runtime's scanner service. */
export interface ScannerPort {
  listDevices(): Promise<ScannerDeviceList>;
  setTestMode(on: boolean): void;
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
  /** What happens to a payment that lands after a void (config `latePayments`); default refund. */
  latePaymentPolicy?: () => LatePaymentPolicy;
  now?: () => number;
  log?: Logger;
}

type Handlers = { [M in PosMethod]: (args: PosArgs<M>) => Promise<PosResult<unknown>> | PosResult<unknown> };

export class PosService implements PosApi {
  private readonly events = new EventEmitter();
  private readonly now: () => number;
  private terminal: TerminalInfo;
  private scanner: ScannerStatus = { kind: 'none', state: 'idle', device: null, reason: null };
  private gateway: GatewayStatus;
  private readonly rates = new Map<Platform, { rate: string; fetchedAt: number; date: string }>();
  private readonly unsubscribe: Array<() => void> = [];
  /** Where keyboard-wedge scans go first (the scanner service's de-duplication), when one is attached. */
  private wedgeSink: ((code: string) => { accepted: boolean; reason?: string }) | null = null;
  private readonly closedLoop: ClosedLoop;

  constructor(private readonly deps: PosServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.terminal = { ...deps.terminal, hasManagerPin: deps.auth.hasPin() };
    this.gateway = {
      mode: deps.gatewayMode,
      region: deps.gatewayRegion,
      online: true,
      problem: null,
      clockSkewMs: null,
    };
    this.events.setMaxListeners(100);
    this.closedLoop = new ClosedLoop({
      journal: deps.journal,
      refunds: deps.refunds,
      policy: deps.latePaymentPolicy ?? (() => 'refund'),
      keep: (saleId) => deps.engine.keepLatePayment(saleId),
      notify: (notice) => this.emit({ type: 'notice', notice }),
      timeZone: () => this.terminal.timeZone,
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.log ? { log: deps.log } : {}),
    });
    this.unsubscribe.push(
      deps.engine.on((e) => {
        switch (e.type) {
          case 'sale': {
            const sale = deps.journal.getSale(e.saleId);
            if (sale) this.emit({ type: 'sale', sale: this.view(sale) });
            return;
          }
          case 'unresolved-count':
            this.emit({ type: 'unresolved-count', count: e.count });
            return;
          case 'gateway-call':
            this.noteGatewayCall(e.ok, e.code);
            return;
          case 'late-payment':
            void this.closedLoop.onLatePayment(e.saleId);
            return;
        }
      }),
      deps.refunds.on((refundId) => {
        const r = deps.journal.getRefund(refundId);
        if (!r) return;
        this.emit({ type: 'refund', refund: refundView(r) });
        const sale = deps.journal.getSale(r.saleId);
        if (sale) this.emit({ type: 'sale', sale: this.view(sale) });
        this.closedLoop.onRefundChanged(r);
      }),
    );
  }

  /** Start-up, after the engines recovered: late payments whose refund was never journalled are refunded now. */
  recoverClosedLoop(): Promise<void> {
    return this.closedLoop.recover();
  }

  // ——— the contract ———

  getSnapshot = () => this.call('getSnapshot', undefined);
  startSale = (args: PosArgs<'startSale'>) => this.call('startSale', args);
  submitCode = (args: PosArgs<'submitCode'>) => this.call('submitCode', args);
  submitWedgeScan = (args: PosArgs<'submitWedgeScan'>) => this.call('submitWedgeScan', args);
  stopWaiting = (args: PosArgs<'stopWaiting'>) => this.call('stopWaiting', args);
  clearSale = (args: PosArgs<'clearSale'>) => this.call('clearSale', args);
  voidSale = (args: PosArgs<'voidSale'>) => this.call('voidSale', args);
  startQrSale = (args: PosArgs<'startQrSale'>) => this.call('startQrSale', args);
  searchHistory = (args: PosArgs<'searchHistory'>) => this.call('searchHistory', args);
  getSaleDetail = (args: PosArgs<'getSaleDetail'>) => this.call('getSaleDetail', args);
  findSale = (args: PosArgs<'findSale'>) => this.call('findSale', args);
  checkNow = (args: PosArgs<'checkNow'>) => this.call('checkNow', args);
  getReceipt = (args: PosArgs<'getReceipt'>) => this.call('getReceipt', args);
  getExchangeRate = (args: PosArgs<'getExchangeRate'>) => this.call('getExchangeRate', args);
  refund = (args: PosArgs<'refund'>) => this.call('refund', args);
  decideLatePayment = (args: PosArgs<'decideLatePayment'>) => this.call('decideLatePayment', args);
  report = (args: PosArgs<'report'>) => this.call('report', args);
  closeDay = (args: PosArgs<'closeDay'>) => this.call('closeDay', args);
  reconcile = (args: PosArgs<'reconcile'>) => this.call('reconcile', args);
  exportCsv = (args: PosArgs<'exportCsv'>) => this.call('exportCsv', args);
  setManagerPin = (args: PosArgs<'setManagerPin'>) => this.call('setManagerPin', args);
  setLanguage = (args: PosArgs<'setLanguage'>) => this.call('setLanguage', args);
  getSettings = () => this.call('getSettings', undefined);
  updateSettings = (args: PosArgs<'updateSettings'>) => this.call('updateSettings', args);
  setSecretKey = (args: PosArgs<'setSecretKey'>) => this.call('setSecretKey', args);
  testConnection = (args: PosArgs<'testConnection'>) => this.call('testConnection', args);
  listScannerDevices = () => this.call('listScannerDevices', undefined);
  setScannerTestMode = (args: PosArgs<'setScannerTestMode'>) => this.call('setScannerTestMode', args);
  getReceiptHtml = (args: PosArgs<'getReceiptHtml'>) => this.call('getReceiptHtml', args);
  printReceipt = (args: PosArgs<'printReceipt'>) => this.call('printReceipt', args);
  testPrint = (args: PosArgs<'testPrint'>) => this.call('testPrint', args);
  getReportHtml = (args: PosArgs<'getReportHtml'>) => this.call('getReportHtml', args);
  printReport = (args: PosArgs<'printReport'>) => this.call('printReport', args);
  verifyManagerPin = (args: PosArgs<'verifyManagerPin'>) => this.call('verifyManagerPin', args);

  onEvent(listener: (event: PosEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  // ——— inputs from main (scanner, notifications) ———

  /** A scan from any hardware source (serial, HID) after the scanner service's de-duplication. */
  handleScan(raw: string): void {
    const recognised = recognisePaymentCode(raw);
    if (!recognised.ok) {
      const sale = this.deps.engine.activeSale;
      const awaitingCode = sale !== null && (sale.status === 'open' || sale.status === 'declined');
      if (recognised.kind === 'receipt_order_no' && recognised.orderNo && !awaitingCode) {
        this.emit({ type: 'reference-scanned', reference: recognised.orderNo });
        return;
      }
      this.emit({ type: 'scan-rejected', code: recognised.kind, message: recognised.message });
      return;
    }
    const sale = this.deps.engine.activeSale;
    if (!sale || (sale.status !== 'open' && sale.status !== 'declined') || sale.kind !== 'scan') {
      const message =
        sale?.status === 'in_progress'
          ? msg.saleBusy
          : sale?.status === 'paid'
            ? msg.scanWhilePaid
            : msg.noActiveSale;
      this.emit({ type: 'scan-ignored', message });
      return;
    }
    try {
      this.deps.engine.submitCode(sale.id, recognised.code);
      this.emit({
        type: 'scan-accepted',
        platform: recognised.platform,
        maskedCode: maskCode(recognised.code) ?? '',
      });
    } catch (err) {
      const e = toPosError(err);
      this.emit({ type: 'scan-rejected', code: e.code, message: e.message });
    }
  }

  setWedgeSink(sink: (code: string) => { accepted: boolean; reason?: string }): void {
    this.wedgeSink = sink;
  }

  /** The runtime switched gateways (settings): the SANDBOX banner follows the mode. */
  setGatewayMode(mode: 'sandbox' | 'live', region: string): void {
    this.gateway = { mode, region, online: true, problem: null, clockSkewMs: null };
    this.rates.clear();
    this.emit({ type: 'gateway', status: this.gateway });
  }

  setScannerStatus(status: ScannerStatus): void {
    this.scanner = status;
    this.emit({ type: 'scanner-status', status });
  }

  /** The Terminal API shows a POS's request (or a pairing code) on the cashier's screen. */
  announceApiRequest(request: ApiRequestNotice): void {
    this.emit({ type: 'api-request', request });
  }

  emitScannerTest(rawHex: string, decoded: string | null): void {
    this.emit({ type: 'scanner-test', rawHex, decoded });
  }

  close(): void {
    for (const u of this.unsubscribe) u();
    this.events.removeAllListeners();
  }

  // ——— dispatch ———

  private async call<M extends PosMethod>(method: M, args: unknown): Promise<PosResult<never>> {
    const checked = checkPosArgs(method, args);
    if (!checked.ok) {
      return {
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: msg.invalidArgument, detail: checked.issues },
      };
    }
    try {
      const handler = this.handlers[method] as (
        a: unknown,
      ) => Promise<PosResult<unknown>> | PosResult<unknown>;
      return (await handler(checked.value)) as PosResult<never>;
    } catch (err) {
      if (!(err instanceof EngineError) && !(err instanceof AmountParseError)) {
        this.deps.log?.error(
          { method, err: err instanceof Error ? err.message : String(err) },
          'PosApi call failed',
        );
      }
      return { ok: false, error: toPosError(err) };
    }
  }

  private readonly handlers: Handlers = {
    getSnapshot: () => {
      const active = this.deps.engine.activeSale;
      return ok({
        terminal: this.terminal,
        activeSale: active ? this.view(active) : null,
        scanner: this.scanner,
        gateway: this.gateway,
        unresolvedCount: this.deps.engine.unresolvedCount(),
      });
    },
    startSale: ({ amount }) => {
      const cents = this.parseAmount(amount);
      return ok(this.view(this.deps.engine.startSale(cents)));
    },
    submitCode: ({ saleId, code }) => {
      const { sale } = this.deps.engine.submitCode(saleId, code);
      return ok(this.view(sale));
    },
    submitWedgeScan: ({ code }) => {
      // Through the scanner service when attached, so a wedge scan is de-duplicated like any other scan.
      if (this.wedgeSink) this.wedgeSink(code);
      else this.handleScan(code);
      return ok(undefined);
    },
    stopWaiting: ({ saleId }) => ok(this.view(this.deps.engine.stopWaiting(saleId))),
    clearSale: ({ saleId }) => {
      this.deps.engine.clearSale(saleId);
      return ok(null);
    },
    voidSale: ({ saleId }) => ok(this.view(this.deps.engine.voidSale(saleId))),
    decideLatePayment: async ({ saleId, decision, pin }) => {
      const denied = this.authorise(pin, `late payment ${decision}`);
      if (denied) return denied;
      await this.closedLoop.decide(saleId, decision);
      return ok(this.detail(this.requireSale(saleId)));
    },
    startQrSale: async ({ amount, platform, kind }) => {
      const cents = this.parseAmount(amount);
      const { sale } = await this.deps.engine.startQrSale(cents, platform, kind);
      return ok(this.view(sale));
    },
    searchHistory: ({ text, from, to, phases, limit }) => {
      const statuses = phases ? phases.flatMap(statusesForPhase) : undefined;
      const rows = this.deps.journal.searchSales({
        ...(text?.trim() ? { text: text.trim() } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        ...(statuses ? { statuses: [...new Set(statuses)] } : {}),
        limit: limit ?? 100,
      });
      const views = rows.map((r) => this.view(r));
      // One journal status can show as several phases (voided → late_paid …): the phase decides.
      return ok(phases ? views.filter((v) => phases.includes(v.phase)) : views);
    },
    getSaleDetail: ({ saleId }) => ok(this.detail(this.requireSale(saleId))),
    findSale: ({ reference }) => {
      const ref = reference.trim();
      const attempt =
        this.deps.journal.findAttemptByOrderNo(ref) ?? this.deps.journal.findAttemptByOutOrderNo(ref);
      const sale = attempt ? this.deps.journal.getSale(attempt.saleId) : this.deps.journal.getSale(ref);
      if (!sale) return fail('SALE_NOT_FOUND', msg.saleNotFound);
      return ok(this.detail(sale));
    },
    checkNow: async ({ saleId }) => {
      await this.deps.engine.checkNow(saleId);
      return ok(this.detail(this.requireSale(saleId)));
    },
    getReceipt: ({ saleId, refundId }) => this.receiptView(saleId, refundId),
    getSettings: () => ok(this.requireSettings().view()),
    updateSettings: async ({ pin, patch }) => {
      const denied = this.authorise(pin, 'settings');
      if (denied) return denied;
      const result = await this.requireSettings().update(patch);
      if (!result.ok) return fail(result.code, result.message, result.issues);
      this.deps.journal.appendEvent({
        at: this.now(),
        actor: 'manager',
        type: 'settings.changed',
        entity: 'settings',
        entityId: null,
        data: { keys: result.changed.join(',') },
      });
      const v = result.view;
      this.terminal = {
        ...this.terminal,
        posNo: v.posNo,
        merchantName: v.merchantName,
        timeZone: v.timeZone,
        language: v.language,
        soundOn: v.soundOn,
        maxAmountCents: v.maxAmountCents,
      };
      this.emit({ type: 'terminal', terminal: this.terminal });
      return ok(v);
    },
    setSecretKey: async ({ pin, secretKey }) => {
      const denied = this.authorise(pin, 'secret_key');
      if (denied) return denied;
      await this.requireSettings().setSecret(secretKey);
      this.deps.journal.appendEvent({
        at: this.now(),
        actor: 'manager',
        type: 'settings.secret_key_changed',
        entity: 'settings',
        entityId: null,
        data: {},
      });
      return ok(null);
    },
    testConnection: async ({ pin, ...target }) => {
      const denied = this.authorise(pin, 'test_connection');
      if (denied) return denied;
      const result = await this.requireSettings().testConnection(target);
      if (result.clockSkewMs !== null && Math.abs(result.clockSkewMs) > 60_000) {
        this.gateway = { ...this.gateway, clockSkewMs: result.clockSkewMs };
        this.emit({ type: 'gateway', status: this.gateway });
      }
      return ok(result);
    },
    listScannerDevices: async () => {
      if (!this.deps.scanners) return fail('UNAVAILABLE', msg.internal, 'no scanner service');
      return ok(await this.deps.scanners.listDevices());
    },
    setScannerTestMode: ({ on }) => {
      if (!this.deps.scanners) return fail('UNAVAILABLE', msg.internal, 'no scanner service');
      this.deps.scanners.setTestMode(on);
      return ok(null);
    },
    getReceiptHtml: ({ saleId, refundId }) => {
      const view = this.receiptView(saleId, refundId);
      if (!view.ok) return view;
      if (!this.deps.receipts) return fail('UNAVAILABLE', msg.internal, 'no receipt renderer');
      return ok({ html: this.deps.receipts.html(view.value, this.terminal.language) });
    },
    printReceipt: async ({ saleId, refundId }) => {
      const view = this.receiptView(saleId, refundId);
      if (!view.ok) return view;
      if (!this.deps.receipts) return fail('UNAVAILABLE', msg.internal, 'no printer');
      const printed = await this.deps.receipts.print(view.value, this.terminal.language);
      return printed.ok ? ok(null) : fail('PRINT_FAILED', printed.message);
    },
    getReportHtml: ({ kind, businessDate }) => {
      const report = this.handlers.report({
        kind,
        ...(businessDate ? { businessDate } : {}),
      }) as PosResult<ReportView>;
      if (!report.ok) return report;
      if (!this.deps.receipts) return fail('UNAVAILABLE', msg.internal, 'no receipt renderer');
      return ok({ html: this.deps.receipts.reportHtml(report.value, this.terminal) });
    },
    printReport: async ({ kind, businessDate }) => {
      const report = this.handlers.report({
        kind,
        ...(businessDate ? { businessDate } : {}),
      }) as PosResult<ReportView>;
      if (!report.ok) return report;
      if (!this.deps.receipts) return fail('UNAVAILABLE', msg.internal, 'no printer');
      const printed = await this.deps.receipts.printReport(report.value, this.terminal);
      return printed.ok ? ok(null) : fail('PRINT_FAILED', printed.message);
    },
    verifyManagerPin: ({ pin }) => this.authorise(pin, 'open_manager') ?? ok(null),
    testPrint: async ({ pin }) => {
      const denied = this.authorise(pin, 'test_print');
      if (denied) return denied;
      if (!this.deps.receipts) return fail('UNAVAILABLE', msg.internal, 'no printer');
      const printed = await this.deps.receipts.testPrint(this.terminal.language);
      return printed.ok ? ok(null) : fail('PRINT_FAILED', printed.message);
    },
    getExchangeRate: async ({ platform }) => {
      const today = businessDateOf(this.now(), this.terminal.timeZone);
      const cached = this.rates.get(platform);
      if (cached && cached.date === today)
        return ok({ platform, rate: cached.rate, fetchedAt: cached.fetchedAt });
      try {
        const r = await this.deps.gateway.getExchangeRate({ platform }, { timeoutMs: 10_000 });
        this.noteGatewayCall(true, null);
        const entry = { rate: r.rate.text, fetchedAt: this.now(), date: today };
        this.rates.set(platform, entry);
        return ok({ platform, rate: entry.rate, fetchedAt: entry.fetchedAt });
      } catch (err) {
        const e = toPosError(err);
        this.noteGatewayCall(false, e.code);
        if (cached) return ok({ platform, rate: cached.rate, fetchedAt: cached.fetchedAt });
        return fail(e.code, msg.noGatewayRate, e.message.en);
      }
    },
    refund: async ({ saleId, amount, reason, pin }) => {
      const denied = this.authorise(pin, 'refund');
      if (denied) return denied;
      const cents = this.parseAmount(amount);
      const row = await this.deps.refunds.refund(saleId, cents, reason);
      const view = refundView(row);
      if (row.status === 'rejected') {
        return fail(
          row.errorCode ?? 'REFUND_REJECTED',
          cashierMessage(row.errorCode ?? 'SYSTEM_ERROR'),
          row.errorDetail ?? undefined,
        );
      }
      return ok(view);
    },
    report: ({ kind, businessDate }) => {
      const date = businessDate ?? businessDateOf(this.now(), this.terminal.timeZone);
      const close = this.deps.journal.getDayClose(date);
      if (kind === 'Z' && close) return ok(this.reportView(close.report, close.closedAt, close.forced));
      return ok(this.reportView(this.deps.journal.report(kind, date, this.now()), null, false));
    },
    closeDay: ({ businessDate, pin, confirmUnresolved }) => {
      const denied = this.authorise(pin, 'close_day');
      if (denied) return denied;
      const date = businessDate ?? businessDateOf(this.now(), this.terminal.timeZone);
      if (this.deps.journal.getDayClose(date)) return fail('DAY_CLOSED', msg.dayAlreadyClosed);
      const at = this.now();
      const report = this.deps.journal.report('Z', date, at);
      if (report.unresolved.length > 0 && !confirmUnresolved) {
        return fail('UNRESOLVED_SALES', msg.unresolvedBlockClose, `${report.unresolved.length} unresolved`);
      }
      const forced = report.unresolved.length > 0;
      const close = this.deps.journal.transaction(() => {
        const c = this.deps.journal.recordDayClose({
          businessDate: date,
          closedAt: at,
          report,
          unresolvedCount: report.unresolved.length,
          forced,
        });
        this.deps.journal.appendEvent({
          at,
          actor: 'manager',
          type: 'day.closed',
          entity: 'day',
          entityId: date,
          data: { forced, unresolved: report.unresolved.map((s) => s.id), netCents: report.totals.netCents },
        });
        return c;
      });
      return ok(this.reportView(close.report, close.closedAt, close.forced));
    },
    reconcile: async ({ businessDate, pin }) => {
      const denied = this.authorise(pin, 'reconcile');
      if (denied) return denied;
      const date = businessDate ?? businessDateOf(this.now(), this.terminal.timeZone);
      const { from, to } = businessDayRange(date, this.terminal.timeZone);
      const sales = this.deps.journal.searchSales({ from, to, limit: 500 });
      const lines: ReconcileLine[] = [];
      for (const sale of sales) {
        if (isFinalSaleStatus(sale.status) || sale.status === 'open') continue;
        const before = sale.status;
        await this.deps.engine.checkNow(sale.id);
        const after = this.requireSale(sale.id);
        const attempt = this.deps.journal.listAttempts(sale.id).at(-1);
        lines.push({
          saleId: sale.id,
          outOrderNo: attempt?.outOrderNo ?? '',
          orderNo: attempt?.orderNo ?? null,
          journal: before,
          gateway: after.status,
          changed: before !== after.status,
        });
      }
      this.deps.journal.appendEvent({
        at: this.now(),
        actor: 'manager',
        type: 'day.reconciled',
        entity: 'day',
        entityId: date,
        data: { checked: lines.length, changed: lines.filter((l) => l.changed).length },
      });
      return ok(lines);
    },
    exportCsv: ({ from, to, pin }) => {
      const denied = this.authorise(pin, 'export');
      if (denied) return denied;
      if (to <= from) return fail('INVALID_ARGUMENT', msg.invalidArgument, 'to must be after from');
      return ok(this.deps.journal.exportCsv(from, to));
    },
    setManagerPin: ({ newPin, currentPin }) => {
      const result = this.deps.auth.setPin(newPin, currentPin, this.now());
      if (!result.ok) return fail(result.reason.toUpperCase(), result.message, undefined, result.lockedUntil);
      this.terminal = { ...this.terminal, hasManagerPin: true };
      this.emit({ type: 'terminal', terminal: this.terminal });
      return ok(null);
    },
    setLanguage: ({ language }) => {
      this.terminal = { ...this.terminal, language: language as Language };
      this.deps.saveTerminal?.(this.terminal);
      this.emit({ type: 'terminal', terminal: this.terminal });
      return ok(this.terminal);
    },
  };

  // ——— helpers ———

  private requireSettings(): SettingsPort {
    if (!this.deps.settings)
      throw new EngineError('UNAVAILABLE', msg.internal, 'settings are not available here');
    return this.deps.settings;
  }

  private receiptView(saleId: string, refundId: string | undefined): PosResult<ReceiptView> {
    const sale = this.requireSale(saleId);
    // A late payment (voided, then paid) has a receipt too: its refund's.
    const tookMoney = sale.status === 'paid' || (sale.status === 'voided' && refundId !== undefined);
    if (!tookMoney || !sale.paidAttemptId) return fail('ORDER_NOT_PAID', msg.refundNotPaid);
    const attempt = this.deps.journal.getAttempt(sale.paidAttemptId);
    const refund = refundId ? this.deps.journal.getRefund(refundId) : undefined;
    if (refundId && (!refund || refund.saleId !== saleId)) return fail('REFUND_NOT_FOUND', msg.saleNotFound);
    return ok({
      merchantName: this.terminal.merchantName,
      posNo: this.terminal.posNo,
      saleId,
      kind: refund ? ('refund' as const) : ('sale' as const),
      amountCents: refund ? refund.amountCents : sale.amountCents,
      cnyAmount: refund ? null : (attempt?.cnyAmount ?? null),
      exchangeRate: attempt?.exchangeRateScaled ? scaledRateText(attempt.exchangeRateScaled) : null,
      platform: sale.platform,
      orderNo: attempt?.orderNo ?? '',
      outOrderNo: attempt?.outOrderNo ?? '',
      at: refund ? refund.createdAt : (sale.paidAt ?? sale.createdAt),
      timeZone: this.terminal.timeZone,
      refund: refund ? refundView(refund) : null,
    });
  }

  private authorise(pin: string, action: string): PosResult<never> | null {
    const verdict = this.deps.auth.verify(pin, this.now(), action);
    if (verdict.ok) return null;
    return fail(
      verdict.reason === 'locked' ? 'PIN_LOCKED' : verdict.reason === 'no_pin' ? 'NO_PIN' : 'WRONG_PIN',
      verdict.message,
      undefined,
      verdict.lockedUntil,
    );
  }

  private parseAmount(text: string): number {
    return parseAmountToCents(text, this.terminal.maxAmountCents);
  }

  private view(sale: SaleRow) {
    return saleView(this.deps.journal, sale, (id) => this.deps.engine.waitDeadline(id));
  }

  private detail(sale: SaleRow): SaleDetail {
    const { journal } = this.deps;
    const attempts = journal.listAttempts(sale.id);
    const refunds = journal.listRefunds(sale.id);
    const events = [
      ...journal.listEvents({ entity: 'sale', entityId: sale.id, limit: 200 }),
      ...attempts.flatMap((a) => journal.listEvents({ entity: 'attempt', entityId: a.id, limit: 200 })),
      ...refunds.flatMap((r) => journal.listEvents({ entity: 'refund', entityId: r.id, limit: 200 })),
    ].sort((a, b) => a.at - b.at || a.id - b.id);
    return {
      sale: this.view(sale),
      attempts: attempts.map(attemptView),
      refunds: refunds.map(refundView),
      refundableCents: this.deps.refunds.refundableCents(sale.id),
      history: events.map((e) => ({ at: e.at, actor: e.actor, type: e.type, summary: summarise(e.data) })),
    };
  }

  private reportView(r: DayReport, closedAt: number | null, forced: boolean): ReportView {
    return {
      kind: r.kind,
      businessDate: r.businessDate,
      generatedAt: r.generatedAt,
      perPlatform: r.perPlatform,
      totals: r.totals,
      unresolved: r.unresolved.map((s) => this.view(this.deps.journal.getSale(s.id) ?? s)),
      pendingRefunds: r.pendingRefunds.map(refundView),
      closedAt,
      forced,
    };
  }

  private requireSale(id: string): SaleRow {
    const sale = this.deps.journal.getSale(id);
    if (!sale) throw new EngineError('SALE_NOT_FOUND', msg.saleNotFound);
    return sale;
  }

  private noteGatewayCall(okCall: boolean, code: string | null): void {
    const before = this.gateway;
    let next: GatewayStatus;
    if (okCall) next = { ...before, online: true, problem: null };
    else if (code === 'TRANSPORT_NOT_SENT' || code === 'TRANSPORT_UNKNOWN') {
      next = { ...before, online: false, problem: cashierMessage(code) };
    } else if (code === 'SIGN_TIMEOUT') {
      next = { ...before, problem: cashierMessage(code) };
      void this.deps.measureClockSkew?.().then((skew) => {
        if (skew === null) return;
        this.gateway = { ...this.gateway, clockSkewMs: skew };
        this.emit({ type: 'gateway', status: this.gateway });
      });
    } else return;
    if (next.online === before.online && next.problem?.en === before.problem?.en) return;
    this.gateway = next;
    this.emit({ type: 'gateway', status: next });
  }

  private emit(event: PosEvent): void {
    this.events.emit('event', event);
  }
}

function ok<T>(value: T): PosResult<T> {
  return { ok: true, value };
}

function fail(
  code: string,
  message: { en: string; zh: string },
  detail?: string,
  retryAfter?: number,
): PosResult<never> {
  const error: PosError = { code, message };
  if (detail) error.detail = detail;
  if (retryAfter) error.retryAfter = retryAfter;
  return { ok: false, error };
}

export function toPosError(err: unknown): PosError {
  if (err instanceof EngineError) return { code: err.code, message: err.userMessage, detail: err.message };
  if (err instanceof AmountParseError) {
    return {
      code: err.reason === 'too_large' ? 'AMOUNT_TOO_LARGE' : 'AMOUNT_INVALID',
      message: err.reason === 'too_large' ? msg.amountTooLarge : msg.amountInvalid,
    };
  }
  if (
    err &&
    typeof err === 'object' &&
    'code' in err &&
    typeof (err as { code: unknown }).code === 'string'
  ) {
    const code = (err as { code: string }).code;
    return { code, message: cashierMessage(code) };
  }
  return { code: 'INTERNAL', message: msg.internal };
}

/** exchange_rate × 10^8 (integer text) → "4.7123". */
export function scaledRateText(scaled: string): string {
  const digits = scaled.replace(/^0+(?=\d)/, '').padStart(9, '0');
  const whole = digits.slice(0, -8);
  const frac = digits.slice(-8).replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}

function summarise(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ')
    .slice(0, 200);
}
