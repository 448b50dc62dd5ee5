/**
 * The web's admin half over real HTTP, on both databases: sign-in limits counted in the database under a burst
 * of parallel guesses and the client address behind a trusted proxy; revoke behind a confirmation, a new code
 * under a revoked till's name, reinstate, and the till's totals unchanged; People (reset shown once, disable,
 * unlock, role, delete, the last head-office account kept); the Audit page, its filters and CSV; a database
 * outage shown to a browser in words.
 */
import { expect, it, vi } from 'vitest';
import {
  DAY,
  describeOnBothDatabases,
  FeedTill,
  PASSWORD,
  serversPerTest,
  WebClient,
} from '../helpers/store-server';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const text = async (r: Response) => (await r.text()).replace(/\s+/g, ' ');

describeOnBothDatabases('managers’ pages: admin', (target) => {
  const servers = serversPerTest(target);

  it('counts 25 parallel wrong passwords one by one and refuses the right one once locked', async () => {
    const world = await servers.world({ trustedProxies: ['127.0.0.1'] });
    // Each guess from its own address (behind the trusted proxy), so only the account's limit applies.
    const burst = Array.from({ length: 25 }, (_, i) =>
      new WebClient(world.server.url).signIn('mgr-a', `wrong-${i}-password`, {
        'x-forwarded-for': `198.51.100.${i + 1}`,
      }),
    );
    const answers = await Promise.all(burst);
    expect(answers.every((r) => r.status === 401)).toBe(true);
    const row = await world.server.db.query<{ failed_attempts: number; locked_until: number | null }>(
      `SELECT failed_attempts, locked_until FROM users WHERE username = 'mgr-a'`,
    );
    expect(Number(row.rows[0]!.failed_attempts)).toBe(25);
    expect(Number(row.rows[0]!.locked_until)).toBeGreaterThan(world.clock.now);
    // The lock is capped at a few minutes: a visitor cannot hold the account for long.
    expect(Number(row.rows[0]!.locked_until) - world.clock.now).toBeLessThanOrEqual(5 * 60_000);
    const fromDesk = { 'x-forwarded-for': '192.0.2.7' };
    const right = await new WebClient(world.server.url).signIn('mgr-a', PASSWORD, fromDesk);
    expect(right.status).toBe(429);
    expect(await text(right)).toContain('Too many failed sign-ins. Try again in 5 minutes.');
    world.clock.now += 5 * 60_000 + 1000;
    expect((await new WebClient(world.server.url).signIn('mgr-a', PASSWORD, fromDesk)).status).toBe(303);
  });

  it('answers a username with no account exactly as a real one: same words, same status, at the same failure', async () => {
    const world = await servers.world({ trustedProxies: ['127.0.0.1'] });
    // One guess per address, so only the per-account limit speaks; the same sequence for both names.
    const answers = async (username: string, net: string) => {
      const out: string[] = [];
      for (let i = 1; i <= 6; i++) {
        const r = await new WebClient(world.server.url).signIn(username, `wrong-${i}-password`, {
          'x-forwarded-for': `${net}.${i}`,
        });
        const said = /(Wrong username or password\.[^<]*|Too many failed sign-ins\.[^<]*)/.exec(
          await text(r),
        );
        out.push(`${r.status} ${said?.[1] ?? '(no refusal in words)'}`);
      }
      return out;
    };
    const real = await answers('mgr-a', '198.51.100');
    const made = await answers('nobody-here', '203.0.113');
    expect(made).toEqual(real);
    expect(real[3]).toMatch(/^401 /);
    expect(real[4]).toContain('After 5 failed sign-ins this account is locked for 30 seconds.');
    expect(real[5]).toMatch(/^429 .*Too many failed sign-ins\. Try again in/);
  });

  it('believes X-Forwarded-For only from a trusted proxy', { timeout: 400_000 }, async () => {
    const behindProxy = await servers.world({ trustedProxies: ['127.0.0.1'] });
    const visitor = new WebClient(behindProxy.server.url);
    // One visitor's 10 failures (behind the proxy) lock that visitor's address, not everyone behind the proxy.
    for (let i = 0; i < 11; i++)
      await visitor.signIn(`guess${i}`, 'password123', { 'x-forwarded-for': '203.0.113.9' });
    const same = await visitor.signIn('ho', PASSWORD, { 'x-forwarded-for': '203.0.113.9' });
    expect(same.status).toBe(429);
    const other = await new WebClient(behindProxy.server.url).signIn('ho', PASSWORD, {
      'x-forwarded-for': '203.0.113.10',
    });
    expect(other.status).toBe(303);
    const logged = await behindProxy.server.db.query<{ source: string }>(
      `SELECT detail->>'source' AS source FROM audit_log WHERE action = 'web.sign_in'`,
    );
    expect(logged.rows.map((r) => r.source)).toEqual(['203.0.113.10']);
    await servers.close(behindProxy);

    // Not trusted: the header is anybody's claim and is ignored.
    const world = await servers.world();
    for (let i = 0; i < 11; i++)
      await new WebClient(world.server.url).signIn(`guess${i}`, 'password123', {
        'x-forwarded-for': `203.0.113.${i}`,
      });
    expect((await new WebClient(world.server.url).signIn('ho')).status).toBe(429);
  });

  it('revokes behind a confirmation, refuses a new code under the name in words, reinstates, totals equal', async () => {
    const world = await servers.world();
    const front = await FeedTill.enrol(world, world.storeA, 'Front', 'A1');
    await front.push(...front.sale('s1', { status: 'paid', cents: 1250 }));
    const mgr = new WebClient(world.server.url);
    await mgr.signIn('mgr-a');
    const csrf = await mgr.csrf();
    const totals = async () =>
      (
        (await mgr.json(`/web/api/reports?date=${DAY}`)).body as {
          day: { stores: { tills: { tillId: string; totals: { netCents: number } }[] }[] };
        }
      ).day.stores[0]!.tills.find((t) => t.tillId === front.tillId)!.totals;
    const before = await totals();
    expect(before.netCents).toBe(1250);

    const confirm = await mgr.get(`/web/tills/${front.tillId}/revoke`);
    expect(confirm.status).toBe(200);
    const words = await text(confirm);
    expect(words).toContain('Revoke Front (Main St)?');
    expect(words).toContain('its new sales and refunds are not sent here');
    expect(words).toContain('You can undo it: Reinstate');
    // Looking at the confirmation changes nothing.
    await front.push(...front.sale('s2', { status: 'paid', cents: 300 }));

    const revoked = await mgr.post(`/web/tills/${front.tillId}/revoke`, { csrf });
    expect(revoked.status).toBe(200);
    expect(await text(revoked)).toContain('Front revoked');
    await expect(front.push(...front.sale('s3', { status: 'paid', cents: 999 }))).rejects.toThrow(/403/);

    const again = await mgr.post('/web/tills/enrol', { csrf, store: world.storeA, name: 'Front' });
    expect(again.status).toBe(409);
    const againText = await text(again);
    expect(againText).toContain('This store already has a till named “Front”, and it is revoked.');
    expect(againText).toContain(`action="/web/tills/${front.tillId}/reinstate"`);
    expect(againText).not.toContain('Please check what you typed');
    mgr.lang = 'zh';
    const zh = await text(await mgr.post('/web/tills/enrol', { csrf, store: world.storeA, name: 'Front' }));
    expect(zh).toContain('本店已有名为“Front”的收银机，且已被吊销。');
    mgr.lang = null;

    const reinstated = await mgr.post(`/web/tills/${front.tillId}/reinstate`, { csrf });
    expect(reinstated.status).toBe(200);
    expect(await text(reinstated)).toContain('Front reinstated');
    await front.push(...front.sale('s3', { status: 'paid', cents: 999 }));
    expect((await totals()).netCents).toBe(1250 + 300 + 999);

    const actions = await world.server.db.query<{ action: string; source: string | null }>(
      `SELECT action, detail->>'source' AS source FROM audit_log WHERE action IN ('till_revoke', 'till_reinstate') ORDER BY id`,
    );
    expect(actions.rows.map((r) => r.action)).toEqual(['till_revoke', 'till_reinstate']);
    expect(actions.rows.every((r) => r.source !== null)).toBe(true);
  });

  it('answers a revoked till’s unused code with 410 and logs failed enrolments', async () => {
    const world = await servers.world();
    const ho = new WebClient(world.server.url);
    await ho.signIn('ho');
    const csrf = await ho.csrf();
    const made = await ho.post('/web/tills/enrol', { csrf, store: world.storeB, name: 'Dock' });
    const code = /id="enrol-code">([^<]+)</.exec(await made.text())![1]!;
    const tillId = (await world.server.db.query<{ id: string }>(`SELECT id FROM tills WHERE name = 'Dock'`))
      .rows[0]!.id;
    expect((await ho.post(`/web/tills/${tillId}/revoke`, { csrf })).status).toBe(200);
    const enrol = (c: string) =>
      fetch(`${world.server.url}/api/till/v1/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: c, posNo: 'B9' }),
      });
    const gone = await enrol(code);
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({
      error: 'code_used_or_expired',
      detail: 'this till was revoked',
    });
    expect((await enrol('ABCD-EFGH-JKMN')).status).toBe(401);
    const failed = await world.server.db.query<{ reason: string; source: string }>(
      `SELECT detail->>'reason' AS reason, detail->>'source' AS source FROM audit_log
        WHERE action = 'till_enrol_failed' ORDER BY id`,
    );
    expect(failed.rows.map((r) => r.reason)).toEqual(['this till was revoked', 'unknown enrolment code']);
    expect(failed.rows[0]!.source).toBe('127.0.0.1');
    // The code itself is never written down.
    const all = await world.server.db.query<{ d: string }>(`SELECT detail::text AS d FROM audit_log`);
    expect(all.rows.some((r) => r.d.includes(code) || r.d.includes('ABCDEFGHJKMN'))).toBe(false);
  });

  it('People: reset shown once, disable, unlock, role, delete, and the last head-office account kept', async () => {
    const world = await servers.world();
    const ho = new WebClient(world.server.url);
    await ho.signIn('ho');
    const csrf = await ho.csrf();
    const list = await text(await ho.get('/web/users'));
    expect(list).toContain('href="/web/users/mgr-a"');

    const reset = await ho.post('/web/users/mgr-a/reset-password', { csrf });
    expect(reset.status).toBe(200);
    const fresh = /id="new-password-once">([^<]+)</.exec(await reset.text())![1]!;
    expect(fresh).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    expect(await text(await ho.get('/web/users/mgr-a'))).not.toContain(fresh);
    expect((await new WebClient(world.server.url).signIn('mgr-a')).status).toBe(401);
    const mgr = new WebClient(world.server.url);
    expect((await mgr.signIn('mgr-a', fresh)).status).toBe(303);

    expect((await ho.post('/web/users/mgr-a/disable', { csrf })).status).toBe(200);
    expect((await mgr.get('/web/live')).status).toBe(303); // the session ended
    expect((await new WebClient(world.server.url).signIn('mgr-a', fresh)).status).toBe(401);
    expect((await ho.post('/web/users/mgr-a/enable', { csrf })).status).toBe(200);
    expect((await new WebClient(world.server.url).signIn('mgr-a', fresh)).status).toBe(303);

    for (let i = 0; i < 5; i++) await new WebClient(world.server.url).signIn('mgr-b', 'wrong password');
    expect(await text(await ho.get('/web/users/mgr-b'))).toContain('locked until');
    expect((await ho.post('/web/users/mgr-b/unlock', { csrf })).status).toBe(200);
    expect((await new WebClient(world.server.url).signIn('mgr-b')).status).toBe(303);

    const moved = await ho.post('/web/users/mgr-b/role', {
      csrf,
      role: 'store_manager',
      store: world.storeA,
    });
    expect(moved.status).toBe(200);
    const row = await world.server.db.query<{ store_id: string }>(
      `SELECT store_id FROM users WHERE username = 'mgr-b'`,
    );
    expect(row.rows[0]!.store_id).toBe(world.storeA);

    // The only head-office account can be neither disabled, demoted nor deleted.
    for (const [path, fields] of [
      ['disable', {}],
      ['role', { role: 'store_manager', store: world.storeA }],
      ['delete', {}],
    ] as const) {
      const r = await ho.post(`/web/users/ho/${path}`, { csrf, ...fields });
      expect(r.status).toBe(409);
      expect(await text(r)).toContain('ho is the last head-office account that can sign in');
    }
    ho.lang = 'zh';
    expect(await text(await ho.post('/web/users/ho/delete', { csrf }))).toContain(
      'ho 是最后一个可登录的总部账户',
    );
    ho.lang = null;
    // With a second head office, the first can go.
    await ho.post('/web/users/mgr-b/role', { csrf, role: 'head_office', store: '' });
    // Delete on the person's page is a link to a confirmation page; showing it deletes nothing.
    expect(await text(await ho.get('/web/users/mgr-a'))).toContain('href="/web/users/mgr-a/delete"');
    const confirm = await text(await ho.get('/web/users/mgr-a/delete'));
    expect(confirm).toContain('id="delete-confirm"');
    expect(confirm).toContain('action="/web/users/mgr-a/delete"');
    expect(confirm).toContain('Deleting cannot be undone');
    expect((await ho.get('/web/users/nobody/delete')).status).toBe(404);
    expect((await world.server.db.query(`SELECT 1 FROM users WHERE username = 'mgr-a'`)).rows).toHaveLength(
      1,
    );
    expect((await ho.post('/web/users/mgr-a/delete', { csrf })).status).toBe(200);
    expect((await ho.post('/web/users/ho/disable', { csrf })).status).toBe(200);
    const left = await world.server.db.query<{ username: string }>('SELECT username FROM users ORDER BY 1');
    expect(left.rows.map((r) => r.username)).toEqual(['ho', 'mgr-b']);
  });

  it('Audit: who did what, when and from where, filtered, and as CSV; head office only', async () => {
    const world = await servers.world();
    const front = await FeedTill.enrol(world, world.storeA, 'Front', 'A1');
    await FeedTill.enrol(world, world.storeB, 'Dock', 'B1');
    const ho = new WebClient(world.server.url);
    await ho.signIn('ho');
    await new WebClient(world.server.url).signIn('mgr-a', 'wrong password');
    const csrf = await ho.csrf();
    await ho.post(`/web/tills/${front.tillId}/revoke`, { csrf });

    const all = await text(await ho.get('/web/audit'));
    for (const action of ['till_revoke', 'web.sign_in_failed', 'till_enrol', 'web.sign_in', 'till_code'])
      expect(all).toContain(`data-action="${action}"`);
    expect(all).toContain('<td>Till revoked</td>');

    const revokes = await text(await ho.get(`/web/audit?action=till_revoke&store=${world.storeA}`));
    expect(revokes.match(/data-action="/g)).toHaveLength(1);
    expect(revokes).toContain('Front');
    expect(revokes).toContain('127.0.0.1');
    const storeB = await text(await ho.get(`/web/audit?store=${world.storeB}&action=till_enrol`));
    expect(storeB).toContain('Dock');
    expect(storeB).not.toContain('>Front<');
    const byUser = await text(await ho.get('/web/audit?user=mgr-a'));
    expect(byUser).toContain('data-action="web.sign_in_failed"');
    expect(byUser).not.toContain('data-action="till_revoke"');
    const tomorrow = await text(await ho.get('/web/audit?from=2026-12-02&to=2026-12-03'));
    expect(tomorrow).not.toContain('data-action=');
    expect((await ho.get('/web/audit?from=2026-12-03&to=2026-12-02')).status).toBe(400);

    const csv = await ho.get(`/web/export/audit.csv?action=till_revoke`);
    expect(csv.status).toBe(200);
    const body = await csv.text();
    expect(body.split('\r\n')[0]).toContain(
      'at,local_time,person,action,action_words,store,till,source,details',
    );
    expect(body).toContain('web:ho,till_revoke,Till revoked,Main St,Front,127.0.0.1');

    ho.lang = 'zh';
    expect(await text(await ho.get('/web/audit'))).toContain('<td>吊销收银机</td>');
    const mgr = new WebClient(world.server.url);
    await mgr.signIn('mgr-b');
    expect((await mgr.get('/web/audit')).status).toBe(403);
    expect((await mgr.get('/web/export/audit.csv')).status).toBe(403);
  });

  it('X/Z: one till is not called the store total, revoked empty tills are left out, remote refunds explained', async () => {
    const world = await servers.world();
    const front = await FeedTill.enrol(world, world.storeA, 'Front', 'A1');
    const back = await FeedTill.enrol(world, world.storeA, 'Back', 'A2');
    const idle = await FeedTill.enrol(world, world.storeA, 'Idle', 'A3');
    await front.push(...front.sale('s1', { status: 'paid', cents: 3000 }));
    await back.push(back.remoteRefund('rr1', { till: front, saleId: 's1' }, 1000, 'CLOSED'));
    const ho = new WebClient(world.server.url);
    await ho.signIn('ho');
    const csrf = await ho.csrf();
    await ho.post(`/web/tills/${idle.tillId}/revoke`, { csrf });

    const store = await text(await ho.get(`/web/reports?date=${DAY}&store=${world.storeA}`));
    expect(store).toContain('Store total (sum of its tills)');
    expect(store).not.toContain(`data-till="${idle.tillId}"`);
    expect(store).toContain('<option value="' + front.tillId + '" >Main St — Front</option>');
    expect(store).toContain('Refunds of other tills’ sales made at this till: 1, 10.00');
    expect(store).toContain('Z is what the till froze when it closed the session');

    const one = await text(await ho.get(`/web/reports?date=${DAY}&till=${back.tillId}`));
    expect(one).not.toContain('Store total');
    expect(one).not.toContain('Chain total');
    expect(one).toContain('Main St — Back');

    const live = await text(await ho.get(`/web/live?date=${DAY}&till=${front.tillId}`));
    expect(live).not.toContain('data-store-total');
    const tills = await text(await ho.get(`/web/live?date=${DAY}&store=${world.storeA}`));
    expect(tills).toContain('Main St — Idle (revoked)');
  });

  // PGlite runs inside the server's process: it has no outage to show.
  it.skipIf(target.kind === 'pglite')(
    'shows a browser a page in words when the database is away; JSON stays JSON',
    async () => {
      const world = await servers.world();
      const ho = new WebClient(world.server.url);
      await ho.signIn('ho');
      const cluster = target.cluster()!;
      cluster.stop('fast');
      try {
        const pageRes = await fetch(`${world.server.url}/web/live`, {
          headers: { cookie: ho.cookie!, accept: 'text/html' },
        });
        expect(pageRes.headers.get('content-type')).toContain('text/html');
        const body = await text(pageRes);
        expect(pageRes.status).toBe(503);
        expect(body).toContain('The server cannot reach its database just now.');
        expect(body).not.toContain('server_error');
        const api = await fetch(`${world.server.url}/web/api/live`, { headers: { cookie: ho.cookie! } });
        expect(api.status).toBe(503);
        expect(await api.json()).toEqual({ error: 'database_unavailable' });
      } finally {
        cluster.start();
      }
    },
  );
});
