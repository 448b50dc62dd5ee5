/**
 * The query budget on the real core: a customer who never confirms (sandbox scenario 0007 stays PAYING) costs
 * at most the plan's budget of QueryOrder calls over the whole foreground wait — the engine's own loop, over
 * real HTTP, with the timings scaled down (harness: 60 s → 3 s). With a notification URL the sparser plan holds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentGateway } from '../../main/payments/gateway';
import { DEFAULT_NOTIFIED_PLAN, DEFAULT_POLLING_PLAN } from '../../main/payments/poll-schedule';
import { queryCountingGateway } from '../helpers/counting-gateway';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function queriesForAWaitNobodyConfirms(notifyUrl?: string): Promise<number> {
  let queries = 0;
  const counting = (g: PaymentGateway): PaymentGateway =>
    queryCountingGateway(g, () => {
      queries++;
    });
  h = await startHarness({ wrapGateway: counting, ...(notifyUrl ? { notifyUrl } : {}) });
  const sale = unwrap(await h.runtime.api.startSale({ amount: '4.20' }));
  unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code: scenario('wechat', '0007') }));
  await h.waitForSale(sale.id, (s) => s.phase === 'unresolved', 10_000);
  // The background resolver takes over from here; its own backoff is not part of the foreground budget.
  return queries;
}

describe('foreground query budget', () => {
  it('polling alone: at most 25 QueryOrder calls in a full wait, and most of them used', async () => {
    const queries = await queriesForAWaitNobodyConfirms();
    expect(queries).toBeLessThanOrEqual(DEFAULT_POLLING_PLAN.maxQueries);
    expect(queries).toBeGreaterThanOrEqual(15);
  });

  it('with a notification URL: the sparser plan, at most 12', async () => {
    const queries = await queriesForAWaitNobodyConfirms('http://127.0.0.1:9/omipay/notify');
    expect(queries).toBeLessThanOrEqual(DEFAULT_NOTIFIED_PLAN.maxQueries);
    expect(queries).toBeGreaterThanOrEqual(6);
  });
});
