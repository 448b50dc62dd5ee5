/**
 * Shifts against the real sandbox over HTTP and a journal on disk: sell, refund, Z, sell more (one sale whose
 * answer is lost stays unresolved over the Z and settles in the next shift), Z again; the Zs add up to the
 * sandbox's own ledger, read through its control endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportView } from '../../preload/api';
import type { SaleView } from '../../preload/api';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';

let h: Harness;
const PIN = '2468';
const FAILED_REFUND = new Set([
  'MerchantRejected',
  'TimeoutClosed',
  'OrganizationFailed',
  'CustomerCancelled',
]);

beforeAll(async () => {
  h = await startHarness();
  unwrap(await h.runtime.api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
});
afterAll(async () => {
  await h?.close();
});

async function control(path: string, method: 'GET' | 'POST' | 'DELETE' = 'GET', body: unknown = {}) {
  const res = await fetch(`${h.runtime.sandboxUrl}/_sandbox/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`sandbox ${path}: ${res.status}`);
  return res.json() as Promise<unknown>;
}

async function ledgerNet(): Promise<number> {
  const { orders } = (await control('orders')) as { orders: Array<{ amount: number; status: string }> };
  const { refunds } = (await control('refunds')) as { refunds: Array<{ amount: number; status: string }> };
  const sales = orders.filter((o) => o.status === 'PAID').reduce((a, o) => a + o.amount, 0);
  const back = refunds.filter((r) => !FAILED_REFUND.has(r.status)).reduce((a, r) => a + r.amount, 0);
  return sales - back;
}

const sell = (amount: string): Promise<SaleView> => h.sell(amount, scenario('wechat', '0000'));

describe('sessions (shifts)', () => {
  it('every sale and refund lands in exactly one Z, and the Zs add up to the gateway ledger', async () => {
    const api = h.runtime.api;
    const a = await sell('12.50');
    await sell('7.25');
    unwrap(await api.refund({ saleId: a.id, amount: '2.50', reason: 'one item', pin: PIN }));
    const x1 = unwrap(await api.report({ kind: 'X' }));
    expect(x1.session?.seq).toBe(1);
    expect(x1.totals).toMatchObject({ salesCount: 2, salesCents: 1975, refundsCents: 250, netCents: 1725 });

    // A sale whose answers are all lost: unresolved when the Z is taken.
    await control('faults', 'POST', { fault: { kind: 'drop' }, times: 10_000 });
    const lost = unwrap(await api.startSale({ amount: '5.00' }));
    unwrap(await api.submitCode({ saleId: lost.id, code: scenario('wechat', '0000') }));
    await h.waitForSale(lost.id, (s) => s.phase === 'unresolved', 15_000);

    const refused = await api.closeDay({ pin: PIN, confirmUnresolved: false });
    expect(refused.ok || refused.error.code).toBe('UNRESOLVED_SALES');
    const z1 = unwrap(await api.closeDay({ pin: PIN, confirmUnresolved: true }));
    expect(z1).toMatchObject({ kind: 'Z', forced: true });
    expect(z1.session).toMatchObject({ seq: 1, unresolvedCount: 1 });
    expect(z1.unresolved.map((s) => s.id)).toEqual([lost.id]);
    expect(z1.totals.netCents).toBe(1725);
    const again = await api.closeDay({ pin: PIN, confirmUnresolved: true });
    expect(again.ok || again.error.code).toBe('NOTHING_TO_CLOSE');

    // The gateway answers again: the lost sale settles as paid, in the next shift.
    await control('faults', 'DELETE');
    await h.waitForSale(lost.id, (s) => s.phase === 'paid', 20_000);
    const b = await sell('30.00');
    unwrap(await api.refund({ saleId: b.id, amount: '30.00', reason: 'whole order', pin: PIN }));
    const x2 = unwrap(await api.report({ kind: 'X' }));
    expect(x2.session?.seq).toBe(2);
    expect(x2.carried?.map((c) => [c.sale.id, c.fromSessionId])).toEqual([[lost.id, z1.session?.id]]);
    expect(x2.totals).toMatchObject({ salesCount: 2, salesCents: 3500, refundsCents: 3000, netCents: 500 });

    // Refunds settle (CLOSED) before the second Z.
    await expect
      .poll(async () => unwrap(await api.report({ kind: 'X' })).pendingRefunds.length, { timeout: 15_000 })
      .toBe(0);
    const z2 = unwrap(await api.closeDay({ pin: PIN, confirmUnresolved: false }));
    expect(z2.session?.seq).toBe(2);
    expect(z2.forced).toBe(false);

    const ledger = await ledgerNet();
    expect(z1.totals.netCents + z2.totals.netCents).toBe(ledger);
    // The day report covers both shifts: its net is the ledger's, and it lists the Zs with their nets.
    const day: ReportView = unwrap(await api.report({ kind: 'day' }));
    expect(day.totals.netCents).toBe(ledger);
    expect(day.sessions?.map((s) => [s.seq, s.totals.netCents, s.closedAt !== null])).toEqual([
      [1, 1725, true],
      [2, 500, true],
    ]);
    // A closed Z reads back as it was printed.
    const back = unwrap(await api.report({ kind: 'Z', sessionId: z1.session?.id ?? 0 }));
    expect(back.totals).toEqual(z1.totals);
    expect(back.unresolved.map((s) => [s.id, s.phase])).toEqual([[lost.id, 'paid']]);
    const html = unwrap(await api.getReportHtml({ kind: 'Z', sessionId: z1.session?.id ?? 0 }));
    expect(html.html).toContain('Z 1');
  });
});
