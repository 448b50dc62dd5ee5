/**
 * The customer display as pure functions of the core's own events: `followEvent` keeps what the customer
 * should be looking at (one sale, or a refund), `customerDisplayState` turns it into the screen. No clock, no
 * I/O: the feed (./feed) supplies the merchant's name, the day's rate and the sequence number.
 */
import type { Bilingual, Platform, PosEvent, RefundView, SalePhase, SaleView } from '../../preload/api';
import { REFUND_WORDS, refundHeadline, refundState, type RefundState } from '../shared/refund-words';
import type { CustomerDisplayState, CustomerScreen } from '../../preload/customer-display';
import { customerText as text, declineAdvice } from './messages';
import { cnyEstimateFen } from '../shared/cny-estimate';

/** What the display follows: the sale at the counter, or a refund (shown until the next sale). */
export interface DisplayFocus {
  sale: SaleView | null;
  refund: RefundView | null;
  /**
   * Sales created at or before this (epoch ms) are over for the customer display: the counter moved on from
   * them, so their background updates never take the screen back (a late payment's refund excepted).
   */
  floor: number;
}

export const EMPTY_FOCUS: DisplayFocus = { sale: null, refund: null, floor: 0 };

/** The display after the counter moved on from `sale` (a new sale begins, or its result was shown long enough). */
export function leaveSale(focus: DisplayFocus, saleId: string): DisplayFocus {
  const sale = focus.sale;
  if (sale === null || sale.id !== saleId || focus.refund !== null) return focus;
  return { sale: null, refund: null, floor: Math.max(focus.floor, sale.createdAt) };
}

/** Phases during which a customer is standing at the counter paying: nothing else may take the screen. */
const IN_PROGRESS: ReadonlySet<SalePhase> = new Set([
  'awaiting_code',
  'submitting',
  'waiting_customer',
  'checking',
]);
/** Phases of a voided sale that still concern the customer who paid it (their money comes back). */
const LATE: ReadonlySet<SalePhase> = new Set(['late_paid', 'late_refunding', 'late_refunded']);

function busy(focus: DisplayFocus): boolean {
  return focus.refund === null && focus.sale !== null && IN_PROGRESS.has(focus.sale.phase);
}

/** The next focus after one core event. Events that do not concern the customer leave it unchanged. */
export function followEvent(focus: DisplayFocus, event: PosEvent): DisplayFocus {
  if (event.type === 'sale') {
    const sale = event.sale;
    const current = focus.sale;
    // The sale's own update after a refund of it: the refund stays on screen.
    if (focus.refund !== null && focus.refund.saleId === sale.id && !LATE.has(sale.phase)) {
      return { ...focus, sale };
    }
    const newer =
      current === null
        ? sale.createdAt > focus.floor
        : current.id === sale.id || sale.createdAt > current.createdAt;
    if (newer) return { sale, refund: null, floor: focus.floor };
    // An older sale settling in the background: only a late payment's refund, and only when the counter is free.
    if (LATE.has(sale.phase) && !busy(focus)) return { sale, refund: null, floor: focus.floor };
    return focus;
  }
  if (event.type === 'refund') {
    if (busy(focus)) return focus;
    return { ...focus, refund: event.refund };
  }
  if (event.type === 'counter-free') return leaveSale(focus, event.saleId);
  return focus;
}

export interface StateInputs {
  focus: DisplayFocus;
  merchantName: string;
  /** The day's AUD→CNY rate for the sale's wallet (or WeChat Pay's before the wallet is known), if fetched. */
  rate: string | null;
  seq: number;
  /** What happens to a payment that lands after a void (the store's setting); refund when not known. */
  latePayments?: LatePolicy;
}

type LatePolicy = 'refund' | 'ask_manager';

interface Screen {
  screen: CustomerScreen;
  title: Bilingual;
  detail: Bilingual | null;
}

/** Which customer screen each sale phase shows. A table, so every phase is decided (the compiler checks). */
const SALE_SCREENS: Readonly<Record<SalePhase, (sale: SaleView, late: LatePolicy) => Screen>> = {
  // Where the code is in each wallet is drawn on the page, under the title.
  awaiting_code: () => ({ screen: 'scan', title: text.showCode, detail: null }),
  submitting: () => ({ screen: 'processing', title: text.processing, detail: null }),
  waiting_customer: (sale) =>
    sale.kind === 'scan'
      ? { screen: 'waiting', title: text.confirmOnPhone, detail: text.confirmOnPhoneHow }
      : { screen: 'qr', title: text.scanQr, detail: null },
  checking: () => ({ screen: 'checking', title: text.checking, detail: text.checkingHow }),
  // Still being checked in the background: the customer is told to wait, never that it failed.
  unresolved: () => ({ screen: 'checking', title: text.checking, detail: text.checkingHow }),
  paid: () => ({ screen: 'paid', title: text.paid, detail: null }),
  declined: (sale) => ({ screen: 'declined', title: text.declined, detail: declineAdvice(sale.errorCode) }),
  failed: () => ({ screen: 'failed', title: text.failed, detail: text.failedHow }),
  abandoned: () => IDLE_SCREEN,
  // A payment may still land on a voided sale: the customer is never told they were not charged.
  voided: (_sale, late) => ({
    screen: 'voided',
    title: text.voided,
    detail: late === 'refund' ? text.voidedHow : text.voidedAskStaff,
  }),
  late_paid: () => ({ screen: 'late_paid', title: text.latePaid, detail: text.latePaidHow }),
  // The sale's phase does not say whether its refund is still being sent or checked: it is on its way.
  late_refunding: () => refundStateScreen('processing'),
  late_refunded: () => refundStateScreen('refunded'),
};

const IDLE_SCREEN: Screen = { screen: 'idle', title: text.welcome, detail: text.wallets };

const REFUND_SCREENS: Readonly<Record<RefundState, CustomerScreen>> = {
  sending: 'refunding',
  checking: 'refunding',
  processing: 'refunding',
  refunded: 'refunded',
  failed: 'refund_failed',
};

/** A refund in the words the counter uses for it (refund-words.ts), told to the customer. */
function refundStateScreen(state: RefundState): Screen {
  return {
    screen: REFUND_SCREENS[state],
    title: refundHeadline(state),
    detail: REFUND_WORDS[state].customer,
  };
}

function refundScreen(refund: RefundView): Screen {
  return refundStateScreen(refundState(refund.status));
}

export function customerDisplayState(inputs: StateInputs): CustomerDisplayState {
  const { focus, merchantName, seq } = inputs;
  const base = {
    merchantName,
    amountCents: null,
    estimate: null,
    platform: null,
    qrText: null,
    deadline: null,
    seq,
  };
  if (focus.refund !== null) {
    return {
      ...base,
      ...refundScreen(focus.refund),
      amountCents: focus.refund.amountCents,
      platform: focus.sale?.id === focus.refund.saleId ? focus.sale.platform : null,
    };
  }
  const sale = focus.sale;
  if (sale === null) return { ...base, ...IDLE_SCREEN };
  const shown = SALE_SCREENS[sale.phase](sale, inputs.latePayments ?? 'refund');
  if (shown.screen === 'idle') return { ...base, ...shown };
  const qrText = shown.screen === 'qr' ? (sale.qrcode ?? sale.payUrl) : null;
  const deadline = shown.screen === 'qr' || shown.screen === 'waiting' ? sale.waitDeadline : null;
  // The estimate helps before paying; afterwards the customer's app shows what was really taken.
  const estimate =
    IN_PROGRESS.has(sale.phase) && inputs.rate !== null ? estimateFor(sale.amountCents, inputs.rate) : null;
  return {
    ...base,
    ...shown,
    // On a late payment's refund screens this is what comes back: the whole sale.
    amountCents: sale.amountCents,
    estimate,
    platform: sale.platform,
    qrText,
    deadline,
  };
}

/** The wallet whose rate the estimate uses: the sale's once known, WeChat Pay's until then. */
export function rateWallet(focus: DisplayFocus): Platform {
  return focus.sale?.platform ?? 'WECHATPAY';
}

/** The estimate at a decimal rate (main/shared/cny-estimate.ts), with the rate it used; null for an unreadable rate. */
export function estimateFor(cents: number, rate: string): { fen: number; rate: string } | null {
  const fen = cnyEstimateFen(cents, rate);
  return fen === null ? null : { fen, rate: rate.trim() };
}
