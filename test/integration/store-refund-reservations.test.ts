import { afterEach, expect, it, vi } from 'vitest';
import { openStoreDb } from '../../main/store-server/db/open';
import type { StoreDb } from '../../main/store-server/db/types';
import { reserveRefund } from '../../main/store-server/refunds/reserve';
import { searchSales } from '../../main/store-server/refunds/search';
import { settleReservationFor } from '../../main/store-server/refunds/settle';
import { describeOnBothDatabases, seedRefund, seedSale, seedStore, seedTill } from '../helpers/store-server';

// Each test opens a fresh database: a PGlite start (WASM instantiation and every migration) takes 5–30 s on a
// loaded 2-core machine, as in the other store suites.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const A = { tillId: 'till-a', storeId: 'store-1' };
const B = { tillId: 'till-b', storeId: 'store-1' };
const OTHER = { tillId: 'till-x', storeId: 'store-2' };
const NOW = 1_764_590_000_000;

async function seeded(db: StoreDb): Promise<void> {
  await seedStore(db, 'store-1', 'Main St');
  await seedStore(db, 'store-2', 'Harbour');
  await seedTill(db, { id: 'till-a', storeId: 'store-1', name: 'Counter 1' });
  await seedTill(db, { id: 'till-b', storeId: 'store-1', name: 'Counter 2' });
  await seedTill(db, { id: 'till-x', storeId: 'store-2', name: 'Harbour 1' });
  await seedSale(db, {
    tillId: 'till-a',
    id: 'S1',
    storeId: 'store-1',
    amountCents: 1000,
    outOrderNo: 'POSA0001',
  });
  await seedSale(db, {
    tillId: 'till-a',
    id: 'S2',
    storeId: 'store-1',
    amountCents: 500,
    outOrderNo: 'POSA0002',
    status: 'unresolved',
  });
  await seedSale(db, {
    tillId: 'till-a',
    id: 'S3',
    storeId: 'store-1',
    amountCents: 700,
    outOrderNo: 'POSA0003',
    orderNo: null,
  });
  await seedSale(db, {
    tillId: 'till-x',
    id: 'S1',
    storeId: 'store-2',
    amountCents: 1000,
    outOrderNo: 'POSX0001',
  });
}

const req = (over: Partial<Parameters<typeof reserveRefund>[2]> = {}) => ({
  tillId: 'till-a',
  saleId: 'S1',
  amountCents: 400,
  reason: 'returned',
  requestId: 'q1',
  ...over,
});

describeOnBothDatabases('refund reservations', (target) => {
  let db: StoreDb | null = null;
  afterEach(async () => {
    await db?.close();
    db = null;
  });

  it('holds the balance with a server out_refund_no, and refuses what is over it with the balance', async () => {
    db = await openStoreDb(target.fresh());
    await seeded(db);
    const r1 = await reserveRefund(db, B, req(), NOW);
    expect(r1.ok).toBe(true);
    if (!r1.ok) return;
    expect(r1.created).toBe(true);
    expect(r1.reservation).toMatchObject({
      saleId: 'S1',
      orderNo: 'ORDPOSA0001',
      amountCents: 400,
      ownerTillId: 'till-a',
      ownerTillName: 'Counter 1',
      refundableAfterCents: 600,
    });
    expect(r1.reservation.outRefundNo).toMatch(/^SV\d{6}[0-9A-Z]{12}$/);

    const over = await reserveRefund(db, A, req({ amountCents: 601, requestId: 'q2' }), NOW);
    expect(over).toMatchObject({ ok: false, status: 409, error: 'over_balance', refundableCents: 600 });
    const exact = await reserveRefund(db, A, req({ amountCents: 600, requestId: 'q3' }), NOW);
    expect(exact.ok && exact.reservation.refundableAfterCents).toBe(0);
    const none = await reserveRefund(db, A, req({ amountCents: 1, requestId: 'q4' }), NOW);
    expect(none).toMatchObject({ ok: false, error: 'over_balance', refundableCents: 0 });
    const held = await db.query<{ n: number; total: number }>(
      `SELECT count(*) AS n, sum(amount_cents)::bigint AS total FROM refund_reservations WHERE status = 'held'`,
    );
    expect(held.rows[0]).toEqual({ n: 2, total: 1000 });
  });

  it('answers a retried request with the same reservation, and refuses a requestId reused for another refund', async () => {
    db = await openStoreDb(target.fresh());
    await seeded(db);
    const first = await reserveRefund(db, B, req(), NOW);
    const again = await reserveRefund(db, B, req(), NOW + 5_000);
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.created).toBe(false);
    expect(again.reservation.reservationId).toBe(first.reservation.reservationId);
    expect(again.reservation.outRefundNo).toBe(first.reservation.outRefundNo);
    // The same requestId from another till is another request.
    const fromA = await reserveRefund(db, A, req(), NOW);
    expect(fromA.ok && fromA.reservation.outRefundNo).not.toBe(first.reservation.outRefundNo);
    expect(await reserveRefund(db, B, req({ amountCents: 10 }), NOW)).toMatchObject({
      ok: false,
      error: 'invalid_request',
    });
    expect((await db.query<{ n: number }>('SELECT count(*) AS n FROM refund_reservations')).rows[0]!.n).toBe(
      2,
    );
  });

  it('finds no sale of another store, and refuses an unpaid sale or one without an order number', async () => {
    db = await openStoreDb(target.fresh());
    await seeded(db);
    expect(await reserveRefund(db, OTHER, req(), NOW)).toMatchObject({
      ok: false,
      status: 404,
      error: 'not_found',
    });
    expect(await reserveRefund(db, A, req({ saleId: 'nope' }), NOW)).toMatchObject({ status: 404 });
    expect(await reserveRefund(db, A, req({ saleId: 'S2' }), NOW)).toMatchObject({
      status: 409,
      error: 'not_refundable',
    });
    expect(await reserveRefund(db, A, req({ saleId: 'S3' }), NOW)).toMatchObject({
      status: 409,
      error: 'not_refundable',
      detail: expect.stringMatching(/order number/),
    });
    expect((await db.query<{ n: number }>('SELECT count(*) AS n FROM refund_reservations')).rows[0]!.n).toBe(
      0,
    );
  });

  it('counts replicated refunds that have not failed, and settles holds without counting them twice', async () => {
    const opened = (db = await openStoreDb(target.fresh()));
    /** Till B's remote refund row, replicated with `status`. */
    const seedB = (id: string, outRefundNo: string, amountCents: number, status: string) =>
      seedRefund(opened, { ...base, tillId: 'till-b', id, outRefundNo, amountCents, status });
    const settle = (
      tillId: string,
      id: string,
      outRefundNo: string,
      status: string,
      amountCents: number,
      at: number,
    ) => settleReservationFor(opened, { tillId, id, outRefundNo, status, amountCents }, at);
    await seeded(db);
    const base = { storeId: 'store-1', saleTillId: 'till-a', saleId: 'S1' };
    // Till A's own refunds while offline: one pending (counts), one refused (does not).
    await seedRefund(db, {
      ...base,
      tillId: 'till-a',
      id: 'R1',
      outRefundNo: 'POSAR1',
      amountCents: 200,
      status: 'APPLIED',
    });
    await seedRefund(db, {
      ...base,
      tillId: 'till-a',
      id: 'R2',
      outRefundNo: 'POSAR2',
      amountCents: 300,
      status: 'rejected',
    });
    const hold = await reserveRefund(db, B, req({ amountCents: 500 }), NOW);
    expect(hold.ok && hold.reservation.refundableAfterCents).toBe(300);
    if (!hold.ok) return;
    const no = hold.reservation.outRefundNo;

    // B's remote refund replicates as pending: the hold still counts once, the refund row not on top of it.
    await seedB('RR1', no, 500, 'submitting');
    expect(await settle('till-b', 'RR1', no, 'APPLIED', 500, NOW)).toBeNull();
    let [sale] = await searchSales(db, 'store-1', 'POSA0001', 20);
    expect(sale).toMatchObject({ refundedCents: 200, reservedCents: 500, refundableCents: 300 });

    // A refund by another till with the same number cannot settle B's hold.
    expect(await settle('till-a', 'X', no, 'CLOSED', 500, NOW)).toBeNull();

    await seedB('RR1', no, 500, 'CLOSED');
    const settled = await settle('till-b', 'RR1', no, 'CLOSED', 500, NOW + 1);
    expect(settled).toMatchObject({
      outcome: 'refunded',
      ownerTillId: 'till-a',
      refundingTillId: 'till-b',
      refundingTillName: 'Counter 2',
      saleId: 'S1',
      amountCents: 500,
    });
    // Settling again (a replayed record) changes nothing.
    expect(await settle('till-b', 'RR1', no, 'CLOSED', 500, NOW + 2)).toBeNull();
    [sale] = await searchSales(db, 'store-1', 'POSA0001', 20);
    expect(sale).toMatchObject({ refundedCents: 700, reservedCents: 0, refundableCents: 300 });

    // A hold whose refund fails is released: the balance comes back.
    const second = await reserveRefund(db, B, req({ amountCents: 300, requestId: 'q2' }), NOW);
    if (!second.ok) throw new Error('expected a hold');
    await seedB('RR2', second.reservation.outRefundNo, 300, 'TIMEOUTCLOSED');
    expect(
      (await settle('till-b', 'RR2', second.reservation.outRefundNo, 'TIMEOUTCLOSED', 300, NOW))?.outcome,
    ).toBe('released');
    [sale] = await searchSales(db, 'store-1', 'POSA0001', 20);
    expect(sale).toMatchObject({ refundedCents: 700, reservedCents: 0, refundableCents: 300 });
  });

  it('never holds more than was paid when many reserves of one sale race', async () => {
    db = await openStoreDb(target.fresh());
    await seeded(db);
    const tills = [A, B];
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        reserveRefund(db!, tills[i % 2]!, req({ amountCents: 150, requestId: `race-${i}` }), NOW),
      ),
    );
    const won = results.filter((r) => r.ok);
    expect(won).toHaveLength(6); // 6 × 150 = 900 ≤ 1000 < 7 × 150
    for (const r of results) if (!r.ok) expect(r).toMatchObject({ error: 'over_balance' });
    const total = (
      await db.query<{ t: number }>(`SELECT sum(amount_cents)::bigint AS t FROM refund_reservations`)
    ).rows[0]!.t;
    expect(total).toBe(900);
  });

  it('searches the store by out_order_no, order number or amount, with each till named', async () => {
    db = await openStoreDb(target.fresh());
    await seeded(db);
    await seedSale(db, {
      tillId: 'till-b',
      id: 'S9',
      storeId: 'store-1',
      amountCents: 1000,
      outOrderNo: 'POSB0009',
      createdAt: 1_700_000_100_000,
    });
    expect((await searchSales(db, 'store-1', 'POSA0001', 20)).map((s) => [s.tillName, s.saleId])).toEqual([
      ['Counter 1', 'S1'],
    ]);
    expect((await searchSales(db, 'store-1', 'ORDPOSA0001', 20)).map((s) => s.saleId)).toEqual(['S1']);
    // Another store's sale with the same amount or number is never listed.
    expect(await searchSales(db, 'store-1', 'POSX0001', 20)).toEqual([]);
    const byAmount = await searchSales(db, 'store-1', '10.00', 20);
    expect(byAmount.map((s) => `${s.tillId}/${s.saleId}`)).toEqual(['till-b/S9', 'till-a/S1']);
    expect((await searchSales(db, 'store-1', '1000', 1)).map((s) => s.saleId)).toEqual(['S9']);
    const [unpaid] = await searchSales(db, 'store-1', 'POSA0002', 20);
    expect(unpaid).toMatchObject({ status: 'unresolved', refundableCents: 0 });
    const [noOrder] = await searchSales(db, 'store-1', 'POSA0003', 20);
    expect(noOrder).toMatchObject({ status: 'paid', orderNo: null, refundableCents: 0 });
  });
});
