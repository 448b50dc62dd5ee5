// Manager store flows against the real core (embedded sandbox over HTTP, SQLite journal): reports for another
// business date, and opening the refund screen for a sale picked in History.
import { afterEach, describe, expect, it } from 'vitest';
import { createManagerStore } from '../../../renderer/src/store/manager-store';
import { businessDateOf } from '../../../main/shared/business-date';
import { scenario, startHarness, unwrap, type Harness } from '../../helpers/runtime-harness';

let harness: Harness | null = null;

afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('reports for another date', () => {
  it('shows and closes a past day without touching today', async () => {
    harness = await startHarness();
    const api = harness.runtime.api;
    unwrap(await api.setManagerPin({ newPin: '1357' }));
    const sale = unwrap(await api.startSale({ amount: '5.00' }));
    unwrap(await api.submitCode({ saleId: sale.id, code: scenario('wechat', '0000') }));
    await harness.waitForSale(sale.id, (s) => s.phase === 'paid');

    const tz = harness.runtime.config.timeZone;
    const store = createManagerStore(api, { timeZone: () => tz });
    const stop = store.getState().start();
    store.getState().enter(true);
    expect(await store.getState().submitPin('1357')).toBe(true);

    await store.getState().loadReport('X');
    expect(store.getState().reports.report?.businessDate).toBe(businessDateOf(Date.now(), tz));
    expect(store.getState().reports.report?.totals.salesCents).toBe(500);

    await store.getState().setReportDate('2026-01-15');
    expect(store.getState().reports.date).toBe('2026-01-15');
    expect(store.getState().reports.report?.businessDate).toBe('2026-01-15');
    expect(store.getState().reports.report?.totals.salesCents).toBe(0);

    await store.getState().closeDay(false);
    const closed = store.getState().reports.report;
    expect(closed?.kind).toBe('Z');
    expect(closed?.businessDate).toBe('2026-01-15');
    expect(closed?.closedAt).not.toBeNull();
    // Today is still open.
    expect(unwrap(await api.report({ kind: 'Z' })).closedAt).toBeNull();

    await store.getState().setReportDate(null);
    expect(store.getState().reports.report?.businessDate).toBe(businessDateOf(Date.now(), tz));
    stop();
  });
});

describe('refund from a sale in History', () => {
  it('opens that sale on the refund screen, right after the PIN when the area was locked', async () => {
    harness = await startHarness();
    const api = harness.runtime.api;
    unwrap(await api.setManagerPin({ newPin: '2468' }));
    const sale = unwrap(await api.startSale({ amount: '7.70' }));
    unwrap(await api.submitCode({ saleId: sale.id, code: scenario('alipay', '0000') }));
    const paid = await harness.waitForSale(sale.id, (s) => s.phase === 'paid');

    const store = createManagerStore(api);
    const stop = store.getState().start();
    store.getState().enter(true);
    store.getState().openRefundFor(paid.orderNo!);
    expect(store.getState().refund.detail).toBeNull();
    expect(await store.getState().submitPin('2468')).toBe(true);
    const until = Date.now() + 5_000;
    while (store.getState().refund.detail === null && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(store.getState().tab).toBe('refunds');
    expect(store.getState().refund.detail?.sale.id).toBe(sale.id);
    expect(store.getState().refund.detail?.refundableCents).toBe(770);
    stop();
  });
});
