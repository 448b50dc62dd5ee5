/**
 * Changing the terminal's time zone in Settings applies at once, in the running core: the next sale takes its
 * business date in the new zone and the day report of that date holds it — no restart. The two zones are 25
 * hours apart (UTC+14 and UTC−11), so their dates differ at any moment the test runs.
 */
import { expect, it } from 'vitest';
import { businessDateOf } from '../../main/shared/business-date';
import { scenario, startHarnessWithPin, unwrap, type Harness } from '../helpers/runtime-harness';

const PIN = '4826';

async function paidSaleIn(h: Harness, zone: string, amount: string): Promise<string> {
  const settings = unwrap(await h.runtime.api.updateSettings({ pin: PIN, patch: { timeZone: zone } }));
  expect(settings.timeZone).toBe(zone);
  const snapshot = unwrap(await h.runtime.api.getSnapshot());
  expect(snapshot.terminal.timeZone).toBe(zone);
  const sale = unwrap(await h.runtime.api.startSale({ amount }));
  unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code: scenario('wechat', '0000') }));
  await h.waitForSale(sale.id, (s) => s.phase === 'paid');
  return businessDateOf(Date.now(), zone);
}

it('a new zone applies to the next sale and its day report without a restart', async () => {
  const h = await startHarnessWithPin(PIN);
  try {
    const east = await paidSaleIn(h, 'Pacific/Kiritimati', '3.00');
    const west = await paidSaleIn(h, 'Pacific/Pago_Pago', '4.00');
    expect(east).not.toBe(west);
    const eastDay = unwrap(await h.runtime.api.report({ kind: 'day', businessDate: east }));
    const westDay = unwrap(await h.runtime.api.report({ kind: 'day', businessDate: west }));
    expect(eastDay.totals.salesCents).toBe(300);
    expect(westDay.totals.salesCents).toBe(400);
  } finally {
    await h.close();
  }
});
