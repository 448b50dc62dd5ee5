/**
 * The range report, its exports and the daily summary over real HTTP, on both databases, from records pushed
 * through the till API: the numbers equal a ledger worked out by hand (across Sydney's DST change), filters,
 * another store's data never shown, hostile query parameters refused in words, and the XLSX opened with exceljs
 * and read cell by cell.
 */
import ExcelJS from 'exceljs';
import { afterEach, expect, it, vi } from 'vitest';
import { AUD_FORMAT, CNY_FORMAT } from '../../main/store-server/web/xlsx';
import { describeOnBothDatabases, WebClient, startWorld, type WebWorld } from '../helpers/store-server';
import { FROM, MAIN_ST, TO, pushRangeLedger } from '../helpers/store-server/range-ledger';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

interface Line {
  salesCount: number;
  salesCents: number;
  latePaymentsCount: number;
  latePaymentsCents: number;
  refundsCount: number;
  refundsCents: number;
  lateRefundsCount: number;
  lateRefundsCents: number;
  netCents: number;
}
interface Bucket extends Line {
  key: string;
}
interface RangeJson {
  report: {
    totals: {
      stores: {
        storeId: string;
        storeName: string;
        tills: { tillName: string; totals: Line }[];
        totals: Line;
      }[];
      perPlatform: Record<string, Line>;
      totals: Line;
    };
    cny: { cents: number; withCny: number; of: number };
    byDay: Bucket[];
    byHour: Bucket[];
    byPerson: (Bucket & { name: string | null; tillName: string | null })[];
  };
  refunds: {
    total: number;
    rows: {
      refundId: string;
      reason: string | null;
      state: string;
      requestedBy: string | null;
      approvedBy: string | null;
    }[];
  };
  late: { total: number; rows: { saleId: string; outcome: string; refundedCents: number }[] };
}

/** The platform split's share cells of a range page, by platform. */
function shares(page: string): Record<string, string> {
  const table = page.slice(
    page.indexOf('id="platform-split"'),
    page.indexOf('</table>', page.indexOf('id="platform-split"')),
  );
  return Object.fromEntries(
    [...table.matchAll(/<tr data-platform="(\w+)">[\s\S]*?<td class="num share">([^<]*)<\/td>/g)].map((m) => [
      m[1]!,
      m[2]!.trim(),
    ]),
  );
}

describeOnBothDatabases('range reports', (target) => {
  let world: WebWorld | null = null;
  afterEach(async () => {
    await world?.server.close();
    world = null;
  });

  async function signedIn(user: string, lang: 'en' | 'zh' = 'en'): Promise<WebClient> {
    const web = new WebClient(world!.server.url);
    web.lang = lang;
    expect((await web.signIn(user)).status).toBe(303);
    return web;
  }

  it('equals the hand-worked ledger across the DST change, by till, platform, day, hour and CNY', async () => {
    world = await startWorld(target);
    await pushRangeLedger(world);
    const mgr = await signedIn('mgr-a');
    const res = await mgr.json(`/web/api/range?from=${FROM}&to=${TO}`);
    expect(res.status).toBe(200);
    const { report, refunds, late } = res.body as unknown as RangeJson;
    const t = report.totals.totals;
    expect([t.salesCount, t.salesCents]).toEqual([MAIN_ST.sales.n, MAIN_ST.sales.cents]);
    expect([t.latePaymentsCount, t.latePaymentsCents]).toEqual([MAIN_ST.late.n, MAIN_ST.late.cents]);
    expect([t.refundsCount, t.refundsCents]).toEqual([MAIN_ST.refunds.n, MAIN_ST.refunds.cents]);
    expect([t.lateRefundsCount, t.lateRefundsCents]).toEqual([
      MAIN_ST.lateRefunds.n,
      MAIN_ST.lateRefunds.cents,
    ]);
    expect(t.netCents).toBe(MAIN_ST.net);
    // A store manager sees their store only.
    expect(report.totals.stores.map((s) => s.storeName)).toEqual(['Main St']);
    const tills = Object.fromEntries(report.totals.stores[0]!.tills.map((x) => [x.tillName, x.totals]));
    expect(tills.Front).toMatchObject({
      salesCents: MAIN_ST.tills.Front.sales,
      latePaymentsCents: MAIN_ST.tills.Front.late,
      refundsCents: MAIN_ST.tills.Front.refunds,
      netCents: MAIN_ST.tills.Front.net,
    });
    expect(tills['Back <b>&']).toMatchObject({ salesCents: 2_000, refundsCents: 1_000, netCents: 1_000 });
    for (const [p, x] of Object.entries(MAIN_ST.platforms))
      expect(report.totals.perPlatform[p]).toMatchObject({
        salesCents: x.sales,
        latePaymentsCents: x.late,
        refundsCents: x.refunds,
        netCents: x.net,
      });
    expect(report.cny).toEqual({ cents: MAIN_ST.cny.fen, withCny: MAIN_ST.cny.withCny, of: MAIN_ST.cny.of });
    expect(report.byDay.map((b) => b.key)).toEqual(['2026-04-04', '2026-04-05', '2026-04-06']);
    for (const b of report.byDay) {
      const want = MAIN_ST.byDay[b.key as keyof typeof MAIN_ST.byDay];
      expect([b.salesCents, b.latePaymentsCents, b.refundsCents, b.netCents]).toEqual([
        want.sales,
        'late' in want ? want.late : 0,
        want.refunds,
        want.net,
      ]);
    }
    for (const b of report.byHour) {
      const want = MAIN_ST.byHour[Number(b.key)] ?? { sales: 0, refunds: 0 };
      expect([b.key, b.salesCents, b.latePaymentsCents, b.refundsCents]).toEqual([
        b.key,
        want.sales,
        want.late ?? 0,
        want.refunds,
      ]);
    }
    // By person: a till's own Manager is that till's; rows from before people are "not recorded".
    const people = Object.fromEntries(
      report.byPerson.map((p) => [
        p.key === '' ? '' : `${p.tillName}/${p.key.split('/')[1]}`,
        { name: p.name, net: p.netCents },
      ]),
    );
    expect(people).toEqual(MAIN_ST.byPerson);
    // Refunds with reasons (the failed one listed as failed); late payments and what became of them.
    expect(refunds.total).toBe(4);
    expect(Object.fromEntries(refunds.rows.map((r) => [r.refundId, [r.state, r.reason]]))).toEqual({
      r1: ['refunded', 'wrong size'],
      r2: ['failed', 'tried twice'],
      r3: ['refunded', 'paid after void'],
      x1: ['pending', 'came back <script>'],
    });
    expect(refunds.rows.find((r) => r.refundId === 'r1')).toMatchObject({
      requestedBy: 'Mia <i>',
      approvedBy: 'Manager',
    });
    expect(late.total).toBe(2);
    expect(Object.fromEntries(late.rows.map((s) => [s.saleId, [s.outcome, s.refundedCents]]))).toEqual({
      s6: ['refunded', 1_200],
      s7: ['kept', 0],
    });

    // The page shows the same numbers, escapes the tills' words, and says how much CNY it knows.
    const page = await (await mgr.get(`/web/range?from=${FROM}&to=${TO}`)).text();
    expect(page).toContain('Back &#60;b&#62;&#38;');
    expect(page).not.toContain('<b>&');
    expect(page).toContain('came back &#60;script&#62;');
    expect(page).toContain('Mia &#60;i&#62;');
    expect(page).toContain('Manager (Back &#60;b&#62;&#38;)');
    // Each list row has a cell under each heading.
    for (const id of ['range-late', 'range-refunds']) {
      const table = page.slice(
        page.indexOf(`id="${id}"`),
        page.indexOf('</table>', page.indexOf(`id="${id}"`)),
      );
      const heads = (table.match(/<th>/g) ?? []).length;
      for (const row of table.split('<tr data-').slice(1))
        expect([id, (row.match(/<td/g) ?? []).length]).toEqual([id, heads]);
    }
    expect(page).toContain('¥482.00');
    expect(page).toContain('CNY for 6 of 8 sales');
    expect(page).toMatch(/id="chain-total"|data-store-total/);
    expect(page).toContain('108.50');
    expect(page).not.toContain('HARBOUR-ONLY');
    expect(page).not.toContain('Harbour 1');
    expect(page).toContain('src="/web/static/uPlot.iife.min.js"');
    // Each platform's share is of the sales, before refunds: 40.00 and 75.50 of 115.50.
    expect(shares(page)).toEqual({ WECHATPAY: '34.6 %', ALIPAY: '65.4 %' });
    expect(page).toContain('Share of sales (before refunds)');
    // A day where a platform's refunds outweigh its sales: no share past 100 % or below 0 %.
    const day = '2026-04-06';
    const dayJson = (await mgr.json(`/web/api/range?from=${day}&to=${day}`)).body as unknown as RangeJson;
    const per = dayJson.report.totals.perPlatform;
    expect(Object.values(per).some((x) => x.netCents < 0)).toBe(true);
    const daySold = dayJson.report.totals.totals.salesCents;
    const dayPage = await (await mgr.get(`/web/range?from=${day}&to=${day}`)).text();
    expect(Object.keys(shares(dayPage)).sort()).toEqual(['ALIPAY', 'WECHATPAY']);
    expect(shares(dayPage)).toEqual(
      Object.fromEntries(
        Object.keys(shares(dayPage)).map((p) => [
          p,
          `${((100 * per[p]!.salesCents) / daySold).toFixed(1)} %`,
        ]),
      ),
    );
    const zh = await signedIn('mgr-a', 'zh');
    const zhPage = await (await zh.get(`/web/range?from=${FROM}&to=${TO}`)).text();
    expect(zhPage).toContain('按小时销售（门店时间）');
    expect(zhPage).toContain('8 笔销售中 6 笔有人民币金额');
  });

  it('filters by till and platform, and head office sees the chain; a manager never another store', async () => {
    world = await startWorld(target);
    const { a1, a2, b1 } = await pushRangeLedger(world);
    const mgr = await signedIn('mgr-a');
    const q = `from=${FROM}&to=${TO}`;
    const till = (await mgr.json(`/web/api/range?${q}&till=${a2.tillId}`)).body as unknown as RangeJson;
    expect(till.report.totals.totals).toMatchObject({
      salesCents: 2_000,
      refundsCents: 1_000,
      netCents: 1_000,
    });
    const ali = (await mgr.json(`/web/api/range?${q}&platform=ALIPAY`)).body as unknown as RangeJson;
    expect(ali.report.totals.totals.netCents).toBe(MAIN_ST.platforms.ALIPAY.net);
    expect(ali.refunds.rows.map((r) => r.refundId).sort()).toEqual(['r1', 'x1']);
    expect(ali.late.rows.map((r) => r.saleId)).toEqual(['s7']);
    const mia = (await mgr.json(`/web/api/range?${q}&person=${a1.tillId}/mia`)).body as unknown as RangeJson;
    expect(mia.report.totals.totals.netCents).toBe(MAIN_ST.byPerson['Front/mia']!.net);
    expect(mia.refunds.rows.map((r) => r.refundId)).toEqual(['r1']);
    const backManager = (await mgr.json(`/web/api/range?${q}&person=${a2.tillId}/manager-1`))
      .body as unknown as RangeJson;
    expect(backManager.report.totals.totals.netCents).toBe(2_000);
    const oneDay = (await mgr.json(`/web/api/range?from=2026-04-05&to=2026-04-05`))
      .body as unknown as RangeJson;
    expect(oneDay.report.totals.totals.netCents).toBe(MAIN_ST.byDay['2026-04-05'].net);

    // Another store's store or till: refused, in words, never shown.
    for (const path of [
      `/web/api/range?${q}&store=${world.storeB}`,
      `/web/api/range?${q}&till=${b1.tillId}`,
    ]) {
      const r = await mgr.json(path);
      expect(r.status).toBe(403);
      expect(r.body.message).toEqual({
        en: 'You can only see your own store.',
        zh: '您只能查看自己的门店。',
      });
    }
    const xlsx = await mgr.get(`/web/export/report.xlsx?${q}&store=${world.storeB}`);
    expect(xlsx.status).toBe(403);
    const csv = await (await mgr.get(`/web/export/refunds.csv?${q}`)).text();
    expect(csv).not.toContain('HARBOUR-ONLY');

    const ho = await signedIn('ho');
    const chain = (await ho.json(`/web/api/range?${q}`)).body as unknown as RangeJson;
    expect(chain.report.totals.stores.map((s) => s.storeName).sort()).toEqual(['Harbour', 'Main St']);
    expect(chain.report.totals.totals.netCents).toBe(MAIN_ST.net + 9_999 - 100);
  });

  it('refuses hostile query parameters in words and changes nothing', async () => {
    world = await startWorld(target);
    await pushRangeLedger(world);
    const mgr = await signedIn('mgr-a');
    const before = await world.server.db.query<{ n: number }>('SELECT count(*) AS n FROM report_hours');
    const cases: [string, number, string][] = [
      ['from=2026-02-30', 400, 'Type a valid date'],
      ['from=2026-04-06&to=2026-04-04', 400, 'Choose a valid date range'],
      ['from=2020-01-01&to=2026-04-04', 400, 'A range can be at most 366 days; this one is 2286.'],
      [`from=${encodeURIComponent("2026-04-04' OR '1'='1")}`, 400, 'Type a valid date'],
      [
        `from=${FROM}&platform=${encodeURIComponent("ALIPAY'; DROP TABLE sales; --")}`,
        400,
        'Unknown platform',
      ],
      [`from=${FROM}&store=${encodeURIComponent("x' OR 1=1 --")}`, 403, 'You can only see your own store.'],
      [`from=${FROM}&till=${encodeURIComponent('1; DELETE FROM tills')}`, 404, 'Unknown till.'],
      [`from=${'9'.repeat(5000)}`, 400, 'Type a valid date'],
      [`from=${FROM}&person=${encodeURIComponent("mia' OR ''='")}`, 400, 'Unknown person'],
    ];
    for (const [query, status, words] of cases) {
      const page = await mgr.get(`/web/range?${query}`);
      expect([query, page.status]).toEqual([query, status]);
      expect(await page.text()).toContain(words);
      const api = await mgr.json(`/web/api/range?${query}`);
      expect(api.status).toBe(status);
      expect((api.body.message as { en: string; zh: string }).zh.length).toBeGreaterThan(0);
      expect((await mgr.get(`/web/export/report.xlsx?${query}`)).status).toBe(status);
    }
    const after = await world.server.db.query<{ n: number }>('SELECT count(*) AS n FROM report_hours');
    expect(Number(after.rows[0]!.n)).toBe(Number(before.rows[0]!.n));
    const sales = await world.server.db.query<{ n: number }>('SELECT count(*) AS n FROM sales');
    expect(Number(sales.rows[0]!.n)).toBe(11);
  });

  it('exports the range as CSV and as an XLSX of typed cells, headed in the person’s language', async () => {
    world = await startWorld(target);
    await pushRangeLedger(world);
    const mgr = await signedIn('mgr-a');
    const q = `from=${FROM}&to=${TO}`;
    const csv = await mgr.get(`/web/export/sales.csv?${q}`);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="sales-${FROM}-${TO}.csv"`);
    const lines = (await csv.text()).trim().split('\r\n');
    // Every sale of the range, whatever became of it: s1–s9 and t1.
    expect(lines).toHaveLength(1 + 10);

    for (const lang of ['en', 'zh'] as const) {
      const web = lang === 'en' ? mgr : await signedIn('mgr-a', 'zh');
      const res = await web.get(`/web/export/report.xlsx?${q}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
      const names = wb.worksheets.map((w) => w.name);
      expect(names).toEqual(
        lang === 'en'
          ? ['Totals', 'By day', 'By hour', 'By person', 'Sales', 'Refunds', 'Late payments']
          : ['合计', '按日', '按小时', '按人员', '销售', '退款', '迟到付款'],
      );
      // No formula anywhere: every value is what the server computed.
      for (const ws of wb.worksheets)
        ws.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
      const totals = wb.worksheets[0]!;
      expect(totals.getRow(1).values).toEqual(
        lang === 'en'
          ? [
              undefined,
              'Store',
              'Till',
              'Platform',
              'Sales · Count',
              'Sales',
              'Late payments · Count',
              'Late payments',
              'Refunds · Count',
              'Refunds',
              'Net',
            ]
          : [
              undefined,
              '门店',
              '收银机',
              '支付平台',
              '销售 · 笔数',
              '销售',
              '迟到付款 · 笔数',
              '迟到付款',
              '退款 · 笔数',
              '退款',
              '净额',
            ],
      );
      const last = totals.getRow(totals.rowCount);
      expect(last.getCell(1).value).toBe(lang === 'en' ? 'Total' : '合计');
      expect(last.getCell(4).value).toBe(MAIN_ST.sales.n);
      expect(last.getCell(5).value).toBe(MAIN_ST.sales.cents / 100);
      expect(last.getCell(5).numFmt).toBe(AUD_FORMAT);
      expect(last.getCell(10).value).toBe(MAIN_ST.net / 100);
      const byDay = wb.worksheets[1]!;
      expect(byDay.rowCount).toBe(1 + 3);
      const day5 = byDay.getRow(3);
      expect(day5.getCell(1).value).toEqual(new Date('2026-04-05T00:00:00Z'));
      expect(day5.getCell(1).numFmt).toBe(lang === 'en' ? 'dd/mm/yyyy' : 'yyyy-mm-dd');
      expect(day5.getCell(3).value).toBe(60);
      expect(day5.getCell(7).value).toBe(5);
      expect(day5.getCell(8).value).toBe(55);
      const byHour = wb.worksheets[2]!;
      expect(byHour.rowCount).toBe(1 + 24);
      // Row 2 is hour 0.
      expect(byHour.getRow(2 + 2).getCell(1).value).toBe(2);
      expect(byHour.getRow(2 + 2).getCell(3).value).toBe(10);
      expect(byHour.getRow(2 + 10).getCell(3).value).toBe(60);
      const byPerson = wb.worksheets[3]!;
      const miaRow = byPerson
        .getRows(2, byPerson.rowCount - 1)!
        .find((r) => r.getCell(1).value === 'Mia <i>')!;
      expect(miaRow.getCell(2).value).toBe('Front');
      expect(miaRow.getCell(9).value).toBe(MAIN_ST.byPerson['Front/mia']!.net / 100);
      const sales = wb.worksheets[4]!;
      // The sales that count: six paid, two late payments.
      expect(sales.rowCount).toBe(1 + 8);
      const s5 = sales.getRows(2, 8)!.find((r) => r.getCell(1).value === 's5')!;
      // 10:00 on the store's clock on the day the clocks went back.
      expect(s5.getCell(3).value).toEqual(new Date('2026-04-05T10:00:01Z'));
      expect(s5.getCell(6).value).toBe(50);
      expect(s5.getCell(7).value).toBe(235);
      expect(s5.getCell(7).numFmt).toBe(CNY_FORMAT);
      const s2 = sales.getRows(2, 8)!.find((r) => r.getCell(1).value === 's2')!;
      expect(s2.getCell(7).value).toBeNull();
      const refunds = wb.worksheets[5]!;
      expect(refunds.rowCount).toBe(1 + 4);
      const r1 = refunds.getRows(2, 4)!.find((r) => r.getCell(5).value === 's2')!;
      expect(r1.getCell(7).value).toBe(5);
      expect(r1.getCell(9).value).toBe('wrong size');
      expect(r1.getCell(8).value).toBe(lang === 'en' ? 'refunded' : '已退款');
      expect([r1.getCell(10).value, r1.getCell(11).value]).toEqual(['Mia <i>', 'Manager']);
      const lateSheet = wb.worksheets[6]!;
      const s7 = lateSheet.getRows(2, 2)!.find((r) => r.getCell(5).value === 's7')!;
      expect(s7.getCell(9).value).toBe(lang === 'en' ? 'kept (not refunded)' : '保留（未退款）');
    }
    const audit = await world.server.db.query<{ detail: Record<string, unknown> }>(
      `SELECT detail FROM audit_log WHERE action = 'web.export' ORDER BY at, id`,
    );
    expect(audit.rows.map((r) => r.detail.file)).toEqual(['sales.csv', 'report.xlsx', 'report.xlsx']);
  });

  it('prints a store’s day: totals, hours, refunds, late and unresolved', async () => {
    world = await startWorld(target);
    await pushRangeLedger(world);
    const mgr = await signedIn('mgr-a');
    const res = await mgr.get(`/web/summary?date=2026-04-06`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.replace(/\s+/g, ' ')).toContain('Daily summary: Main St, 06/04/2026');
    expect(html).toMatch(
      /id="summary-total">\s*<td>Total<\/td>\s*<td class="num">1<\/td>\s*<td class="num">20.00<\/td>/,
    );
    expect(html).toContain('data-sale="s8"');
    expect(html).toContain('data-outcome="kept"');
    expect(html).not.toContain('Harbour 1');
    expect((await mgr.get(`/web/summary?date=2026-04-06&store=${world.storeB}`)).status).toBe(403);
  });
});
