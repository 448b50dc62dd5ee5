/**
 * Notifications are triggers, never proof. Over real HTTP to the hub's /omipay/notify, against the real core and
 * sandbox: forged, replayed (also after a restart), FAIL, contradicted and unknown-order notifications change
 * nothing; a genuine one only makes the POS ask the gateway at once, and the sale settles from that answer.
 * Polling is slowed right down here, so anything that settles quickly was settled by the triggered query.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type HubHandle } from '../../main/hub';
import { makeNonce, omipaySign } from '../../main/omipay/sign';
import type { SaleDetail, SaleView } from '../../preload/api';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { bucketAllows, flood } from '../helpers/flood';
import { until } from '../helpers/until';
import { httpRequest, makeStaticDir } from '../helpers/hub-client';

const SLOW = { maxWaitMs: 60_000, pollScale: 20, backgroundFirstMs: 60_000, callTimeoutMs: 600 };

let dataDir: string;
let h: Harness;
let hub: HubHandle;

async function start(): Promise<void> {
  h = await startHarness({ dataDir, tuning: SLOW });
  hub = await startHub({ runtime: h.runtime, staticDir: makeStaticDir() });
}

async function stop(): Promise<void> {
  await hub.close();
  await h.close();
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pos-notify-'));
  await start();
});
afterAll(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function notification(
  sale: Pick<SaleView, 'orderNo' | 'outOrderNo' | 'amountCents'>,
  extra: Record<string, unknown> = {},
  secret?: string,
): string {
  const merchant = h.runtime.sandbox!.merchants[0]!;
  const timestamp = Date.now();
  const nonce = makeNonce();
  return JSON.stringify({
    nonce_str: nonce,
    timestamp,
    sign: omipaySign(merchant.mNumber, timestamp, nonce, secret ?? merchant.secretKey),
    order_no: sale.orderNo,
    out_order_no: sale.outOrderNo,
    currency: 'AUD',
    total_amount: sale.amountCents,
    order_time: '20261201100000',
    pay_time: '20261201100005',
    exchange_rate: 471230000,
    pay_currency: 'CNY',
    cny_amount: 5183,
    return_code: 'SUCCESS',
    ...extra,
  });
}

function post(body: string) {
  return httpRequest(`http://127.0.0.1:${hub.port}/omipay/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
}

async function detail(saleId: string): Promise<SaleDetail> {
  return unwrap(await h.runtime.api.getSaleDetail({ saleId }));
}

/** A sale whose customer is "still confirming" (0007 stays PAYING until the test settles it at the sandbox). */
const waitingSale = (amount: string): Promise<SaleView> =>
  h.sell(amount, scenario('alipay', '0007'), (s) => s.phase === 'waiting_customer' && s.orderNo !== null);

/** Ends a test's sale at the gateway and frees the counter for the next one. */
async function finish(sale: SaleView): Promise<void> {
  h.runtime.sandbox!.control.closeOrder(sale.orderNo!);
  unwrap(await h.runtime.api.voidSale({ saleId: sale.id }));
}

function historyTypes(d: SaleDetail): string[] {
  return d.history.map((e) => e.type);
}

describe('a notification is a trigger, never proof', () => {
  it('a genuine notification for an order still PAYING at the gateway asks the gateway and changes nothing', async () => {
    const sale = await waitingSale('11.00');
    const checksBefore = (await detail(sale.id)).attempts[0]!.checkCount;
    const reply = await post(notification(sale));
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text)).toEqual({ return_code: 'SUCCESS' });
    // The check it triggered started before the reply; idle() is once it is answered and journalled.
    await h.runtime.idle();
    const after = await detail(sale.id);
    expect(after.sale.phase).toBe('waiting_customer');
    // The notification made the POS ask (one QueryOrder), and the gateway's PAYING kept the sale open.
    expect(after.attempts[0]!.checkCount).toBe(checksBefore + 1);
    expect(historyTypes(after)).toContain('notification.received');
    await finish(sale);
  });

  it('settles from the gateway’s answer at once when the gateway says paid', async () => {
    const sale = await waitingSale('12.00');
    h.runtime.sandbox!.control.payOrder(sale.orderNo!);
    const sent = Date.now();
    expect((await post(notification(sale))).status).toBe(200);
    const paid = await h.waitForSale(sale.id, (s) => s.phase === 'paid', 3_000);
    // Polling is every 20 s here: only the triggered QueryOrder can have found it this fast.
    expect(Date.now() - sent).toBeLessThan(2_000);
    expect(paid.orderNo).toBe(sale.orderNo);
    const d = await detail(sale.id);
    expect(d.attempts[0]!.status).toBe('paid');
  });

  it('a notification for an order the gateway never had cannot invent one', async () => {
    const control = h.runtime.sandbox!.control;
    // Every MakeScanOrder is dropped unprocessed: the attempt stays unknown with no gateway order.
    control.injectFault({ fault: { kind: 'drop' }, api: 'MakeScanOrder', times: 50 });
    const sale = unwrap(await h.runtime.api.startSale({ amount: '13.00' }));
    unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code: scenario('wechat', '0000') }));
    const checking = await h.waitForSale(sale.id, (s) => s.phase === 'checking');
    expect(checking.orderNo).toBeNull();
    const invented = { ...checking, orderNo: 'TR2612010010011263009795' };
    expect((await post(notification(invented))).status).toBe(200);
    await h.runtime.idle();
    const d = await detail(sale.id);
    expect(d.sale.phase).not.toBe('paid');
    expect(d.attempts[0]!.orderNo).toBeNull();
    control.clearFaults();
    await h.runtime.api.voidSale({ saleId: sale.id });
  });

  it('FAIL, wrong amount, wrong order number and unknown orders are recorded and change nothing', async () => {
    const sale = await waitingSale('14.00');
    h.runtime.sandbox!.control.payOrder(sale.orderNo!);
    const before = (await detail(sale.id)).attempts[0]!.checkCount;
    for (const body of [
      notification(sale, { return_code: 'FAIL' }),
      notification(sale, { total_amount: 1 }),
      notification({ ...sale, orderNo: 'TR0000000000000000000000' }),
      notification({ ...sale, outOrderNo: 'NOSUCHORDER0001' }),
    ]) {
      expect((await post(body)).status).toBe(200);
    }
    // A check any of them triggered would have started before its reply: once idle, it would show.
    await h.runtime.idle();
    const d = await detail(sale.id);
    // Paid at the gateway, but none of these may be what tells us: no check was triggered.
    expect(d.sale.phase).toBe('waiting_customer');
    expect(d.attempts[0]!.checkCount).toBe(before);
    expect(historyTypes(d)).toEqual(
      expect.arrayContaining([
        'notification.not_success',
        'notification.amount_mismatch',
        'notification.order_no_mismatch',
      ]),
    );
    // The poll still finds the truth by itself.
    unwrap(await h.runtime.api.checkNow({ saleId: sale.id }));
    expect((await detail(sale.id)).sale.phase).toBe('paid');
  });

  it('a forged signature is refused', async () => {
    const sale = await waitingSale('15.00');
    const reply = await post(notification(sale, {}, 'not-the-secret'));
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.text)).toMatchObject({ return_code: 'FAIL', reason: 'bad_signature' });
    await finish(sale);
  });

  it('a replayed nonce is refused, and still refused after a restart', async () => {
    const sale = await waitingSale('16.00');
    const body = notification(sale);
    expect((await post(body)).status).toBe(200);
    const again = await post(body);
    expect(again.status).toBe(400);
    expect(JSON.parse(again.text)).toMatchObject({ reason: 'replayed_nonce' });
    await finish(sale);
    await stop();
    await start();
    const afterRestart = await post(body);
    expect(afterRestart.status).toBe(400);
    expect(JSON.parse(afterRestart.text)).toMatchObject({ reason: 'replayed_nonce' });
  });

  it('a flood from one source is cut off with 429 while the counter keeps working', async () => {
    const sale = await waitingSale('17.00');
    const { statuses, elapsedMs } = await flood(60, () => post(notification(sale, {}, 'not-the-secret')));
    // The hub's bucket: 30 at once, 10 more a second.
    const allowed = Math.min(60, bucketAllows({ burst: 30, perSecond: 10 }, elapsedMs));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(60 - allowed);
    expect(statuses.filter((s) => s === 400).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 400 || s === 429)).toBe(true);
    // The cashier's calls are not behind the limit.
    expect(unwrap(await h.runtime.api.getSnapshot()).activeSale?.id).toBe(sale.id);
    // Tokens come back with time.
    await until('a token back', async () => ((await post(notification(sale))).status === 200 ? true : null));
    await finish(sale);
  });

  it('refuses a body over 16 KiB unread', async () => {
    // The rate limit comes first: a flood before this may still hold the bucket empty.
    const reply = await until('a reply past the rate limit', async () => {
      const r = await post(JSON.stringify({ pad: 'x'.repeat(17 * 1024) }));
      return r.status === 429 ? null : r;
    });
    expect(reply.status).toBe(413);
  });
});
