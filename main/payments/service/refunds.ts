/** Refunds: of this till's own sales, and of any till's sales through the store server (refund anywhere). */
import { cashierMessage } from '../../omipay';
import { remoteRefundView } from '../../store-link/remote-refunds';
import { remoteRefundWords } from '../../store-link/remote-refund-words';
import { refundView } from '../views';
import { msg } from '../messages';
import type { Handlers, ServiceContext } from './context';
import { fail, ok } from './results';

export function refundHandlers(ctx: ServiceContext) {
  const { remoteRefunds } = ctx.deps;
  return {
    refund: async ({ saleId, amount, reason, pin, personId }) => {
      const cents = ctx.parseAmount(amount);
      const auth = ctx.authorise({ pin, personId }, 'refund', 'refund', cents);
      if (!auth.ok) return auth;
      const who = ctx.refundPeople(auth.person);
      // Enrolled with a store server: the balance is reserved there first (refund anywhere).
      const row = remoteRefunds
        ? await remoteRefunds.refundOwn(saleId, cents, reason, who)
        : await ctx.deps.refunds.refund(saleId, cents, reason, 'manager', undefined, who);
      const view = refundView(row, ctx.deps.journal);
      if (row.status === 'rejected') return rejected(row);
      return ok(view);
    },
    searchStoreSales: async ({ query, pin, personId }) => {
      const auth = ctx.authorise({ pin, personId }, 'refund', 'search store sales');
      if (!auth.ok) return auth;
      if (!remoteRefunds) return ok({ sales: [], server: 'off', message: remoteRefundWords.notLinked });
      return ok(await remoteRefunds.search(query.trim()));
    },
    refundStoreSale: async ({ tillId, saleId, outOrderNo, amount, reason, pin, personId }) => {
      const cents = ctx.parseAmount(amount);
      const auth = ctx.authorise({ pin, personId }, 'refund', 'refund', cents);
      if (!auth.ok) return auth;
      if (!remoteRefunds) return fail('STORE_SERVER_NOT_LINKED', remoteRefundWords.notLinked);
      const row = await remoteRefunds.refundRemote({
        tillId,
        saleId,
        amountCents: cents,
        reason,
        outOrderNo: outOrderNo ?? null,
      });
      const view = remoteRefundView(row);
      if (row.status === 'rejected') return rejected(row);
      return ok(view);
    },
    getRemoteRefund: ({ refundId }) => {
      const row = remoteRefunds?.get(refundId);
      return row ? ok(remoteRefundView(row)) : fail('REFUND_NOT_FOUND', msg.saleNotFound);
    },
  } satisfies Partial<Handlers>;
}

function rejected(row: { errorCode: string | null; errorDetail: string | null }) {
  return fail(
    row.errorCode ?? 'REFUND_REJECTED',
    cashierMessage(row.errorCode ?? 'SYSTEM_ERROR'),
    row.errorDetail ?? undefined,
  );
}
