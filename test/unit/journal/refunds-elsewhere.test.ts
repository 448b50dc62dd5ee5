/**
 * The journal's refunds of this till's sales made at other tills (migration 10): a row only moves forward
 * whatever order the server's messages come in, a sale this till does not have is not kept, hostile input is
 * refused writing nothing, and the ones still holding money count in the sale's refunded amount.
 */
import { describe, expect, it } from 'vitest';
import type { RefundElsewhereRow } from '../../../main/journal/refunds-elsewhere';
import { eachTempJournal, paidSale, refund, rowCounts, SYDNEY, type TempJournal } from './fixtures';

const T0 = Date.UTC(2026, 11, 7, 1, 0, 0);

describe('refunds made elsewhere', () => {
  let t: TempJournal;
  eachTempJournal(SYDNEY, (x) => (t = x));

  const told = (saleId: string, over: Partial<RefundElsewhereRow> = {}): RefundElsewhereRow => ({
    outRefundNo: 'SV261207ABCDEF123456',
    saleId,
    tillName: 'Counter 2',
    amountCents: 500,
    state: 'requested',
    status: 'held',
    errorCode: null,
    requestedAt: T0,
    changedAt: T0,
    heardAt: T0,
    ...over,
  });

  it('moves only forward, and counts requested, pending and refunded ones in the balance', () => {
    const j = t.journal;
    const paid = paidSale(j, { at: T0, amountCents: 3000 });
    refund(j, paid, 1000, T0 + 10);
    const id = paid.sale.id;
    expect(j.refundsElsewhere.note(told(id))).toMatchObject({ changed: true, row: { state: 'requested' } });
    expect(j.refundedCents(id)).toBe(1500);
    const done = told(id, { state: 'refunded', status: 'CLOSED', changedAt: T0 + 2, heardAt: T0 + 2 });
    expect(j.refundsElsewhere.note(done)?.changed).toBe(true);
    // A late "pending" (or "requested") never undoes "refunded"; hearing it only moves heardAt.
    const late = j.refundsElsewhere.note(
      told(id, { state: 'pending', status: 'APPLIED', changedAt: T0 + 1, heardAt: T0 + 3 }),
    );
    expect(late).toMatchObject({ changed: false, row: { state: 'refunded', heardAt: T0 + 3 } });
    expect(j.refundsElsewhere.note(done)?.changed).toBe(false);
    expect(j.refundedCents(id)).toBe(1500);
    expect(j.refundsElsewhere.listForSale(id)).toEqual([expect.objectContaining({ state: 'refunded' })]);
  });

  it('a failed or withdrawn refund holds nothing back', () => {
    const j = t.journal;
    const paid = paidSale(j, { at: T0, amountCents: 3000 });
    const id = paid.sale.id;
    j.refundsElsewhere.note(told(id));
    j.refundsElsewhere.note(
      told(id, { state: 'failed', status: 'rejected', errorCode: 'ORDER_NO_ERROR', changedAt: T0 + 1 }),
    );
    j.refundsElsewhere.note(
      told(id, { outRefundNo: 'SV261207ZZZZZZ000001', state: 'cancelled', status: 'released' }),
    );
    expect(j.refundedCents(id)).toBe(0);
    expect(j.refundsElsewhere.get('SV261207ABCDEF123456')).toMatchObject({
      state: 'failed',
      errorCode: 'ORDER_NO_ERROR',
    });
  });

  it('keeps nothing for a sale it does not have, and refuses hostile input writing nothing', () => {
    const j = t.journal;
    const paid = paidSale(j, { at: T0 });
    expect(j.refundsElsewhere.note(told('not-our-sale'))).toBeUndefined();
    const before = rowCounts(j.path);
    for (const bad of [
      told(paid.sale.id, { amountCents: -5 }),
      told(paid.sale.id, { outRefundNo: "x'; DROP TABLE sales; --" }),
      told(paid.sale.id, { state: 'refundedish' as RefundElsewhereRow['state'] }),
      told(paid.sale.id, { tillName: 'x'.repeat(500) }),
    ]) {
      expect(() => j.refundsElsewhere.note(bad)).toThrow(/invalid|noteRefundElsewhere/);
    }
    expect(rowCounts(j.path)).toEqual(before);
    // Another sale's refund number cannot be moved onto this sale.
    const other = paidSale(j, { at: T0 + 5 });
    j.refundsElsewhere.note(told(other.sale.id));
    expect(
      j.refundsElsewhere.note(told(paid.sale.id, { state: 'refunded', status: 'CLOSED' })),
    ).toBeUndefined();
    expect(j.refundedCents(paid.sale.id)).toBe(0);
  });
});
