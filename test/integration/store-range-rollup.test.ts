/**
 * Server migration 7's report_store_hours on both databases, from records pushed through the till API: it always
 * equals report_hours summed by store, date, hour and kind — after the pushes, after a refund fails and a sale's
 * amount changes underneath, and after a rolled-back change — and the range page's hours read from it (a store,
 * no filter) equal the hours read from report_hours (each platform's, added up).
 */
import { afterEach, expect, it, vi } from 'vitest';
import type { StoreDb } from '../../main/store-server/db/types';
import { describeOnBothDatabases, WebClient, startWorld, type WebWorld } from '../helpers/store-server';
import { FROM, TO, pushRangeLedger } from '../helpers/store-server/range-ledger';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

interface Bucket {
  key: string;
  salesCents: number;
  latePaymentsCents: number;
  refundsCents: number;
  lateRefundsCents: number;
  netCents: number;
}

const KEYS = 'business_date, store_id, hour, kind';

/** report_store_hours against report_hours summed, row for row; returns how many rows there are. */
async function expectStoreHoursEqual(db: StoreDb): Promise<number> {
  const kept = await db.query(`SELECT ${KEYS}, n, cents FROM report_store_hours ORDER BY ${KEYS}`);
  const summed = await db.query(
    `SELECT ${KEYS}, sum(n)::integer AS n, sum(cents)::bigint AS cents FROM report_hours
      GROUP BY ${KEYS} ORDER BY ${KEYS}`,
  );
  expect(kept.rows).toEqual(summed.rows);
  return kept.rows.length;
}

describeOnBothDatabases('range hours by store (server migration 7)', (target) => {
  let world: WebWorld | null = null;
  afterEach(async () => {
    await world?.server.close();
    world = null;
  });

  it('equals report_hours summed through every change, and the page reads the same hours from it', async () => {
    world = await startWorld(target);
    await pushRangeLedger(world);
    const db = world.server.db;
    expect(await expectStoreHoursEqual(db)).toBeGreaterThan(0);

    const web = new WebClient(world.server.url);
    expect((await web.signIn('mgr-a')).status).toBe(303);
    const hours = async (platform: string) =>
      (
        (await web.json(`/web/api/range?from=${FROM}&to=${TO}${platform ? `&platform=${platform}` : ''}`))
          .body as unknown as { report: { byHour: Bucket[] } }
      ).report.byHour;
    const money = (b: Bucket) => [b.salesCents, b.latePaymentsCents, b.refundsCents, b.lateRefundsCents];
    const compare = async () => {
      const all = await hours('');
      const each = await Promise.all(['WECHATPAY', 'ALIPAY', 'UNKNOWN'].map(hours));
      for (const b of all) {
        const sum = [0, 0, 0, 0];
        for (const p of each) money(p[Number(b.key)]!).forEach((v, i) => (sum[i]! += v));
        expect(money(b), `hour ${b.key}`).toEqual(sum);
      }
      return all;
    };
    const before = await compare();
    expect(before.some((b) => b.salesCents > 0)).toBe(true);
    expect(before.some((b) => b.refundsCents > 0)).toBe(true);

    // A refund that fails and a sale whose amount changes: report_hours recomputes those till-days, and the
    // store's hours follow in the same statement.
    const refund = await db.query<{ till_id: string; id: string; amount_cents: number }>(
      `SELECT till_id, id, amount_cents FROM refunds WHERE status = 'CLOSED' ORDER BY created_at LIMIT 1`,
    );
    const r = refund.rows[0]!;
    await db.query(`UPDATE refunds SET status = 'MERCHANTREJECTED' WHERE till_id = $1 AND id = $2`, [
      r.till_id,
      r.id,
    ]);
    await db.query(
      `UPDATE sales SET amount_cents = amount_cents + 1 WHERE (till_id, id) IN
         (SELECT till_id, id FROM sales WHERE status = 'paid' ORDER BY created_at LIMIT 1)`,
    );
    await expectStoreHoursEqual(db);
    const after = await compare();
    const total = (bs: Bucket[], f: (b: Bucket) => number) => bs.reduce((a, b) => a + f(b), 0);
    expect(total(after, (b) => b.refundsCents)).toBe(total(before, (b) => b.refundsCents) - r.amount_cents);
    expect(total(after, (b) => b.salesCents)).toBe(total(before, (b) => b.salesCents) + 1);

    // A change rolled back leaves both as they were.
    const kept = await db.query(`SELECT * FROM report_store_hours ORDER BY ${KEYS}`);
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`DELETE FROM refunds WHERE status <> 'MERCHANTREJECTED'`);
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    expect((await db.query(`SELECT * FROM report_store_hours ORDER BY ${KEYS}`)).rows).toEqual(kept.rows);
    await expectStoreHoursEqual(db);
  });
});
