/**
 * PosService implements the PosApi contract on top of the engines: one handler per contract method (the methods
 * themselves come from ContractMethods). Arguments from outside were checked at the edge (contract/edge.ts)
 * before they get here; every failure becomes a PosResult error with a bilingual message, and nothing ever
 * throws across the boundary.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type {
  ApiKeyView,
  ApiRefundDecision,
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
  NoticeView,
  PosApi,
  PosCheckedArgs,
  PosError,
  PosEvent,
  PosMethod,
  PosResult,
  PosReturn,
  ReconcileLine,
  ReportView,
  SaleDetail,
  ScannerStatus,
  StoreLinkStatus,
  TerminalInfo,
} from '../../preload/api';
import { contractError } from '../../contract';
import { ContractMethods } from '../../contract/implement';
import type { Journal, SaleRow } from '../journal/types';
import type { Platform } from '../shared/platform';
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
import { remoteRefundView, type RemoteRefunds } from '../store-link/remote-refunds';
import { remoteRefundWords } from '../store-link/remote-refund-words';
import { attemptView, refundView, saleView } from './views';
import { maskCode } from './ids';
import { msg } from './messages';
import { SessionReports } from './session-reports';
import { HeldScans } from './held-scan';
import { watchBackgroundSales } from './sale-notices';
import { fillPaidDetails } from './paid-details';
import { StorageGuard } from './storage-guard';
import { historyWords } from './history-words';

/** Printing, provided by the runtime from main/receipts. */
export interface ReceiptPort {
  html(view: ReceiptView, language: Language): string;
  print(view: ReceiptView, language: Language): Promise<{ ok: true } | { ok: false; message: Bilingual }>;
  testPrint(language: Language): Promise<{ ok: true } | { ok: false; message: Bilingual }>;
  /** The test page as HTML, for the print dialog. */
  testPageHtml?(at: number, timeZone: string): string;
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

/** The Terminal API's paired keys, attached by the API when it starts (main/terminal-api/index.ts). */
export interface ApiKeysPort {
  listKeys(): Array<ApiKeyView & { revokedAt: number | null }>;
  revokeKey(id: string): boolean;
  /** Null when no request by that id awaits a decision; throws when the refund is refused before sending. */
  decideRefund(requestId: string, approve: boolean): Promise<ApiRefundDecision | null>;
}

/** The store server link (main/store-link), when the runtime has one. */
export interface StoreLinkPort {
  status(): StoreLinkStatus;
  enrol(url: string, code: string): Promise<StoreLinkStatus>;
  unlink(): Promise<StoreLinkStatus>;
  onStatus(listener: (status: StoreLinkStatus) => void): () => void;
  onNotice(listener: (notice: NoticeView) => void): () => void;
}

const STORE_LINK_OFF: StoreLinkStatus = {
  state: 'off',
  backlog: 0,
  lastSyncAt: null,
  url: null,
  storeName: null,
  tillName: null,
  problem: null,
};

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
  storeLink?: StoreLinkPort;
  /** Refund anywhere through the store server (main/store-link/remote-refunds.ts), when the runtime has it. */
  remoteRefunds?: RemoteRefunds;
  /** What happens to a payment that lands after a void (config `latePayments`); default refund. */
  latePaymentPolicy?: () => LatePaymentPolicy;
  now?: () => number;
  log?: Logger;
}

type Handlers = { [M in PosMethod]: (args: PosCheckedArgs<M>) => Promise<PosReturn<M>> | PosReturn<M> };

export class PosService extends ContractMethods implements PosApi {
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
  private apiKeys: ApiKeysPort | null = null;

  private readonly sessions: SessionReports;
  /** A scan that came before the amount was charged (see held-scan.ts). */
  private readonly held: HeldScans;
  /** Refuses new sales while the journal cannot be written (see storage-guard.ts). */
  private readonly storage: StorageGuard;

  constructor(private readonly deps: PosServiceDeps) {
    super();
    this.now = deps.now ?? Date.now;
    this.sessions = new SessionReports({
      journal: deps.journal,
      now: () => this.now(),
      timeZone: () => this.terminal.timeZone,
      saleView: (sale) => this.view(sale),
    });
    this.held = new HeldScans(this.now);
    this.storage = new StorageGuard(deps.journal, this.now);
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
      watchBackgroundSales({
        journal: deps.journal,
        onEngineEvent: (l) => deps.engine.on(l),
        emit: (notice) => this.emit({ type: 'notice', notice }),
        timeZone: () => this.terminal.timeZone,
        now: this.now,
      }),
      fillPaidDetails({
        journal: deps.journal,
        gateway: deps.gateway,
        onEngineEvent: (l) => deps.engine.on(l),
        updated: (saleId) => {
          const sale = deps.journal.getSale(saleId);
          if (sale) this.emit({ type: 'sale', sale: this.view(sale) });
        },
        now: this.now,
        ...(deps.log ? { log: deps.log } : {}),
      }).stop,
    );
    if (deps.remoteRefunds) {
      this.unsubscribe.push(
        deps.remoteRefunds.on((r) => this.emit({ type: 'remote-refund', refund: remoteRefundView(r) })),
      );
    }
    if (deps.storeLink) {
      this.unsubscribe.push(
        deps.storeLink.onStatus((status) => this.emit({ type: 'store-link', status })),
        deps.storeLink.onNotice((notice) => this.emit({ type: 'notice', notice })),
      );
    }
  }

  /** Start-up, after the engines recovered: late payments whose refund was never journalled are refunded now. */
  recoverClosedLoop(): Promise<void> {
    return this.closedLoop.recover();
  }

  // ——— the contract: handlers are below; the methods come from ContractMethods ———

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
    const waitingForCode = sale !== null && (sale.status === 'open' || sale.status === 'declined');
    if (sale?.status === 'in_progress' || (waitingForCode && sale.kind !== 'scan')) {
      const message = sale.status === 'in_progress' ? msg.saleBusy : msg.saleNotAcceptingCode;
      this.emit({ type: 'scan-ignored', message });
      return;
    }
    if (!sale || !waitingForCode) {
      // No sale is waiting for a code (the amount may be typed but not charged yet): hold it for the screen to
      // confirm the amount, rather than guess what the cashier meant.
      const held = this.held.hold(recognised.code, recognised.platform);
      this.emit({ type: 'scan-held', ...held, maskedCode: maskCode(recognised.code) ?? '' });
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
      const stored = this.storage.note(err);
      const e = stored ?? toPosError(err);
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

  /** The Terminal API attaches its key store while it runs (null when it stops). */
  setApiKeys(port: ApiKeysPort | null): void {
    this.apiKeys = port;
  }

  private activeApiKeys(): ApiKeyView[] {
    return (this.apiKeys?.listKeys() ?? [])
      .filter((k) => k.revokedAt === null)
      .map(({ id, name, createdAt, lastUsedAt }) => ({ id, name, createdAt, lastUsedAt }));
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

  protected override async call(method: PosMethod, args: unknown): Promise<PosResult<unknown>> {
    try {
      const handler = this.handlers[method] as (
        a: unknown,
      ) => Promise<PosResult<unknown>> | PosResult<unknown>;
      return await handler(args);
    } catch (err) {
      const stored = this.storage.note(err);
      if (stored) {
        this.deps.log?.error({ method, code: stored.detail }, 'journal cannot be written');
        return fail(stored.code, stored.message, stored.detail);
      }
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
        storeLink: this.deps.storeLink?.status() ?? STORE_LINK_OFF,
      });
    },
    startSale: ({ amount, heldScanId }) => {
      const cents = this.parseAmount(amount);
      const blocked = this.storage.check();
      if (blocked) return fail(blocked.code, blocked.message, blocked.detail);
      if (heldScanId === undefined) return ok(this.view(this.deps.engine.startSale(cents)));
      if (!this.held.isHeld(heldScanId)) return fail('HELD_SCAN_EXPIRED', msg.heldScanExpired);
      const code = this.held.take(heldScanId) ?? '';
      const started = this.deps.engine.startSale(cents);
      const { sale } = this.deps.engine.submitCode(started.id, code);
      const recognised = recognisePaymentCode(code);
      if (recognised.ok) {
        this.emit({ type: 'scan-accepted', platform: recognised.platform, maskedCode: maskCode(code) ?? '' });
      }
      return ok(this.view(sale));
    },
    submitCode: ({ saleId, code }) => {
      const blocked = this.storage.check();
      if (blocked) return fail(blocked.code, blocked.message, blocked.detail);
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
      // The counter moved on: the customer display stops showing this sale's words.
      this.emit({ type: 'counter-free', saleId });
      return ok(null);
    },
    voidSale: ({ saleId }) => ok(this.view(this.deps.engine.voidSale(saleId))),
    linkOrderNo: async ({ saleId, orderNo, pin }) => {
      const denied = this.authorise(pin, 'link order number');
      if (denied) return denied;
      await this.deps.engine.linkOrderNo(saleId, orderNo.trim());
      return ok(this.detail(this.requireSale(saleId)));
    },
    listApiKeys: ({ pin }) => {
      const denied = this.authorise(pin, 'list api keys');
      if (denied) return denied;
      return ok(this.activeApiKeys());
    },
    revokeApiKey: ({ pin, keyId }) => {
      const denied = this.authorise(pin, 'revoke api key');
      if (denied) return denied;
      if (!this.apiKeys?.revokeKey(keyId)) return fail('API_KEY_NOT_FOUND', msg.apiKeyNotFound);
      this.deps.log?.info({ keyId }, 'api key revoked');
      return ok(this.activeApiKeys());
    },
    approveApiRefund: async ({ pin, requestId, approve }) => {
      const denied = this.authorise(pin, approve ? 'approve api refund' : 'decline api refund');
      if (denied) return denied;
      if (!this.apiKeys) return fail('API_REFUND_NOT_FOUND', msg.apiRefundNotFound);
      try {
        const decided = await this.apiKeys.decideRefund(requestId, approve);
        return decided ? ok(decided) : fail('API_REFUND_NOT_FOUND', msg.apiRefundNotFound);
      } catch (err) {
        const bilingual = (err as { bilingual?: Bilingual }).bilingual;
        return fail('REFUND_REJECTED', bilingual ?? msg.apiRefundRefused);
      }
    },
    decideLatePayment: async ({ saleId, decision, pin }) => {
      const denied = this.authorise(pin, `late payment ${decision}`);
      if (denied) return denied;
      await this.closedLoop.decide(saleId, decision);
      return ok(this.detail(this.requireSale(saleId)));
    },
    startQrSale: async ({ amount, platform, kind }) => {
      const cents = this.parseAmount(amount);
      const blocked = this.storage.check();
      if (blocked) return fail(blocked.code, blocked.message, blocked.detail);
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
        ...(v.amountEntry ? { amountEntry: v.amountEntry } : {}),
        ...(v.largeAmountCents !== undefined ? { largeAmountCents: v.largeAmountCents } : {}),
        latePayments: v.latePayments,
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
    getReportHtml: (args) => {
      const report = this.sessions.report(args);
      if (!report.ok) return report;
      if (!this.deps.receipts) return fail('UNAVAILABLE', msg.internal, 'no receipt renderer');
      return ok({ html: this.deps.receipts.reportHtml(report.value, this.terminal) });
    },
    printReport: async (args) => {
      const report = this.sessions.report(args);
      if (!report.ok) return report;
      if (!this.deps.receipts) return fail('UNAVAILABLE', msg.internal, 'no printer');
      const printed = await this.deps.receipts.printReport(report.value, this.terminal);
      return printed.ok ? ok(null) : fail('PRINT_FAILED', printed.message);
    },
    verifyManagerPin: ({ pin }) => this.authorise(pin, 'open_manager') ?? ok(null),
    enrolStoreServer: async ({ url, code, pin }) => {
      const denied = this.authorise(pin, 'enrol_store_server');
      if (denied) return denied;
      return ok(await this.requireStoreLink().enrol(url, code));
    },
    unlinkStoreServer: async ({ pin }) => {
      const denied = this.authorise(pin, 'unlink_store_server');
      if (denied) return denied;
      return ok(await this.requireStoreLink().unlink());
    },
    testPrint: async ({ pin }) => {
      const denied = this.authorise(pin, 'test_print');
      if (denied) return denied;
      if (!this.deps.receipts) return fail('UNAVAILABLE', msg.internal, 'no printer');
      const printed = await this.deps.receipts.testPrint(this.terminal.language);
      return printed.ok ? ok(null) : fail('PRINT_FAILED', printed.message);
    },
    getTestPageHtml: ({ pin }) => {
      const denied = this.authorise(pin, 'test_print');
      if (denied) return denied;
      if (!this.deps.receipts?.testPageHtml) return fail('UNAVAILABLE', msg.internal, 'no receipt renderer');
      return ok({ html: this.deps.receipts.testPageHtml(this.now(), this.terminal.timeZone) });
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
      // Enrolled with a store server: the balance is reserved there first (refund anywhere).
      const row = this.deps.remoteRefunds
        ? await this.deps.remoteRefunds.refundOwn(saleId, cents, reason)
        : await this.deps.refunds.refund(saleId, cents, reason);
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
    searchStoreSales: async ({ query, pin }) => {
      const denied = this.authorise(pin, 'search store sales');
      if (denied) return denied;
      if (!this.deps.remoteRefunds)
        return ok({ sales: [], server: 'off', message: remoteRefundWords.notLinked });
      return ok(await this.deps.remoteRefunds.search(query.trim()));
    },
    refundStoreSale: async ({ tillId, saleId, outOrderNo, amount, reason, pin }) => {
      const denied = this.authorise(pin, 'refund');
      if (denied) return denied;
      if (!this.deps.remoteRefunds) return fail('STORE_SERVER_NOT_LINKED', remoteRefundWords.notLinked);
      const cents = this.parseAmount(amount);
      const row = await this.deps.remoteRefunds.refundRemote({
        tillId,
        saleId,
        amountCents: cents,
        reason,
        outOrderNo: outOrderNo ?? null,
      });
      const view = remoteRefundView(row);
      if (row.status === 'rejected') {
        return fail(
          row.errorCode ?? 'REFUND_REJECTED',
          cashierMessage(row.errorCode ?? 'SYSTEM_ERROR'),
          row.errorDetail ?? undefined,
        );
      }
      return ok(view);
    },
    getRemoteRefund: ({ refundId }) => {
      const row = this.deps.remoteRefunds?.get(refundId);
      return row ? ok(remoteRefundView(row)) : fail('REFUND_NOT_FOUND', msg.saleNotFound);
    },
    report: (args) => this.sessions.report(args),
    closeDay: ({ pin, confirmUnresolved }) => {
      const denied = this.authorise(pin, 'close_day');
      if (denied) return denied;
      return this.sessions.close(confirmUnresolved);
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
      if (to <= from) return { ok: false, error: contractError('INVALID_ARGUMENT', 'to must be after from') };
      return ok(this.deps.journal.exportCsv(from, to));
    },
    setManagerPin: ({ newPin, currentPin, setupCode }) => {
      const result = this.deps.auth.setPin(newPin, currentPin, this.now(), setupCode);
      if (!result.ok) {
        const code = result.reason === 'locked' ? 'PIN_LOCKED' : result.reason.toUpperCase();
        return fail(code, result.message, undefined, result.lockedUntil);
      }
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

  private requireStoreLink(): StoreLinkPort {
    if (!this.deps.storeLink)
      throw new EngineError('UNAVAILABLE', msg.internal, 'the store server link is not available here');
    return this.deps.storeLink;
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
      at: refund ? refund.createdAt : (attempt?.payTime ?? sale.paidAt ?? sale.createdAt),
      timeZone: this.terminal.timeZone,
      refund: refund ? refundView(refund) : null,
      ...(this.gateway.mode === 'sandbox' ? { test: true } : {}),
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
      paidRecordedAt: sale.paidAt,
      history: events.map((e) => ({
        at: e.at,
        actor: e.actor,
        type: e.type,
        summary: summarise(e.data),
        words: historyWords(e.type, e.data),
      })),
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
  return contractError('INTERNAL_ERROR');
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
