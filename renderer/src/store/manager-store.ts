/**
 * The manager area: PIN gate, refunds, unresolved sales, reports and day close, settings. Fed by the same
 * PosApi as the cashier's store. The PIN typed at the gate is kept in memory only while the area is open and
 * in use: every money or settings call sends it (the core checks it per action), and it is forgotten when the
 * manager leaves the area or leaves it idle for IDLE_MS. Nothing here touches the DOM.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  ApiKeyView,
  ConnectionTestResult,
  PosApi,
  PosError,
  PosEvent,
  PosResult,
  ReconcileLine,
  RefundView,
  ReportKind,
  ReportView,
  SaleDetail,
  SaleView,
  ScannerDeviceList,
  SettingsView,
  RemoteRefundView,
  StoreSaleSearchView,
  StoreSaleView,
} from '../../../preload/api';
import { businessDateOf, businessDayRange } from '../../../main/shared/business-date';
import type { MessageKey } from '../i18n/en';
import { checkRefundAmount, refundBlocker } from './refund-form';
import {
  draftFromSettings,
  fieldsOfIssues,
  patchFromDraft,
  type DraftErrors,
  type DraftField,
  type SettingsDraft,
} from './settings-form';

export const IDLE_MS = 2 * 60_000;
export const UNRESOLVED_PHASES = ['unresolved', 'checking', 'waiting_customer', 'submitting'] as const;
/** Payments that landed after their sale was voided: held for a decision, being refunded, or refunded. */
export const LATE_PAYMENT_PHASES = ['late_paid', 'late_refunding', 'late_refunded'] as const;
const SCANNER_TEST_KEEP = 20;

export type ManagerTab = 'refunds' | 'unresolved' | 'reports' | 'settings';

/** A problem: from the core (bilingual, with its code) or from this screen (a dictionary key). */
export type ManagerProblem = { source: 'core'; error: PosError } | { source: 'ui'; key: MessageKey };

export interface GateState {
  /** 'set' = no PIN exists yet: the manager must choose one first. */
  mode: 'enter' | 'set';
  problem: ManagerProblem | null;
  /** While the PIN is locked: when it lifts (epoch ms). */
  lockedUntil: number | null;
  busy: boolean;
}

export interface RefundState {
  lookup: string;
  finding: boolean;
  detail: SaleDetail | null;
  amount: string;
  reason: string;
  step: 'edit' | 'confirm' | 'sending';
  /** Cents asked in the confirm step (exactly what will be refunded). */
  confirmCents: number | null;
  problem: ManagerProblem | null;
  /** The refund just sent (its live status comes from refund events). */
  last: RefundView | null;
  receiptHtml: string | null;
  recentPaid: SaleView[];
  /** Refund anywhere: the same lookup on the store server (other tills' sales), when this till is linked. */
  store: StoreSalesState;
}

export interface StoreSalesState {
  searching: boolean;
  result: StoreSaleSearchView | null;
  /** Another till's sale picked for a refund. */
  selected: StoreSaleView | null;
  amount: string;
  reason: string;
  confirming: boolean;
  sending: boolean;
  problem: ManagerProblem | null;
  /** The remote refund just sent; its live status comes from remote-refund events. */
  last: RemoteRefundView | null;
}

export interface UnresolvedState {
  rows: SaleView[];
  late: SaleView[];
  loading: boolean;
  detail: SaleDetail | null;
  checking: string | null;
}

export interface ReportsState {
  report: ReportView | null;
  /** The business date shown (YYYY-MM-DD); null = today. */
  date: string | null;
  loading: boolean;
  /** closeDay answered UNRESOLVED_SALES: the manager must confirm explicitly. */
  confirmClose: { count: number } | null;
  reconcile: ReconcileLine[] | null;
  csv: { salesCsv: string; refundsCsv: string; date: string } | null;
  problem: ManagerProblem | null;
  busy: boolean;
}

export interface SettingsState {
  view: SettingsView | null;
  draft: SettingsDraft | null;
  fieldErrors: DraftErrors;
  /** The core's reasons for refusing a value, shown next to that field. */
  coreFieldErrors: Partial<Record<DraftField, string>>;
  problem: ManagerProblem | null;
  /** Where `problem` belongs: beside the secret key, the printer's test, or (null) the save bar. */
  problemNear: 'secret' | 'printer' | null;
  saved: boolean;
  busy: boolean;
  secretSaved: boolean;
  connection: ConnectionTestResult | null;
  devices: ScannerDeviceList | null;
  scannerTest: boolean;
  scans: Array<{ rawHex: string; decoded: string | null; at: number }>;
  testPrinted: boolean;
  pinChanged: boolean;
  /** POS systems paired with the Terminal API (null until loaded), and why loading or revoking failed. */
  apiKeys: ApiKeyView[] | null;
  apiKeysProblem: ManagerProblem | null;
  /** Enrolling with or unlinking from a store server: in flight, and why it failed. */
  storeLinkBusy: boolean;
  storeLinkProblem: ManagerProblem | null;
}

export interface ManagerState {
  /** The area is on screen (PIN pad or unlocked). */
  open: boolean;
  /** Unlocked: the PIN that opened it, sent with every protected call. Never persisted. */
  pin: string | null;
  lastActivity: number;
  tab: ManagerTab;
  gate: GateState;
  refund: RefundState;
  unresolved: UnresolvedState;
  reports: ReportsState;
  settings: SettingsState;
  /** Scanned before the PIN was entered: looked up once unlocked. */
  pendingReference: string | null;
}

export interface PrintPort {
  /** 'core' when a printer is configured (ESC/POS, named system printer, PDF). */
  printVia(): 'dialog' | 'core';
  /** Prints an HTML fragment (receipt or report) through the print dialog. */
  printHtml(html: string): void;
}

export interface ManagerActions {
  /** Subscribes to events; returns the unsubscribe function. */
  start(): () => void;
  enter(hasManagerPin: boolean): void;
  leave(): void;
  /** Any manager activity: keeps the area unlocked. */
  touch(): void;
  /** Locks the area when idle for IDLE_MS; true when it did. */
  expireIfIdle(): boolean;
  submitPin(pin: string): Promise<boolean>;
  /** setupCode: the one-time code the POS showed at start (absent in the Electron window, which adds it). */
  setFirstPin(pin: string, repeat: string, setupCode?: string): Promise<boolean>;
  setTab(tab: ManagerTab): void;

  setLookup(text: string): void;
  findSale(reference?: string): Promise<void>;
  /** From a sale's detail in History: the refund screen for that sale (right after the PIN when locked). */
  openRefundFor(reference: string): void;
  openSale(saleId: string): Promise<void>;
  loadRecentPaid(): Promise<void>;
  setRefundAmount(text: string): void;
  setRefundFull(): void;
  setRefundReason(text: string): void;
  reviewRefund(): void;
  backToEdit(): void;
  confirmRefund(): Promise<void>;
  showRefundReceipt(refundId: string): Promise<void>;
  printRefundReceipt(refundId: string): Promise<void>;
  clearRefund(): void;
  /** Refund anywhere: searches the store server for the lookup text (other tills' sales). */
  searchStore(reference?: string): Promise<void>;
  pickStoreSale(sale: StoreSaleView | null): void;
  setStoreRefundAmount(text: string): void;
  setStoreRefundReason(text: string): void;
  reviewStoreRefund(): void;
  confirmStoreRefund(): Promise<void>;

  loadUnresolved(): Promise<void>;
  openUnresolved(saleId: string): Promise<void>;
  checkNow(saleId: string): Promise<void>;
  /** The customer paid another way: void an unresolved sale (any payment that still lands is refunded). */
  voidUnresolved(saleId: string): Promise<void>;
  /** A payment after a void: refund it to the customer or keep it (PIN-protected in the core). */
  decideLatePayment(saleId: string, decision: 'refund' | 'keep'): Promise<void>;

  /** X: the open shift; Z: a shift's close (sessionId, else the latest); day: the date's sales and shifts. */
  loadReport(kind: ReportKind, sessionId?: number): Promise<void>;
  /** Shows another business date (reprints, past Z reports, closing a day left open); null = today. */
  setReportDate(date: string | null): Promise<void>;
  printReport(): Promise<void>;
  exportCsv(): Promise<void>;
  closeDay(confirmUnresolved: boolean): Promise<void>;
  cancelClose(): void;
  reconcile(): Promise<void>;

  loadSettings(): Promise<void>;
  editSettings(patch: Partial<SettingsDraft>): void;
  saveSettings(): Promise<void>;
  saveSecretKey(secretKey: string): Promise<boolean>;
  testConnection(secretKey?: string): Promise<void>;
  loadDevices(): Promise<void>;
  setScannerTest(on: boolean): Promise<void>;
  testPrint(): Promise<void>;
  changePin(current: string, next: string, repeat: string): Promise<boolean>;
  loadApiKeys(): Promise<void>;
  /** Revokes a paired POS's Terminal API key (PIN-protected in the core). */
  revokeApiKey(keyId: string): Promise<void>;
  /** Enrols this till with a store server (one-time code); true when enrolled. */
  enrolStoreServer(url: string, code: string): Promise<boolean>;
  unlinkStoreServer(): Promise<boolean>;
}

export type ManagerStoreState = ManagerState & ManagerActions;
export type ManagerStore = StoreApi<ManagerStoreState>;

export interface ManagerStoreOptions {
  now?: () => number;
  /** The terminal's time zone (for "today"). */
  timeZone?: () => string | undefined;
  print?: PrintPort;
}

const PIN_PATTERN = /^\d{4,8}$/;

function initialGate(): GateState {
  return { mode: 'enter', problem: null, lockedUntil: null, busy: false };
}

function initialRefund(): RefundState {
  return {
    lookup: '',
    finding: false,
    detail: null,
    amount: '',
    reason: '',
    step: 'edit',
    confirmCents: null,
    problem: null,
    last: null,
    receiptHtml: null,
    recentPaid: [],
    store: initialStoreSales(),
  };
}

function initialStoreSales(): StoreSalesState {
  return {
    searching: false,
    result: null,
    selected: null,
    amount: '',
    reason: '',
    confirming: false,
    sending: false,
    problem: null,
    last: null,
  };
}

function initialReports(): ReportsState {
  return {
    report: null,
    date: null,
    loading: false,
    confirmClose: null,
    reconcile: null,
    csv: null,
    problem: null,
    busy: false,
  };
}

function initialSettings(): SettingsState {
  return {
    view: null,
    draft: null,
    fieldErrors: {},
    coreFieldErrors: {},
    problemNear: null,
    problem: null,
    saved: false,
    busy: false,
    secretSaved: false,
    connection: null,
    devices: null,
    scannerTest: false,
    scans: [],
    testPrinted: false,
    pinChanged: false,
    apiKeys: null,
    apiKeysProblem: null,
    storeLinkBusy: false,
    storeLinkProblem: null,
  };
}

function isPinProblem(error: PosError): boolean {
  return error.code === 'WRONG_PIN' || error.code === 'PIN_LOCKED' || error.code === 'NO_PIN';
}

export function createManagerStore(api: PosApi, options: ManagerStoreOptions = {}): ManagerStore {
  const now = options.now ?? Date.now;

  return createStore<ManagerStoreState>()((set, get) => {
    /** One PosApi call; a bridge that throws becomes a problem, never a rejection. */
    async function call<T>(run: () => Promise<PosResult<T>>): Promise<PosResult<T>> {
      try {
        return await run();
      } catch {
        return {
          ok: false,
          error: {
            code: 'CORE_UNREACHABLE',
            message: {
              en: 'The POS did not answer. Check the connection and try again.',
              zh: '收银系统没有响应。请检查连接后重试。',
            },
          },
        };
      }
    }

    /**
     * A protected call refused for its PIN (changed or locked from another window): the area locks again and
     * the PIN pad says why. Returns true when that happened.
     */
    function lockOnPinProblem(error: PosError): boolean {
      if (!isPinProblem(error)) return false;
      set({
        pin: null,
        gate: {
          mode: error.code === 'NO_PIN' ? 'set' : 'enter',
          problem: { source: 'core', error },
          lockedUntil: error.retryAfter ?? null,
          busy: false,
        },
      });
      return true;
    }

    function pinOrNull(): string | null {
      const pin = get().pin;
      if (pin !== null) get().touch();
      return pin;
    }

    function today(): { date: string; from: number; to: number } {
      const tz = options.timeZone?.();
      const date = businessDateOf(now(), tz);
      return { date, ...businessDayRange(date, tz) };
    }

    function patchRefund(patch: Partial<RefundState>): void {
      set({ refund: { ...get().refund, ...patch } });
    }
    function reportDate(): { businessDate?: string } {
      const date = get().reports.date;
      return date ? { businessDate: date } : {};
    }

    /**
     * Prints through the core's thermal printer when one is configured, else (or when the core has no printer
     * service) through the print dialog with the core's HTML. Returns the problem to show, if any.
     */
    async function print(
      viaCore: () => Promise<PosResult<null>>,
      html: () => Promise<PosResult<{ html: string }>>,
    ): Promise<PosError | null> {
      if (options.print?.printVia() === 'core') {
        const result = await call(viaCore);
        if (result.ok) return null;
        if (result.error.code !== 'UNAVAILABLE') return result.error;
      }
      const page = await call(html);
      if (!page.ok) return page.error;
      options.print?.printHtml(page.value.html);
      return null;
    }

    function patchReports(patch: Partial<ReportsState>): void {
      set({ reports: { ...get().reports, ...patch } });
    }
    function patchStore(patch: Partial<StoreSalesState>): void {
      const refund = get().refund;
      set({ refund: { ...refund, store: { ...refund.store, ...patch } } });
    }
    function patchSettings(patch: Partial<SettingsState>): void {
      set({ settings: { ...get().settings, ...patch } });
    }

    function applyRefundEvent(refund: RefundView): void {
      const { refund: state, unresolved } = get();
      if (state.last?.id === refund.id) patchRefund({ last: refund });
      if (state.detail?.sale.id === refund.saleId) void refreshDetail(refund.saleId);
      if (unresolved.detail?.sale.id === refund.saleId) void get().openUnresolved(refund.saleId);
    }

    async function refreshDetail(saleId: string): Promise<void> {
      const result = await call(() => api.getSaleDetail({ saleId }));
      if (result.ok && get().refund.detail?.sale.id === saleId) patchRefund({ detail: result.value });
    }

    /** The refund whose receipt is on screen: redrawn when its status changes (sent → refunded). */
    let receiptRefundId: string | null = null;

    function applyEvent(event: PosEvent): void {
      switch (event.type) {
        case 'refund':
          applyRefundEvent(event.refund);
          // Today's paid sales show what is left to refund: it just changed.
          if (get().pin !== null && get().refund.recentPaid.some((r) => r.id === event.refund.saleId)) {
            void get().loadRecentPaid();
          }
          if (receiptRefundId === event.refund.id && get().refund.receiptHtml !== null) {
            void get().showRefundReceipt(event.refund.id);
          }
          return;
        case 'remote-refund': {
          const store = get().refund.store;
          if (store.last?.id === event.refund.id) patchStore({ last: event.refund });
          return;
        }
        case 'reference-scanned':
          if (!get().open) return;
          if (get().pin === null) {
            set({ pendingReference: event.reference });
            return;
          }
          set({ tab: 'refunds' });
          void get().findSale(event.reference);
          return;
        case 'scanner-status':
          // The core ended the test (two-minute limit, or another screen took the scanner): the switch follows.
          if (!event.status.testMode && get().settings.scannerTest) patchSettings({ scannerTest: false });
          return;
        case 'scanner-test': {
          if (!get().settings.scannerTest) return;
          const scans = [
            { rawHex: event.rawHex, decoded: event.decoded, at: now() },
            ...get().settings.scans,
          ];
          patchSettings({ scans: scans.slice(0, SCANNER_TEST_KEEP) });
          return;
        }
        case 'unresolved-count':
          if (get().pin !== null && get().tab === 'unresolved') void get().loadUnresolved();
          return;
        case 'sale': {
          const u = get().unresolved;
          if (u.detail?.sale.id === event.sale.id)
            set({ unresolved: { ...u, detail: { ...u.detail, sale: event.sale } } });
          const late = (LATE_PAYMENT_PHASES as readonly string[]).includes(event.sale.phase);
          if (late && get().pin !== null && get().tab === 'unresolved') void get().loadUnresolved();
          return;
        }
        case 'api-request':
          // A POS just paired: the settings list shows it without leaving the tab.
          if (event.request.kind === 'paired' && get().pin !== null && get().tab === 'settings')
            void get().loadApiKeys();
          return;
        default:
          return;
      }
    }

    function unlocked(pin: string): void {
      const pending = get().pendingReference;
      set({ pin, lastActivity: now(), gate: initialGate(), pendingReference: null });
      if (pending !== null) {
        set({ tab: 'refunds' });
        void get().findSale(pending);
      } else {
        loadTab(get().tab);
      }
    }

    function loadTab(tab: ManagerTab): void {
      if (get().pin === null) return;
      if (tab === 'refunds') void get().loadRecentPaid();
      if (tab === 'unresolved') void get().loadUnresolved();
      if (tab === 'reports' && get().reports.report === null) void get().loadReport('X');
      if (tab === 'settings') {
        void get().loadSettings();
        void get().loadDevices();
        void get().loadApiKeys();
      }
    }

    function forget(): void {
      // Test mode must not outlive the screen that shows it: scans would be swallowed at the counter.
      if (get().settings.scannerTest) void call(() => api.setScannerTestMode({ on: false }));
      set({
        pin: null,
        refund: initialRefund(),
        unresolved: { rows: [], late: [], loading: false, detail: null, checking: null },
        reports: initialReports(),
        settings: initialSettings(),
        pendingReference: null,
      });
    }

    return {
      open: false,
      pin: null,
      lastActivity: 0,
      tab: 'refunds',
      gate: initialGate(),
      refund: initialRefund(),
      unresolved: { rows: [], late: [], loading: false, detail: null, checking: null },
      reports: initialReports(),
      settings: initialSettings(),
      pendingReference: null,

      start() {
        return api.onEvent(applyEvent);
      },

      enter(hasManagerPin) {
        set({ open: true, gate: { ...initialGate(), mode: hasManagerPin ? 'enter' : 'set' } });
      },

      leave() {
        forget();
        set({ open: false, gate: initialGate() });
      },

      touch() {
        if (get().pin !== null) set({ lastActivity: now() });
      },

      expireIfIdle() {
        const { pin, lastActivity } = get();
        if (pin === null || now() - lastActivity < IDLE_MS) return false;
        forget();
        set({ gate: { ...initialGate(), problem: { source: 'ui', key: 'manager.gate.idleLocked' } } });
        return true;
      },

      async submitPin(pin) {
        if (get().gate.busy) return false;
        if (!PIN_PATTERN.test(pin)) {
          set({ gate: { ...get().gate, problem: { source: 'ui', key: 'manager.gate.pinFormat' } } });
          return false;
        }
        set({ gate: { ...get().gate, busy: true, problem: null } });
        const result = await call(() => api.verifyManagerPin({ pin }));
        if (result.ok) {
          unlocked(pin);
          return true;
        }
        const error = result.error;
        set({
          gate: {
            mode: error.code === 'NO_PIN' ? 'set' : 'enter',
            busy: false,
            problem: { source: 'core', error },
            lockedUntil: error.code === 'PIN_LOCKED' ? (error.retryAfter ?? null) : null,
          },
        });
        return false;
      },

      async setFirstPin(pin, repeat, setupCode) {
        if (!PIN_PATTERN.test(pin)) {
          set({ gate: { ...get().gate, problem: { source: 'ui', key: 'manager.gate.pinFormat' } } });
          return false;
        }
        if (pin !== repeat) {
          set({ gate: { ...get().gate, problem: { source: 'ui', key: 'manager.gate.pinMismatch' } } });
          return false;
        }
        set({ gate: { ...get().gate, busy: true, problem: null } });
        const code = setupCode?.replace(/\D/g, '');
        const result = await call(() =>
          api.setManagerPin({ newPin: pin, ...(code ? { setupCode: code } : {}) }),
        );
        if (!result.ok) {
          set({ gate: { ...get().gate, busy: false, problem: { source: 'core', error: result.error } } });
          return false;
        }
        unlocked(pin);
        return true;
      },

      setTab(tab) {
        set({ tab });
        get().touch();
        if (tab !== 'settings' && get().settings.scannerTest) void get().setScannerTest(false);
        loadTab(tab);
      },

      setLookup(text) {
        patchRefund({ lookup: text });
      },

      openRefundFor(reference) {
        if (get().pin === null) {
          set({ pendingReference: reference, tab: 'refunds' });
          return;
        }
        set({ tab: 'refunds' });
        void get().findSale(reference);
      },

      async findSale(reference) {
        const text = (reference ?? get().refund.lookup).trim();
        get().touch();
        if (text === '') {
          patchRefund({ problem: { source: 'ui', key: 'refund.error.lookupEmpty' } });
          return;
        }
        patchRefund({ ...initialRefund(), recentPaid: get().refund.recentPaid, lookup: text, finding: true });
        // The store server is asked at the same time: the receipt may be from another till.
        const store = get().searchStore(text);
        const result = await call(() => api.findSale({ reference: text }));
        if (!result.ok) {
          patchRefund({ finding: false, problem: { source: 'core', error: result.error } });
          await store;
          return;
        }
        patchRefund({ finding: false, detail: result.value });
        await store;
      },

      async searchStore(reference) {
        const text = (reference ?? get().refund.lookup).trim();
        const pin = pinOrNull();
        if (text === '' || pin === null) return;
        patchStore({ ...initialStoreSales(), searching: true });
        const result = await call(() => api.searchStoreSales({ query: text, pin }));
        if (!result.ok) {
          if (lockOnPinProblem(result.error)) return;
          patchStore({ searching: false, problem: { source: 'core', error: result.error } });
          return;
        }
        patchStore({ searching: false, result: result.value });
      },

      pickStoreSale(sale) {
        get().touch();
        const cents = sale?.refundableCents ?? 0;
        patchStore({
          selected: sale,
          amount: sale ? `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}` : '',
          reason: '',
          confirming: false,
          problem: null,
          last: null,
        });
      },

      setStoreRefundAmount(text) {
        patchStore({ amount: text, problem: null, confirming: false });
        get().touch();
      },

      setStoreRefundReason(text) {
        patchStore({ reason: text });
        get().touch();
      },

      reviewStoreRefund() {
        const { selected, amount } = get().refund.store;
        get().touch();
        if (!selected) return;
        const check = checkRefundAmount(amount, selected.refundableCents);
        if (!check.ok) {
          patchStore({ problem: { source: 'ui', key: check.key } });
          return;
        }
        patchStore({ confirming: true, problem: null });
      },

      async confirmStoreRefund() {
        const { selected, amount, reason, confirming, sending } = get().refund.store;
        const pin = pinOrNull();
        if (!selected || !confirming || sending || pin === null) return;
        patchStore({ sending: true, problem: null });
        const result = await call(() =>
          api.refundStoreSale({
            tillId: selected.tillId,
            saleId: selected.saleId,
            outOrderNo: selected.outOrderNo,
            amount: amount.trim(),
            reason: reason.trim(),
            pin,
          }),
        );
        if (!result.ok) {
          if (lockOnPinProblem(result.error)) return;
          patchStore({ sending: false, confirming: false, problem: { source: 'core', error: result.error } });
          return;
        }
        patchStore({ sending: false, confirming: false, last: result.value });
        // The balance changed: ask the server again.
        const lookup = get().refund.lookup;
        const keep = result.value;
        await get().searchStore(lookup);
        patchStore({ last: keep });
      },

      async openSale(saleId) {
        get().touch();
        patchRefund({ ...initialRefund(), recentPaid: get().refund.recentPaid, finding: true });
        const result = await call(() => api.getSaleDetail({ saleId }));
        if (!result.ok) {
          patchRefund({ finding: false, problem: { source: 'core', error: result.error } });
          return;
        }
        patchRefund({ finding: false, detail: result.value, lookup: result.value.sale.orderNo ?? '' });
      },

      async loadRecentPaid() {
        const { from, to } = today();
        const result = await call(() => api.searchHistory({ phases: ['paid'], from, to, limit: 50 }));
        // Only what can still be refunded: a sale refunded in full is not offered again.
        if (result.ok)
          patchRefund({ recentPaid: result.value.filter((s) => s.refundedCents < s.amountCents) });
      },

      setRefundAmount(text) {
        patchRefund({ amount: text, problem: null });
        get().touch();
      },

      setRefundFull() {
        const detail = get().refund.detail;
        if (!detail) return;
        const cents = detail.refundableCents;
        patchRefund({
          amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
          problem: null,
        });
        get().touch();
      },

      setRefundReason(text) {
        patchRefund({ reason: text });
        get().touch();
      },

      reviewRefund() {
        const { detail, amount } = get().refund;
        get().touch();
        if (!detail) return;
        const blocker = refundBlocker(detail);
        if (blocker) {
          patchRefund({ problem: { source: 'ui', key: blocker } });
          return;
        }
        const check = checkRefundAmount(amount, detail.refundableCents);
        if (!check.ok) {
          patchRefund({ problem: { source: 'ui', key: check.key } });
          return;
        }
        patchRefund({
          step: 'confirm',
          confirmCents: check.cents,
          problem: null,
          last: null,
          receiptHtml: null,
        });
      },

      backToEdit() {
        patchRefund({ step: 'edit', confirmCents: null });
      },

      async confirmRefund() {
        const { detail, confirmCents, reason, step } = get().refund;
        const pin = pinOrNull();
        if (!detail || confirmCents === null || step !== 'confirm' || pin === null) return;
        patchRefund({ step: 'sending', problem: null });
        // The confirmed cents are sent as exact text: what the manager confirmed is what is refunded.
        const amount = `${Math.floor(confirmCents / 100)}.${String(confirmCents % 100).padStart(2, '0')}`;
        const result = await call(() =>
          api.refund({ saleId: detail.sale.id, amount, reason: reason.trim(), pin }),
        );
        if (!result.ok) {
          if (lockOnPinProblem(result.error)) return;
          patchRefund({ step: 'edit', confirmCents: null, problem: { source: 'core', error: result.error } });
          await refreshDetail(detail.sale.id);
          return;
        }
        patchRefund({ step: 'edit', confirmCents: null, amount: '', reason: '', last: result.value });
        await refreshDetail(detail.sale.id);
        await get().showRefundReceipt(result.value.id);
      },

      async showRefundReceipt(refundId) {
        const detail = get().refund.detail;
        if (!detail) return;
        receiptRefundId = refundId;
        const result = await call(() => api.getReceiptHtml({ saleId: detail.sale.id, refundId }));
        if (result.ok && receiptRefundId === refundId) patchRefund({ receiptHtml: result.value.html });
      },

      async printRefundReceipt(refundId) {
        const detail = get().refund.detail;
        if (!detail) return;
        get().touch();
        const args = { saleId: detail.sale.id, refundId };
        const problem = await print(
          () => api.printReceipt(args),
          () => api.getReceiptHtml(args),
        );
        if (problem) patchRefund({ problem: { source: 'core', error: problem } });
      },

      clearRefund() {
        patchRefund({ ...initialRefund(), recentPaid: get().refund.recentPaid });
      },

      async loadUnresolved() {
        set({ unresolved: { ...get().unresolved, loading: true } });
        const [result, late] = await Promise.all([
          call(() => api.searchHistory({ phases: [...UNRESOLVED_PHASES], limit: 200 })),
          call(() => api.searchHistory({ phases: [...LATE_PAYMENT_PHASES], limit: 50 })),
        ]);
        set({
          unresolved: {
            ...get().unresolved,
            loading: false,
            rows: result.ok ? result.value : [],
            late: late.ok ? late.value : [],
          },
        });
      },

      async voidUnresolved(saleId) {
        get().touch();
        const result = await call(() => api.voidSale({ saleId }));
        if (!result.ok) return;
        await get().loadUnresolved();
        await get().openUnresolved(saleId);
      },

      async decideLatePayment(saleId, decision) {
        const pin = pinOrNull();
        if (pin === null) return;
        const result = await call(() => api.decideLatePayment({ saleId, decision, pin }));
        if (!result.ok) {
          lockOnPinProblem(result.error);
          return;
        }
        set({ unresolved: { ...get().unresolved, detail: result.value } });
        await get().loadUnresolved();
      },

      async openUnresolved(saleId) {
        get().touch();
        const result = await call(() => api.getSaleDetail({ saleId }));
        if (result.ok) set({ unresolved: { ...get().unresolved, detail: result.value } });
      },

      async checkNow(saleId) {
        get().touch();
        set({ unresolved: { ...get().unresolved, checking: saleId } });
        const result = await call(() => api.checkNow({ saleId }));
        const u = get().unresolved;
        set({
          unresolved: {
            ...u,
            checking: null,
            detail: result.ok && u.detail?.sale.id === saleId ? result.value : u.detail,
            rows: result.ok ? u.rows.map((r) => (r.id === saleId ? result.value.sale : r)) : u.rows,
          },
        });
      },

      async setReportDate(date) {
        const valid = date !== null && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null;
        patchReports({ date: valid === today().date ? null : valid, csv: null, reconcile: null });
        // X is the open shift whatever the date: another date shows its day report (and its shifts' Zs).
        await get().loadReport(valid && valid !== today().date ? 'day' : (get().reports.report?.kind ?? 'X'));
      },

      async loadReport(kind, sessionId) {
        get().touch();
        patchReports({ loading: true, problem: null, confirmClose: null });
        const args = {
          kind,
          ...(kind === 'X' ? {} : reportDate()),
          ...(sessionId !== undefined ? { sessionId } : {}),
        };
        const result = await call(() => api.report(args));
        patchReports({
          loading: false,
          report: result.ok ? result.value : get().reports.report,
          problem: result.ok ? null : { source: 'core', error: result.error },
        });
      },

      async printReport() {
        const report = get().reports.report;
        if (!report) return;
        get().touch();
        const args = {
          kind: report.kind,
          businessDate: report.businessDate,
          ...(report.kind !== 'day' && report.session ? { sessionId: report.session.id } : {}),
        };
        const problem = await print(
          () => api.printReport(args),
          () => api.getReportHtml(args),
        );
        if (problem) patchReports({ problem: { source: 'core', error: problem } });
      },

      async exportCsv() {
        const pin = pinOrNull();
        if (pin === null) return;
        const report = get().reports.report;
        const tz = options.timeZone?.();
        const date = report?.businessDate ?? today().date;
        const { from, to } = businessDayRange(date, tz);
        patchReports({ busy: true, problem: null });
        const result = await call(() => api.exportCsv({ from, to, pin }));
        patchReports({ busy: false });
        if (!result.ok) {
          if (!lockOnPinProblem(result.error))
            patchReports({ problem: { source: 'core', error: result.error } });
          return;
        }
        patchReports({ csv: { ...result.value, date } });
      },

      async closeDay(confirmUnresolved) {
        const pin = pinOrNull();
        if (pin === null) return;
        patchReports({ busy: true, problem: null });
        // Closes the open shift, whichever date is on screen.
        const result = await call(() => api.closeDay({ pin, confirmUnresolved }));
        patchReports({ busy: false });
        if (result.ok) {
          patchReports({ report: result.value, confirmClose: null });
          return;
        }
        if (lockOnPinProblem(result.error)) return;
        if (result.error.code === 'UNRESOLVED_SALES') {
          const z = await call(() => api.report({ kind: 'Z' }));
          const count = z.ok
            ? z.value.unresolved.length
            : Number.parseInt(result.error.detail ?? '', 10) || 0;
          patchReports({ confirmClose: { count }, report: z.ok ? z.value : get().reports.report });
          return;
        }
        patchReports({ problem: { source: 'core', error: result.error }, confirmClose: null });
      },

      cancelClose() {
        patchReports({ confirmClose: null });
      },

      async reconcile() {
        const pin = pinOrNull();
        if (pin === null) return;
        patchReports({ busy: true, problem: null, reconcile: null });
        const result = await call(() => api.reconcile({ pin, ...reportDate() }));
        patchReports({ busy: false });
        if (!result.ok) {
          if (!lockOnPinProblem(result.error))
            patchReports({ problem: { source: 'core', error: result.error } });
          return;
        }
        patchReports({ reconcile: result.value });
        const kind = get().reports.report?.kind ?? 'X';
        await get().loadReport(kind);
        patchReports({ reconcile: result.value });
      },

      async loadSettings() {
        const result = await call(() => api.getSettings());
        if (!result.ok) {
          patchSettings({ problem: { source: 'core', error: result.error } });
          return;
        }
        patchSettings({
          view: result.value,
          draft: draftFromSettings(result.value),
          fieldErrors: {},
          problem: null,
        });
      },

      async loadApiKeys() {
        const pin = pinOrNull();
        if (pin === null) return;
        const result = await call(() => api.listApiKeys({ pin }));
        if (!result.ok) {
          lockOnPinProblem(result.error);
          patchSettings({ apiKeysProblem: { source: 'core', error: result.error } });
          return;
        }
        patchSettings({ apiKeys: result.value, apiKeysProblem: null });
      },

      async revokeApiKey(keyId) {
        const pin = pinOrNull();
        if (pin === null) return;
        const result = await call(() => api.revokeApiKey({ pin, keyId }));
        if (!result.ok) {
          lockOnPinProblem(result.error);
          patchSettings({ apiKeysProblem: { source: 'core', error: result.error } });
          return;
        }
        patchSettings({ apiKeys: result.value, apiKeysProblem: null });
      },

      async enrolStoreServer(url, code) {
        const pin = pinOrNull();
        if (pin === null) return false;
        if (url.trim() === '' || code.trim() === '') {
          patchSettings({ storeLinkProblem: { source: 'ui', key: 'settings.storeServer.missing' } });
          return false;
        }
        patchSettings({ storeLinkBusy: true, storeLinkProblem: null });
        const result = await call(() =>
          api.enrolStoreServer({ url: url.trim(), code: code.trim().toUpperCase(), pin }),
        );
        patchSettings({ storeLinkBusy: false });
        if (!result.ok) {
          lockOnPinProblem(result.error);
          patchSettings({ storeLinkProblem: { source: 'core', error: result.error } });
          return false;
        }
        return true;
      },

      async unlinkStoreServer() {
        const pin = pinOrNull();
        if (pin === null) return false;
        patchSettings({ storeLinkBusy: true, storeLinkProblem: null });
        const result = await call(() => api.unlinkStoreServer({ pin }));
        patchSettings({ storeLinkBusy: false });
        if (!result.ok) {
          lockOnPinProblem(result.error);
          patchSettings({ storeLinkProblem: { source: 'core', error: result.error } });
          return false;
        }
        return true;
      },

      editSettings(patch) {
        const draft = get().settings.draft;
        if (!draft) return;
        get().touch();
        const fieldErrors = { ...get().settings.fieldErrors };
        const coreFieldErrors = { ...get().settings.coreFieldErrors };
        for (const key of Object.keys(patch)) {
          delete fieldErrors[key as keyof SettingsDraft];
          delete coreFieldErrors[key as keyof SettingsDraft];
        }
        patchSettings({ draft: { ...draft, ...patch }, fieldErrors, coreFieldErrors, saved: false });
      },

      async saveSettings() {
        const { draft, view } = get().settings;
        const pin = pinOrNull();
        if (!draft || !view || pin === null) return;
        const built = patchFromDraft(draft, view);
        if (!built.ok) {
          patchSettings({
            fieldErrors: built.errors,
            problem: { source: 'ui', key: 'settings.error.fix' },
            problemNear: null,
            saved: false,
          });
          return;
        }
        patchSettings({ busy: true, problem: null, problemNear: null, saved: false });
        const result = await call(() => api.updateSettings({ pin, patch: built.patch }));
        patchSettings({ busy: false });
        if (!result.ok) {
          if (lockOnPinProblem(result.error)) return;
          const coreFieldErrors =
            result.error.code === 'INVALID_SETTINGS' ? fieldsOfIssues(result.error.detail ?? '') : {};
          const placed = Object.keys(coreFieldErrors).length > 0;
          patchSettings({
            coreFieldErrors,
            // Each reason sits beside its field; the save bar only points there.
            problem: placed
              ? { source: 'ui', key: 'settings.error.fix' }
              : { source: 'core', error: result.error },
            problemNear: null,
          });
          return;
        }
        patchSettings({
          view: result.value,
          draft: draftFromSettings(result.value),
          fieldErrors: {},
          coreFieldErrors: {},
          saved: true,
        });
      },

      async saveSecretKey(secretKey) {
        const pin = pinOrNull();
        if (pin === null) return false;
        if (secretKey.trim() === '') {
          patchSettings({ problem: { source: 'ui', key: 'settings.error.secretEmpty' } });
          return false;
        }
        patchSettings({ busy: true, problem: null, problemNear: null, secretSaved: false });
        const result = await call(() => api.setSecretKey({ pin, secretKey: secretKey.trim() }));
        patchSettings({ busy: false });
        if (!result.ok) {
          if (!lockOnPinProblem(result.error))
            patchSettings({ problem: { source: 'core', error: result.error }, problemNear: 'secret' });
          return false;
        }
        patchSettings({ secretSaved: true });
        await get().loadSettings();
        return true;
      },

      async testConnection(secretKey) {
        const pin = pinOrNull();
        const draft = get().settings.draft;
        if (pin === null || !draft) return;
        patchSettings({ busy: true, problem: null, connection: null });
        const args: Parameters<PosApi['testConnection']>[0] = { pin, region: draft.region };
        if (draft.region === 'custom' && draft.baseUrl.trim() !== '') args.baseUrl = draft.baseUrl.trim();
        if (draft.mNumber.trim() !== '') args.mNumber = draft.mNumber.trim();
        if (secretKey !== undefined && secretKey.trim() !== '') args.secretKey = secretKey.trim();
        const result = await call(() => api.testConnection(args));
        patchSettings({ busy: false });
        if (!result.ok) {
          if (!lockOnPinProblem(result.error))
            patchSettings({ problem: { source: 'core', error: result.error } });
          return;
        }
        patchSettings({ connection: result.value });
      },

      async loadDevices() {
        const result = await call(() => api.listScannerDevices());
        if (result.ok) patchSettings({ devices: result.value });
      },

      async setScannerTest(on) {
        get().touch();
        const result = await call(() => api.setScannerTestMode({ on }));
        if (!result.ok) {
          patchSettings({ problem: { source: 'core', error: result.error }, scannerTest: false });
          return;
        }
        patchSettings({ scannerTest: on, scans: on ? [] : get().settings.scans });
      },

      async testPrint() {
        const pin = pinOrNull();
        if (pin === null) return;
        patchSettings({ busy: true, problem: null, testPrinted: false });
        // The thermal printer when one is set up, else the print dialog with the core's test page.
        const problem = await print(
          () => api.testPrint({ pin }),
          () => api.getTestPageHtml({ pin }),
        );
        patchSettings({ busy: false });
        if (problem) {
          if (!lockOnPinProblem(problem))
            patchSettings({ problem: { source: 'core', error: problem }, problemNear: 'printer' });
          return;
        }
        patchSettings({ testPrinted: true });
      },

      async changePin(current, next, repeat) {
        get().touch();
        if (!PIN_PATTERN.test(next)) {
          patchSettings({ problem: { source: 'ui', key: 'manager.gate.pinFormat' }, pinChanged: false });
          return false;
        }
        if (next !== repeat) {
          patchSettings({ problem: { source: 'ui', key: 'manager.gate.pinMismatch' }, pinChanged: false });
          return false;
        }
        const result = await call(() => api.setManagerPin({ newPin: next, currentPin: current }));
        if (!result.ok) {
          // A mistyped current PIN is said in the form; only a lock closes the area.
          if (result.error.code !== 'PIN_LOCKED' || !lockOnPinProblem(result.error)) {
            patchSettings({ problem: { source: 'core', error: result.error }, pinChanged: false });
          }
          return false;
        }
        set({ pin: next });
        patchSettings({ pinChanged: true, problem: null });
        return true;
      },
    };
  });
}
