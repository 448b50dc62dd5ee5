/** Receipts of a sale or refund (view, HTML, print) and the printer's test page. */
import type { PosResult, ReceiptTaxInvoice, ReceiptView } from '../../../preload/api';
import type { SaleRow } from '../../journal/types';
import { COUNTER_PERSON_ID } from '../../journal/tables/people';
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
    ...receiptExtras(ctx, sale),
  });
}

/**
 * What the shop's receipt settings add: the tax invoice details (the layouts decide whether this receipt is a tax
 * invoice or an adjustment note, main/receipts/tax-invoice.ts) and who served. Reprints are built the same way,
 * from today's settings.
 */
function receiptExtras(
  ctx: ServiceContext,
  sale: SaleRow,
): { taxInvoice?: ReceiptTaxInvoice; servedBy?: string } {
  const settings = ctx.deps.settings?.receiptSettings?.();
  if (!settings) return {};
  const { receipt, orderName } = settings;
  const out: { taxInvoice?: ReceiptTaxInvoice; servedBy?: string } = {};
  // A voided sale paid late (and refunded) sold nothing: no tax invoice was issued, so its refund is no
  // adjustment note either.
  if (receipt.taxInvoice && receipt.abn !== null && receipt.businessName !== '' && sale.status === 'paid') {
    out.taxInvoice = {
      businessName: receipt.businessName,
      abn: receipt.abn,
      pricesIncludeGst: receipt.pricesIncludeGst,
      description: orderName,
      saleAmountCents: sale.amountCents,
    };
  }
  const servedBy = receipt.printServedBy ? servedByName(ctx, sale) : null;
  if (servedBy) out.servedBy = servedBy;
  return out;
}

/**
 * The name of whoever took the sale (sales.person_id); null for a sale made before people were recorded, and for
 * the till's built-in no-sign-in person ("Cashier"), which names nobody: both print no line.
 */
function servedByName(ctx: ServiceContext, sale: SaleRow): string | null {
  const taken = ctx.deps.journal.people.saleNames(sale.id);
  if (taken.takenById === null || taken.takenById === COUNTER_PERSON_ID) return null;
  return taken.takenBy?.trim() || null;
}
