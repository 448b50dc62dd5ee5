/** Today's exchange rate per platform, fetched once a business day and kept when the gateway cannot answer. */
import { businessDateOf } from '../../shared/business-date';
import { msg } from '../messages';
import type { Handlers, ServiceContext } from './context';
import { fail, ok, toPosError } from './results';

export function exchangeRateHandlers(ctx: ServiceContext) {
  return {
    getExchangeRate: async ({ platform }) => {
      const today = businessDateOf(ctx.now(), ctx.terminal.timeZone);
      const cached = ctx.rates.get(platform);
      if (cached && cached.date === today)
        return ok({ platform, rate: cached.rate, fetchedAt: cached.fetchedAt });
      try {
        const r = await ctx.deps.gateway.getExchangeRate({ platform }, { timeoutMs: 10_000 });
        ctx.noteGatewayCall(true, null);
        const entry = { rate: r.rate.text, fetchedAt: ctx.now(), date: today };
        ctx.rates.set(platform, entry);
        return ok({ platform, rate: entry.rate, fetchedAt: entry.fetchedAt });
      } catch (err) {
        const e = toPosError(err);
        ctx.noteGatewayCall(false, e.code);
        if (cached) return ok({ platform, rate: cached.rate, fetchedAt: cached.fetchedAt });
        return fail(e.code, msg.noGatewayRate, e.message.en);
      }
    },
  } satisfies Partial<Handlers>;
}
