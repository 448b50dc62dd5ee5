/** Receipts of a sale or refund (view, HTML, print) and the printer's test page. */
import type { PosResult, ReceiptView } from '../../../preload/api';
import { refundView } from '../views';
import { msg } from '../messages';
import type { Handlers, ServiceContext } from './context';
import { fail, ok, printResult, scaledRateText } from './results';

export function receiptHandlers(ctx: ServiceContext) {
  return {
    getReceipt: ({ saleId, refundId }) => receiptView(ctx, saleId, refundId),
    getReceiptHtml: ({ saleId, refundId }) => {
      const view = receiptView(ctx, saleId, refundId);
      if (!view.ok) return view;
      if (!ctx.deps.receipts) return fail('UNAVAILABLE', msg.internal, 'no receipt renderer');
      return ok({ html: ctx.deps.receipts.html(view.value, ctx.terminal.language) });
    },
    printReceipt: async ({ saleId, refundId }) => {
      const view = receiptView(ctx, saleId, refundId);
      if (!view.ok) return view;
      if (!ctx.deps.receipts) return fail('UNAVAILABLE', msg.internal, 'no printer');
      return printResult(await ctx.deps.receipts.print(view.value, ctx.terminal.language));
    },
    testPrint: async ({ pin, personId }) => {
      const auth = ctx.authorise({ pin, personId }, 'settings', 'test_print');
      if (!auth.ok) return auth;
      if (!ctx.deps.receipts) return fail('UNAVAILABLE', msg.internal, 'no printer');
      return printResult(await ctx.deps.receipts.testPrint(ctx.terminal.language));
    },
    getTestPageHtml: ({ pin, personId }) => {
      const auth = ctx.authorise({ pin, personId }, 'settings', 'test_print');
      if (!auth.ok) return auth;
      if (!ctx.deps.receipts?.testPageHtml) return fail('UNAVAILABLE', msg.internal, 'no receipt renderer');
      return ok({ html: ctx.deps.receipts.testPageHtml(ctx.now(), ctx.terminal.timeZone) });
    },
  } satisfies Partial<Handlers>;
}

function receiptView(
  ctx: ServiceContext,
  saleId: string,
  refundId: string | undefined,
): PosResult<ReceiptView> {
  const { journal } = ctx.deps;
  const sale = ctx.requireSale(saleId);
  // A late payment (voided, then paid) has a receipt too: its refund's.
  const tookMoney = sale.status === 'paid' || (sale.status === 'voided' && refundId !== undefined);
  if (!tookMoney || !sale.paidAttemptId) return fail('ORDER_NOT_PAID', msg.refundNotPaid);
  const attempt = journal.getAttempt(sale.paidAttemptId);
  const refund = refundId ? journal.getRefund(refundId) : undefined;
  if (refundId && (!refund || refund.saleId !== saleId)) return fail('REFUND_NOT_FOUND', msg.saleNotFound);
  return ok({
    merchantName: ctx.terminal.merchantName,
    posNo: ctx.terminal.posNo,
    saleId,
    kind: refund ? ('refund' as const) : ('sale' as const),
    amountCents: refund ? refund.amountCents : sale.amountCents,
    cnyAmount: refund ? null : (attempt?.cnyAmount ?? null),
    exchangeRate: attempt?.exchangeRateScaled ? scaledRateText(attempt.exchangeRateScaled) : null,
    platform: sale.platform,
    orderNo: attempt?.orderNo ?? '',
    outOrderNo: attempt?.outOrderNo ?? '',
    at: refund ? refund.createdAt : (attempt?.payTime ?? sale.paidAt ?? sale.createdAt),
    timeZone: ctx.terminal.timeZone,
    businessDate: refund ? refund.businessDate : sale.businessDate,
    refund: refund ? refundView(refund, ctx.deps.journal) : null,
    ...(ctx.gateway.mode === 'sandbox' ? { test: true } : {}),
  });
}
