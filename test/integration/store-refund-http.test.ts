/**
 * Refund anywhere over the till API, on both databases: two enrolled tills search their store's sales and
 * reserve a sale's balance over real HTTP. Many reserves fired in parallel from both tills never hold more than
 * was paid; a retry gets the same reservation; a remote refund replicated with a final status settles its hold
 * and the server tells the till that took the sale.
 */
import { afterEach, expect, it, vi } from 'vitest';
import type { ServerMessage } from '../../main/shared/store-link-protocol';
import {
  describeOnBothDatabases,
  call,
  enrolTill,
  push,
  records,
  refundRow,
  saleRow,
  startWithStore,
  type EnrolledTill,
  type Started,
} from '../helpers/store-server';

function attemptRow(saleId: string, outOrderNo: string, over: Record<string, unknown> = {}) {
  const t0 = Date.UTC(2026, 11, 1, 1, 0, 0);
  return {
    id: `${saleId}-a1`,
    sale_id: saleId,
    seq: 1,
    kind: 'scan',
    out_order_no: outOrderNo,
    platform: 'WECHATPAY',
    status: 'paid',
    order_no: `ON-${saleId}`,
    error_code: null,
    error_detail: null,
    order_time: t0,
    pay_time: t0 + 900,
    exchange_rate_scaled: null,
    pay_currency: null,
    cny_amount: null,
    qrcode: null,
    pay_url: null,
    created_at: t0,
    updated_at: t0 + 900,
    last_checked_at: null,
    next_check_at: null,
    check_count: 0,
    resolved_by: null,
    sale_created_at: t0,
    ...over,
  };
}

// The store suites' room for a PGlite start on a loaded machine; the waits inside are for conditions.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

describeOnBothDatabases('refund anywhere over the till API', (target) => {
  let s: Started | null = null;
  afterEach(async () => {
    await s?.server.close();
    s = null;
  });

  async function twoTills(): Promise<{
    a: EnrolledTill;
    b: EnrolledTill;
    sent: { tillId: string; m: ServerMessage }[];
  }> {
    s = await startWithStore(target);
    const a = await enrolTill(s, 'Counter 1', 'POSA');
    const b = await enrolTill(s, 'Counter 2', 'POSB');
    const pushed = await push(
      s,
      a,
      records(1, [
        ['sale', 'S1', saleRow('S1', 'paid')],
        ['attempt', 'S1-a1', attemptRow('S1', 'POSA261201abcd00001')],
      ]),
    );
    expect(pushed.status).toBe(200);
    const sent: { tillId: string; m: ServerMessage }[] = [];
    vi.spyOn(s.server.context.links, 'send').mockImplementation((tillId, m) => {
      sent.push({ tillId, m });
      return true;
    });
    return { a, b, sent };
  }

  it('finds another till’s sale by receipt number, order number or amount, named with its till', async () => {
    const { a, b } = await twoTills();
    for (const query of ['POSA261201abcd00001', 'ON-S1', '12.50', '1250']) {
      const r = await call(s!.server, 'POST', '/sales/search', { credential: b.credential, body: { query } });
      expect(r.status).toBe(200);
      expect(r.body.sales).toEqual([
        expect.objectContaining({
          saleId: 'S1',
          tillId: a.tillId,
          tillName: 'Counter 1',
          amountCents: 1250,
          refundedCents: 0,
          reservedCents: 0,
          refundableCents: 1250,
          status: 'paid',
        }),
      ]);
    }
    expect((await call(s!.server, 'POST', '/sales/search', { body: { query: 'ON-S1' } })).status).toBe(401);
    expect(
      (await call(s!.server, 'POST', '/sales/search', { credential: b.credential, body: { query: '' } }))
        .status,
    ).toBe(400);
  });

  it('never holds more than was paid when both tills fire many reserves at once, and a retry is the same hold', async () => {
    const { a, b } = await twoTills();
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(s!.server, 'POST', '/refunds/reserve', {
          credential: (i % 2 ? a : b).credential,
          body: { tillId: a.tillId, saleId: 'S1', amountCents: 100, reason: 'race', requestId: `r${i}` },
        }),
      ),
    );
    const won = replies.filter((r) => r.status === 200);
    expect(won).toHaveLength(12); // 12 × 100 ≤ 1250 < 13 × 100
    for (const r of replies.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ error: 'over_balance', refundableCents: 50 });
    }
    expect(new Set(won.map((r) => r.body.outRefundNo)).size).toBe(12);
    const total = await s!.server.db.query<{ t: number }>(
      "SELECT sum(amount_cents)::bigint AS t FROM refund_reservations WHERE status = 'held'",
    );
    expect(total.rows[0]!.t).toBe(1200);

    // The same request again (a lost reply): the same reservation, no new hold.
    const wi = replies.findIndex((r) => r.status === 200);
    const first = replies[wi]!.body;
    const again = await call(s!.server, 'POST', '/refunds/reserve', {
      credential: (wi % 2 ? a : b).credential,
      body: { tillId: a.tillId, saleId: 'S1', amountCents: 100, reason: 'race', requestId: `r${wi}` },
    });
    expect(again.status).toBe(200);
    expect(again.body.reservationId).toBe(first.reservationId);
    expect(again.body.outRefundNo).toBe(first.outRefundNo);
    expect(
      (await s!.server.db.query<{ n: number }>('SELECT count(*) AS n FROM refund_reservations')).rows[0]!.n,
    ).toBe(12);
    expect(first.ownerTillName).toBe('Counter 1');
    expect(
      (
        await call(s!.server, 'POST', '/refunds/reserve', {
          credential: b.credential,
          body: { tillId: a.tillId, saleId: 'nope', amountCents: 100, reason: 'x', requestId: 'zz' },
        })
      ).status,
    ).toBe(404);
  });

  it('settles a hold when the remote refund replicates CLOSED, and tells the till that took the sale', async () => {
    const { a, b, sent } = await twoTills();
    const held = await call(s!.server, 'POST', '/refunds/reserve', {
      credential: b.credential,
      body: { tillId: a.tillId, saleId: 'S1', amountCents: 500, reason: 'returned', requestId: 'q1' },
    });
    expect(held.status).toBe(200);
    const outRefundNo = held.body.outRefundNo as string;
    const remote = (status: string) => ({
      ...refundRow('X1', 'S1', status, { out_refund_no: outRefundNo, order_no: 'ON-S1', amount_cents: 500 }),
      attempt_id: undefined,
      reservation_id: held.body.reservationId,
      sale_till_id: a.tillId,
      owner_till_name: 'Counter 1',
      out_order_no: 'POSA261201abcd00001',
    });
    // Till A is told at each step: the hold (requested), then what Omipay said (pending, then refunded).
    const told = (state: string, status: string, errorCode: string | null = null) => ({
      tillId: a.tillId,
      m: {
        type: 'refunded-elsewhere',
        saleId: 'S1',
        outRefundNo,
        amountCents: 500,
        tillName: 'Counter 2',
        status,
        state,
        errorCode,
        requestedAt: expect.any(Number),
        changedAt: expect.any(Number),
      },
    });
    expect(sent).toEqual([told('requested', 'held')]);
    expect((await push(s!, b, records(1, [['remote_refund', 'X1', remote('APPLIED')]]))).status).toBe(200);
    expect(sent).toEqual([told('requested', 'held'), told('pending', 'APPLIED')]);
    let search = await call(s!.server, 'POST', '/sales/search', {
      credential: a.credential,
      body: { query: 'ON-S1' },
    });
    expect(search.body.sales).toEqual([
      expect.objectContaining({ reservedCents: 500, refundedCents: 0, refundableCents: 750 }),
    ]);

    expect((await push(s!, b, records(2, [['remote_refund', 'X1', remote('CLOSED')]]))).status).toBe(200);
    expect(sent).toEqual([told('requested', 'held'), told('pending', 'APPLIED'), told('refunded', 'CLOSED')]);
    // What a till that was away asks for: the same, as it is now.
    const pulled = await call(s!.server, 'GET', '/refunds/elsewhere?since=0', { credential: a.credential });
    expect(pulled.status).toBe(200);
    expect(pulled.body.refunds).toEqual([told('refunded', 'CLOSED').m].map(({ type: _t, ...r }) => r));
    // B's own view of A's sales is nothing; hostile input changes nothing.
    expect(
      (await call(s!.server, 'GET', '/refunds/elsewhere?since=0', { credential: b.credential })).body,
    ).toEqual({ refunds: [] });
    expect(
      (await call(s!.server, 'GET', '/refunds/elsewhere?since=-1', { credential: a.credential })).status,
    ).toBe(400);
    expect((await call(s!.server, 'GET', '/refunds/elsewhere?since=0')).status).toBe(401);
    search = await call(s!.server, 'POST', '/sales/search', {
      credential: a.credential,
      body: { query: 'ON-S1' },
    });
    expect(search.body.sales).toEqual([
      expect.objectContaining({ reservedCents: 0, refundedCents: 500, refundableCents: 750 }),
    ]);
    const r = await s!.server.db.query<{ remote: boolean; sale_till_id: string; status: string }>(
      "SELECT remote, sale_till_id, status FROM refunds WHERE till_id = $1 AND id = 'X1'",
      [b.tillId],
    );
    expect(r.rows).toEqual([{ remote: true, sale_till_id: a.tillId, status: 'CLOSED' }]);
  });

  it('gives back a hold only to its till, and only while no refund with its number has replicated', async () => {
    const { a, b } = await twoTills();
    const reserve = (requestId: string) =>
      call(s!.server, 'POST', '/refunds/reserve', {
        credential: b.credential,
        body: { tillId: a.tillId, saleId: 'S1', amountCents: 1000, reason: 'x', requestId },
      });
    const first = await reserve('u1');
    expect(first.status).toBe(200);
    const id = first.body.reservationId as string;
    expect(
      (
        await call(s!.server, 'POST', '/refunds/release', {
          credential: a.credential,
          body: { reservationId: id },
        })
      ).status,
    ).toBe(404);
    const released = await call(s!.server, 'POST', '/refunds/release', {
      credential: b.credential,
      body: { reservationId: id },
    });
    expect(released.body).toEqual({ reservationId: id, status: 'released' });
    // The balance is back: the same amount can be held again.
    const second = await reserve('u2');
    expect(second.status).toBe(200);
    // Once a refund using its number has replicated, the hold is the refund's to settle.
    const remote = {
      ...refundRow('X2', 'S1', 'submitting', { out_refund_no: second.body.outRefundNo, amount_cents: 1000 }),
      attempt_id: undefined,
      reservation_id: second.body.reservationId,
      sale_till_id: a.tillId,
      owner_till_name: 'Counter 1',
      out_order_no: null,
    };
    expect((await push(s!, b, records(1, [['remote_refund', 'X2', remote]]))).status).toBe(200);
    const kept = await call(s!.server, 'POST', '/refunds/release', {
      credential: b.credential,
      body: { reservationId: second.body.reservationId },
    });
    expect(kept.body.status).toBe('held');
  });
});
