/**
 * Whether the till can take a payment request now, and if not, what it is doing — said to the POS in the
 * TILL_BUSY answer. The till is busy from the first digit the cashier types until that sale ends: an amount on
 * the keypad (reported by the screen, main/payments/keypad.ts), the cashier's own sale waiting for a code or
 * being paid, or another API payment. A shop that wants the API to take over an idle keypad (an amount typed
 * or a sale opened, with nothing sent to Omipay yet) says so with `terminalApi.takeOverIdleKeypad`.
 */
import { formatCents } from '../shared/money';
import type { SaleRow } from '../journal/types';
import { ApiError } from './errors';
import type { TILL_ACTIVITIES } from './schemas';

export type TillActivity = (typeof TILL_ACTIVITIES)[number];

export interface TillNow {
  /** The API payment not yet settled, if any. */
  activePaymentId: string | null;
  /** The sale on the till's screen when it is the cashier's own (not an API payment). */
  cashierSale: SaleRow | null;
  /** Some screen holds an amount typed and not charged. */
  keypadHasAmount: boolean;
  takeOverIdleKeypad: boolean;
}

/** Null when a payment request may start now; else the TILL_BUSY error saying why. */
export function tillBusy(now: TillNow): ApiError | null {
  if (now.activePaymentId) return busy('api_payment', now.activePaymentId, undefined);
  const sale = now.cashierSale;
  const amount = sale ? `A$ ${formatCents(sale.amountCents)}` : '';
  if (sale?.status === 'in_progress') {
    return busy('cashier_paying', null, {
      en: `The cashier's own sale of ${amount} is being paid on the till. Try again when it has finished.`,
      zh: `收银员自己的一笔 ${amount} 交易正在收款。请在完成后再试。`,
    });
  }
  if (now.takeOverIdleKeypad) return null;
  if (sale && (sale.status === 'open' || sale.status === 'declined')) {
    return busy('cashier_sale', null, {
      en: `The cashier has a sale of ${amount} on the till, waiting for the customer's code. Try again when it has finished.`,
      zh: `收银员有一笔 ${amount} 的交易正在等待顾客付款码。请在完成后再试。`,
    });
  }
  if (now.keypadHasAmount) {
    return busy('cashier_typing', null, {
      en: 'The cashier is entering an amount on the till. Try again when that sale has finished.',
      zh: '收银员正在收银机上输入金额。请在该笔交易完成后再试。',
    });
  }
  return null;
}

function busy(
  activity: TillActivity,
  activePaymentId: string | null,
  message: { en: string; zh: string } | undefined,
): ApiError {
  return new ApiError('TILL_BUSY', activity.replace('_', ' '), {
    ...(message ? { message } : {}),
    extra: { activePaymentId, tillActivity: activity },
  });
}
