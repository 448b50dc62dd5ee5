/**
 * What the customer-facing display receives: one small, read-only state, derived in the core from its own
 * sale and refund events (main/customer-display). It carries nothing the customer must not see: no payment
 * code, no order numbers, nothing from the manager area. Plain serialisable data, like ./views.
 */
import type { Bilingual, Platform } from './views';

export type CustomerScreen =
  | 'idle'
  | 'scan'
  | 'qr'
  | 'processing'
  | 'waiting'
  | 'checking'
  | 'paid'
  | 'declined'
  | 'failed'
  | 'voided'
  | 'late_paid'
  | 'refunding'
  | 'refunded'
  | 'refund_failed';

export interface CustomerDisplayState {
  screen: CustomerScreen;
  merchantName: string;
  /** The A$ amount shown large: the sale's, or the refund's on refund screens. */
  amountCents: number | null;
  /** Indicative CNY from the day's GetExchangeRate (always shown as an estimate). */
  estimate: { fen: number; rate: string } | null;
  platform: Platform | null;
  /** Merchant-QR sales only: the text the customer's phone scans. */
  qrText: string | null;
  /** End of the countdown (epoch ms) on the QR and waiting screens. */
  deadline: number | null;
  /** Chinese first on screen; both always shown. */
  title: Bilingual;
  detail: Bilingual | null;
  /** Grows with every change (the page exposes it for tests and the latency benchmark). */
  seq: number;
  /** The first name of the person serving, when the shop shows it (null: not shown). Additive. */
  servedBy?: string | null;
}

/** Whether a customer display is on and how many are showing (Electron window, browser pages). */
export interface CustomerDisplayStatus {
  enabled: boolean;
  connected: number;
}

/** What the customer display's page may use: a feed of states, nothing else. */
export interface CustomerDisplayFeed {
  /** Called with the current state at once, then with every change; returns the unsubscribe function. */
  onState(listener: (state: CustomerDisplayState) => void): () => void;
}

/** Electron IPC: the customer window asks for the current state, then receives every change. */
export const CUSTOMER_STATE_CHANNEL = 'customer:state';
export const CUSTOMER_GET_CHANNEL = 'customer:get';

/** Hub: the customer page and its read-only socket. */
export const CUSTOMER_PAGE_PATH = '/customer';
export const CUSTOMER_SOCKET_PATH = '/customer/feed';
/** Id of the JSON block in which the hub's customer page carries the current state for the first paint. */
export const CUSTOMER_BOOT_ID = 'customer-boot';

/** hub → customer page: the only frame the customer socket ever sends, besides refusals. */
export interface CustomerFrame {
  display: CustomerDisplayState;
}
