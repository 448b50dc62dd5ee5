/**
 * Tells the cashier when a sale that left the screen settles in the background: a sale handed to background
 * checks (unresolved: stopped waiting, a lost reply, a restart) that turns out paid or failed. A badge count
 * alone does not say which customer paid; a notice names the sale by amount, time and platform.
 */
import type { NoticeView } from '../../preload/api';
import type { Journal, SaleRow } from '../journal/types';
import { formatCents } from '../shared/money';
import { pad2, wallClock } from '../shared/zoned-time';
import type { EngineEvent } from './sale-engine';

const PLATFORM_NAMES = {
  WECHATPAY: { en: 'WeChat Pay', zh: '微信支付' },
  ALIPAY: { en: 'Alipay', zh: '支付宝' },
} as const;

export interface SaleNoticesDeps {
  journal: Journal;
  onEngineEvent: (listener: (event: EngineEvent) => void) => () => void;
  emit: (notice: NoticeView) => void;
  timeZone: () => string;
  now: () => number;
}

/** "14:05" on the counter's clock: the time the cashier rang the sale up, which is what they remember. */
function counterTime(at: number, timeZone: string): string {
  try {
    const w = wallClock(at, timeZone);
    return `${pad2(w.hour)}:${pad2(w.minute)}`;
  } catch {
    const w = wallClock(at, 'UTC');
    return `${pad2(w.hour)}:${pad2(w.minute)} UTC`;
  }
}

export function backgroundNotice(
  sale: SaleRow,
  kind: 'paid_in_background' | 'failed_in_background',
  timeZone: string,
  at: number,
): NoticeView {
  const amount = `A$ ${formatCents(sale.amountCents)}`;
  const time = counterTime(sale.createdAt, timeZone);
  const platform = sale.platform ? PLATFORM_NAMES[sale.platform] : null;
  const en = platform ? ` (${platform.en})` : '';
  const zh = platform ? `（${platform.zh}）` : '';
  const message =
    kind === 'paid_in_background'
      ? {
          en: `The ${amount} sale from ${time}${en} is now paid: the customer's payment went through. Do not charge it again.`,
          zh: `${time} 的 ${amount} 交易${zh}已确认付款成功，请勿重复收款。`,
        }
      : {
          en: `The ${amount} sale from ${time}${en} was not paid: Omipay reports it failed or was cancelled. Nothing was charged; take the payment again if the customer is still here.`,
          zh: `${time} 的 ${amount} 交易${zh}未付款：Omipay 显示付款失败或已取消，未扣款。如顾客仍在，请重新收款。`,
        };
  return { id: `${sale.id}:${kind}`, saleId: sale.id, kind, amountCents: sale.amountCents, message, at };
}

/** Watches the sale engine; returns the unsubscribe function. */
export function watchBackgroundSales(deps: SaleNoticesDeps): () => void {
  // Sales in background checks right now (also those recovered after a restart): the ones a notice is for.
  const inBackground = new Set(
    deps.journal
      .listActiveSales()
      .filter((s) => s.status === 'unresolved')
      .map((s) => s.id),
  );
  const told = new Set<string>();
  return deps.onEngineEvent((event) => {
    if (event.type !== 'sale') return;
    const sale = deps.journal.getSale(event.saleId);
    if (!sale) return;
    if (sale.status === 'unresolved') {
      inBackground.add(sale.id);
      return;
    }
    if (!inBackground.has(sale.id)) return;
    if (sale.status !== 'paid' && sale.status !== 'failed') return;
    inBackground.delete(sale.id);
    const kind = sale.status === 'paid' ? 'paid_in_background' : 'failed_in_background';
    const notice = backgroundNotice(sale, kind, deps.timeZone(), deps.now());
    if (told.has(notice.id)) return;
    told.add(notice.id);
    deps.emit(notice);
  });
}
