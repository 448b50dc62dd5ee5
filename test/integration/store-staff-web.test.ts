import { expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { checkPin } from '../../main/people/pin-hash';
import { TILL_API_PREFIX, type PeopleResponse } from '../../main/shared/store-link-protocol';
import type { StoreServerHandle } from '../../main/store-server/server';
import {
  WebClient,
  call,
  describeOnBothDatabases,
  enrolTill,
  serversPerTest,
  type EnrolledTill,
  type WebWorld,
} from '../helpers/store-server';
import { waitFor } from '../helpers/wait-for';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const PIN = '4719';

async function signedIn(w: WebWorld, username: string): Promise<{ c: WebClient; csrf: string }> {
  const c = new WebClient(w.server.url);
  expect((await c.signIn(username)).status).toBe(303);
  return { c, csrf: await c.csrf() };
}

async function tillOf(w: WebWorld, storeId: string, name: string, posNo: string): Promise<EnrolledTill> {
  return enrolTill({ server: w.server, storeId, clock: w.clock }, name, posNo);
}

async function people(server: StoreServerHandle, till: EnrolledTill, etag?: string) {
  const res = await fetch(`${server.url}${TILL_API_PREFIX}/people`, {
    headers: { authorization: `Bearer ${till.credential}`, ...(etag ? { 'if-none-match': etag } : {}) },
  });
  const text = await res.text();
  return {
    status: res.status,
    etag: res.headers.get('etag'),
    body: text ? (JSON.parse(text) as PeopleResponse) : null,
  };
}

/** The id of the person the page shows, from its form's address. */
function staffIdIn(html: string): string {
  const m = /action="\/web\/staff\/(sf_[0-9a-f]+)\/edit"/.exec(html);
  if (!m) throw new Error('no person on the page');
  return m[1]!;
}

function codeIn(html: string): string {
  const m = /id="pin-code-once">([A-Z0-9-]+)</.exec(html);
  if (!m) throw new Error('no code on the page');
  return m[1]!;
}

/** A person added on the Staff page by whoever `who` is signed in as; the new person's id. */
async function addStaff(
  who: { c: WebClient; csrf: string },
  name: string,
  stores: readonly string[],
): Promise<string> {
  const fields: [string, string][] = [
    ['csrf', who.csrf],
    ['name', name],
    ['role', 'cashier'],
    ...stores.map((s): [string, string] => ['store', s]),
  ];
  return staffIdIn(await (await who.c.post('/web/staff', fields)).text());
}

async function count(w: WebWorld, sql: string): Promise<number> {
  return Number((await w.server.db.query<{ n: number }>(sql)).rows[0]!.n);
}

describeOnBothDatabases('store server: staff', (target) => {
  const servers = serversPerTest(target);

  it('adds a person at two stores, who sets their own PIN; the tills of those stores, and only those, list them', async () => {
    const w = await servers.world();
    const third = await w.server.db.query<{ id: string }>(
      `INSERT INTO stores (id, name, created_at) VALUES ('st_third', 'Third Ave', 1) RETURNING id`,
    );
    const tillA = await tillOf(w, w.storeA, 'Counter A', 'PA');
    const tillB = await tillOf(w, w.storeB, 'Counter B', 'PB');
    const tillC = await tillOf(w, third.rows[0]!.id, 'Counter C', 'PC');
    const { c, csrf } = await signedIn(w, 'ho');

    const added = await c.post('/web/staff', [
      ['csrf', csrf],
      ['name', 'Li <b>Wei</b>'],
      ['role', 'supervisor'],
      ['store', w.storeA],
      ['store', w.storeB],
    ]);
    expect(added.status).toBe(200);
    const page = await added.text();
    expect(page).toContain('Li &#60;b&#62;Wei&#60;/b&#62; added.');
    expect(page).not.toContain('<b>Wei</b>');
    const id = staffIdIn(page);

    // Listed at A and B with no PIN yet (nobody can sign in with it), not at C.
    const a0 = await people(w.server, tillA);
    expect(a0.status).toBe(200);
    expect(a0.body!.people).toEqual([
      {
        id,
        name: 'Li <b>Wei</b>',
        role: 'supervisor',
        pinHash: null,
        disabledAt: null,
        rev: expect.any(Number),
      },
    ]);
    expect((await people(w.server, tillB)).body!.people.map((p) => p.id)).toEqual([id]);
    expect((await people(w.server, tillC)).body!.people).toEqual([]);
    // Same list, same ETag: 304 and no body.
    expect(await people(w.server, tillA, a0.etag!)).toMatchObject({ status: 304, body: null });

    // The manager makes a code; the person sets a PIN with it on the public page (no session).
    const codePage = await (await c.post(`/web/staff/${id}/pin-code`, { csrf })).text();
    const code = codeIn(codePage);
    expect(codePage).toContain(`${w.server.url.replace('http://', '')}/staff/pin`);
    const person = new WebClient(w.server.url);
    expect((await person.get('/staff/pin')).status).toBe(200);
    // A PIN the till would refuse is refused here, and the code is not spent by it.
    for (const [pin, pin2, words] of [
      ['1234', '1234', 'too easy to guess'],
      ['12a4', '12a4', '4 to 8 digits'],
      ['4719', '4718', 'not the same'],
    ] as const) {
      const res = await person.post('/staff/pin', { code, pin, pin2 });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(words);
    }
    const set = await person.post('/staff/pin', {
      code: code.toLowerCase().replace(/-/g, ''),
      pin: PIN,
      pin2: PIN,
    });
    expect(set.status).toBe(200);
    expect(await set.text()).toContain('Your PIN is set, Li &#60;b&#62;Wei&#60;/b&#62;.');
    // Once only.
    const again = await person.post('/staff/pin', { code, pin: '5820', pin2: '5820' });
    expect(again.status).toBe(401);
    expect(await again.text()).toContain('That code does not work');

    // The till gets the hash in its own format, and its own checker takes the PIN.
    const a1 = await people(w.server, tillA, a0.etag!);
    expect(a1.status).toBe(200);
    expect(a1.etag).not.toBe(a0.etag);
    const hash = a1.body!.people[0]!.pinHash!;
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(checkPin(PIN, hash)).toBe(true);
    expect(checkPin('5820', hash)).toBe(false);
    expect(a1.body!.people[0]!.rev).toBeGreaterThan(a0.body!.people[0]!.rev);

    // Disabled: still listed (so the till refuses them), with no PIN hash.
    expect((await c.post(`/web/staff/${id}/disable`, { csrf })).status).toBe(200);
    const a2 = await people(w.server, tillA, a1.etag!);
    expect(a2.body!.people).toEqual([
      {
        id,
        name: 'Li <b>Wei</b>',
        role: 'supervisor',
        pinHash: null,
        disabledAt: w.clock.now,
        rev: expect.any(Number),
      },
    ]);
    const listHtml = await (await c.get(`/web/staff?store=${w.storeA}`)).text();
    expect(listHtml).toContain(`data-staff="${id}" data-state="disabled"`);

    // Taken off store B: gone from B's list, still at A.
    await c.post(`/web/staff/${id}/enable`, { csrf });
    await c.post(`/web/staff/${id}/edit`, [
      ['csrf', csrf],
      ['name', 'Li Wei'],
      ['role', 'cashier'],
      ['store', w.storeA],
    ]);
    expect((await people(w.server, tillB)).body!.people).toEqual([]);
    expect((await people(w.server, tillA)).body!.people[0]).toMatchObject({
      name: 'Li Wei',
      role: 'cashier',
    });

    // Every step audited, never the code nor the PIN.
    const audit = await w.server.db.query<{ actor: string; action: string; detail: string }>(
      `SELECT actor, action, detail::text AS detail FROM audit_log WHERE action LIKE 'staff%' ORDER BY id`,
    );
    expect(audit.rows.map((r) => `${r.actor} ${r.action}`)).toEqual([
      'web:ho staff_add',
      'web:ho staff_pin_code',
      `staff:${id} staff_pin_set`,
      '- staff_pin_failed',
      'web:ho staff_disable',
      'web:ho staff_enable',
      'web:ho staff_edit',
    ]);
    const all = audit.rows.map((r) => r.detail).join('\n');
    expect(all).not.toContain(code);
    expect(all).not.toContain(PIN);
    expect(all).not.toContain(hash);
  });

  it('holds a store manager to their store, and refuses hostile input in words, writing nothing', async () => {
    const w = await servers.world();
    const ho = await signedIn(w, 'ho');
    const both = await addStaff(ho, 'Both Stores', [w.storeA, w.storeB]);
    const onlyA = await addStaff(ho, 'Only A', [w.storeA]);
    const b = await signedIn(w, 'mgr-b');
    const listB = await (await b.c.get('/web/staff')).text();
    expect(listB).toContain('Both Stores');
    expect(listB).not.toContain('Only A');
    expect((await b.c.get(`/web/staff?store=${w.storeA}`)).status).toBe(403);
    expect((await b.c.get(`/web/staff/${onlyA}`)).status).toBe(404);
    expect((await b.c.post(`/web/staff/${onlyA}/disable`, { csrf: b.csrf })).status).toBe(404);
    expect((await b.c.json('/web/api/staff')).body.staff).toEqual([expect.objectContaining({ id: both })]);

    const before = await count(w, 'SELECT count(*) AS n FROM staff');
    // Each form refused with its status and words: [name, role, store (none: no store ticked), status, words].
    const refusals: [string, string, string | null, number, string][] = [
      ['X', 'cashier', w.storeA, 403, 'only add people to your own store'],
      ['', 'cashier', w.storeB, 400, '1 to 60 characters'],
      ['x'.repeat(61), 'cashier', w.storeB, 400, '1 to 60 characters'],
      ['Bell\u0007', 'cashier', w.storeB, 400, '1 to 60 characters'],
      ['Owner', 'owner', w.storeB, 400, 'cashier, supervisor or manager'],
      ['Nowhere', 'cashier', null, 400, 'at least one store'],
    ];
    for (const [name, role, store, status, words] of refusals) {
      const fields: [string, string][] = [
        ['csrf', b.csrf],
        ['name', name],
        ['role', role],
      ];
      if (store !== null) fields.push(['store', store]);
      const res = await b.c.post('/web/staff', fields);
      expect(res.status, name).toBe(status);
      expect(await res.text()).toContain(words);
    }
    const hoRes = await ho.c.post('/web/staff', [
      ['csrf', ho.csrf],
      ['name', 'Ghost'],
      ['role', 'cashier'],
      ['store', 'st_nope'],
    ]);
    expect(hoRes.status).toBe(404);
    expect(await count(w, 'SELECT count(*) AS n FROM staff')).toBe(before);

    // A person at two stores is disabled only by head office; the store manager takes their own store off.
    const dis = await b.c.post(`/web/staff/${both}/disable`, { csrf: b.csrf });
    expect(dis.status).toBe(403);
    expect(await dis.text()).toContain('only head office can disable or enable them');
    // Ticking another store is refused; unticking their own is theirs to do (store A stays, as they cannot see it).
    const other = await b.c.post(`/web/staff/${both}/edit`, [
      ['csrf', b.csrf],
      ['name', 'Both Stores'],
      ['role', 'cashier'],
      ['store', 'st_nope'],
    ]);
    expect(other.status).toBe(403);
    const off = await b.c.post(`/web/staff/${both}/edit`, [
      ['csrf', b.csrf],
      ['name', 'Both Stores'],
      ['role', 'manager'],
    ]);
    expect(off.status).toBe(200);
    const stores = await w.server.db.query<{ store_id: string }>(
      'SELECT store_id FROM staff_stores WHERE staff_id = $1',
      [both],
    );
    expect(stores.rows.map((r) => r.store_id)).toEqual([w.storeA]);

    // Without the form token or from another site: refused, nothing written.
    expect((await b.c.post('/web/staff', { name: 'NoToken', role: 'cashier', store: w.storeB })).status).toBe(
      403,
    );
    expect(await count(w, `SELECT count(*) AS n FROM staff WHERE name = 'NoToken'`)).toBe(0);
  });

  it('shows a store manager only their own store of a shared person; their save keeps the other stores', async () => {
    const w = await servers.world();
    const ho = await signedIn(w, 'ho');
    const shared = await addStaff(ho, 'Shared Sam', [w.storeA, w.storeB]);
    // Head office sees both stores, by name.
    expect(await (await ho.c.get(`/web/staff?store=${w.storeB}`)).text()).toContain('Harbour, Main St');

    const b = await signedIn(w, 'mgr-b');
    for (const lang of ['en', 'zh'] as const) {
      b.c.lang = lang;
      const list = await (await b.c.get('/web/staff')).text();
      expect(list).toContain('Shared Sam');
      expect(list).toContain('Harbour');
      expect(list).not.toContain('Main St');
      const person = await (await b.c.get(`/web/staff/${shared}`)).text();
      expect(person).not.toContain('Main St');
      expect(person).not.toContain(w.storeA);
      expect(person).toContain(
        lang === 'en'
          ? 'Also works at other stores. Only head office sees and changes those; saving here keeps them.'
          : '也在其他门店工作。只有总部能查看和更改这些门店；在此保存不会影响它们。',
      );
    }
    const api = (await b.c.json('/web/api/staff')).body as { staff: Array<Record<string, unknown>> };
    expect(api.staff).toEqual([
      expect.objectContaining({ id: shared, stores: [{ id: w.storeB, name: 'Harbour' }], otherStores: 1 }),
    ]);
    expect(JSON.stringify(api)).not.toContain('Main St');

    // The store manager's save (a new role, their store ticked) keeps store A, which they never saw.
    const saved = await b.c.post(`/web/staff/${shared}/edit`, [
      ['csrf', b.csrf],
      ['name', 'Shared Sam'],
      ['role', 'supervisor'],
      ['store', w.storeB],
    ]);
    expect(saved.status).toBe(200);
    expect(await saved.text()).not.toContain('Main St');
    const rows = await w.server.db.query<{ store_id: string }>(
      'SELECT store_id FROM staff_stores WHERE staff_id = $1 ORDER BY store_id',
      [shared],
    );
    expect(rows.rows.map((r) => r.store_id).sort()).toEqual([w.storeA, w.storeB].sort());
    const seen = (await ho.c.json('/web/api/staff')).body as { staff: Array<Record<string, unknown>> };
    expect(seen.staff).toEqual([
      expect.objectContaining({
        role: 'supervisor',
        stores: [
          { id: w.storeB, name: 'Harbour' },
          { id: w.storeA, name: 'Main St' },
        ],
        otherStores: 0,
      }),
    ]);
  });

  it('rate-limits wrong codes per address, refuses another site, and a disabled person’s code', async () => {
    const w = await servers.world();
    const ho = await signedIn(w, 'ho');
    const id = staffIdIn(
      await (
        await ho.c.post('/web/staff', [
          ['csrf', ho.csrf],
          ['name', 'Sam'],
          ['role', 'cashier'],
          ['store', w.storeA],
        ])
      ).text(),
    );
    const code = codeIn(await (await ho.c.post(`/web/staff/${id}/pin-code`, { csrf: ho.csrf })).text());
    const guesser = new WebClient(w.server.url);
    expect(
      (await guesser.post('/staff/pin', { code, pin: PIN, pin2: PIN }, { origin: 'https://evil.example' }))
        .status,
    ).toBe(403);
    for (let i = 0; i < 10; i++) {
      expect(
        (await guesser.post('/staff/pin', { code: `ABCD-EFGH-JK${i}M`, pin: PIN, pin2: PIN })).status,
      ).toBe(401);
    }
    // The eleventh wrong code locks the address; even the right code waits.
    await guesser.post('/staff/pin', { code: 'ABCD-EFGH-JKMN', pin: PIN, pin2: PIN });
    const locked = await guesser.post('/staff/pin', { code, pin: PIN, pin2: PIN });
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('Too many wrong codes from here');
    w.clock.now += 60_000;
    // Disabled meanwhile: the code was voided with it.
    await ho.c.post(`/web/staff/${id}/disable`, { csrf: ho.csrf });
    const late = await guesser.post('/staff/pin', { code, pin: PIN, pin2: PIN });
    expect(late.status).toBe(401);
    expect(await count(w, `SELECT count(*) AS n FROM staff WHERE pin_hash IS NOT NULL`)).toBe(0);
    // The page in Chinese.
    guesser.lang = 'zh';
    expect(await (await guesser.get('/staff/pin')).text()).toContain('设置您的 PIN');
  });

  it('tells the linked tills of the stores concerned that the list changed', async () => {
    const w = await servers.world();
    const tillA = await tillOf(w, w.storeA, 'Counter A', 'PA');
    const tillB = await tillOf(w, w.storeB, 'Counter B', 'PB');
    const heard = { a: [] as string[], b: [] as string[] };
    const open = (till: EnrolledTill, into: string[]) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`${w.server.url.replace(/^http/, 'ws')}${TILL_API_PREFIX}/link`, {
          headers: { authorization: `Bearer ${till.credential}` },
        });
        ws.on('message', (d: Buffer) => into.push((JSON.parse(d.toString('utf8')) as { type: string }).type));
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    const wsA = await open(tillA, heard.a);
    const wsB = await open(tillB, heard.b);
    try {
      await waitFor(() => heard.a.includes('hello') && heard.b.includes('hello'), {
        what: 'both links open',
      });
      const ho = await signedIn(w, 'ho');
      await ho.c.post('/web/staff', [
        ['csrf', ho.csrf],
        ['name', 'Ana'],
        ['role', 'cashier'],
        ['store', w.storeA],
      ]);
      await waitFor(() => heard.a.includes('people-changed'), { what: 'till A told' });
      expect(heard.b).toEqual(['hello']);
    } finally {
      wsA.close();
      wsB.close();
    }
    // An unknown credential gets no list.
    expect((await call(w.server, 'GET', '/people', { credential: 'x'.repeat(43) })).status).toBe(401);
  });
});
