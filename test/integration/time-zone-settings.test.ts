/**
 * Changing the terminal's time zone in Settings applies at once, in the running core: the next sale takes its
 * business date in the new zone and the day report of that date holds it — no restart. History's "today", the
 * day's CSV and the receipt agree with the day report on every sale's date. The two zones are 25
 * hours apart (UTC+14 and UTC−11), so their dates differ at any moment the test runs.
 */
import { expect, it } from 'vitest';
import { localDateTime } from '../../main/receipts/format';
import { businessDateOf } from '../../main/shared/business-date';
import { scenario, startHarnessWithPin, unwrap, type Harness } from '../helpers/runtime-harness';

const PIN = '4826';

interface Paid {
  id: string;
  date: string;
}

async function paidSaleIn(h: Harness, zone: string, amount: string): Promise<Paid> {
  const settings = unwrap(await h.runtime.api.updateSettings({ pin: PIN, patch: { timeZone: zone } }));
  expect(settings.timeZone).toBe(zone);
  const snapshot = unwrap(await h.runtime.api.getSnapshot());
  expect(snapshot.terminal.timeZone).toBe(zone);
  const sale = unwrap(await h.runtime.api.startSale({ amount }));
  unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code: scenario('wechat', '0000') }));
  await h.waitForSale(sale.id, (s) => s.phase === 'paid');
  const date = businessDateOf(sale.createdAt, zone);
  // The receipt prints the sale's time on the shop's clock, with the date the sale is recorded under.
  const receipt = unwrap(await h.runtime.api.getReceipt({ saleId: sale.id }));
  expect(receipt.timeZone).toBe(zone);
  expect(localDateTime(receipt.at, receipt.timeZone).slice(0, 10)).toBe(date);
  return { id: sale.id, date };
}

/** What a manager sees for a date: History's list, the CSV's sale ids, the day report's count. */
async function dayViews(h: Harness, businessDate: string) {
  const history = unwrap(await h.runtime.api.searchHistory({ businessDate }));
  const csv = unwrap(await h.runtime.api.exportCsv({ businessDate, pin: PIN })).salesCsv;
  const rows = csv
    .split('\r\n')
    .slice(1)
    .filter((line) => line !== '');
  const day = unwrap(await h.runtime.api.report({ kind: 'day', businessDate }));
  return {
    history: history.map((s) => s.id),
    csv: rows.map((line) => line.split(',')[0]),
    csvDates: rows.map((line) => line.split(',')[1]),
    cents: day.totals.salesCents,
  };
}

it('a new zone applies to the next sale and its day report without a restart', async () => {
  const h = await startHarnessWithPin(PIN);
  try {
    const east = await paidSaleIn(h, 'Pacific/Kiritimati', '3.00');
    const west = await paidSaleIn(h, 'Pacific/Pago_Pago', '4.00');
    expect(east.date).not.toBe(west.date);
    // The east sale keeps its date after the move west: every view of each date lists its own sale alone.
    expect(await dayViews(h, east.date)).toEqual({
      history: [east.id],
      csv: [east.id],
      csvDates: [east.date],
      cents: 300,
    });
    expect(await dayViews(h, west.date)).toEqual({
      history: [west.id],
      csv: [west.id],
      csvDates: [west.date],
      cents: 400,
    });
  } finally {
    await h.close();
  }
});
