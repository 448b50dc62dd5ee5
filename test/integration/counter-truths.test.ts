/**
 * What the core tells the counter about sales that left the screen, on the real core (embedded sandbox over
 * HTTP, SQLite on disk): a sale handed to background checks that is later paid or fails raises one notice
 * naming the sale; its history reads in words; a sale paid straight from MakeScanOrder's reply gets its pay
 * time, CNY amount and rate from one QueryOrder; a sandbox receipt is marked TEST.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeView, PosEvent } from '../../preload/api';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function sandbox(path: string): Promise<void> {
  const res = await fetch(`${h.runtime.sandboxUrl}/_sandbox/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (!res.ok) throw new Error(`sandbox ${path}: ${res.status}`);
}

function notices(): NoticeView[] {
  return h.events
    .filter((e): e is Extract<PosEvent, { type: 'notice' }> => e.type === 'notice')
    .map((e) => e.notice);
}

/** A sale whose customer is still confirming (0007) when the cashier stops waiting. */
async function backgroundSale(amount: string, code: string) {
  const api = h.runtime.api;
  const sale = unwrap(await api.startSale({ amount }));
  unwrap(await api.submitCode({ saleId: sale.id, code }));
  await h.waitForSale(sale.id, (s) => s.phase === 'waiting_customer');
  unwrap(await api.stopWaiting({ saleId: sale.id }));
  return h.waitForSale(sale.id, (s) => s.phase === 'unresolved' && s.orderNo !== null);
}

describe('sales settling in the background', () => {
  it('a background sale that gets paid raises one notice with its amount, time and platform', async () => {
    const sale = await backgroundSale('18.80', scenario('wechat', '0007'));
    expect(notices().filter((n) => n.saleId === sale.id)).toEqual([]);
    await sandbox(`orders/${sale.orderNo}/pay`);
    await h.waitForSale(sale.id, (s) => s.phase === 'paid');
    await expect.poll(() => notices().filter((n) => n.saleId === sale.id).length).toBe(1);
    const notice = notices().find((n) => n.saleId === sale.id)!;
    expect(notice.kind).toBe('paid_in_background');
    expect(notice.amountCents).toBe(1880);
    expect(notice.message.en).toMatch(/^The A\$ 18\.80 sale from \d{2}:\d{2} \(WeChat Pay\) is now paid/);
    expect(notice.message.zh).toContain('微信支付');
    // Checked again later: still one notice.
    unwrap(await h.runtime.api.checkNow({ saleId: sale.id }));
    expect(notices().filter((n) => n.saleId === sale.id)).toHaveLength(1);
  });

  it('a background sale that fails says nothing was charged', async () => {
    const sale = await backgroundSale('7.00', scenario('alipay', '0007'));
    await sandbox(`orders/${sale.orderNo}/fail`);
    await h.waitForSale(sale.id, (s) => s.phase === 'failed');
    await expect.poll(() => notices().filter((n) => n.saleId === sale.id).length).toBe(1);
    const notice = notices().find((n) => n.saleId === sale.id)!;
    expect(notice.kind).toBe('failed_in_background');
    expect(notice.message.en).toContain('(Alipay) was not paid');
    expect(notice.message.en).toContain('Nothing was charged');
  });

  it('a sale paid on the screen raises no notice', async () => {
    const before = notices().length;
    const sale = unwrap(await h.runtime.api.startSale({ amount: '3.00' }));
    unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code: scenario('wechat', '0001') }));
    await h.waitForSale(sale.id, (s) => s.phase === 'paid');
    expect(notices()).toHaveLength(before);
  });
});

describe('what a sale’s detail and receipt say', () => {
  it('the history of checks is in words, not journal internals', async () => {
    const sale = await backgroundSale('5.50', scenario('wechat', '0007'));
    const detail = unwrap(await h.runtime.api.getSaleDetail({ saleId: sale.id }));
    const words = detail.history.map((e) => e.words.en);
    expect(words).toContain('Sale started for A$ 5.50 (scan)');
    expect(words).toContain('Payment code scanned (WeChat Pay), sent to Omipay');
    expect(words).toContain('Customer confirming on their phone');
    expect(words).toContain('Cashier stopped waiting; checks go on in the background');
    for (const e of detail.history) {
      expect(e.words.en).not.toMatch(/[A-Za-z]+=|attemptId|amountCents/);
      expect(e.words.zh).not.toBe('');
    }
  });

  it('a 0000 sale gets its pay time, CNY amount and rate; "Paid at" is the gateway’s pay time', async () => {
    const api = h.runtime.api;
    const sale = unwrap(await api.startSale({ amount: '12.50' }));
    unwrap(await api.submitCode({ saleId: sale.id, code: scenario('alipay', '0000') }));
    const paid = await h.waitForSale(sale.id, (s) => s.phase === 'paid' && s.cnyAmount !== null);
    expect(paid.cnyAmount).toBeGreaterThan(0);
    expect(paid.exchangeRateScaled).toMatch(/^\d+$/);
    const detail = unwrap(await api.getSaleDetail({ saleId: sale.id }));
    const attempt = detail.attempts.find((a) => a.orderNo === paid.orderNo)!;
    expect(attempt.payTime).not.toBeNull();
    expect(paid.paidAt).toBe(attempt.payTime);
    expect(detail.paidRecordedAt).toBeGreaterThanOrEqual(detail.sale.createdAt);
    const receipt = unwrap(await api.getReceipt({ saleId: sale.id }));
    expect(receipt.cnyAmount).toBe(paid.cnyAmount);
    expect(receipt.exchangeRate).toMatch(/^\d+\.\d+$/);
    expect(receipt.at).toBe(attempt.payTime);
    expect(receipt.test).toBe(true);
  });
});
