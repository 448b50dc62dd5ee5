// Manager store flows against the real core (embedded sandbox over HTTP, SQLite journal): reports for another
// business date, and opening the refund screen for a sale picked in History.
import { afterEach, describe, expect, it } from 'vitest';
import { createManagerStore } from '../../../renderer/src/store/manager-store';
import { businessDateOf } from '../../../main/shared/business-date';
import { scenario, startHarness, unwrap, type Harness } from '../../helpers/runtime-harness';
import { until } from '../../helpers/wait-for';

let harness: Harness | null = null;

afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('shifts and reports', () => {
  it('closes the shift, the next sale opens shift 2, the day report lists both; another date is its own', async () => {
    harness = await startHarness();
    const api = harness.runtime.api;
    unwrap(await api.setManagerPin({ newPin: '1357', setupCode: harness?.runtime.setupCode() ?? '' }));
    const sell = async (amount: string) => {
      const sale = unwrap(await api.startSale({ amount }));
      unwrap(await api.submitCode({ saleId: sale.id, code: scenario('wechat', '0000') }));
      await harness?.waitForSale(sale.id, (s) => s.phase === 'paid');
    };
    await sell('5.00');

    const tz = harness.runtime.config.timeZone;
    const today = businessDateOf(Date.now(), tz);
    const store = createManagerStore(api, { timeZone: () => tz });
    const stop = store.getState().start();
    store.getState().enter(true);
    expect(await store.getState().submitPin('1357')).toBe(true);

    await store.getState().loadReport('X');
    expect(store.getState().reports.report).toMatchObject({ kind: 'X', businessDate: today });
    expect(store.getState().reports.report?.session?.seq).toBe(1);
    expect(store.getState().reports.report?.totals.salesCents).toBe(500);

    await store.getState().closeDay(false);
    const z1 = store.getState().reports.report;
    expect(z1).toMatchObject({ kind: 'Z', businessDate: today });
    expect(z1?.closedAt).not.toBeNull();
    expect(z1?.session?.seq).toBe(1);
    // A second close with nothing sold since says so, instead of DAY_CLOSED.
    await store.getState().closeDay(false);
    expect(store.getState().reports.problem).toMatchObject({ error: { code: 'NOTHING_TO_CLOSE' } });

    await sell('2.00');
    await store.getState().loadReport('X');
    expect(store.getState().reports.report?.session?.seq).toBe(2);
    expect(store.getState().reports.report?.totals.salesCents).toBe(200);

    await store.getState().setReportDate('2026-01-15');
    expect(store.getState().reports.report).toMatchObject({ kind: 'day', businessDate: '2026-01-15' });
    expect(store.getState().reports.report?.sessions).toEqual([]);

    await store.getState().setReportDate(null);
    const day = store.getState().reports.report;
    expect(day).toMatchObject({ kind: 'day', businessDate: today });
    expect(day?.totals.salesCents).toBe(700);
    expect(day?.sessions?.map((s) => [s.seq, s.closedAt !== null, s.totals.netCents])).toEqual([
      [1, true, 500],
      [2, false, 200],
    ]);
    await store.getState().loadReport('Z', day?.sessions?.[0]?.id);
    expect(store.getState().reports.report?.session?.seq).toBe(1);
    expect(store.getState().reports.report?.totals.salesCents).toBe(500);
    stop();
  });
});

describe('refund from a sale in History', () => {
  it('opens that sale on the refund screen, right after the PIN when the area was locked', async () => {
    harness = await startHarness();
    const api = harness.runtime.api;
    unwrap(await api.setManagerPin({ newPin: '2468', setupCode: harness?.runtime.setupCode() ?? '' }));
    const sale = unwrap(await api.startSale({ amount: '7.70' }));
    unwrap(await api.submitCode({ saleId: sale.id, code: scenario('alipay', '0000') }));
    const paid = await harness.waitForSale(sale.id, (s) => s.phase === 'paid');

    const store = createManagerStore(api);
    const stop = store.getState().start();
    store.getState().enter(true);
    store.getState().openRefundFor(paid.orderNo!);
    expect(store.getState().refund.detail).toBeNull();
    expect(await store.getState().submitPin('2468')).toBe(true);
    await until('the refund detail to load', () => store.getState().refund.detail !== null, 5_000);
    expect(store.getState().tab).toBe('refunds');
    expect(store.getState().refund.detail?.sale.id).toBe(sale.id);
    expect(store.getState().refund.detail?.refundableCents).toBe(770);
    stop();
  });
});
