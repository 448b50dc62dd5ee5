import { expect, it, vi } from 'vitest';
import { listTills } from '../../main/store-server/admin';
import { reprojectPending } from '../../main/store-server/till-api/project';
import {
  describeOnBothDatabases,
  enrolTill,
  push,
  records,
  refundRow,
  saleRow,
  serversPerTest,
  sessionRow,
} from '../helpers/store-server';

const Z_TOTALS = { salesCount: 1, salesCents: 750, refundsCount: 0, refundsCents: 0, netCents: 750 };
/** A session's frozen Z as the till writes it (the parts the server reads). */
const Z_REPORT = { totals: Z_TOTALS, perPlatform: [{ platform: 'WECHATPAY', ...Z_TOTALS }] };

// PGlite starts a fresh database per test; on a shared two-core machine that alone can take many seconds.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const T = Date.UTC(2026, 11, 1, 1, 0, 0);

function attemptRow(id: string, saleId: string, status: string, over: Record<string, unknown> = {}) {
  return {
    id,
    sale_id: saleId,
    seq: 1,
    kind: 'scan',
    out_order_no: `P1-${saleId}`,
    platform: 'WECHATPAY',
    status,
    order_no: status === 'paid' ? `ON-${saleId}` : null,
    error_code: null,
    error_detail: null,
    order_time: T,
    pay_time: status === 'paid' ? T + 900 : null,
    exchange_rate_scaled: null,
    pay_currency: null,
    cny_amount: null,
    qrcode: null,
    pay_url: null,
    created_at: T,
    updated_at: T + 900,
    last_checked_at: null,
    next_check_at: null,
    check_count: 0,
    resolved_by: null,
    sale_created_at: T,
    ...over,
  };
}

describeOnBothDatabases('store server: projection', (target) => {
  const servers = serversPerTest(target);

  it('projects sales, attempts, refunds, sessions and memberships; the newest record wins', async () => {
    const s = await servers.withStore();
    const till = await enrolTill(s, 'Counter 1', 'P1');
    const db = s.server.db;
    const first = records(1, [
      ['session', '1', sessionRow()],
      ['sale', 's1', saleRow('s1', 'open')],
      ['sale_session', 's1', { sale_id: 's1', session_id: 1, carried_from: null }],
      // A card number must never be kept, even if a till sent one.
      ['attempt', 's1-a1', attemptRow('s1-a1', 's1', 'submitting', { payment_code: '134567890123456789' })],
    ]);
    expect((await push(s, till, first)).status).toBe(200);
    const second = records(5, [
      ['attempt', 's1-a1', attemptRow('s1-a1', 's1', 'paid')],
      ['sale', 's1', saleRow('s1', 'paid', { updated_at: T + 2000 })],
      ['refund', 'r1', refundRow('r1', 's1', 'submitting')],
      ['refund_session', 'r1', { refund_id: 'r1', session_id: 1, carried_from: null }],
      ['refund', 'r1', refundRow('r1', 's1', 'CLOSED', { refund_no: 'RN1', updated_at: T + 9000 })],
      [
        'session',
        '1',
        sessionRow({ closed_at: T + 10_000, report: Z_REPORT, unresolved_count: 0, forced: 1 }),
      ],
      [
        'event',
        '1',
        {
          id: 1,
          at: T,
          actor: 'cashier',
          type: 'sale_paid',
          entity: 'sale',
          entity_id: 's1',
          data: { x: 1 },
        },
      ],
    ]);
    expect((await push(s, till, second)).status).toBe(200);

    const sales = await db.query(
      'SELECT till_id, id, store_id, status, amount_cents, paid_attempt_id, paid_at, src_seq, business_date FROM sales',
    );
    expect(sales.rows).toEqual([
      {
        till_id: till.tillId,
        id: 's1',
        store_id: s.storeId,
        status: 'paid',
        amount_cents: 1250,
        paid_attempt_id: 's1-a1',
        paid_at: T + 900,
        src_seq: 6,
        business_date: '2026-12-01',
      },
    ]);
    const attempts = await db.query<{
      status: string;
      order_no: string;
      src_seq: number;
      data: Record<string, unknown>;
    }>('SELECT status, order_no, src_seq, data FROM attempts');
    expect(attempts.rows).toHaveLength(1);
    expect(attempts.rows[0]).toMatchObject({ status: 'paid', order_no: 'ON-s1', src_seq: 5 });
    const kept = await db.query<{ data: Record<string, unknown> }>(
      "SELECT data FROM till_records WHERE entity = 'attempt'",
    );
    for (const r of kept.rows) expect(r.data).not.toHaveProperty('payment_code');
    const refunds = await db.query(
      'SELECT till_id, sale_till_id, sale_id, remote, status, refund_no, amount_cents, src_seq FROM refunds',
    );
    expect(refunds.rows).toEqual([
      {
        till_id: till.tillId,
        sale_till_id: till.tillId,
        sale_id: 's1',
        remote: false,
        status: 'CLOSED',
        refund_no: 'RN1',
        amount_cents: 500,
        src_seq: 9,
      },
    ]);
    const sessions = await db.query(
      'SELECT id, closed_at, report, unresolved_count, forced, src_seq FROM sessions',
    );
    expect(sessions.rows).toEqual([
      {
        id: 1,
        closed_at: T + 10_000,
        report: Z_REPORT,
        unresolved_count: 0,
        forced: true,
        src_seq: 10,
      },
    ]);
    expect((await db.query('SELECT sale_id, session_id, src_seq FROM sale_sessions')).rows).toEqual([
      { sale_id: 's1', session_id: 1, src_seq: 3 },
    ]);
    expect((await db.query('SELECT refund_id, session_id FROM refund_sessions')).rows).toEqual([
      { refund_id: 'r1', session_id: 1 },
    ]);
    const unprojected = await db.query<{ n: number }>(
      'SELECT count(*) AS n FROM till_records WHERE NOT projected',
    );
    expect(unprojected.rows[0]!.n).toBe(0);
  });

  it('projects a remote refund into refunds with remote = true and the sale it names', async () => {
    const s = await servers.withStore();
    const a = await enrolTill(s, 'Counter 1', 'P1');
    const b = await enrolTill(s, 'Counter 2', 'P2');
    expect((await push(s, a, records(1, [['sale', 's1', saleRow('s1', 'paid')]]))).status).toBe(200);
    const remote = {
      ...refundRow('rr1', 's1', 'APPLIED'),
      reservation_id: 'res1',
      sale_till_id: a.tillId,
      owner_till_name: 'Counter 1',
      out_order_no: 'P1-s1',
    };
    expect((await push(s, b, records(1, [['remote_refund', 'rr1', remote]]))).status).toBe(200);
    const rows = await s.server.db.query(
      'SELECT till_id, id, sale_till_id, sale_id, remote, status, out_refund_no FROM refunds',
    );
    expect(rows.rows).toEqual([
      {
        till_id: b.tillId,
        id: 'rr1',
        sale_till_id: a.tillId,
        sale_id: 's1',
        remote: true,
        status: 'APPLIED',
        out_refund_no: 'R-rr1',
      },
    ]);
  });

  it('keeps records of an unknown entity, a newer version or an unreadable shape, counts them, and projects them after an upgrade', async () => {
    const s = await servers.withStore();
    const till = await enrolTill(s, 'Counter 1', 'P1');
    const db = s.server.db;
    const batch = records(1, [
      ['sale', 's1', saleRow('s1', 'open'), 2],
      ['loyalty_card', 'c1', { id: 'c1', points: 3 }],
      ['sale', 's2', saleRow('s2', 'open', { amount_cents: 'lots' })],
      ['sale', 's3', saleRow('s3', 'open')],
      ['sale', 'not-s4', saleRow('s4', 'open')],
      ['sale', 's1', saleRow('s1', 'paid')],
    ]);
    expect(await push(s, till, batch)).toEqual({ status: 200, body: { lastSeq: 6 } });
    const kept = await db.query<{ seq: number; projected: boolean }>(
      'SELECT seq, projected FROM till_records ORDER BY seq',
    );
    expect(kept.rows.map((r) => r.projected)).toEqual([false, false, false, true, false, true]);
    const [listed] = await listTills(db, s.storeId);
    expect(listed!.unprojected).toBe(4);
    expect((await db.query('SELECT id, status FROM sales ORDER BY id')).rows).toEqual([
      { id: 's1', status: 'paid' },
      { id: 's3', status: 'open' },
    ]);

    // A server that still does not know version 2 leaves it pending.
    expect(await reprojectPending(db)).toBe(0);
    // Stand-in for an upgrade that teaches this server the record's version: it now reads as version 1.
    await db.query('UPDATE till_records SET v = 1 WHERE seq = 1');
    expect(await reprojectPending(db)).toBe(1);
    // The older record (seq 1) never overwrites the newer (seq 6).
    expect((await db.query("SELECT status, src_seq FROM sales WHERE id = 's1'")).rows).toEqual([
      { status: 'paid', src_seq: 6 },
    ]);
    const [after] = await listTills(db, s.storeId);
    expect(after!.unprojected).toBe(3);
  });

  it('projects a batch of memberships alone (no table with a store column)', async () => {
    const s = await servers.withStore();
    const till = await enrolTill(s, 'Counter 1', 'P1');
    const batch = records(1, [
      ['sale_session', 's1', { sale_id: 's1', session_id: 1, carried_from: null }],
      ['sale_session', 's1', { sale_id: 's1', session_id: 2, carried_from: 1 }],
    ]);
    expect(await push(s, till, batch)).toEqual({ status: 200, body: { lastSeq: 2 } });
    expect(
      (await s.server.db.query('SELECT sale_id, session_id, carried_from, src_seq FROM sale_sessions')).rows,
    ).toEqual([{ sale_id: 's1', session_id: 2, carried_from: 1, src_seq: 2 }]);
  });

  it("keys every row by the sending till: another till's ids never overwrite", async () => {
    const s = await servers.withStore();
    const a = await enrolTill(s, 'Counter 1', 'P1');
    const b = await enrolTill(s, 'Counter 2', 'P2');
    expect(
      (
        await push(
          s,
          a,
          records(1, [
            ['sale', 's1', saleRow('s1', 'paid')],
            ['refund', 'r1', refundRow('r1', 's1', 'CLOSED')],
          ]),
        )
      ).status,
    ).toBe(200);
    // Till B sends rows with the same ids, a newer state and a claim to be till A.
    const forged = records(1, [
      [
        'sale',
        's1',
        saleRow('s1', 'voided', { till_id: a.tillId, store_id: 'st_other', updated_at: T + 99_999 }),
      ],
      ['refund', 'r1', refundRow('r1', 's1', 'rejected', { till_id: a.tillId })],
    ]);
    expect((await push(s, b, forged)).status).toBe(200);
    const sales = await s.server.db.query<{ till_id: string; status: string; store_id: string }>(
      'SELECT till_id, status, store_id FROM sales ORDER BY status',
    );
    expect(sales.rows).toEqual([
      { till_id: a.tillId, status: 'paid', store_id: s.storeId },
      { till_id: b.tillId, status: 'voided', store_id: s.storeId },
    ]);
    const refunds = await s.server.db.query<{ till_id: string; sale_till_id: string; status: string }>(
      'SELECT till_id, sale_till_id, status FROM refunds ORDER BY status',
    );
    expect(refunds.rows).toEqual([
      { till_id: a.tillId, sale_till_id: a.tillId, status: 'CLOSED' },
      { till_id: b.tillId, sale_till_id: b.tillId, status: 'rejected' },
    ]);
  });
});
