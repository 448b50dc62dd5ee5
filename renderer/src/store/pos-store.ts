/**
 * The one store behind every cashier screen. It is fed only by a PosApi: a snapshot on start, then pushed
 * events; actions call the PosApi and turn failed results into a notice the cashier can read. Nothing here
 * touches the DOM, so it runs (and is tested) in plain Node.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  ApiRequestNotice,
  PosSnapshot,
  Bilingual,
  GatewayStatus,
  Language,
  NoticeView,
  Platform,
  PosApi,
  PosError,
  PosEvent,
  PosResult,
  RateView,
  ReceiptView,
  SaleDetail,
  SaleView,
  ScannerStatus,
  StoreLinkStatus,
  TerminalInfo,
} from '../../../preload/api';
import type { CustomerDisplayStatus } from '../../../preload/customer-display';
import { businessDateOf, businessDayRange } from '../../../main/shared/business-date';
import type { MessageKey } from '../i18n/en';
import { translate, formatAud, type Vars } from '../i18n';
import { amountTextToCents, applyAmountKey, centsToAmountText, type AmountKey } from './amount-entry';
import { isBusyPhase, isFinalPhase, mergeSale } from './sale-merge';

export type View = 'sale' | 'history' | 'manager';
export type ApiRefundRequest = Extract<ApiRequestNotice, { kind: 'refund' }>;
export type EntryMode = 'scan' | 'qr';
export type Outcome = 'paid' | 'declined';

/** A problem to show: from the core (already bilingual) or from the screen itself (a dictionary key). */
export type Notice =
  | { source: 'core'; code: string; message: Bilingual; detail?: string }
  | { source: 'ui'; key: MessageKey; vars?: Vars };

/** A scan the core holds until the cashier confirms the amount on screen (see main/payments/held-scan.ts). */
export interface HeldScan {
  holdId: string;
  platform: Platform;
  maskedCode: string;
  expiresAt: number;
}

/** Large amounts at or above this ask for a second Enter unless the terminal says otherwise. */
export const DEFAULT_LARGE_AMOUNT_CENTS = 50_000;

export interface ScanInfo {
  platform: Platform;
  maskedCode: string;
  at: number;
}

export interface HistoryState {
  text: string;
  /** Unresolved-only filter, reached from the status bar's badge. */
  onlyUnresolved: boolean;
  rows: SaleView[];
  loading: boolean;
  /** Bumped on every search so a slow answer to an older search is dropped. */
  seq: number;
  detail: SaleDetail | null;
  detailLoading: boolean;
}

export type Connection = 'connecting' | 'open' | 'closed';

export interface PosState {
  status: 'loading' | 'ready' | 'error';
  /** The link to the POS core (hub socket); always 'open' in Electron. */
  connection: Connection;
  terminal: TerminalInfo | null;
  scanner: ScannerStatus | null;
  gateway: GatewayStatus | null;
  unresolvedCount: number;
  /** The customer-facing display: on/off and how many are showing (null: the core does not say). */
  customerDisplay: CustomerDisplayStatus | null;
  /** The store server link (null: the core does not say; state 'off': not enrolled). */
  storeLink: StoreLinkStatus | null;
  /** Language shown; follows the terminal setting, defaults to English until the snapshot arrives. */
  language: Language;
  soundOn: boolean;

  view: View;
  entryMode: EntryMode;
  /** The amount being typed, as text (see amount-entry.ts). */
  amount: string;
  /** The sale on screen (scan or merchant QR); null while entering an amount. */
  sale: SaleView | null;
  /** Set when the cashier stopped waiting in the foreground for this sale id. */
  stoppedWaitingFor: string | null;
  /** Last scan the core accepted for the sale on screen: its platform shows before the gateway answers. */
  scan: ScanInfo | null;
  /** Why the last scan was not used (not a payment code, no sale open …). */
  scanNotice: { message: Bilingual; at: number } | null;
  rates: Partial<Record<Platform, RateView>>;
  /** Receipt of the paid sale on screen. */
  receipt: ReceiptView | null;
  /**
   * The receipt for the print dialog. `seq` changes with every request, so printing the same receipt twice
   * prints twice; the receipt stays in place after printing (the print area is hidden on screen).
   */
  printJob: { receipt: ReceiptView; seq: number } | null;
  /** A core-rendered HTML fragment (refund receipt, X/Z report) for the print dialog; the higher seq prints. */
  htmlPrintJob: { html: string; seq: number } | null;
  /** How receipts print: the system print dialog (window.print), or the core's own printer (ESC/POS, PDF…). */
  printVia: 'dialog' | 'core';
  /** Paper width for the print dialog's layout. */
  paperWidthMm: 58 | 80;
  notice: Notice | null;
  /** A scan that came before Enter: the screen asks the cashier to confirm the amount with one key. */
  heldScan: HeldScan | null;
  /** The large amount (cents) the cashier has been asked to confirm with a second Enter. */
  confirmLarge: number | null;
  /** Sales that settled in the background (and late payments), newest first, until dismissed. */
  saleNotices: NoticeView[];
  /** The Terminal API's last word for the cashier: a POS asked for a payment, or shows a pairing code. */
  apiRequest: ApiRequestNotice | null;
  /** Refunds a POS asked for that wait for the manager's PIN on this screen (refundApproval on_screen). */
  apiRefunds: ApiRefundRequest[];
  /** An action is waiting for the core: buttons that would race it are disabled. */
  busy: boolean;
  history: HistoryState;
}

export interface PosActions {
  /** Subscribes to events and loads the snapshot; returns the unsubscribe function. */
  start(): () => void;
  reload(): Promise<void>;
  /** The bridge reports its link: after a drop, events may have been missed, so the snapshot is reloaded. */
  setConnection(connection: Connection): void;
  pressAmountKey(key: AmountKey): boolean;
  clearAmount(): void;
  setEntryMode(mode: EntryMode): void;
  charge(): Promise<void>;
  startQrSale(platform: Platform): Promise<void>;
  submitCode(code: string): Promise<boolean>;
  submitWedgeScan(code: string): Promise<void>;
  stopWaiting(): Promise<void>;
  /**
   * The customer pays another way: the sale is voided and the screen is free at once; a payment that still
   * lands is refunded by the core (the closed loop).
   */
  voidSale(): Promise<void>;
  /** Closes the open/declined sale on screen and returns to amount entry (amount kept for correction). */
  cancelSale(): Promise<void>;
  /** Leaves the sale on screen (closing it with the core when it is still open) and starts a fresh entry. */
  newSale(): Promise<void>;
  refreshRates(): Promise<void>;
  setLanguage(language: Language): Promise<void>;
  toggleSound(): void;
  showView(view: View): void;
  searchHistory(text: string, options?: { onlyUnresolved?: boolean }): Promise<void>;
  openDetail(saleId: string): Promise<void>;
  closeDetail(): void;
  checkNow(saleId: string): Promise<void>;
  /** Leaves the merchant-QR screen; an order the customer may still pay is handed to background checks. */
  closeQr(): Promise<void>;
  /** Reprint from history: fetches the receipt and prints it like the paid screen does. */
  reprint(saleId: string): Promise<void>;
  printReceipt(receipt: ReceiptView): Promise<void>;
  /** Sends core-rendered receipt/report HTML to the print dialog. */
  printHtml(html: string): void;
  dismissNotice(): void;
  /** Esc on the held-scan prompt: the code is not used; the amount stays. */
  dropHeldScan(): void;
  dismissSaleNotice(id: string): void;
  /** The manager approves (PIN) or declines a POS's refund request; true when the core took the decision. */
  decideApiRefund(requestId: string, pin: string, approve: boolean): Promise<boolean>;
}

export type PosStoreState = PosState & PosActions;
export type PosStore = StoreApi<PosStoreState>;

export interface PosStoreOptions {
  /** Called when the sale on screen reaches paid or declined and sound is on. */
  playSound?: (outcome: Outcome) => void;
  now?: () => number;
  /** The snapshot the hub's page carried, drawn at once while the socket opens (replaced by the live one). */
  bootSnapshot?: PosSnapshot | null;
}

const HISTORY_LIMIT = 200;
const TIME_QUERY = /^(\d{1,2}):(\d{2})$/;

function coreNotice(error: PosError): Notice {
  return error.detail === undefined
    ? { source: 'core', code: error.code, message: error.message }
    : { source: 'core', code: error.code, message: error.message, detail: error.detail };
}

function initialHistory(): HistoryState {
  return {
    text: '',
    onlyUnresolved: false,
    rows: [],
    loading: false,
    seq: 0,
    detail: null,
    detailLoading: false,
  };
}

export function createPosStore(api: PosApi, options: PosStoreOptions = {}): PosStore {
  const now = options.now ?? Date.now;

  return createStore<PosStoreState>()((set, get) => {
    /** The sale the cashier left with "New sale": the core may still call it active, the screen moved on. */
    let dismissedSaleId: string | null = null;
    let heldTimer: ReturnType<typeof setTimeout> | null = null;
    const seenNotices = new Set<string>();

    /** A message from this screen's dictionary in both languages, for the bilingual scan notice. */
    function both(key: MessageKey, vars?: Vars): Bilingual {
      return { en: translate('en', key, vars), zh: translate('zh', key, vars) };
    }

    function clearHeld(): void {
      if (heldTimer) clearTimeout(heldTimer);
      heldTimer = null;
      if (get().heldScan) set({ heldScan: null });
    }

    /**
     * A scan arrived while no sale was waiting for a code. With an amount on the keypad the cashier is asked to
     * confirm it (Enter charges with this code, Esc drops it); otherwise the screen says what is true.
     */
    function onScanHeld(held: HeldScan): void {
      const { view, sale, amount } = get();
      if (view !== 'sale') return;
      if (sale !== null) {
        set({ scanNotice: { message: both('held.notUsedFinished'), at: now() } });
        return;
      }
      if (amountTextToCents(amount) === null) {
        set({ scanNotice: { message: both('held.notUsedNoAmount'), at: now() } });
        return;
      }
      clearHeld();
      set({ heldScan: held, scanNotice: null, notice: null });
      heldTimer = setTimeout(
        () => {
          heldTimer = null;
          if (get().heldScan?.holdId !== held.holdId) return;
          set({ heldScan: null, scanNotice: { message: both('held.expired'), at: now() } });
        },
        Math.max(0, held.expiresAt - now()),
      );
    }

    function onSaleNotice(notice: NoticeView): void {
      if (seenNotices.has(notice.id)) return;
      seenNotices.add(notice.id);
      set({ saleNotices: [notice, ...get().saleNotices].slice(0, 20) });
    }

    /** Draws a snapshot of the core: first the one the hub's page carried, then each live one. */
    function applySnapshot(snap: PosSnapshot): void {
      const current = get().sale;
      set({
        status: 'ready',
        terminal: snap.terminal,
        language: snap.terminal.language,
        soundOn: snap.terminal.soundOn,
        scanner: snap.scanner,
        gateway: snap.gateway,
        unresolvedCount: snap.unresolvedCount,
        customerDisplay: snap.customerDisplay ?? null,
        storeLink: snap.storeLink ?? null,
      });
      const active = snap.activeSale;
      if (active && active.id !== dismissedSaleId) {
        // The core's own active sale is shown whatever its phase: this is how a reopened window resumes.
        showSale(current && current.id === active.id ? mergeSale(current, active) : active);
      } else if (!active && current && !isFinalPhase(current.phase) && current.phase !== 'declined') {
        // The core has no open sale any more (closed from another window): do not keep showing it.
        set({ sale: null, scan: null });
      }
    }

    /** Runs one PosApi call; a bridge that throws (socket gone) becomes a visible notice, never a rejection. */
    async function call<T>(run: () => Promise<PosResult<T>>): Promise<PosResult<T> | null> {
      try {
        const result = await run();
        if (!result.ok) set({ notice: coreNotice(result.error) });
        return result;
      } catch {
        set({ notice: { source: 'ui', key: 'notice.coreUnreachable' } });
        return null;
      }
    }

    /** Shows a sale's new view when it is the one on screen (or a fresh one started elsewhere). */
    function applySale(incoming: SaleView): void {
      const { sale, history } = get();
      if (history.rows.some((r) => r.id === incoming.id) || history.detail?.sale.id === incoming.id) {
        set({
          history: {
            ...history,
            rows: history.rows.map((r) => (r.id === incoming.id ? incoming : r)),
            detail:
              history.detail?.sale.id === incoming.id
                ? { ...history.detail, sale: incoming }
                : history.detail,
          },
        });
      }
      if (sale === null || sale.id !== incoming.id) {
        // Another window (hub mode) opened a sale while this one is idle: follow it. Background checks of old
        // sales never take over the screen.
        const adoptable = incoming.phase === 'awaiting_code' || incoming.phase === 'submitting';
        const idle = sale === null || isFinalPhase(sale.phase);
        if (adoptable && idle && incoming.createdAt >= (sale?.createdAt ?? 0)) showSale(incoming);
        return;
      }
      showSale(mergeSale(sale, incoming));
    }

    function showSale(next: SaleView): void {
      const previous = get().sale;
      const samePhase = previous !== null && previous.id === next.id && previous.phase === next.phase;
      const sameSale = previous !== null && previous.id === next.id;
      set({
        sale: next,
        scan: sameSale ? get().scan : null,
        stoppedWaitingFor: sameSale ? get().stoppedWaitingFor : null,
        receipt: sameSale ? get().receipt : null,
      });
      if (samePhase) {
        // The pay time, CNY amount and rate arrive after "paid" (paid-details.ts): the receipt follows them.
        if (
          next.phase === 'paid' &&
          (previous.cnyAmount !== next.cnyAmount || previous.paidAt !== next.paidAt)
        ) {
          void loadReceipt(next.id);
        }
        return;
      }
      // Only a change seen on this screen sounds: a window reopened on an old result stays quiet.
      if (sameSale && (next.phase === 'paid' || next.phase === 'declined') && get().soundOn) {
        options.playSound?.(next.phase);
      }
      if (next.phase === 'paid') void loadReceipt(next.id);
    }

    async function loadReceipt(saleId: string): Promise<void> {
      const result = await call(() => api.getReceipt({ saleId }));
      if (result?.ok && get().sale?.id === saleId) set({ receipt: result.value });
    }

    /** Reads how receipts print; any failure leaves the print dialog, which always exists. */
    async function loadPrinter(): Promise<void> {
      try {
        const result = await api.getSettings();
        if (!result.ok) return;
        const printer = result.value.printer;
        const kind = typeof printer?.kind === 'string' ? printer.kind : 'system';
        const named = typeof printer?.name === 'string';
        set({
          printVia: kind === 'system' && !named ? 'dialog' : 'core',
          paperWidthMm: printer?.widthMm === 58 ? 58 : 80,
        });
      } catch {
        /* keep the print dialog */
      }
    }

    function applyEvent(event: PosEvent): void {
      switch (event.type) {
        case 'sale':
          applySale(event.sale);
          return;
        case 'scanner-status':
          set({ scanner: event.status });
          return;
        case 'gateway':
          set({ gateway: event.status });
          return;
        case 'unresolved-count':
          set({ unresolvedCount: event.count });
          return;
        case 'terminal':
          set({ terminal: event.terminal, language: event.terminal.language });
          return;
        case 'scan-accepted':
          set({
            scan: { platform: event.platform, maskedCode: event.maskedCode, at: now() },
            scanNotice: null,
          });
          return;
        case 'scan-rejected':
        case 'scan-ignored':
          set({ scanNotice: { message: event.message, at: now() } });
          return;
        case 'scan-held':
          onScanHeld({
            holdId: event.holdId,
            platform: event.platform,
            maskedCode: event.maskedCode,
            expiresAt: event.expiresAt,
          });
          return;
        case 'notice':
          onSaleNotice(event.notice);
          return;
        case 'refund': {
          const detail = get().history.detail;
          if (detail?.sale.id === event.refund.saleId) void get().openDetail(detail.sale.id);
          return;
        }
        case 'reference-scanned':
          void openReference(event.reference);
          return;
        case 'scanner-test':
          return;
        case 'customer-display':
          set({ customerDisplay: event.status });
          return;
        case 'store-link':
          set({ storeLink: event.status });
          return;
        case 'api-request': {
          const r = event.request;
          if (r.kind === 'refund') {
            const others = get().apiRefunds.filter((x) => x.requestId !== r.requestId);
            set({ apiRefunds: [...others, r] });
          } else if (r.kind === 'refund-decided') {
            set({ apiRefunds: get().apiRefunds.filter((x) => x.requestId !== r.requestId) });
          } else set({ apiRequest: r });
          return;
        }
      }
    }

    /**
     * A receipt's order number was scanned (a manager finding a sale to refund): open that sale in history.
     * Never while money may be moving on the sale screen: the cashier must see that sale's result.
     */
    async function openReference(reference: string): Promise<void> {
      // In the manager area the refund screen takes the scan (see manager-store.ts).
      if (get().view === 'manager') return;
      const sale = get().sale;
      if (sale && isBusyPhase(sale.phase)) return;
      const result = await call(() => api.findSale({ reference }));
      if (!result?.ok) return;
      const history = get().history;
      set({
        view: 'history',
        history: {
          ...history,
          text: reference,
          onlyUnresolved: false,
          rows: [result.value.sale],
          loading: false,
          seq: history.seq + 1,
          detail: result.value,
          detailLoading: false,
        },
      });
    }

    function nextPrintSeq(): number {
      return Math.max(get().printJob?.seq ?? 0, get().htmlPrintJob?.seq ?? 0) + 1;
    }

    function todayRange(): { from: number; to: number } {
      const tz = get().terminal?.timeZone;
      return businessDayRange(businessDateOf(now(), tz), tz);
    }

    function localHourMinute(at: number): string {
      return new Intl.DateTimeFormat('en-GB', {
        timeZone: get().terminal?.timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(at));
    }

    return {
      status: 'loading',
      connection: 'open',
      terminal: null,
      scanner: null,
      gateway: null,
      unresolvedCount: 0,
      customerDisplay: null,
      storeLink: null,
      language: 'en',
      soundOn: true,
      view: 'sale',
      entryMode: 'scan',
      amount: '',
      sale: null,
      stoppedWaitingFor: null,
      scan: null,
      scanNotice: null,
      rates: {},
      receipt: null,
      printJob: null,
      htmlPrintJob: null,
      printVia: 'dialog',
      paperWidthMm: 80,
      notice: null,
      heldScan: null,
      confirmLarge: null,
      saleNotices: [],
      apiRequest: null,
      apiRefunds: [],
      busy: false,
      history: initialHistory(),

      start() {
        // Subscribe first: on an ordered channel every event received before the snapshot is older than it,
        // so applying events as they come and then the snapshot loses nothing.
        const unsubscribe = api.onEvent(applyEvent);
        if (options.bootSnapshot) applySnapshot(options.bootSnapshot);
        void get().reload();
        return unsubscribe;
      },

      async reload() {
        const result = await call(() => api.getSnapshot());
        if (!result?.ok) {
          if (get().status === 'loading') set({ status: 'error' });
          return;
        }
        applySnapshot(result.value);
        void get().refreshRates();
        void loadPrinter();
      },

      setConnection(connection) {
        const before = get().connection;
        set({ connection });
        if (connection === 'open' && before !== 'open') void get().reload();
      },

      pressAmountKey(key) {
        const { amount, terminal, sale } = get();
        if (sale !== null) return false;
        const mode = terminal?.amountEntry ?? 'cents';
        const max = terminal?.maxAmountCents;
        const { text, refused } = applyAmountKey(amount, key, mode, max);
        if (refused) {
          // Never dropped silently: the cashier sees why the digit did not go in.
          set({
            notice:
              refused === 'max' && max !== undefined
                ? {
                    source: 'ui',
                    key: 'notice.amountOverMax',
                    vars: { amount: formatAud(get().language, max) },
                  }
                : { source: 'ui', key: 'notice.amountNoRoom' },
          });
          return true;
        }
        if (text === amount) return false;
        set({ amount: text, notice: null, scanNotice: null, confirmLarge: null });
        return true;
      },

      clearAmount() {
        if (get().sale === null) set({ amount: '', notice: null, confirmLarge: null });
      },

      setEntryMode(mode) {
        if (get().sale === null) set({ entryMode: mode, notice: null });
      },

      async charge() {
        const { amount, busy, sale, terminal, confirmLarge } = get();
        if (busy || sale !== null) return;
        const cents = amountTextToCents(amount);
        if (cents === null) {
          set({ notice: { source: 'ui', key: 'notice.enterAmount' } });
          return;
        }
        const large = terminal?.largeAmountCents ?? DEFAULT_LARGE_AMOUNT_CENTS;
        if (large > 0 && cents >= large && confirmLarge !== cents) {
          set({ confirmLarge: cents, notice: null });
          return;
        }
        const held = get().heldScan;
        clearHeld();
        set({ busy: true, notice: null, scanNotice: null, confirmLarge: null });
        const args = held && held.expiresAt > now() ? { amount, heldScanId: held.holdId } : { amount };
        const result = await call(() => api.startSale(args));
        set({ busy: false });
        if (result?.ok) showSale(result.value);
      },

      async startQrSale(platform) {
        const { amount, busy, sale, terminal, confirmLarge } = get();
        if (busy || sale !== null) return;
        const cents = amountTextToCents(amount);
        if (cents === null) {
          set({ notice: { source: 'ui', key: 'notice.enterAmount' } });
          return;
        }
        const large = terminal?.largeAmountCents ?? DEFAULT_LARGE_AMOUNT_CENTS;
        if (large > 0 && cents >= large && confirmLarge !== cents) {
          set({ confirmLarge: cents, notice: null });
          return;
        }
        clearHeld();
        set({ busy: true, notice: null, confirmLarge: null });
        const result = await call(() => api.startQrSale({ amount, platform, kind: 'qr' }));
        set({ busy: false });
        if (result?.ok) showSale(result.value);
      },

      async submitCode(code) {
        const sale = get().sale;
        const trimmed = code.trim();
        if (!sale || get().busy) return false;
        if (trimmed === '') {
          set({ notice: { source: 'ui', key: 'notice.enterCode' } });
          return false;
        }
        set({ busy: true, notice: null });
        const result = await call(() => api.submitCode({ saleId: sale.id, code: trimmed }));
        set({ busy: false });
        if (result?.ok) applySale(result.value);
        return result?.ok ?? false;
      },

      async submitWedgeScan(code) {
        await call(() => api.submitWedgeScan({ code }));
      },

      async stopWaiting() {
        const sale = get().sale;
        if (!sale || get().busy) return;
        set({ busy: true });
        const result = await call(() => api.stopWaiting({ saleId: sale.id }));
        set({ busy: false });
        if (result?.ok) {
          set({ stoppedWaitingFor: sale.id });
          applySale(result.value);
        }
      },

      async voidSale() {
        const sale = get().sale;
        if (!sale || get().busy) return;
        set({ busy: true });
        const result = await call(() => api.voidSale({ saleId: sale.id }));
        set({ busy: false });
        if (result?.ok) applySale(result.value);
      },

      async cancelSale() {
        const sale = get().sale;
        if (!sale || get().busy || isBusyPhase(sale.phase)) return;
        if (isFinalPhase(sale.phase)) {
          set({ sale: null, scan: null, receipt: null, stoppedWaitingFor: null, notice: null });
          return;
        }
        set({ busy: true, notice: null });
        const result = await call(() => api.clearSale({ saleId: sale.id }));
        set({ busy: false });
        if (result?.ok && get().sale?.id === sale.id) {
          // Back to the amount, holding this sale's amount so a wrong figure is corrected, not retyped.
          set({
            sale: null,
            scan: null,
            receipt: null,
            stoppedWaitingFor: null,
            scanNotice: null,
            amount: centsToAmountText(sale.amountCents),
          });
        }
      },

      async newSale() {
        const sale = get().sale;
        if (sale && !isFinalPhase(sale.phase) && get().stoppedWaitingFor !== sale.id) {
          if (isBusyPhase(sale.phase)) return;
          await get().cancelSale();
          if (get().sale !== null) return;
        }
        if (sale) dismissedSaleId = sale.id;
        set({
          sale: null,
          scan: null,
          scanNotice: null,
          receipt: null,
          stoppedWaitingFor: null,
          amount: '',
          entryMode: 'scan',
          notice: null,
          confirmLarge: null,
          view: 'sale',
        });
      },

      async refreshRates() {
        const platforms: Platform[] = ['WECHATPAY', 'ALIPAY'];
        await Promise.all(
          platforms.map(async (platform) => {
            try {
              const result = await api.getExchangeRate({ platform });
              // A missing rate only hides the estimate; it is not worth interrupting the cashier.
              if (result.ok) set({ rates: { ...get().rates, [platform]: result.value } });
            } catch {
              /* the estimate stays hidden */
            }
          }),
        );
      },

      async setLanguage(language) {
        set({ language });
        const result = await call(() => api.setLanguage({ language }));
        if (result?.ok) set({ terminal: result.value, language: result.value.language });
      },

      toggleSound() {
        set({ soundOn: !get().soundOn });
      },

      showView(view) {
        set({ view, notice: null });
        if (view === 'history') void get().searchHistory(get().history.text);
      },

      async searchHistory(text, opts = {}) {
        const onlyUnresolved = opts.onlyUnresolved ?? false;
        const seq = get().history.seq + 1;
        set({ history: { ...get().history, text, onlyUnresolved, loading: true, seq } });
        const query = text.trim();
        const time = TIME_QUERY.exec(query);
        const args: Parameters<PosApi['searchHistory']>[0] = { limit: HISTORY_LIMIT };
        if (onlyUnresolved) args.phases = ['unresolved'];
        else if (query === '' || time) Object.assign(args, todayRange());
        if (query !== '' && !time) args.text = query;
        const result = await call(() => api.searchHistory(args));
        if (get().history.seq !== seq) return;
        let rows = result?.ok ? result.value : [];
        if (time) {
          // A time is matched on the counter's clock, which only the screen knows how to read.
          const wanted = `${(time[1] ?? '').padStart(2, '0')}:${time[2] ?? ''}`;
          rows = rows.filter((r) => localHourMinute(r.createdAt) === wanted);
        }
        set({ history: { ...get().history, rows, loading: false } });
      },

      async openDetail(saleId) {
        set({ history: { ...get().history, detailLoading: true } });
        const result = await call(() => api.getSaleDetail({ saleId }));
        set({
          history: {
            ...get().history,
            detailLoading: false,
            detail: result?.ok ? result.value : get().history.detail,
          },
        });
      },

      closeDetail() {
        set({ history: { ...get().history, detail: null } });
      },

      async checkNow(saleId) {
        set({ busy: true });
        const result = await call(() => api.checkNow({ saleId }));
        set({ busy: false });
        if (result?.ok) {
          const detail = result.value;
          const history = get().history;
          set({
            history: {
              ...history,
              detail: history.detail?.sale.id === saleId || history.detail === null ? detail : history.detail,
              rows: history.rows.map((r) => (r.id === saleId ? detail.sale : r)),
            },
          });
          applySale(detail.sale);
        }
      },

      async closeQr() {
        const sale = get().sale;
        if (!sale || get().busy) return;
        if (isBusyPhase(sale.phase)) {
          // Closing a shown QR unpaid gives the sale up: if the customer still pays it, it is refunded.
          set({ busy: true });
          const result = await call(() => api.voidSale({ saleId: sale.id }));
          set({ busy: false });
          if (!result?.ok) return;
          set({ stoppedWaitingFor: sale.id });
        }
        await get().newSale();
      },

      async reprint(saleId) {
        const result = await call(() => api.getReceipt({ saleId }));
        if (result?.ok) await get().printReceipt(result.value);
      },

      async printReceipt(receipt) {
        if (get().printVia === 'core') {
          const args =
            receipt.refund === null
              ? { saleId: receipt.saleId }
              : { saleId: receipt.saleId, refundId: receipt.refund.id };
          const result = await call(() => api.printReceipt(args));
          // A shell without a printer service (e.g. a browser on the hub) still has the print dialog.
          if (result === null || result.ok || result.error.code !== 'UNAVAILABLE') return;
          set({ notice: null });
        }
        set({ printJob: { receipt, seq: nextPrintSeq() } });
      },

      printHtml(html) {
        set({ htmlPrintJob: { html, seq: nextPrintSeq() } });
      },

      dismissNotice() {
        set({ notice: null });
      },

      dropHeldScan() {
        if (!get().heldScan) return;
        clearHeld();
        set({ scanNotice: { message: both('held.dropped'), at: now() } });
      },

      dismissSaleNotice(id) {
        set({ saleNotices: get().saleNotices.filter((n) => n.id !== id) });
      },

      async decideApiRefund(requestId, pin, approve) {
        const result = await call(() => api.approveApiRefund({ pin, requestId, approve }));
        if (!result?.ok) {
          // Decided elsewhere already: the request is gone from this screen too.
          if (result && result.error.code === 'API_REFUND_NOT_FOUND')
            set({ apiRefunds: get().apiRefunds.filter((x) => x.requestId !== requestId) });
          return false;
        }
        set({ apiRefunds: get().apiRefunds.filter((x) => x.requestId !== requestId), notice: null });
        return true;
      },
    };
  });
}
