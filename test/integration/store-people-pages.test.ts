import { expect, it, vi } from 'vitest';
import { DAY, describeOnBothDatabases, FeedTill, serversPerTest, WebClient } from '../helpers/store-server';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const Z = {
  totals: { salesCount: 0, salesCents: 0, refundsCount: 0, refundsCents: 0, netCents: 0 },
  perPlatform: [],
};

const person = (id: string, name: string, role: string, source = 'till') => [
  'person',
  id,
  { id, name, role, disabled_at: null, source },
];

describeOnBothDatabases('store server: who did it, on the pages', (target) => {
  const servers = serversPerTest(target);

  it('shows who served, who asked for and approved each refund, who closed the Z, and the day by person', async () => {
    const w = await servers.world();
    const a1 = await FeedTill.enrol(w, w.storeA, 'Counter 1', 'P1');
    const a2 = await FeedTill.enrol(w, w.storeA, 'Counter 2', 'P2');
    // Server staff: one person at both tills.
    await w.server.db.query(
      `INSERT INTO staff (id, name, role, created_at, updated_at) VALUES ('sf_ann', 'Ann <i>Lee</i>', 'cashier', 1, 1)`,
    );
    await w.server.db.query(`INSERT INTO staff_stores (staff_id, store_id) VALUES ('sf_ann', $1)`, [
      w.storeA,
    ]);
    const served = (rows: [string, string, Record<string, unknown>][], by: string | null, extra = {}) =>
      rows.map(
        ([e, id, d]) => [e, id, e === 'sale' ? { ...d, person_id: by, ...extra } : d] as (typeof rows)[0],
      );

    const [, , refund] = a1.refund('r1', 's1', 300, 'CLOSED');
    await a1.push(
      person('cashier-1', 'Bo <script>', 'cashier') as [string, string, Record<string, unknown>],
      person('manager-1', 'Mei', 'manager') as [string, string, Record<string, unknown>],
      person('sf_ann', 'Ann <i>Lee</i>', 'cashier', 'server') as [string, string, Record<string, unknown>],
      ...served(a1.sale('s1', { status: 'paid', cents: 1000 }), 'cashier-1'),
      ...served(a1.sale('s2', { status: 'paid', cents: 500 }), 'sf_ann'),
      ...served(a1.sale('s3', { status: 'voided', cents: 700, paid: true }), 'cashier-1', {
        voided_by: 'manager-1',
      }),
      ['refund', 'r1', { ...refund, requested_by: 'cashier-1', approved_by: 'manager-1' }],
      a1.session(1, {
        closedAt: w.clock.now,
        report: Z,
      }),
    );
    // The session's closer comes with the till's session record.
    const [, , z] = a1.session(2, {
      closedAt: w.clock.now,
      report: Z,
    });
    await a1.push(['session', '2', { ...z, closed_by: 'manager-1' }]);
    // Another till with its own `manager-1` (a different person) and the same server staff member.
    await a2.push(
      person('manager-1', 'Other Mgr', 'manager') as [string, string, Record<string, unknown>],
      ...served(a2.sale('t1', { status: 'paid', cents: 2000 }), 'manager-1'),
      ...served(a2.sale('t2', { status: 'paid', cents: 250 }), 'sf_ann'),
      // A till from before people: no name.
      ...a2.sale('t3', { status: 'paid', cents: 100 }),
    );

    const c = new WebClient(w.server.url);
    expect((await c.signIn('mgr-a')).status).toBe(303);

    const live = await (await c.get(`/web/live?date=${DAY}`)).text();
    expect(live).toMatch(/data-sale="s1">[\s\S]*?<td class="served-by">Bo &#60;script&#62;<\/td>/);
    expect(live).toMatch(
      /data-sale="s2">[\s\S]*?<td class="served-by">Ann &#60;i&#62;Lee&#60;\/i&#62;<\/td>/,
    );
    expect(live).toMatch(/data-sale="t1">[\s\S]*?<td class="served-by">Other Mgr<\/td>/);
    expect(live).not.toContain('<script>');
    expect(live).toContain('Served by');

    const refunds = await (await c.get(`/web/refunds?date=${DAY}`)).text();
    expect(refunds).toMatch(
      /data-refund="P1-R-r1"[\s\S]*?<td class="requested-by">Bo &#60;script&#62;<\/td>\s*<td class="approved-by">Mei<\/td>/,
    );
    expect(refunds).toContain('Approved by');

    const late = await (await c.get('/web/unresolved')).text();
    expect(late).toMatch(/data-sale="s3">[\s\S]*?<td class="served-by">Bo &#60;script&#62;<\/td>/);

    const day = await (await c.get(`/web/reports?date=${DAY}`)).text();
    expect(day).toMatch(/data-session="2"[\s\S]*?Closed by:\s*Mei/);
    expect(day).not.toMatch(/data-session="1"[^>]*>[^]*?Closed by[^]*?data-session="2"/);
    const byPerson =
      /<section class="person-report" id="by-person">([\s\S]*?)<\/section>/.exec(day)?.[1] ?? '';
    const row = (id: string, who: string) =>
      new RegExp(
        `data-person="${id}">\\s*<td>\\s*${who}\\s*</td>((?:\\s*<td class="num[^"]*">[^<]*</td>){7})`,
      ).exec(byPerson)?.[1];
    const cells = (s: string | undefined) =>
      [...(s ?? '').matchAll(/<td class="num[^"]*">([^<]*)<\/td>/g)].map((m) => m[1]);
    // Sales count, sales, late count, late, refunds count, refunds, net.
    expect(cells(row('cashier-1', 'Bo &#60;script&#62; \\(Counter 1\\)'))).toEqual([
      '1',
      '10.00',
      '1',
      '7.00',
      '1',
      '3.00',
      '14.00',
    ]);
    // Staff from the server: one person across both tills.
    expect(cells(row('sf_ann', 'Ann &#60;i&#62;Lee&#60;/i&#62;'))).toEqual([
      '2',
      '7.50',
      '0',
      '0.00',
      '0',
      '0.00',
      '7.50',
    ]);
    expect(cells(row('manager-1', 'Other Mgr \\(Counter 2\\)'))).toEqual([
      '1',
      '20.00',
      '0',
      '0.00',
      '0',
      '0.00',
      '20.00',
    ]);
    expect(cells(row('', '\\(before people\\)'))).toEqual(['1', '1.00', '0', '0.00', '0', '0.00', '1.00']);

    // 中文.
    c.lang = 'zh';
    const zh = await (await c.get(`/web/reports?date=${DAY}`)).text();
    expect(zh).toContain('按人员');
    expect(zh).toContain('（人员功能启用前）');
    const api = await c.json(`/web/api/reports?date=${DAY}`);
    expect((api.body.byPerson as { personId: string | null }[]).map((p) => p.personId)).toContain('sf_ann');
  });
});
