/**
 * The managers' and head office's pages over real HTTP, on both databases: sign-in and its refusals, lockout,
 * session expiry, CSRF, role scoping on every JSON endpoint, and the numbers (day totals, X/Z, CSV) from
 * records pushed through the till API.
 */
import { describe, expect, it, vi } from 'vitest';
import { REFUNDS_CSV_HEADER, SALES_CSV_HEADER } from '../../main/journal/export';
import { ABSOLUTE_MS, IDLE_MS } from '../../main/store-server/web/auth';
import { CSP } from '../../main/store-server/web/html';
import {
  DAY,
  describeOnBothDatabases,
  FeedTill,
  PASSWORD,
  serversPerTest,
  WebClient,
} from '../helpers/store-server';
import type { PlatformTotalsView } from '../../preload/api';

// Each test starts its own server (migrations, scrypt hashes) and the suite removes its PGlite data dirs: both
// are slow on a busy machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

/** A totals line as the JSON endpoints send it (the till's own view of a platform's totals). */
type Line = Omit<PlatformTotalsView, 'platform'>;
interface Day {
  stores: {
    storeId: string;
    totals: Line;
    tills: { tillId: string; totals: Line; perPlatform: Record<string, Line> }[];
  }[];
  totals: Line;
}

describeOnBothDatabases('managers’ pages', (target) => {
  const servers = serversPerTest(target);

  describe('signing in', () => {
    it('signs in with the right password, refuses a wrong one in words, and signs out', async () => {
      const world = await servers.world();
      const web = new WebClient(world.server.url);

      const wrong = await web.signIn('ho', 'not the password');
      expect(wrong.status).toBe(401);
      expect(await wrong.text()).toContain('Wrong username or password.');
      expect(web.cookie).toBeNull();
      const unknown = await web.signIn('nobody', PASSWORD);
      expect(unknown.status).toBe(401);

      const ok = await web.signIn('ho');
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toBe('/web/live');
      const setCookie = ok.headers.get('set-cookie')!;
      expect(setCookie).toMatch(/^sid=[A-Za-z0-9_-]{43};/);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Strict');
      expect(setCookie).not.toContain('Secure');
      // Only the token's hash is stored.
      const token = web.cookie!.split('=')[1]!;
      const rows = await world.server.db.query<{ token_hash: string }>('SELECT token_hash FROM web_sessions');
      expect(rows.rows).toHaveLength(1);
      expect(rows.rows[0]!.token_hash).not.toContain(token);

      const page = await web.get('/web/live');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(CSP);
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      // A browser sends its real Origin with a same-origin form only under this policy (not no-referrer).
      expect(page.headers.get('referrer-policy')).toBe('same-origin');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      const html = await page.text();
      expect(html).toContain('Signed in as HO');
      expect(html).not.toMatch(/<script>|<script [^>]*>[^<]|style="/);

      const csrf = await web.csrf();
      const out = await web.post('/web/sign-out', { csrf });
      expect(out.status).toBe(303);
      expect(web.cookie).toBeNull();
      web.cookie = `sid=${token}`;
      const after = await web.json('/web/api/live');
      expect(after.status).toBe(401);
      expect(after.body).toMatchObject({
        error: 'errSignedOut',
        message: { en: 'Please sign in.', zh: '请先登录。' },
      });
    });

    it('marks the cookie Secure behind an https public URL and checks Origin against it', async () => {
      const world = await servers.world({ publicUrl: 'https://pos.example.com' });
      const wrongOrigin = new WebClient(world.server.url);
      expect((await wrongOrigin.signIn('ho')).status).toBe(403);
      const web = new WebClient(world.server.url, 'https://pos.example.com');
      const ok = await web.signIn('ho');
      expect(ok.status).toBe(303);
      const setCookie = ok.headers.get('set-cookie')!;
      expect(setCookie).toMatch(/^__Host-sid=/);
      expect(setCookie).toContain('Secure');
      expect((await web.get('/web/live')).headers.get('strict-transport-security')).toContain('max-age=');
    });

    it('locks an account after repeated failures, with an escalating delay, even for the right password', async () => {
      const world = await servers.world();
      const web = new WebClient(world.server.url);
      for (let i = 0; i < 4; i++) expect((await web.signIn('mgr-a', 'wrong password')).status).toBe(401);
      // The failure that sets the lock says so, and for how long.
      const fifth = await web.signIn('mgr-a', 'wrong password');
      expect(fifth.status).toBe(401);
      expect(await fifth.text()).toContain(
        'Wrong username or password. After 5 failed sign-ins this account is locked for 30 seconds.',
      );
      const locked = await web.signIn('mgr-a');
      expect(locked.status).toBe(429);
      expect(await locked.text()).toContain('Too many failed sign-ins. Try again in 30 seconds.');
      // Another account from the same place is not locked (the source limit is higher).
      expect((await new WebClient(world.server.url).signIn('mgr-b')).status).toBe(303);

      world.clock.now += 31_000;
      expect((await web.signIn('mgr-a', 'wrong again')).status).toBe(401);
      world.clock.now += 31_000;
      const longer = await web.signIn('mgr-a');
      expect(longer.status).toBe(429);
      expect(await longer.text()).toMatch(/Try again in 29 seconds/);
      world.clock.now += 30_000;
      expect((await web.signIn('mgr-a')).status).toBe(303);
      // A success clears the count.
      const u = await world.server.db.query<{ failed_attempts: number }>(
        `SELECT failed_attempts FROM users WHERE username = 'mgr-a'`,
      );
      expect(Number(u.rows[0]!.failed_attempts)).toBe(0);
    });

    it('locks a source address that tries many accounts', async () => {
      const world = await servers.world();
      const web = new WebClient(world.server.url);
      for (let i = 0; i < 11; i++) await web.signIn(`guess${i}`, 'password123');
      const r = await web.signIn('ho');
      expect(r.status).toBe(429);
      expect(await r.text()).toContain('Too many failed sign-ins');
    });

    it('ends a session after the idle limit and after the absolute limit', async () => {
      const world = await servers.world();
      const web = new WebClient(world.server.url);
      await web.signIn('ho');
      world.clock.now += IDLE_MS + 1000;
      const idle = await web.json('/web/api/live');
      expect(idle.status).toBe(401);
      expect(idle.body.error).toBe('errExpired');
      expect((idle.body.message as { zh: string }).zh).toBe('会话已过期，请重新登录。');
      const page = await web.get('/web/live');
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/web/sign-in?r=errSignedOut');

      await web.signIn('ho');
      const start = world.clock.now;
      while (world.clock.now - start < ABSOLUTE_MS - IDLE_MS) {
        world.clock.now += IDLE_MS - 60_000;
        expect((await web.get('/web/live')).status).toBe(200);
      }
      // Active a minute before the absolute limit, and still ended at it.
      world.clock.now = start + ABSOLUTE_MS - 60_000;
      expect((await web.get('/web/live')).status).toBe(200);
      world.clock.now = start + ABSOLUTE_MS;
      expect((await web.json('/web/api/live')).body.error).toBe('errExpired');
    });

    it('refuses a POST without the form token, from another origin, or without an Origin', async () => {
      const world = await servers.world();
      const web = new WebClient(world.server.url);
      await web.signIn('ho');
      const csrf = await web.csrf();
      const noToken = await web.post('/web/sign-out', {});
      expect(noToken.status).toBe(403);
      expect(await noToken.text()).toContain('This form is out of date or came from another site.');
      expect((await web.post('/web/sign-out', { csrf: 'x'.repeat(csrf.length) })).status).toBe(403);
      expect((await web.post('/web/sign-out', { csrf }, { origin: 'https://evil.example' })).status).toBe(
        403,
      );
      expect((await web.post('/web/sign-out', { csrf }, { origin: null })).status).toBe(403);
      expect(
        (await web.post('/web/sign-out', { csrf }, { headers: { 'sec-fetch-site': 'cross-site' } })).status,
      ).toBe(403);
      expect((await web.post('/web/reconcile', { store: world.storeA, date: DAY })).status).toBe(403);
      // Still signed in: none of those did anything.
      expect((await web.get('/web/live')).status).toBe(200);
      expect((await web.post('/web/sign-out', { csrf })).status).toBe(303);
      // Sign-in itself is held to the Origin check.
      expect((await new WebClient(world.server.url, 'https://evil.example').signIn('ho')).status).toBe(403);
    });

    it('switches to 简体中文 and remembers it, refusals included', async () => {
      const world = await servers.world();
      const web = new WebClient(world.server.url);
      const sw = await web.post('/web/lang', { lang: 'zh', next: '/web/sign-in' });
      expect(sw.status).toBe(303);
      expect(sw.headers.get('set-cookie')).toMatch(/^lang=zh;/);
      expect(await (await web.get('/web/sign-in')).text()).toContain('登录');
      expect(await (await web.signIn('ho', 'wrong password')).text()).toContain('用户名或密码错误。');
      await web.signIn('ho');
      const html = await (await web.get('/web/live')).text();
      expect(html).toContain('今日实时销售');
      expect(html).toContain('lang="zh-CN"');
    });
  });

  describe('what each person sees', () => {
    it('holds a store manager to their store on every JSON endpoint, and lets head office see the chain', async () => {
      const world = await servers.world();
      const a1 = await FeedTill.enrol(world, world.storeA, 'Front', 'A1');
      const b1 = await FeedTill.enrol(world, world.storeB, 'Harbour 1', 'B1');
      await a1.push(...a1.sale('sa', { status: 'paid', cents: 1000 }));
      await b1.push(...b1.sale('sb', { status: 'paid', cents: 7000 }), b1.refund('rb', 'sb', 100, 'CLOSED'));
      await b1.push(...b1.sale('ub', { status: 'unresolved', cents: 300 }));

      const ho = new WebClient(world.server.url);
      await ho.signIn('ho');
      // A reconciliation of store B, to try reading it as store A's manager.
      const { setStoreMerchant } = await import('../../main/store-server/admin');
      await setStoreMerchant(
        world.server.db,
        { storeId: world.storeB, merchantNo: '100001', merchantSecret: 'sandboxsecret0000000000000000000' },
        world.server.context.sealer,
        world.clock.now,
      );
      const started = await ho.post('/web/reconcile', {
        csrf: await ho.csrf(),
        store: world.storeB,
        date: DAY,
      });
      expect(started.status).toBe(303);
      const jobId = new URL(started.headers.get('location')!, world.server.url).searchParams.get('job')!;

      const mgr = new WebClient(world.server.url);
      await mgr.signIn('mgr-a');
      const endpoints = [
        '/web/api/live',
        '/web/api/problems',
        '/web/api/refunds',
        '/web/api/reports',
        '/web/api/tills',
        '/web/export/sales.csv',
        '/web/export/refunds.csv',
        '/web/live/fragment',
        '/web/refunds/fragment',
      ];
      for (const path of endpoints) {
        for (const q of [`store=${world.storeB}`, `till=${b1.tillId}`]) {
          const r = await mgr.json(`${path}?date=${DAY}&${q}`);
          expect([path, q, r.status]).toEqual([path, q, 403]);
          expect(r.body).toMatchObject({
            error: 'errForbiddenStore',
            message: { en: 'You can only see your own store.', zh: '您只能查看自己的门店。' },
          });
        }
      }
      for (const path of ['/web/live', '/web/reports', '/web/refunds', '/web/unresolved']) {
        const r = await mgr.get(`${path}?store=${world.storeB}`);
        expect(r.status).toBe(403);
        expect(await r.text()).toContain('You can only see your own store.');
      }
      expect((await mgr.json(`/web/api/reconcile/${jobId}`)).status).toBe(403);
      expect((await mgr.get(`/web/reconcile/fragment?job=${jobId}`)).status).toBe(403);
      const csrf = await mgr.csrf();
      expect((await mgr.post('/web/tills/enrol', { csrf, store: world.storeB, name: 'Sneaky' })).status).toBe(
        403,
      );
      expect((await mgr.post(`/web/tills/${b1.tillId}/revoke`, { csrf })).status).toBe(403);
      expect((await mgr.post('/web/reconcile', { csrf, store: world.storeB, date: DAY })).status).toBe(403);

      // Unasked, the manager gets their own store only.
      const own = await mgr.json(`/web/api/live?date=${DAY}`);
      const day = (own.body as unknown as { day: Day }).day;
      expect(day.stores.map((s) => s.storeId)).toEqual([world.storeA]);
      expect(day.totals.salesCents).toBe(1000);
      const problems = (await mgr.json('/web/api/problems')).body as { unresolved: unknown[] };
      expect(problems.unresolved).toHaveLength(0);
      const refunds = (await mgr.json(`/web/api/refunds?date=${DAY}`)).body as { refunds: unknown[] };
      expect(refunds.refunds).toHaveLength(0);
      const tills = (await mgr.json('/web/api/tills')).body as { tills: { id: string }[] };
      expect(tills.tills.map((t) => t.id)).toEqual([a1.tillId]);
      const csv = await (await mgr.get(`/web/export/sales.csv?date=${DAY}`)).text();
      expect(csv).toContain('sa,');
      expect(csv).not.toContain('sb,');

      // Head office sees both stores.
      const chain = (await ho.json(`/web/api/live?date=${DAY}`)).body as unknown as { day: Day };
      expect(chain.day.stores.map((s) => s.storeId).sort()).toEqual([world.storeA, world.storeB].sort());
      expect(chain.day.totals.salesCents).toBe(8000);
      expect(chain.day.totals.netCents).toBe(7900);
      const hoProblems = (await ho.json('/web/api/problems')).body as { unresolved: { saleId: string }[] };
      expect(hoProblems.unresolved.map((s) => s.saleId)).toEqual(['ub']);
    });

    it('lets a manager create an enrolment code and revoke a till of their store; the till API then refuses it', async () => {
      const world = await servers.world();
      const a1 = await FeedTill.enrol(world, world.storeA, 'Front', 'A1');
      await a1.push(...a1.sale('s1', { status: 'paid', cents: 500 }));
      const mgr = new WebClient(world.server.url);
      await mgr.signIn('mgr-a');
      const page = await (await mgr.get('/web/tills')).text();
      expect(page).toContain('Front');
      const csrf = await mgr.csrf();
      const made = await mgr.post('/web/tills/enrol', { csrf, store: world.storeA, name: 'Back counter' });
      expect(made.status).toBe(200);
      const code = /id="enrol-code">([^<]+)</.exec(await made.text())![1]!;
      const enrol = await fetch(`${world.server.url}/api/till/v1/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, posNo: 'A2' }),
      });
      expect(enrol.status).toBe(200);

      const tills = (
        (await mgr.json('/web/api/tills')).body as {
          tills: { id: string; lastSeq: number; lastSeenAt: number | null }[];
        }
      ).tills;
      expect(tills.find((t) => t.id === a1.tillId)).toMatchObject({ lastSeq: 2 });
      expect(tills.find((t) => t.id === a1.tillId)!.lastSeenAt).not.toBeNull();

      const revoked = await mgr.post(`/web/tills/${a1.tillId}/revoke`, { csrf });
      expect(revoked.status).toBe(200);
      expect(await revoked.text()).toContain('Front revoked: it can no longer send records.');
      await expect(a1.push(...a1.sale('s2', { status: 'paid', cents: 500 }))).rejects.toThrow(/push: 403/);
    });
    it('lets head office alone list and create accounts; the new person can sign in', async () => {
      const world = await servers.world();
      const mgr = new WebClient(world.server.url);
      await mgr.signIn('mgr-a');
      const refused = await mgr.json('/web/api/users');
      expect(refused.status).toBe(403);
      expect(refused.body.message).toEqual({
        en: 'Only head office can do this.',
        zh: '只有总部可以执行此操作。',
      });
      expect(await (await mgr.get('/web/live')).text()).not.toContain('href="/web/users"');
      const mcsrf = await mgr.csrf();
      const fields = {
        username: 'dana',
        name: 'Dana',
        role: 'head_office',
        store: '',
        password: 'Quiet-Lantern-77',
      };
      expect((await mgr.post('/web/users', { csrf: mcsrf, ...fields })).status).toBe(403);

      const ho = new WebClient(world.server.url);
      await ho.signIn('ho');
      const csrf = await ho.csrf();
      const weak = await ho.post('/web/users', { csrf, ...fields, username: 'dana', password: 'short' });
      expect(weak.status).toBe(400);
      expect(await weak.text()).toContain(
        'The account was not created: a password has at least 10 characters',
      );
      // The same refusal on the 中文 page gives its reason in 中文 too.
      ho.lang = 'zh';
      const weakZh = await ho.post('/web/users', { csrf, ...fields, username: 'dana', password: 'short' });
      expect(weakZh.status).toBe(400);
      expect(await weakZh.text()).toContain('账户未创建：密码至少需要 10 个字符');
      const takenZh = await ho.post('/web/users', { csrf, ...fields, username: 'ho' });
      expect(await takenZh.text()).toContain('账户未创建：用户名“ho”已被占用');
      // A store manager without a store: said in words of the page, never a command-line flag.
      const noStore = { csrf, ...fields, username: 'sam', role: 'store_manager', store: '' };
      const noStoreZh = await ho.post('/web/users', noStore);
      expect(noStoreZh.status).toBe(400);
      expect(await noStoreZh.text()).toContain('账户未创建：店长必须指定一家门店，请选择门店');
      ho.lang = 'en';
      const noStoreEn = await (await ho.post('/web/users', noStore)).text();
      expect(noStoreEn).toContain('The account was not created: a store manager needs a store: choose one');
      expect(noStoreEn).not.toContain('--store');
      ho.lang = null;
      const made = await ho.post('/web/users', {
        csrf,
        ...fields,
        username: 'eve.mgr',
        name: 'Eve',
        role: 'store_manager',
        store: world.storeB,
      });
      expect(made.status).toBe(200);
      expect(await made.text()).toContain('Account created.');
      const list = (
        (await ho.json('/web/api/users')).body as { users: { username: string; storeName: string | null }[] }
      ).users;
      expect(list.find((u) => u.username === 'eve.mgr')).toMatchObject({ storeName: 'Harbour' });
      const eve = new WebClient(world.server.url);
      expect((await eve.signIn('eve.mgr', 'Quiet-Lantern-77')).status).toBe(303);
      const day = ((await eve.json(`/web/api/live?date=${DAY}`)).body as unknown as { day: Day }).day;
      expect(day.stores.map((s) => s.storeId)).toEqual([world.storeB]);
    });
  });

  describe('the numbers', () => {
    it('adds up the day by till, store and chain, and X/Z per session, from records pushed through the till API', async () => {
      const world = await servers.world();
      const a1 = await FeedTill.enrol(world, world.storeA, 'Front', 'A1');
      const a2 = await FeedTill.enrol(world, world.storeA, 'Back', 'A2');
      const b1 = await FeedTill.enrol(world, world.storeB, 'Harbour 1', 'B1');

      // Till A1: session 1 closed with its frozen Z; its sales this day.
      const frozen = {
        kind: 'Z',
        totals: {
          salesCount: 2,
          salesCents: 4250,
          refundsCount: 2,
          refundsCents: 1300,
          netCents: 3750,
          latePaymentsCount: 1,
          latePaymentsCents: 800,
          lateRefundsCount: 1,
          lateRefundsCents: 800,
        },
        perPlatform: [],
      };
      await a1.push(
        a1.session(1),
        ...a1.sale('w1', { status: 'paid', cents: 1250, platform: 'WECHATPAY' }),
        ...a1.sale('al1', { status: 'paid', cents: 3000, platform: 'ALIPAY' }),
        ...a1.sale('late1', { status: 'voided', paid: true, cents: 800 }),
        ...a1.sale('u1', { status: 'unresolved', cents: 400 }),
        ...a1.sale('v1', { status: 'voided', paid: false, cents: 999 }),
        a1.refund('r1', 'w1', 500, 'CLOSED'),
        a1.refund('r2', 'late1', 800, 'CLOSED'),
        a1.refund('r3', 'al1', 100, 'MERCHANTREJECTED'),
        a1.member('w1', 1),
        a1.member('al1', 1),
        a1.member('late1', 1),
        a1.refundMember('r1', 1),
        a1.refundMember('r2', 1),
        a1.refundMember('r3', 1),
        a1.session(1, { closedAt: world.clock.now + 10_000, report: frozen }),
      );
      // Till A2: an open session; a sale, and a refund of A1's sale sent from here (pending at the gateway).
      await a2.push(
        a2.session(1),
        ...a2.sale('w2', { status: 'paid', cents: 2000 }),
        a2.member('w2', 1),
        a2.remoteRefund('rr1', { till: a1, saleId: 'al1' }, 200, 'APPLIED'),
      );
      await b1.push(...b1.sale('b1s', { status: 'paid', cents: 9900, platform: 'ALIPAY' }));

      const ho = new WebClient(world.server.url);
      await ho.signIn('ho');
      const r = (await ho.json(`/web/api/reports?date=${DAY}`)).body as unknown as {
        day: Day;
        sessions: { tillId: string; kind: string; totals: Line }[];
      };
      const store = r.day.stores.find((s) => s.storeId === world.storeA)!;
      const t1 = store.tills.find((t) => t.tillId === a1.tillId)!;
      const t2 = store.tills.find((t) => t.tillId === a2.tillId)!;
      expect(t1.totals).toEqual(frozen.totals);
      expect(t1.perPlatform.WECHATPAY!.salesCents).toBe(1250);
      expect(t1.perPlatform.ALIPAY!.salesCents).toBe(3000);
      expect(t2.totals).toMatchObject({
        salesCount: 1,
        salesCents: 2000,
        refundsCount: 1,
        refundsCents: 200,
        netCents: 1800,
      });
      // The remote refund is of an Alipay sale taken at A1.
      expect(t2.perPlatform.ALIPAY!.refundsCents).toBe(200);
      expect(store.totals).toMatchObject({
        salesCents: 6250,
        latePaymentsCents: 800,
        refundsCents: 1500,
        netCents: 5550,
      });
      expect(r.day.totals.netCents).toBe(5550 + 9900);
      expect(r.day.totals.salesCount).toBe(4);

      const s1 = r.sessions.find((s) => s.tillId === a1.tillId)!;
      expect(s1.kind).toBe('Z');
      expect(s1.totals).toEqual(frozen.totals);
      const s2 = r.sessions.find((s) => s.tillId === a2.tillId)!;
      expect(s2.kind).toBe('X');
      expect(s2.totals).toMatchObject({ salesCount: 1, salesCents: 2000, netCents: 2000 });

      const page = (await (await ho.get(`/web/reports?date=${DAY}&store=${world.storeA}`)).text()).replace(
        /\s+/g,
        ' ',
      );
      expect(page).toContain(
        'How it adds up: Sales 62.50 + Late payments 8.00 − Refunds 15.00 = Net <strong>55.50</strong>',
      );

      // The refunds page says which till sent each refund, whose sale it was, and its state.
      const refunds = (
        (await ho.json(`/web/api/refunds?date=${DAY}`)).body as { refunds: Record<string, unknown>[] }
      ).refunds;
      expect(refunds.find((x) => x.refundId === 'rr1')).toMatchObject({
        tillName: 'Back',
        saleTillName: 'Front',
        remote: true,
        state: 'pending',
        status: 'APPLIED',
        outRefundNo: 'SRV-rr1',
      });
      expect(refunds.find((x) => x.refundId === 'r3')).toMatchObject({ state: 'failed', remote: false });

      // Unresolved and late-paid.
      const problems = (await ho.json('/web/api/problems')).body as {
        unresolved: { saleId: string }[];
        late: { saleId: string; refunds: { amountCents: number; status: string }[] }[];
      };
      expect(problems.unresolved.map((s) => s.saleId)).toEqual(['u1']);
      expect(problems.late.map((s) => s.saleId)).toEqual(['late1']);
      expect(problems.late[0]!.refunds).toEqual([
        { outRefundNo: 'A1-R-r2', amountCents: 800, status: 'CLOSED', tillName: 'Front' },
      ]);

      // CSV: the till's columns, then where the row came from.
      const salesRes = await ho.get(`/web/export/sales.csv?date=${DAY}&store=${world.storeA}`);
      expect(salesRes.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(salesRes.headers.get('content-disposition')).toBe(`attachment; filename="sales-${DAY}.csv"`);
      const bytes = Buffer.from(await salesRes.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const salesCsv = bytes.toString('utf8');
      const lines = salesCsv.split('\r\n');
      expect(lines[0]).toBe(`\uFEFF${[...SALES_CSV_HEADER, 'store', 'till'].join(',')}`);
      expect(lines).toHaveLength(1 + 6 + 1);
      const w1 = lines.find((l) => l.startsWith('w1,'))!.split(',');
      expect(w1.slice(0, 9)).toEqual([
        'w1',
        DAY,
        '2026-12-01T02:00:00.000Z',
        '2026-12-01T13:00:00+11:00',
        'paid',
        'WECHATPAY',
        '12.50',
        'AUD',
        '5.00',
      ]);
      expect(w1.slice(-2)).toEqual(['Main St', 'Front']);
      expect(lines.find((l) => l.startsWith('al1,'))!.split(',')[8]).toBe('2.00');
      const refundsCsv = await (await ho.get(`/web/export/refunds.csv?date=${DAY}`)).text();
      const rl = refundsCsv.split('\r\n');
      expect(rl[0]).toBe(`${[...REFUNDS_CSV_HEADER, 'store', 'till', 'sale_of', 'sale_till'].join(',')}`);
      expect(
        rl
          .find((l) => l.startsWith('rr1,'))!
          .split(',')
          .slice(-4),
      ).toEqual(['Main St', 'Back', 'remote', 'Front']);
      expect(rl.find((l) => l.startsWith('r1,'))!.split(',')[5]).toBe('refunded');
    });

    it('takes a date typed day first (en-AU) or year first; refuses one that is not a date, in words', async () => {
      const world = await servers.world();
      const ho = new WebClient(world.server.url);
      await ho.signIn('ho');
      const iso = await ho.json(`/web/api/reports?date=${DAY}`);
      const [y, m, d] = DAY.split('-');
      const typed = await ho.json(`/web/api/reports?date=${encodeURIComponent(`${d}/${m}/${y}`)}`);
      expect(typed.status).toBe(200);
      expect(typed.body).toEqual(iso.body);
      for (const bad of ['2026-02-30', '30/02/2026', `${m}/${d}/${y}x`, 'yesterday']) {
        const r = await ho.json(`/web/api/reports?date=${encodeURIComponent(bad)}`);
        expect(r.status, bad).toBe(400);
        expect(r.body.message).toEqual({
          en: 'Type a valid date as dd/mm/yyyy, e.g. 12/06/2026.',
          zh: '请按 年-月-日 输入有效日期，例如 2026-06-12。',
        });
      }
    });
  });
});
