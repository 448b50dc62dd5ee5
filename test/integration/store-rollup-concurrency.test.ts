/**
 * The range rollups under concurrent writers (server migration 8). Two tills of one store push at the same time:
 * each push's statement-level triggers recompute a store-day of report_store_hours (and a till-day of
 * report_hours) by deleting its rows and inserting them again. Two such recomputations of one key, in two
 * transactions, used to collide: the second inserted rows the first had just committed (a unique violation, the
 * push refused with a 500). Now each recomputation first takes the store-day's lock, so the second waits for the
 * first and then sums what it committed. On PostgreSQL only: PGlite has one connection, so one writer.
 *
 * Each case holds the first transaction open until the second is seen waiting, so the interleaving is forced,
 * not left to timing.
 */
import { afterEach, expect, it, vi } from 'vitest';
import type { Sql, StoreDb } from '../../main/store-server/db/types';
import { describeOnBothDatabases, startWorld, type WebWorld } from '../helpers/store-server';
import { pushRangeLedger } from '../helpers/store-server/range-ledger';
import { waitFor } from '../helpers/wait-for';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const STORE_KEYS = 'business_date, store_id, hour, kind';
const HOUR_KEYS = 'till_id, business_date, hour, platform, kind, person_id';
/** The sales the rollups count: paid, or voided with a payment (a late payment). */
const COUNTED = `(status = 'paid' OR (status = 'voided' AND paid_attempt_id IS NOT NULL))`;

/** Both rollups against what they are derived from: report_store_hours from report_hours, report_hours anew. */
async function expectRollupsTrue(db: StoreDb): Promise<void> {
  const kept = await db.query(
    `SELECT ${STORE_KEYS}, n, cents FROM report_store_hours ORDER BY ${STORE_KEYS}`,
  );
  const summed = await db.query(
    `SELECT ${STORE_KEYS}, sum(n)::integer AS n, sum(cents)::bigint AS cents FROM report_hours
      GROUP BY ${STORE_KEYS} ORDER BY ${STORE_KEYS}`,
  );
  expect(kept.rows).toEqual(summed.rows);
  const hours = await db.query(`SELECT ${HOUR_KEYS}, n, cents FROM report_hours ORDER BY ${HOUR_KEYS}`);
  // Recomputed from the sales and refunds by the migration's own function, in a transaction thrown away.
  const fresh = await db
    .transaction(async (tx) => {
      await tx.query(
        `SELECT report_hours_refresh(array_agg(store_id), array_agg(till_id), array_agg(business_date))
           FROM (SELECT DISTINCT store_id, till_id, business_date FROM sales) k`,
      );
      const again = await tx.query(`SELECT ${HOUR_KEYS}, n, cents FROM report_hours ORDER BY ${HOUR_KEYS}`);
      throw Object.assign(new Error('rolled back on purpose'), { rows: again.rows });
    })
    .catch((err: { rows?: unknown[] }) => err.rows);
  expect(hours.rows).toEqual(fresh);
}

/** Runs `first` in a transaction held open until `second` (in another) is seen waiting for a lock; both commit. */
async function interleave(
  db: StoreDb,
  first: (tx: Sql) => Promise<unknown>,
  second: (tx: Sql) => Promise<unknown>,
): Promise<void> {
  let firstDone!: () => void;
  const firstWrote = new Promise<void>((r) => (firstDone = r));
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const one = db.transaction(async (tx) => {
    await first(tx);
    firstDone();
    await held;
  });
  await firstWrote;
  const two = db.transaction(second);
  const settledTwo = two.then(
    () => null,
    (err: unknown) => err,
  );
  try {
    await waitFor(
      async () => {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::integer AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return rows[0]!.n > 0;
      },
      { what: 'the second transaction to wait for the first' },
    );
  } finally {
    release();
  }
  await one;
  expect(await settledTwo).toBeNull();
}

describeOnBothDatabases('range rollups under concurrent writers (server migration 8)', (target) => {
  let world: WebWorld | null = null;
  afterEach(async () => {
    await world?.server.close();
    world = null;
  });

  it.skipIf(target.kind === 'pglite')(
    'two tills of one store, and two sales of one till, changed at once: both commit and both rollups stay true',
    async () => {
      world = await startWorld(target);
      await pushRangeLedger(world);
      const db = world.server.db;
      await expectRollupsTrue(db);

      // Two tills of one store on one business date: the same store-day of report_store_hours.
      const pair = await db.query<{ a: string; b: string }>(
        `SELECT min(till_id || '/' || id) AS a, max(till_id || '/' || id) AS b FROM sales
          WHERE ${COUNTED} GROUP BY store_id, business_date HAVING count(DISTINCT till_id) > 1 LIMIT 1`,
      );
      // Two sales of one till on one business date: the same till-day of report_hours.
      const same = await db.query<{ a: string; b: string }>(
        `SELECT min(till_id || '/' || id) AS a, max(till_id || '/' || id) AS b FROM sales
          WHERE ${COUNTED} GROUP BY till_id, business_date HAVING count(*) > 1 LIMIT 1`,
      );
      const bump = (key: string) => (tx: Sql) =>
        tx.query(`UPDATE sales SET amount_cents = amount_cents + 7 WHERE till_id || '/' || id = $1`, [key]);
      for (const { a, b } of [pair.rows[0]!, same.rows[0]!]) {
        expect(a).not.toBe(b);
        const before = await db.query<{ cents: string }>(
          `SELECT sum(cents) AS cents FROM report_store_hours`,
        );
        await interleave(db, bump(a), bump(b));
        const after = await db.query<{ cents: string }>(`SELECT sum(cents) AS cents FROM report_store_hours`);
        expect(Number(after.rows[0]!.cents) - Number(before.rows[0]!.cents)).toBe(14);
        await expectRollupsTrue(db);
      }
    },
  );
});
