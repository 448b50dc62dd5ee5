/**
 * Store and forward with real parts: real till runtimes (their own SQLite journals, the sandbox over HTTP)
 * enrolled with a real store server, on PGlite and on PostgreSQL 15. The server ends equal to each till's
 * journal; with the server down the till still sells, refunds and closes its session (no slower), its backlog
 * grows and drains when the server returns; a server restored from an older copy gets back what it lost with
 * nothing duplicated; a revoked till says so and sells on.
 */
import { cpSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openJournal } from '../../main/journal/journal';
import { revokeTill } from '../../main/store-server/admin';
import type { StoreServerHandle } from '../../main/store-server/server';
import { dumpDatabase, restoreDatabase } from '../helpers/pg-cluster';
import { waitFor } from '../helpers/wait-for';
import {
  describeOnBothDatabases,
  type DatabaseTarget,
  PIN,
  enrolledTill,
  expectServerEqualsJournal,
  linkStatus,
  newStore,
  outboxLastSeq,
  sell,
  startServer,
  tillIdOf,
  waitDrained,
  waitForLink,
  type ServerPlace,
} from '../helpers/store-server';
import { startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { useCleanups } from '../helpers/cleanups';

/** Two tills and a server on a shared 2-core machine: generous, the waits inside are what fail fast. */
const LINK_TEST_TIMEOUT_MS = 120_000;

const cleanups = useCleanups();

async function serverOn(target: DatabaseTarget) {
  const place: ServerPlace = target.fresh();
  let server = await startServer(place);
  const port = server.port;
  const storeId = await newStore(server);
  const handle = {
    place,
    get server() {
      return server;
    },
    storeId,
    async stop() {
      await server.close();
    },
    async start() {
      server = await startServer(place, { port });
    },
  };
  cleanups.push(() => server.close().catch(() => undefined));
  return handle;
}

async function till(
  server: StoreServerHandle,
  storeId: string,
  name: string,
  posNo?: string,
  timing?: { recheckMs: number },
): Promise<Harness> {
  const h = await enrolledTill(server, storeId, name, {
    ...(posNo ? { posNo } : {}),
    ...(timing ? { timing } : {}),
  });
  cleanups.push(() => h.close());
  return h;
}

/** A server on the target and Till A enrolled on it, with a first sale of `amount` already on the server. */
async function tillWithASale(target: DatabaseTarget, amount: string, timing?: { recheckMs: number }) {
  const s = await serverOn(target);
  const h = await till(s.server, s.storeId, 'Till A', undefined, timing);
  const tillId = tillIdOf(h);
  await sell(h, amount);
  await waitDrained(h, s.server, tillId);
  return { s, h, tillId };
}

describeOnBothDatabases('store link: replication from real tills', (target) => {
  it(
    'a till with no store server runs exactly as before: link off, nothing started',
    async () => {
      const h = await startHarness();
      cleanups.push(() => h.close());
      const snap = unwrap(await h.runtime.api.getSnapshot());
      expect(snap.storeLink).toMatchObject({ state: 'off', backlog: 0, url: null });
      expect(h.runtime.storeLink.enrolled).toBe(false);
      unwrap(await h.runtime.api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
      await sell(h, '3.00');
      expect(h.events.some((e) => e.type === 'store-link')).toBe(false);
      const unlink = await h.runtime.api.unlinkStoreServer({ pin: PIN });
      expect(unlink.ok).toBe(false);
    },
    LINK_TEST_TIMEOUT_MS,
  );

  it(
    'the server ends equal to the journals of two tills: sales, attempts, refunds, sessions, every record once',
    async () => {
      const s = await serverOn(target);
      const a = await till(s.server, s.storeId, 'Till A', 'TA');
      const b = await till(s.server, s.storeId, 'Till B', 'TB');
      const status = await waitForLink(a, (x) => x.state === 'online', 'online');
      expect(status).toMatchObject({
        storeName: 'Main St',
        tillName: 'Till A',
        url: s.server.url,
        problem: null,
      });
      expect(JSON.stringify(status)).not.toMatch(/credential|Bearer/i);

      const p1 = await sell(a, '12.50');
      await sell(a, '8.00', 'alipay');
      await sell(b, '4.40');
      unwrap(await a.runtime.api.refund({ saleId: p1.id, amount: '2.50', reason: 'one item', pin: PIN }));
      unwrap(await a.runtime.api.closeDay({ pin: PIN, confirmUnresolved: true }));
      await sell(a, '1.10');

      await waitDrained(a, s.server, tillIdOf(a));
      await waitDrained(b, s.server, tillIdOf(b));
      const ca = await expectServerEqualsJournal(a, s.server, tillIdOf(a));
      expect(ca).toMatchObject({ sales: 3, refunds: 1 });
      const cb = await expectServerEqualsJournal(b, s.server, tillIdOf(b));
      expect(cb.sales).toBe(1);
      // A status event reached the screens, and the snapshot carries the link.
      expect(a.events.some((e) => e.type === 'store-link' && e.status.state === 'online')).toBe(true);
      const snap = unwrap(await a.runtime.api.getSnapshot());
      expect(snap.storeLink).toMatchObject({ state: 'online', backlog: 0, storeName: 'Main St' });
    },
    LINK_TEST_TIMEOUT_MS,
  );

  it(
    'server down: the till sells, refunds and closes as fast as before; the backlog grows, then drains',
    async () => {
      const s = await serverOn(target);
      const h = await till(s.server, s.storeId, 'Till A');
      const tillId = tillIdOf(h);
      await waitForLink(h, (x) => x.state === 'online', 'online');
      const timed = async (amount: string) => {
        const t0 = performance.now();
        const sale = await sell(h, amount);
        return { sale, ms: performance.now() - t0 };
      };
      const up = [await timed('2.00'), await timed('2.10'), await timed('2.20')];
      await waitDrained(h, s.server, tillId);
      const sent = outboxLastSeq(h);

      await s.stop();
      const down = [await timed('3.00'), await timed('3.10'), await timed('3.20')];
      unwrap(await h.runtime.api.refund({ saleId: down[0]!.sale.id, amount: '1.00', reason: 'r', pin: PIN }));
      unwrap(await h.runtime.api.closeDay({ pin: PIN, confirmUnresolved: true }));
      const offline = await waitForLink(
        h,
        (x) => x.state === 'offline' && x.backlog > 0,
        'offline with a backlog',
      );
      expect(offline.problem?.en).toMatch(/cannot be reached/);
      expect(offline.problem?.zh).toMatch(/无法连接门店服务器/);
      expect(h.events.some((e) => e.type === 'store-link' && e.status.state === 'offline')).toBe(true);
      await sell(h, '3.30');
      // The backlog is exactly what the journal wrote since the server last confirmed.
      const grown = await waitForLink(
        h,
        (x) => x.backlog > offline.backlog && x.backlog === outboxLastSeq(h) - sent,
        'a backlog of everything written since',
      );
      expect(grown.state).toBe('offline');

      // No sale waited for the server: the median with it down is within noise of the median with it up.
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
      expect(median(down.map((d) => d.ms))).toBeLessThan(median(up.map((u) => u.ms)) * 2 + 150);

      await s.start();
      await waitDrained(h, s.server, tillId);
      const counts = await expectServerEqualsJournal(h, s.server, tillId);
      expect(counts).toMatchObject({ sales: 7, refunds: 1 });
    },
    LINK_TEST_TIMEOUT_MS,
  );

  it.each([
    ['the cursor it asks again while idle', 300, false],
    ['the 409 gap its next push gets', 600_000, true],
  ])(
    'a server restored from an older copy gets back what it lost, with nothing duplicated (told by %s)',
    async (_how, recheckMs, sellAfter) => {
      const { s, h, tillId } = await tillWithASale(target, '5.00', { recheckMs });

      // The backup: taken with the server stopped (PGlite's files), or pg_dump (PostgreSQL).
      const backup = mkdtempSync(join(tmpdir(), 'store-backup-'));
      chmodSync(backup, 0o777);
      cleanups.push(() => rmSync(backup, { recursive: true, force: true }));
      const cluster = target.cluster();
      const dbName = s.place.databaseUrl?.split('/').pop() ?? '';
      const dumpFile = join(backup, 'store.dump');
      await s.stop();
      if (cluster) {
        dumpDatabase(cluster, dbName, dumpFile);
      } else cpSync(join(s.place.dataDir, 'pgdata'), join(backup, 'pgdata'), { recursive: true });
      await s.start();
      await waitForLink(h, (x) => x.state === 'online', 'online again');

      const lost = [await sell(h, '6.00'), await sell(h, '6.10')];
      unwrap(await h.runtime.api.refund({ saleId: lost[0]!.id, amount: '0.50', reason: 'r', pin: PIN }));
      await waitDrained(h, s.server, tillId);
      const before = await expectServerEqualsJournal(h, s.server, tillId);

      // Disaster: the server comes back from the older copy.
      await s.stop();
      if (cluster) {
        restoreDatabase(cluster, dbName, dumpFile, { ifExists: true });
      } else {
        rmSync(join(s.place.dataDir, 'pgdata'), { recursive: true, force: true });
        cpSync(join(backup, 'pgdata'), join(s.place.dataDir, 'pgdata'), { recursive: true });
      }
      await s.start();
      const { rows } = await s.server.db.query<{ n: number }>(
        'SELECT count(*) AS n FROM sales WHERE till_id = $1',
        [tillId],
      );
      expect(Number(rows[0]?.n)).toBe(1);
      if (sellAfter) await sell(h, '7.00');
      // Until the till asks for the server's cursor again (or its next push is refused) it rightly believes the
      // server has everything, so its link may be idle here: wait for what is tested, the server catching up.
      await waitFor(
        async () => {
          const cursor = await s.server.db.query<{ last_seq: number }>(
            'SELECT last_seq FROM tills WHERE id = $1',
            [tillId],
          );
          return Number(cursor.rows[0]?.last_seq) === outboxLastSeq(h);
        },
        { what: "the restored server's cursor to reach the journal's last record", timeoutMs: 30_000 },
      );

      await waitDrained(h, s.server, tillId);
      const after = await expectServerEqualsJournal(h, s.server, tillId);
      // The same rows as before the restore (later records only moved the refund along its statuses), and the
      // sale that found the gap.
      const more = sellAfter ? 1 : 0;
      expect(after).toMatchObject({
        sales: before.sales + more,
        attempts: before.attempts + more,
        refunds: before.refunds,
      });
      expect(after.records).toBeGreaterThanOrEqual(before.records);
    },
    LINK_TEST_TIMEOUT_MS,
  );

  it(
    'a long backlog travels in batches within the push limits (records and bytes), in order',
    async () => {
      const { s, h, tillId } = await tillWithASale(target, '1.00');
      await s.stop();
      // 700 events of 20 kB: more than MAX_PUSH_BATCH records and more than MAX_PUSH_BYTES in all.
      const j = openJournal({ dir: h.dataDir });
      const note = 'x'.repeat(20_000);
      j.transaction(() => {
        for (let i = 0; i < 700; i++) {
          j.appendEvent({
            at: Date.now(),
            actor: 'system',
            type: 'test.bulk',
            entity: 'terminal',
            entityId: null,
            data: { i, note },
          });
        }
      });
      j.close();
      await waitForLink(h, (x) => x.backlog >= 700, 'a backlog of 700');
      await s.start();
      await waitDrained(h, s.server, tillId);
      await expectServerEqualsJournal(h, s.server, tillId);
      // Every record once, 1…N without a gap (expectServerEqualsJournal), the 700 big ones among them.
      expect(outboxLastSeq(h)).toBeGreaterThan(700);
    },
    LINK_TEST_TIMEOUT_MS,
  );

  it(
    'a revoked till shows revoked, stops sending, and sells on',
    async () => {
      const { s, h, tillId } = await tillWithASale(target, '5.00');

      await revokeTill(s.server.db, tillId, 'test', Date.now());
      await sell(h, '5.10');
      const revoked = await waitForLink(h, (x) => x.state === 'revoked', 'revoked');
      expect(revoked.problem?.en).toMatch(/revoked this till/);
      expect(revoked.backlog).toBeGreaterThan(0);
      // Selling is untouched.
      const again = await sell(h, '5.20');
      expect(again.phase).toBe('paid');
      expect(linkStatus(h).state).toBe('revoked');

      // Unlink: the till is on its own again, and says nothing about a server.
      unwrap(await h.runtime.api.unlinkStoreServer({ pin: PIN }));
      expect(linkStatus(h)).toMatchObject({ state: 'off', url: null });
      expect((await sell(h, '5.30')).phase).toBe('paid');
    },
    LINK_TEST_TIMEOUT_MS,
  );
});
