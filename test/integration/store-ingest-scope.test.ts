/**
 * The server does not trust what tills push (both databases, over HTTP): a record naming another store's till
 * is refused (kept unprojected, counted on the till, logged) and moves no balance; a session whose report is
 * unreadable is kept unprojected and never breaks the reports; malformed requests get 400, never 500.
 */
import { expect, it } from 'vitest';
import { saleBalance } from '../../main/store-server/refunds/balance';
import { listTills } from '../../main/store-server/admin';
import { TILL_API_PREFIX } from '../../main/shared/store-link-protocol';
import { DAY, describeOnBothDatabases, FeedTill, serversPerTest, WebClient } from '../helpers/store-server';

/** Signing in (scrypt) and two databases on a shared 2-core machine: generous. */
const TIMEOUT_MS = 120_000;

describeOnBothDatabases('store server: ingest checks scope and shape', (target) => {
  const servers = serversPerTest(target);

  it(
    "refuses a remote refund naming another store's till: counted, logged, no balance moved",
    async () => {
      const world = await servers.world();
      const a = await FeedTill.enrol(world, world.storeA, 'Counter 1', 'A1');
      const b = await FeedTill.enrol(world, world.storeB, 'Counter 1', 'B1');
      const a2 = await FeedTill.enrol(world, world.storeA, 'Counter 2', 'A2');
      await b.push(...b.sale('s-b1', { status: 'paid', cents: 3000 }));
      await a.push(...a.sale('s-a1', { status: 'paid', cents: 2000 }));
      // Till A (store 1) claims a refund of store 2's sale, and a legitimate one of its own store's till A2.
      await a2.push(...a2.sale('s-x', { status: 'paid', cents: 500 }));
      await a.push(
        a.remoteRefund('r-bad', { till: b, saleId: 's-b1' }, 3000, 'CLOSED'),
        a.remoteRefund('r-ok', { till: a2, saleId: 's-x' }, 100, 'CLOSED'),
      );
      const balB = await saleBalance(world.server.db, {
        tillId: b.tillId,
        saleId: 's-b1',
        amountCents: 3000,
        paid: true,
      });
      expect(balB.refundableCents).toBe(3000);
      const { rows } = await world.server.db.query<{ id: string }>(
        'SELECT id FROM refunds WHERE till_id = $1 ORDER BY id',
        [a.tillId],
      );
      expect(rows.map((r) => r.id)).toEqual(['r-ok']);
      const tills = await listTills(world.server.db, world.storeA);
      expect(tills.find((t) => t.id === a.tillId)?.refused).toBe(1);
      expect(tills.find((t) => t.id === a.tillId)?.unprojected).toBe(1);
      // The till is not stuck: its next push is taken.
      await a.push(...a.sale('s-a2', { status: 'paid', cents: 700 }));
      const ho = new WebClient(world.server.url);
      expect((await ho.signIn('ho')).status).toBe(303);
      const page = await ho.get('/web/tills');
      expect(page.status).toBe(200);
      const words = await page.text();
      expect(words).toContain('Refused records (another store&#39;s or forged)');
      expect(words).not.toContain('named another store');
    },
    TIMEOUT_MS,
  );

  it(
    'keeps a session with an unreadable report unprojected; the reports still answer',
    async () => {
      const world = await servers.world();
      const a = await FeedTill.enrol(world, world.storeA, 'Counter 1', 'A1');
      await a.push(
        ...a.sale('s1', { status: 'paid', cents: 1000 }),
        a.session(1, { closedAt: world.clock.now, report: { totals: 5, perPlatform: {} } }),
        a.session(2, { closedAt: world.clock.now, report: { totals: { salesCount: 'x' }, perPlatform: [] } }),
      );
      const { rows } = await world.server.db.query<{ n: number }>(
        'SELECT count(*)::integer AS n FROM sessions WHERE till_id = $1',
        [a.tillId],
      );
      expect(rows[0]!.n).toBe(0);
      // Even a bad report already stored (by an older server) cannot break the page.
      await world.server.db.query(
        `INSERT INTO sessions (till_id, id, store_id, business_date, seq, opened_at, closed_at, report, src_seq)
       VALUES ($1, 9, $2, $3, 9, 0, 1, '{"totals": {"salesCount": "x"}, "perPlatform": {"a": 1}}'::jsonb, 1)`,
        [a.tillId, world.storeA, DAY],
      );
      const ho = new WebClient(world.server.url);
      expect((await ho.signIn('ho')).status).toBe(303);
      expect((await ho.get(`/web/reports?date=${DAY}`)).status).toBe(200);
      expect((await ho.json(`/web/api/reports?date=${DAY}`)).status).toBe(200);
    },
    TIMEOUT_MS,
  );

  it(
    'answers malformed requests with 400: deep nesting, a bad %-escape, bad JSON',
    async () => {
      const world = await servers.world();
      const a = await FeedTill.enrol(world, world.storeA, 'Counter 1', 'A1');
      const deep = `{"records":[{"seq":1,"v":1,"at":1,"entity":"event","entityId":"1","op":"append","data":{"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}}]}`;
      const post = (path: string, body: string, auth = true) =>
        fetch(`${world.server.url}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(auth
              ? { authorization: `Bearer ${(a as unknown as { credential: string }).credential}` }
              : {}),
          },
          body,
        });
      const nested = await post(`${TILL_API_PREFIX}/events`, deep);
      expect(nested.status).toBe(400);
      expect(((await nested.json()) as { error: string }).error).toBe('invalid_request');
      expect((await post(`${TILL_API_PREFIX}/enrol`, '{"code": ', false)).status).toBe(400);
      const escape = await fetch(`${world.server.url}/web/api/reconcile/%E0%A4%A`);
      expect(escape.status).toBe(400);
      const { rows } = await world.server.db.query<{ n: number }>(
        'SELECT count(*)::integer AS n FROM till_records WHERE till_id = $1',
        [a.tillId],
      );
      expect(rows[0]!.n).toBe(0);
    },
    TIMEOUT_MS,
  );
});
