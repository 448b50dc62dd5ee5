import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalError } from '../../../main/journal/journal';
import type { Journal } from '../../../main/journal/types';
import type { TempJournal } from './fixtures';
import {
  POS,
  localTime,
  openSale,
  paidSale,
  refund,
  rowCounts,
  startAttempt,
  tempJournal,
  uid,
} from './fixtures';

let t: TempJournal;
let j: Journal;
const T0 = localTime('2024-03-15', '10:00');

beforeEach(() => {
  t = tempJournal();
  j = t.journal;
});
afterEach(() => t.cleanup());

describe('out_order_no / out_refund_no', () => {
  const install = () => j.getSetting<string>('journal.installId') ?? '';

  it('is posNo + yyMMdd of the local business date + install id + 5-digit sequence, and increments', () => {
    const first = j.nextOutOrderNo(POS, T0);
    expect(install()).toMatch(/^[1-9A-Z][0-9A-Z]{3}$/);
    expect(first).toBe(`POS01240315${install()}00001`);
    expect(j.nextOutOrderNo(POS, T0)).toBe(`POS01240315${install()}00002`);
    expect(j.nextOutRefundNo(POS, T0)).toBe(`POS01R240315${install()}00001`);
    expect(j.nextOutOrderNo('POS02', T0)).toBe(`POS02240315${install()}00001`);
    expect(j.nextOutOrderNo(POS, T0 + 86_400_000)).toBe(`POS01240316${install()}00001`);
  });

  it('uses the terminal zone: 23:30 UTC on the 14th is already the 15th in Sydney', () => {
    expect(j.nextOutOrderNo(POS, Date.UTC(2024, 2, 14, 23, 30))).toMatch(/^POS01240315[0-9A-Z]{4}\d{5}$/);
  });

  it('survives a reopen without reuse, keeping the install id', () => {
    const a = j.nextOutOrderNo(POS, T0);
    const id = install();
    j = t.reopen();
    const b = j.nextOutOrderNo(POS, T0);
    expect(install()).toBe(id);
    expect(b).toBe(`POS01240315${id}00002`);
    expect(b > a).toBe(true);
  });

  it('differs between two journals (a reinstalled terminal does not repeat its numbers)', () => {
    const other = tempJournal();
    try {
      const ids = new Set<string>();
      // 4 base-36 characters: two fresh journals share an id with probability ~1 in 1.6 million.
      ids.add(other.journal.nextOutOrderNo(POS, T0));
      ids.add(j.nextOutOrderNo(POS, T0));
      expect(ids.size).toBe(2);
    } finally {
      other.cleanup();
    }
  });

  it('stays within 32 characters for the longest pos_no', () => {
    const pos = 'A'.repeat(16);
    expect(j.nextOutOrderNo(pos, T0)).toHaveLength(31);
    expect(j.nextOutRefundNo(pos, T0)).toHaveLength(32);
  });

  it.each(['', 'A'.repeat(17), 'POS 1', 'POS/1', 'ПОС'])('refuses pos_no %j', (pos) => {
    expect(() => j.nextOutOrderNo(pos, T0)).toThrow(JournalError);
    expect(rowCounts(j.path).sequences).toBe(0);
  });

  it('refuses a bad instant', () => {
    expect(() => j.nextOutOrderNo(POS, Number.NaN)).toThrow(JournalError);
    expect(() => j.nextOutOrderNo(POS, 1.5)).toThrow(JournalError);
  });

  it('stops at 99,999 a day rather than overflow its five digits', () => {
    j.nextOutOrderNo(POS, T0);
    t.journal.close();
    const db = new Database(j.path);
    db.prepare("UPDATE sequences SET value = 99998 WHERE name LIKE 'out_order_no:%'").run();
    db.close();
    j = t.reopen();
    expect(j.nextOutOrderNo(POS, T0)).toMatch(/99999$/);
    expect(() => j.nextOutOrderNo(POS, T0)).toThrow(expect.objectContaining({ code: 'sequence_exhausted' }));
    expect(j.nextOutOrderNo(POS, T0 + 86_400_000)).toMatch(/00001$/);
  });
});

describe('sales', () => {
  it('creates, reads and updates a sale with its business date', () => {
    const s = openSale(j, { at: T0, amountCents: 4321, orderName: '咖啡 x2' });
    expect(s).toMatchObject({ status: 'open', amountCents: 4321, businessDate: '2024-03-15', updatedAt: T0 });
    expect(j.getSale(s.id)).toEqual(s);
    const u = j.updateSale(s.id, { status: 'declined', statusReason: 'NOT_ENOUGH' }, T0 + 5);
    expect(u).toMatchObject({ status: 'declined', statusReason: 'NOT_ENOUGH', updatedAt: T0 + 5 });
    expect(j.getSale(s.id)).toEqual(u);
    expect(j.getSale('nope')).toBeUndefined();
  });

  it('a patch key set to undefined leaves the column alone; null clears it', () => {
    const s = openSale(j, { at: T0 });
    j.updateSale(s.id, { statusReason: 'x' }, T0 + 1);
    expect(j.updateSale(s.id, { status: undefined }, T0 + 2)).toMatchObject({
      status: 'open',
      statusReason: 'x',
    });
    expect(j.updateSale(s.id, { statusReason: null }, T0 + 3).statusReason).toBeNull();
  });

  it('lists active sales oldest first and leaves final ones out', () => {
    const a = openSale(j, { at: T0 });
    const b = openSale(j, { at: T0 + 10 });
    const { sale: p } = paidSale(j, { at: T0 + 20 });
    const c = openSale(j, { at: T0 + 30 });
    j.updateSale(c.id, { status: 'unresolved' }, T0 + 31);
    const d = openSale(j, { at: T0 + 40 });
    j.updateSale(d.id, { status: 'abandoned' }, T0 + 41);
    expect(j.listActiveSales().map((s) => s.id)).toEqual([a.id, b.id, c.id]);
    expect(j.listActiveSales().some((s) => s.id === p.id)).toBe(false);
  });

  it('a paid sale needs its attempt, gets paidAt, and stays paid', () => {
    const { sale, attempt } = paidSale(j, { at: T0 });
    expect(sale.paidAt).toBe(T0 + 1000);
    expect(sale.paidAttemptId).toBe(attempt.id);
    const before = rowCounts(j.path);
    expect(() => j.updateSale(sale.id, { status: 'failed' }, T0 + 2000)).toThrow(
      expect.objectContaining({ code: 'invalid_transition' }),
    );
    expect(() => j.updateSale(sale.id, { paidAttemptId: null }, T0 + 2000)).toThrow(JournalError);
    expect(j.getSale(sale.id)).toEqual(sale);
    expect(rowCounts(j.path)).toEqual(before);
  });

  it('refuses paid without an attempt of this sale', () => {
    const s = openSale(j, { at: T0 });
    expect(() => j.updateSale(s.id, { status: 'paid' }, T0)).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    const other = openSale(j, { at: T0 });
    const a = startAttempt(j, other, T0);
    expect(() => j.updateSale(s.id, { status: 'paid', paidAttemptId: a.id }, T0)).toThrow(JournalError);
    expect(j.getSale(s.id)?.status).toBe('open');
  });

  it('updating an unknown sale is not_found', () => {
    expect(() => j.updateSale('missing', { status: 'failed' }, T0)).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });

  it('a late "paid" may still settle a sale the resolver had marked failed', () => {
    const s = openSale(j, { at: T0 });
    const a = startAttempt(j, s, T0);
    j.updateAttempt(a.id, { status: 'failed' }, T0 + 1);
    j.updateSale(s.id, { status: 'failed' }, T0 + 1);
    j.updateAttempt(a.id, { status: 'paid', orderNo: 'OM1' }, T0 + 2);
    expect(j.updateSale(s.id, { status: 'paid', paidAttemptId: a.id }, T0 + 2).status).toBe('paid');
  });
});

describe('attempts', () => {
  it('numbers attempts within a sale and finds them by either order number', () => {
    const s = openSale(j, { at: T0 });
    const a1 = startAttempt(j, s, T0);
    expect(a1).toMatchObject({ seq: 1, status: 'submitting', checkCount: 0, orderNo: null });
    j.updateAttempt(a1.id, { status: 'declined', errorCode: 'QRCODE_EXPIRED' }, T0 + 1);
    const a2 = startAttempt(j, s, T0 + 2, 'ALIPAY');
    expect(a2.seq).toBe(2);
    const u = j.updateAttempt(
      a2.id,
      {
        status: 'userpaying',
        orderNo: 'OM777',
        exchangeRateScaled: '501540000',
        checkCount: 1,
        nextCheckAt: T0 + 9,
      },
      T0 + 3,
    );
    expect(u).toMatchObject({
      status: 'userpaying',
      orderNo: 'OM777',
      updatedAt: T0 + 3,
      outOrderNo: a2.outOrderNo,
    });
    expect(j.getAttempt(a2.id)).toEqual(u);
    expect(j.listAttempts(s.id).map((a) => a.seq)).toEqual([1, 2]);
    expect(j.findAttemptByOutOrderNo(a2.outOrderNo)?.id).toBe(a2.id);
    expect(j.findAttemptByOrderNo('OM777')?.id).toBe(a2.id);
    expect(j.findAttemptByOrderNo('OM000')).toBeUndefined();
    expect(j.listOpenAttempts().map((a) => a.id)).toEqual([a2.id]);
  });

  it('an out_order_no is never used twice (unique constraint) and nothing is half-written', () => {
    const s = openSale(j, { at: T0 });
    const a = startAttempt(j, s, T0);
    j.updateAttempt(a.id, { status: 'declined' }, T0);
    const before = rowCounts(j.path);
    expect(() =>
      j.createAttempt({
        id: uid('att'),
        saleId: s.id,
        kind: 'scan',
        outOrderNo: a.outOrderNo,
        paymentCode: null,
        platform: null,
        createdAt: T0,
      }),
    ).toThrow(expect.objectContaining({ code: 'constraint' }));
    expect(rowCounts(j.path)).toEqual(before);
  });

  it('refuses a new attempt while an earlier one may still take money', () => {
    const s = openSale(j, { at: T0 });
    const a = startAttempt(j, s, T0);
    for (const status of ['submitting', 'userpaying', 'unknown'] as const) {
      j.updateAttempt(a.id, { status }, T0);
      expect(() => startAttempt(j, s, T0 + 1)).toThrow(
        expect.objectContaining({ code: 'invalid_transition' }),
      );
    }
    j.updateAttempt(a.id, { status: 'declined' }, T0);
    expect(startAttempt(j, s, T0 + 1).seq).toBe(2);
  });

  it('refuses any new attempt on a paid sale', () => {
    const { sale } = paidSale(j, { at: T0 });
    expect(() => startAttempt(j, sale, T0 + 5)).toThrow(
      expect.objectContaining({ code: 'invalid_transition' }),
    );
    expect(j.listAttempts(sale.id)).toHaveLength(1);
  });

  it('a paid attempt stays paid', () => {
    const { attempt } = paidSale(j, { at: T0 });
    expect(() => j.updateAttempt(attempt.id, { status: 'unknown' }, T0 + 5)).toThrow(
      expect.objectContaining({ code: 'invalid_transition' }),
    );
    expect(j.updateAttempt(attempt.id, { checkCount: 3 }, T0 + 6).status).toBe('paid');
  });

  it('truncates long gateway error details instead of losing the reply', () => {
    const s = openSale(j, { at: T0 });
    const a = startAttempt(j, s, T0);
    const u = j.updateAttempt(a.id, { status: 'unknown', errorDetail: 'x'.repeat(5000) }, T0);
    expect(u.errorDetail).toHaveLength(1000);
    expect(j.getAttempt(a.id)?.errorDetail).toHaveLength(1000);
  });
});

describe('refunds', () => {
  it('tracks refunds and the refundable amount; failed ones do not count', () => {
    const paid = paidSale(j, { at: T0, amountCents: 10_000 });
    const r1 = refund(j, paid, 3000, T0 + 10, 'CLOSED');
    const r2 = refund(j, paid, 2000, T0 + 20, 'MERCHANTREJECTED');
    const r3 = refund(j, paid, 1500, T0 + 30, 'submitting');
    expect(r1.outRefundNo).toMatch(/^POS01R240315[0-9A-Z]{4}00001$/);
    expect(j.refundedCents(paid.sale.id)).toBe(4500);
    expect(j.listRefunds(paid.sale.id).map((r) => r.id)).toEqual([r1.id, r2.id, r3.id]);
    expect(j.listOpenRefunds().map((r) => r.id)).toEqual([r3.id]);
    const u = j.updateRefund(r3.id, { status: 'APPLIED', refundNo: 'RF1', checkCount: 1 }, T0 + 40);
    expect(u).toMatchObject({ status: 'APPLIED', refundNo: 'RF1', businessDate: '2024-03-15' });
    expect(j.getRefund(r3.id)).toEqual(u);
  });

  it('refuses a refund above what is left, atomically with the insert', () => {
    const paid = paidSale(j, { at: T0, amountCents: 1000 });
    refund(j, paid, 600, T0 + 1, 'APPLIED');
    const before = rowCounts(j.path);
    expect(() => refund(j, paid, 401, T0 + 2)).toThrow(expect.objectContaining({ code: 'refund_limit' }));
    // nextOutRefundNo ran before the refusal: only that sequence row moved.
    const after = rowCounts(j.path);
    expect({ ...after, sequences: before.sequences }).toEqual(before);
    expect(refund(j, paid, 400, T0 + 3, 'submitting').amountCents).toBe(400);
    expect(j.refundedCents(paid.sale.id)).toBe(1000);
  });

  it('refuses refunds of unpaid sales and mismatched order numbers', () => {
    const s = openSale(j, { at: T0 });
    const a = startAttempt(j, s, T0);
    const base = {
      id: uid('ref'),
      saleId: s.id,
      attemptId: a.id,
      orderNo: 'OM1',
      outRefundNo: 'POS01R20240315000009',
      amountCents: 100,
      reason: '',
      status: 'submitting' as const,
      createdAt: T0,
    };
    expect(() => j.createRefund(base)).toThrow(expect.objectContaining({ code: 'not_refundable' }));
    const paid = paidSale(j, { at: T0, orderNo: 'OM-RIGHT' });
    expect(() =>
      j.createRefund({ ...base, saleId: paid.sale.id, attemptId: paid.attempt.id, orderNo: 'OM-WRONG' }),
    ).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => j.createRefund({ ...base, saleId: paid.sale.id })).toThrow(JournalError);
    expect(rowCounts(j.path).refunds).toBe(0);
  });

  it('out_refund_no is unique', () => {
    const paid = paidSale(j, { at: T0, amountCents: 1000 });
    const r = refund(j, paid, 100, T0, 'submitting');
    expect(() =>
      j.createRefund({
        id: uid('ref'),
        saleId: paid.sale.id,
        attemptId: paid.attempt.id,
        orderNo: paid.attempt.orderNo ?? '',
        outRefundNo: r.outRefundNo,
        amountCents: 100,
        reason: '',
        status: 'submitting',
        createdAt: T0,
      }),
    ).toThrow(expect.objectContaining({ code: 'constraint' }));
  });

  it('a closed refund stays closed', () => {
    const paid = paidSale(j, { at: T0 });
    const r = refund(j, paid, 100, T0, 'CLOSED');
    expect(() => j.updateRefund(r.id, { status: 'TIMEOUTCLOSED' }, T0 + 9)).toThrow(
      expect.objectContaining({ code: 'invalid_transition' }),
    );
  });
});

describe('transaction', () => {
  it('commits everything or nothing', () => {
    const before = rowCounts(j.path);
    expect(() =>
      j.transaction(() => {
        openSale(j, { at: T0 });
        j.appendEvent({
          at: T0,
          actor: 'cashier',
          type: 'sale.started',
          entity: 'sale',
          entityId: 'x',
          data: {},
        });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(rowCounts(j.path)).toEqual(before);
    const s = j.transaction(() => openSale(j, { at: T0 }));
    expect(j.getSale(s.id)).toBeDefined();
  });

  it('nests: an inner failure caught inside keeps the outer work', () => {
    const s = j.transaction(() => {
      const sale = openSale(j, { at: T0 });
      expect(() => j.updateSale('missing', { status: 'failed' }, T0)).toThrow(JournalError);
      return sale;
    });
    expect(j.getSale(s.id)?.status).toBe('open');
  });
});

describe('events', () => {
  it('appends and lists by entity, id, time and page', () => {
    const ids = [1, 2, 3].map((n) =>
      j.appendEvent({
        at: T0 + n,
        actor: 'system',
        type: 'sale.status',
        entity: n === 3 ? 'refund' : 'sale',
        entityId: `s${n % 2}`,
        data: { n, note: '中文' },
      }),
    );
    expect(ids).toEqual([1, 2, 3]);
    expect(j.listEvents({}).map((e) => e.id)).toEqual([1, 2, 3]);
    expect(j.listEvents({ entity: 'sale' }).map((e) => e.id)).toEqual([1, 2]);
    expect(j.listEvents({ entityId: 's1' }).map((e) => e.id)).toEqual([1, 3]);
    expect(j.listEvents({ entity: 'sale', entityId: 's1' }).map((e) => e.id)).toEqual([1]);
    expect(j.listEvents({ since: T0 + 2 }).map((e) => e.id)).toEqual([2, 3]);
    expect(j.listEvents({ afterId: 1, limit: 1 }).map((e) => e.id)).toEqual([2]);
    expect(j.listEvents({ entity: 'refund' })[0]).toEqual({
      id: 3,
      at: T0 + 3,
      actor: 'system',
      type: 'sale.status',
      entity: 'refund',
      entityId: 's1',
      data: { n: 3, note: '中文' },
    });
  });

  it('refuses payloads that carry a secret, and bad events, writing nothing', () => {
    const ev = { at: T0, actor: 'manager' as const, type: 'x', entity: 'manager' as const, entityId: null };
    expect(() => j.appendEvent({ ...ev, data: { pin: '1234' } })).toThrow(JournalError);
    expect(() => j.appendEvent({ ...ev, data: { nested: { secretKey: 'k' } } })).toThrow(JournalError);
    expect(() => j.appendEvent({ ...ev, actor: 'robot' as never, data: {} })).toThrow(JournalError);
    expect(() => j.appendEvent({ ...ev, type: '', data: {} })).toThrow(JournalError);
    expect(() => j.appendEvent({ ...ev, data: { big: 'x'.repeat(70_000) } })).toThrow(JournalError);
    expect(rowCounts(j.path).events).toBe(0);
  });
});

describe('settings and manager state', () => {
  it('round-trips JSON settings', () => {
    expect(j.getSetting('x')).toBeUndefined();
    j.setSetting('x', { a: [1, 2], b: '中' });
    j.setSetting('n', 5);
    expect(j.getSetting('x')).toEqual({ a: [1, 2], b: '中' });
    j.setSetting('x', null);
    expect(j.getSetting('x')).toBeNull();
    expect(j.getSetting<number>('n')).toBe(5);
    expect(() => j.setSetting('u', undefined)).toThrow(JournalError);
    expect(() => j.setSetting('', 1)).toThrow(JournalError);
  });

  it('keeps the manager PIN state in one row', () => {
    expect(j.getManagerAuth()).toEqual({ pinHash: null, failedAttempts: 0, lockedUntil: null });
    j.setManagerAuth({ pinHash: 'scrypt$x', failedAttempts: 2, lockedUntil: T0 });
    expect(t.reopen().getManagerAuth()).toEqual({ pinHash: 'scrypt$x', failedAttempts: 2, lockedUntil: T0 });
    expect(() => t.journal.setManagerAuth({ pinHash: null, failedAttempts: -1, lockedUntil: null })).toThrow(
      JournalError,
    );
  });
});

describe('day closes', () => {
  it('records one close per business date', () => {
    paidSale(j, { at: T0 });
    const report = j.report('Z', '2024-03-15', T0 + 99);
    const close = j.recordDayClose({
      businessDate: '2024-03-15',
      closedAt: T0 + 100,
      report,
      unresolvedCount: 0,
      forced: false,
    });
    expect(close.id).toBe(1);
    expect(j.getDayClose('2024-03-15')).toEqual(close);
    expect(j.getDayClose('2024-03-16')).toBeUndefined();
    expect(() =>
      j.recordDayClose({
        businessDate: '2024-03-15',
        closedAt: T0 + 200,
        report,
        unresolvedCount: 0,
        forced: true,
      }),
    ).toThrow(expect.objectContaining({ code: 'day_already_closed' }));
    expect(() =>
      j.recordDayClose({
        businessDate: '2024-03-16',
        closedAt: T0,
        report,
        unresolvedCount: 0,
        forced: false,
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(rowCounts(j.path).day_closes).toBe(1);
  });
});
