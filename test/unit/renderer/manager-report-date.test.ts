// Reports for another business date, against the real core (embedded sandbox over HTTP, SQLite journal): the
// report, the day close and its re-read all follow the chosen date, and today's sales stay out of it.
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
