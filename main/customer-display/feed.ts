/**
 * The customer display's live state in the core: follows PosService's events through ./state, adds the day's
 * exchange rate (PosService caches it per wallet per day), and tells every viewer — the Electron customer
 * window and the hub's /customer pages — of each change. It also counts the viewers, so the cashier's screen
 * can say whether a customer display is connected.
 */
import type { Platform, PosApi, PosEvent } from '../../preload/api';
import type { CustomerDisplayState, CustomerDisplayStatus } from '../../preload/customer-display';
import {
  customerDisplayState,
  EMPTY_FOCUS,
  followEvent,
  leaveSale,
  rateWallet,
  type DisplayFocus,
} from './state';

/** How long a finished sale or refund stays on the customer's screen before the welcome comes back. */
export const RESULT_HOLD_MS = 30_000;
const HELD_SCREENS = new Set(['paid', 'failed', 'voided', 'refunded', 'refund_failed']);

export interface CustomerDisplayOptions {
  /** The core (PosService): events in, exchange rates and the terminal's details out. */
  api: PosApi;
  /** The settings switch: while off, the display shows only the welcome. */
  enabled: () => boolean;
  resultHoldMs?: number;
  log?: { warn(obj: object, msg?: string): void };
}

export class CustomerDisplay {
  private focus: DisplayFocus = EMPTY_FOCUS;
  private merchantName = '';
  /** The serving person's first name, when the shop shows it (the core decides; see PeopleState). */
  private servedBy: string | null = null;
  private latePayments: 'refund' | 'ask_manager' | undefined;
  private readonly rates = new Map<Platform, string>();
  /** Wallets whose rate was asked for during the current sale (the day's rate may have changed since). */
  private readonly ratesAsked = new Set<Platform>();
  private seq = 0;
  private current: CustomerDisplayState;
  private readonly stateListeners = new Set<(state: CustomerDisplayState) => void>();
  private readonly statusListeners = new Set<(status: CustomerDisplayStatus) => void>();
  private viewers = 0;
  private holdTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(private readonly options: CustomerDisplayOptions) {
    this.current = this.build();
    this.unsubscribe = options.api.onEvent((event) => this.onEvent(event));
    void this.loadSnapshot();
  }

  state(): CustomerDisplayState {
    return this.current;
  }

  /** Called at once with the current state, then with every change. */
  onState(listener: (state: CustomerDisplayState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.current);
    return () => void this.stateListeners.delete(listener);
  }

  status(): CustomerDisplayStatus {
    return { enabled: this.options.enabled(), connected: this.viewers };
  }

  onStatus(listener: (status: CustomerDisplayStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => void this.statusListeners.delete(listener);
  }

  /** A viewer (window or page) is showing the display; the returned function says it went away. */
  connect(): () => void {
    this.viewers += 1;
    this.publishStatus();
    let gone = false;
    return () => {
      if (gone) return;
      gone = true;
      this.viewers -= 1;
      this.publishStatus();
    };
  }

  /** The settings changed (switch, merchant name): redraw and tell the cashier's screen. */
  settingsChanged(): void {
    this.refresh();
    this.publishStatus();
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    if (this.holdTimer !== null) clearTimeout(this.holdTimer);
    this.stateListeners.clear();
    this.statusListeners.clear();
  }

  private async loadSnapshot(): Promise<void> {
    const snap = await this.options.api.getSnapshot();
    if (!snap.ok || this.closed) return;
    this.merchantName = snap.value.terminal.merchantName;
    this.latePayments = snap.value.terminal.latePayments;
    this.servedBy = snap.value.people.customerDisplayName ?? null;
    // Events that arrived meanwhile are newer than the snapshot's sale.
    if (this.focus === EMPTY_FOCUS && snap.value.activeSale !== null) {
      this.focus = followEvent(this.focus, { type: 'sale', sale: snap.value.activeSale });
    }
    this.refresh();
  }

  private onEvent(event: PosEvent): void {
    if (event.type === 'people') {
      this.servedBy = event.people.customerDisplayName ?? null;
      this.refresh();
      return;
    }
    if (event.type === 'terminal') {
      this.merchantName = event.terminal.merchantName;
      this.latePayments = event.terminal.latePayments;
      this.refresh();
      return;
    }
    const next = followEvent(this.focus, event);
    if (next === this.focus) return;
    if (next.sale?.id !== this.focus.sale?.id) this.ratesAsked.clear();
    this.focus = next;
    this.refresh();
  }

  private refresh(): void {
    const next = this.build();
    if (sameScreen(next, this.current)) return;
    this.seq += 1;
    this.current = { ...next, seq: this.seq };
    this.scheduleHold();
    this.fetchRateIfMissing();
    for (const listener of [...this.stateListeners]) {
      try {
        listener(this.current);
      } catch (err) {
        this.options.log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'display listener');
      }
    }
  }

  private build(): CustomerDisplayState {
    const focus = this.options.enabled() ? this.focus : EMPTY_FOCUS;
    const state = customerDisplayState({
      focus,
      merchantName: this.merchantName,
      rate: this.rates.get(rateWallet(focus)) ?? null,
      seq: this.seq,
      ...(this.latePayments ? { latePayments: this.latePayments } : {}),
    });
    return this.servedBy === null || !this.options.enabled() ? state : { ...state, servedBy: this.servedBy };
  }

  private fetchRateIfMissing(): void {
    const sale = this.focus.sale;
    if (sale === null || this.current.amountCents === null) return;
    const wallet = rateWallet(this.focus);
    if (this.ratesAsked.has(wallet)) return;
    this.ratesAsked.add(wallet);
    void this.options.api.getExchangeRate({ platform: wallet }).then((result) => {
      // No rate only means no estimate: the customer still sees the amount in A$.
      if (!result.ok || this.closed) return;
      this.rates.set(wallet, result.value.rate);
      this.refresh();
    });
  }

  private scheduleHold(): void {
    if (this.holdTimer !== null) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    if (!HELD_SCREENS.has(this.current.screen)) return;
    // The same sale on the same screen is still "shown" after a later event changed nothing the customer sees
    // (e.g. the paid details arriving): only another sale or another screen cancels the return to the welcome.
    const shownSale = this.focus.sale?.id;
    const shownScreen = this.current.screen;
    this.holdTimer = setTimeout(() => {
      this.holdTimer = null;
      if (
        shownSale === undefined ||
        this.focus.sale?.id !== shownSale ||
        this.current.screen !== shownScreen
      ) {
        return;
      }
      this.focus = leaveSale(this.focus, shownSale);
      this.refresh();
    }, this.options.resultHoldMs ?? RESULT_HOLD_MS);
    this.holdTimer.unref?.();
  }

  private publishStatus(): void {
    const status = this.status();
    for (const listener of [...this.statusListeners]) listener(status);
  }
}

function sameScreen(a: CustomerDisplayState, b: CustomerDisplayState): boolean {
  return JSON.stringify({ ...a, seq: 0 }) === JSON.stringify({ ...b, seq: 0 });
}
