// The Sales view's ranges (pure) and its slice of the manager store driven by the real core: startPosRuntime with
// the embedded sandbox over HTTP and a SQLite journal in a temp dir. Sales made through the core; the store's
// answer is the core's insights for the range it asked.
import { afterEach, describe, expect, it } from 'vitest';
import { createManagerStore } from '../../../renderer/src/store/manager-store';
import { rangeDates } from '../../../renderer/src/store/manager/slices/sales/range';
import { businessDateOf } from '../../../main/shared/business-date';
import { scenario, startHarness, unwrap, type Harness } from '../../helpers/runtime-harness';
import { waitForState } from '../../helpers/wait-for';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('Sales view ranges', () => {
  const none = { from: '', to: '' };
  it('counts each range from today; a week starts on Monday', () => {
    // 2026-12-09 is a Wednesday.
    expect(rangeDates('today', '2026-12-09', none)).toEqual({ from: '2026-12-09', to: '2026-12-09' });
    expect(rangeDates('yesterday', '2026-12-09', none)).toEqual({ from: '2026-12-08', to: '2026-12-08' });
    expect(rangeDates('thisWeek', '2026-12-09', none)).toEqual({ from: '2026-12-07', to: '2026-12-09' });
    expect(rangeDates('thisWeek', '2026-12-13', none)).toEqual({ from: '2026-12-07', to: '2026-12-13' });
    expect(rangeDates('thisWeek', '2026-12-07', none)).toEqual({ from: '2026-12-07', to: '2026-12-07' });
    expect(rangeDates('last7', '2026-03-02', none)).toEqual({ from: '2026-02-24', to: '2026-03-02' });
    expect(rangeDates('thisMonth', '2026-12-09', none)).toEqual({ from: '2026-12-01', to: '2026-12-09' });
    expect(rangeDates('yesterday', '2026-01-01', none)).toEqual({ from: '2025-12-31', to: '2025-12-31' });
  });

  it('takes a custom range only when it is real dates, forwards, at most 366 days', () => {
    const custom = (from: string, to: string) => rangeDates('custom', '2026-12-09', { from, to });
    expect(custom('2024-01-01', '2024-12-31')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(custom('2024-01-01', '2025-01-01')).toBeNull();
    expect(custom('2026-12-09', '2026-12-08')).toBeNull();
    expect(custom('2026-02-30', '2026-03-01')).toBeNull();
    expect(custom('', '2026-03-01')).toBeNull();
  });
});

describe('Sales view store on the real core', () => {
  it("shows today's sales as the core adds them up; a bad custom range is refused before asking", async () => {
    harness = await startHarness();
    const api = harness.runtime.api;
    const code = harness.runtime.setupCode() ?? '';
    unwrap(await api.setManagerPin({ newPin: '5827', setupCode: code }));
    for (const amount of ['12.50', '3.30']) {
      const sale = unwrap(await api.startSale({ amount }));
      unwrap(await api.submitCode({ saleId: sale.id, code: scenario('wechat', '0000') }));
      // The CNY figure comes by a QueryOrder after the pay reply (paid-details.ts): the running totals take it then.
      await harness.waitForSale(sale.id, (s) => s.phase === 'paid' && s.cnyAmount !== null);
    }
    const terminal = unwrap(await api.getSnapshot()).terminal;
    const store = createManagerStore(api, { timeZone: () => terminal.timeZone ?? undefined });
    const stop = store.getState().start();
    store.getState().enter(true);
    expect(await store.getState().submitPin('5827')).toBe(true);

    await store.getState().showSales('today');
    const shown = await waitForState(store, (s) => s.sales.insights !== null && !s.sales.loading, {
      what: 'the Sales view to have its answer',
      timeoutMs: 8_000,
    });
    const today = businessDateOf(Date.now(), terminal.timeZone ?? undefined);
    expect(shown.sales.insights).toMatchObject({ from: today, to: today });
    expect(shown.sales.insights?.totals).toMatchObject({ salesCount: 2, salesCents: 1_580, netCents: 1_580 });
    expect(shown.sales.insights?.totals.cnySalesCount).toBe(2);

    // Per person, the same figures as the day report's rows per person.
    const dayReport = unwrap(await api.report({ kind: 'day', businessDate: today }));
    const perPerson = (rows: { personId: string | null; netCents: number; salesCents: number }[]) =>
      Object.fromEntries(rows.map((r) => [String(r.personId), [r.salesCents, r.netCents]]));
    expect(perPerson(shown.sales.insights?.byPerson ?? [])).toEqual(perPerson(dayReport.byPerson ?? []));
    expect(shown.sales.insights?.byPerson.map((p) => p.personId)).toEqual(['counter']);

    await store.getState().showSales('custom', { from: '2026-05-02', to: '2026-05-01' });
    expect(store.getState().sales.problem).toEqual({ source: 'ui', key: 'sales.badRange' });
    // The last answer stays on screen under the refusal.
    expect(store.getState().sales.insights?.from).toBe(today);

    // A wrong PIN sends the manager back to the pad.
    store.setState({ pin: '0000' });
    await store.getState().showSales('yesterday');
    expect(store.getState().pin).toBeNull();
    stop();
  });
});
