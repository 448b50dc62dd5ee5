/**
 * A till keeps its identity across revoke, unlink and re-enrolment, and the server never counts one sale twice:
 * real tills (their own journals, the sandbox over HTTP) and a real server, on PGlite and PostgreSQL 15.
 * - re-enrolled with a fresh code (after revoke, or after unlink): the same till id, cursor and POS number;
 * - a journal stored under another till id (enrolled before journals sent their identity) is merged at ingest;
 * - duplicates already stored are found by `till dedupe` (dry run) and merged by `--apply`.
 */
import { expect, it } from 'vitest';
import { revokeTill } from '../../main/store-server/admin';
import { runAdminCommand } from '../../main/store-server/admin-commands';
import type { StoreServerHandle } from '../../main/store-server/server';
import type { DuplicateTill } from '../../main/store-server/till-dedupe';
import { salesCsv } from '../../main/store-server/web/csv';
import { dayTotals } from '../../main/store-server/web/queries';
import {
  describeOnBothDatabases,
  type DatabaseTarget,
  PIN,
  enrolCode,
  enrolledTill,
  expectServerEqualsJournal,
  newStore,
  sell,
  startServer,
  tillIdOf,
  waitDrained,
  waitForLink,
} from '../helpers/store-server';
import { unwrap, type Harness } from '../helpers/runtime-harness';
import { waitFor } from '../helpers/wait-for';
import { useCleanups } from '../helpers/cleanups';

const TIMEOUT_MS = 120_000;

const cleanups = useCleanups();

async function world(target: DatabaseTarget) {
  const server = await startServer(target.fresh());
  cleanups.push(() => server.close().catch(() => undefined));
  const storeId = await newStore(server, 'Box Hill');
  const h = await enrolledTill(server, storeId, 'Counter 1', { posNo: 'C1' });
  cleanups.push(() => h.close());
  return { server, storeId, h };
}

/** Three sales, 92.40 in all, replicated. */
async function threeSales(h: Harness, server: StoreServerHandle): Promise<string> {
  for (const amount of ['30.80', '30.80', '30.80']) await sell(h, amount);
  const tillId = tillIdOf(h);
  await waitDrained(h, server, tillId);
  return tillId;
}

async function reEnrol(h: Harness, server: StoreServerHandle, storeId: string, name: string): Promise<void> {
  unwrap(await h.runtime.api.unlinkStoreServer({ pin: PIN }));
  const code = await enrolCode(server, storeId, name);
  unwrap(await h.runtime.api.enrolStoreServer({ url: server.url, code, pin: PIN }));
}

/** What a manager reads: the day's totals, the tills listed, and the CSV's sale ids (none twice). */
async function serverView(server: StoreServerHandle, storeId: string) {
  const { rows } = await server.db.query<{ d: string }>(
    'SELECT DISTINCT business_date AS d FROM sales WHERE store_id = $1',
    [storeId],
  );
  expect(rows).toHaveLength(1);
  const date = rows[0]!.d;
  const scope = { storeId, tillId: null };
  const totals = (await dayTotals(server.db, date, scope)).stores[0]!.totals;
  const csv = await salesCsv(server.db, { from: date, to: date }, scope);
  const saleIds = csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(',')[0]);
  const tills = await server.db.query<{ id: string; name: string }>(
    'SELECT id, name FROM tills WHERE store_id = $1 ORDER BY created_at',
    [storeId],
  );
  return { totals, saleIds, tills: tills.rows };
}

/** How many of the till's records the server holds. */
async function storedRecords(server: StoreServerHandle, tillId: string): Promise<number> {
  const { rows } = await server.db.query<{ n: number }>(
    'SELECT count(*)::integer AS n FROM till_records WHERE till_id = $1',
    [tillId],
  );
  return rows[0]!.n;
}

function expectCountedOnce(view: Awaited<ReturnType<typeof serverView>>, sales: number, cents: number) {
  expect(view.totals.salesCount).toBe(sales);
  expect(view.totals.salesCents).toBe(cents);
  expect(view.totals.netCents).toBe(cents);
  expect(view.saleIds).toHaveLength(sales);
  expect(new Set(view.saleIds).size).toBe(sales);
}

describeOnBothDatabases('store server: a till keeps its identity', (target) => {
  it(
    'revoked, then enrolled again with a fresh code: the same till, 3 sales and 92.40, each sale once',
    async () => {
      const { server, storeId, h } = await world(target);
      const tillId = await threeSales(h, server);
      await revokeTill(server.db, tillId, 'test', Date.now());
      await waitForLink(h, (s) => s.state === 'revoked', 'revoked');
      // The manager's fresh code, under a new name (the old one is taken by the revoked till).
      await reEnrol(h, server, storeId, 'Counter 1b');
      expect(tillIdOf(h)).toBe(tillId);
      await waitDrained(h, server, tillId);
      const view = await serverView(server, storeId);
      expectCountedOnce(view, 3, 9240);
      expect(view.tills).toEqual([{ id: tillId, name: 'Counter 1' }]);
      // It goes on as itself: a fourth sale lands under the same till, POS number kept.
      await sell(h, '1.00');
      await waitDrained(h, server, tillId);
      expectCountedOnce(await serverView(server, storeId), 4, 9340);
      await expectServerEqualsJournal(h, server, tillId);
      const { rows } = await server.db.query<{ pos_no: string; revoked_at: number | null }>(
        'SELECT pos_no, revoked_at FROM tills WHERE id = $1',
        [tillId],
      );
      expect(rows[0]).toEqual({ pos_no: 'C1', revoked_at: null });
    },
    TIMEOUT_MS,
  );

  it(
    'unlinked and enrolled again: the same till resumes at its cursor, no POS number clash with itself',
    async () => {
      const { server, storeId, h } = await world(target);
      const tillId = await threeSales(h, server);
      const before = await storedRecords(server, tillId);
      await reEnrol(h, server, storeId, 'Counter 2');
      expect(tillIdOf(h)).toBe(tillId);
      await waitDrained(h, server, tillId);
      expectCountedOnce(await serverView(server, storeId), 3, 9240);
      // Nothing was sent again: the records are the ones stored before, once each.
      expect(await storedRecords(server, tillId)).toBeGreaterThanOrEqual(before);
      await expectServerEqualsJournal(h, server, tillId);
      const audit = await server.db.query<{ action: string }>(
        "SELECT action FROM audit_log WHERE action IN ('till_enrol', 'till_resume') ORDER BY id",
      );
      expect(audit.rows.map((r) => r.action)).toEqual(['till_enrol', 'till_resume']);
    },
    TIMEOUT_MS,
  );

  it(
    'a journal the server knows under another till id (enrolled before identities) is merged, never added',
    async () => {
      const { server, storeId, h } = await world(target);
      const tillId = await threeSales(h, server);
      // As a till enrolled by an older server: the server has no journal identity for it.
      await server.db.query('UPDATE tills SET journal_id = NULL WHERE id = $1', [tillId]);
      await revokeTill(server.db, tillId, 'test', Date.now());
      await waitForLink(h, (s) => s.state === 'revoked', 'revoked');
      // The server cannot tell the revoked till holding POS number C1 is this one: the till takes another.
      unwrap(await h.runtime.api.updateSettings({ pin: PIN, patch: { posNo: 'C2' } }));
      await reEnrol(h, server, storeId, 'Counter 1b');
      const newId = tillIdOf(h);
      expect(newId).not.toBe(tillId);
      // Its first push of history is recognised by the payments already stored, and merged into the old till.
      await waitForLink(h, (s) => s.state === 'online' && s.backlog === 0, 'drained');
      await waitFor(() => tillIdOf(h) === tillId, {
        what: 'the till to learn it was merged',
        timeoutMs: 30_000,
        describe: () => tillIdOf(h),
      });
      await waitDrained(h, server, tillId);
      const view = await serverView(server, storeId);
      expectCountedOnce(view, 3, 9240);
      expect(view.tills.map((t) => t.id)).toEqual([tillId]);
      await sell(h, '2.00');
      await waitDrained(h, server, tillId);
      expectCountedOnce(await serverView(server, storeId), 4, 9440);
      await expectServerEqualsJournal(h, server, tillId);
      const { rows } = await server.db.query<{ pos_no: string }>('SELECT pos_no FROM tills WHERE id = $1', [
        tillId,
      ]);
      expect(rows[0]!.pos_no).toBe('C2');
    },
    TIMEOUT_MS,
  );

  it(
    'duplicates already stored: till dedupe finds them (dry run changes nothing), --apply merges them',
    async () => {
      const { server, storeId, h } = await world(target);
      const tillId = await threeSales(h, server);
      // What servers before this version did: the same journal stored again under a second till.
      const dup = 'tl_duplicate0001';
      await server.db.query(
        `INSERT INTO tills (id, store_id, name, last_seq, created_at, enrolled_at, revoked_at)
         SELECT $2, store_id, 'Counter 1b', last_seq, created_at + 1, enrolled_at, NULL FROM tills WHERE id = $1`,
        [tillId, dup],
      );
      for (const table of [
        'till_records',
        'sales',
        'attempts',
        'refunds',
        'sessions',
        'sale_sessions',
        'refund_sessions',
      ]) {
        const { rows } = await server.db.query<{ c: string }>(
          `SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) AS c FROM information_schema.columns
            WHERE table_name = $1 AND column_name <> 'till_id'`,
          [table],
        );
        const cols = rows[0]!.c;
        await server.db.query(
          `INSERT INTO ${table} (till_id, ${cols}) SELECT $2, ${cols} FROM ${table} WHERE till_id = $1`,
          [tillId, dup],
        );
      }
      const doubled = await serverView(server, storeId);
      expect(doubled.totals.salesCents).toBe(18480);
      expect(doubled.saleIds).toHaveLength(6);
      expect(new Set(doubled.saleIds).size).toBe(3);
      const env = { db: server.db, sealer: server.context.sealer, now: Date.now, actor: 'test' };
      const dry = (await runAdminCommand(env, { command: 'till.dedupe', apply: false })) as DuplicateTill[];
      expect(dry).toEqual([
        expect.objectContaining({ keepTillId: tillId, dropTillId: dup, sharedAttempts: 3, mergeable: true }),
      ]);
      expect((await serverView(server, storeId)).totals.salesCount).toBe(6);
      const applied = (await runAdminCommand(env, {
        command: 'till.dedupe',
        apply: true,
      })) as DuplicateTill[];
      expect(applied).toHaveLength(1);
      const view = await serverView(server, storeId);
      expectCountedOnce(view, 3, 9240);
      expect(view.tills.map((t) => t.id)).toEqual([tillId]);
      expect(await runAdminCommand(env, { command: 'till.dedupe', apply: false })).toEqual([]);
      // The till goes on as before, its records once each.
      await sell(h, '1.00');
      await waitDrained(h, server, tillId);
      await expectServerEqualsJournal(h, server, tillId);
    },
    TIMEOUT_MS,
  );
});
