/** The manager's history: searching sales, one sale's detail, checking it now, linking an order number by hand. */
import type { SaleDetail } from '../../../preload/api';
import type { SaleRow } from '../../journal/types';
import { statusesForPhase } from '../sale/lifecycle';
import { attemptView, refundView } from '../views';
import { msg } from '../messages';
import { historyWords } from '../history-words';
import { refundElsewhereWords } from '../refund-elsewhere-words';
import { readElsewhereSync } from '../../store-link/refunds-elsewhere';
import type { Handlers, ServiceContext } from './context';
import { fail, ok } from './results';

export function historyHandlers(ctx: ServiceContext) {
  const { journal, engine } = ctx.deps;
  const detail = (sale: SaleRow) => saleDetail(ctx, sale);
  return {
    searchHistory: ({ text, from, to, businessDate, phases, limit }) => {
      const statuses = phases ? phases.flatMap(statusesForPhase) : undefined;
      const rows = journal.searchSales({
        ...(text?.trim() ? { text: text.trim() } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        ...(businessDate !== undefined ? { businessDate } : {}),
        ...(statuses ? { statuses: [...new Set(statuses)] } : {}),
        limit: limit ?? 100,
      });
      const views = rows.map((r) => ctx.view(r));
      // One journal status can show as several phases (voided → late_paid …): the phase decides.
      return ok(phases ? views.filter((v) => phases.includes(v.phase)) : views);
    },
    getSaleDetail: ({ saleId }) => ok(detail(ctx.requireSale(saleId))),
    findSale: ({ reference }) => {
      const ref = reference.trim();
      const attempt = journal.findAttemptByOrderNo(ref) ?? journal.findAttemptByOutOrderNo(ref);
      const sale = attempt ? journal.getSale(attempt.saleId) : journal.getSale(ref);
      if (!sale) return fail('SALE_NOT_FOUND', msg.saleNotFound);
      return ok(detail(sale));
    },
    checkNow: async ({ saleId }) => {
      await engine.checkNow(saleId);
      return ok(detail(ctx.requireSale(saleId)));
    },
    linkOrderNo: async ({ saleId, orderNo, pin, personId }) => {
      const auth = ctx.authorise({ pin, personId }, 'late_payment', 'link order number');
      if (!auth.ok) return auth;
      await engine.linkOrderNo(saleId, orderNo.trim());
      return ok(detail(ctx.requireSale(saleId)));
    },
    decideLatePayment: async ({ saleId, decision, pin, personId }) => {
      const auth = ctx.authorise({ pin, personId }, 'late_payment', `late payment ${decision}`);
      if (!auth.ok) return auth;
      await ctx.closedLoop.decide(saleId, decision, ctx.refundPeople(auth.person));
      return ok(detail(ctx.requireSale(saleId)));
    },
  } satisfies Partial<Handlers>;
}

function saleDetail(ctx: ServiceContext, sale: SaleRow): SaleDetail {
  const { journal } = ctx.deps;
  const attempts = journal.listAttempts(sale.id);
  const refunds = journal.listRefunds(sale.id);
  const events = [
    ...journal.listEvents({ entity: 'sale', entityId: sale.id, limit: 200 }),
    ...attempts.flatMap((a) => journal.listEvents({ entity: 'attempt', entityId: a.id, limit: 200 })),
    ...refunds.flatMap((r) => journal.listEvents({ entity: 'refund', entityId: r.id, limit: 200 })),
  ].sort((a, b) => a.at - b.at || a.id - b.id);
  const link = ctx.deps.storeLink?.status().state ?? 'off';
  const elsewhere = journal.refundsElsewhere.listForSale(sale.id);
  return {
    sale: ctx.view(sale),
    attempts: attempts.map(attemptView),
    refunds: refunds.map((r) => refundView(r, journal)),
    refundsElsewhere: elsewhere.map((r) => ({
      outRefundNo: r.outRefundNo,
      tillName: r.tillName,
      amountCents: r.amountCents,
      state: r.state,
      requestedAt: r.requestedAt,
      heardAt: r.heardAt,
      message: refundElsewhereWords(r),
    })),
    // Enrolled, or was (what it heard then still counts): say whether this is live or as last heard.
    elsewhereKnown:
      link !== 'off' || elsewhere.length > 0
        ? { live: link === 'online', syncedAt: readElsewhereSync(journal)?.syncedAt ?? null }
        : null,
    refundableCents: ctx.deps.refunds.refundableCents(sale.id),
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

function summarise(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ')
    .slice(0, 200);
}
