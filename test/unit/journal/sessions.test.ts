/** Sessions (shifts) in a real journal file: who belongs where, numbered Zs, carried sales and refunds. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { JournalError } from '../../../main/journal/journal';
import type { Journal } from '../../../main/journal/types';
import type { TempJournal } from './fixtures';
import { SYDNEY, eachTempJournal, localTime, openSale, paidSale, refund, startAttempt } from './fixtures';

let t: TempJournal;
let j: Journal;
eachTempJournal(SYDNEY, (fresh) => {
  t = fresh;
  j = fresh.journal;
});

const DAY = '2024-05-01';
const at = (time: string) => localTime(DAY, time);

describe('sessions', () => {
  it('the first sale opens a session; a Z closes it; the next sale opens the next, numbered within the day', () => {
    expect(j.currentSession()).toBeUndefined();
    const a = paidSale(j, { at: at('09:00'), amountCents: 1000 });
    const s1 = j.currentSession();
    expect(s1).toMatchObject({ businessDate: DAY, seq: 1, closedAt: null, openedAt: at('09:00') });
    expect(j.sessionOfSale(a.sale.id)).toBe(s1?.id);
    refund(j, a, 300, at('10:00'), 'CLOSED');

    const z1 = j.closeSession(s1!.id, at('12:00'), false);
    expect(z1.kind).toBe('Z');
    expect(z1.totals).toMatchObject({ salesCount: 1, salesCents: 1000, refundsCents: 300, netCents: 700 });
    expect(j.currentSession()).toBeUndefined();
    expect(() => j.closeSession(s1!.id, at('12:01'), false)).toThrow(
      expect.objectContaining({ code: 'session_not_open' }),
    );

    const b = paidSale(j, { at: at('13:00'), amountCents: 2500 });
    const s2 = j.currentSession();
    expect(s2).toMatchObject({ businessDate: DAY, seq: 2 });
    expect(j.sessionOfSale(b.sale.id)).toBe(s2?.id);
    const x2 = j.sessionReport('X', s2!.id, at('14:00'));
    expect(x2.totals).toMatchObject({ salesCount: 1, salesCents: 2500, refundsCents: 0, netCents: 2500 });
    const z2 = j.closeSession(s2!.id, at('18:00'), false);

    // The day report covers both shifts: the sum of the Zs.
    const day = j.report('X', DAY, at('19:00'));
    expect(day.totals.netCents).toBe(z1.totals.netCents + z2.totals.netCents);
    expect(j.listSessions(DAY).map((s) => [s.seq, s.closedAt])).toEqual([
      [1, at('12:00')],
      [2, at('18:00')],
    ]);
    // The frozen Z reads back the same, after a reopen too.
    j = t.reopen();
    expect(j.getSessionZ(s1!.id)?.totals).toEqual(z1.totals);
    expect(j.getSessionZ(s2!.id)?.session.closedAt).toBe(at('18:00'));
  });

  it('an unresolved sale is listed on the Z and carried into the session where it settles', () => {
    paidSale(j, { at: at('09:00'), amountCents: 1000 });
    const late = openSale(j, { at: at('09:30'), amountCents: 4200 });
    const attempt = startAttempt(j, late, at('09:30'));
    j.updateSale(late.id, { status: 'unresolved' }, at('09:31'));
    const s1 = j.currentSession()!;
    const z1 = j.closeSession(s1.id, at('12:00'), true);
    expect(z1.unresolved.map((s) => s.id)).toEqual([late.id]);
    expect(z1.session).toMatchObject({ forced: true, unresolvedCount: 1 });
    expect(z1.totals.salesCents).toBe(1000);

    // It turns out paid after the Z: it belongs to the next session, listed as carried.
    j.transaction(() => {
      j.updateAttempt(attempt.id, { status: 'paid', orderNo: 'OMLATE' }, at('12:30'));
      j.updateSale(late.id, { status: 'paid', paidAttemptId: attempt.id }, at('12:30'));
    });
    const s2 = j.currentSession()!;
    expect(s2.seq).toBe(2);
    expect(j.sessionOfSale(late.id)).toBe(s2.id);
    const x2 = j.sessionReport('X', s2.id, at('13:00'));
    expect(x2.totals.salesCents).toBe(4200);
    expect(x2.carried.map((c) => [c.row.id, c.fromSessionId])).toEqual([[late.id, s1.id]]);
    // The first Z is frozen: it still says what was known at its close.
    expect(j.getSessionZ(s1.id)?.totals.salesCents).toBe(1000);
    expect(j.getSessionZ(s1.id)?.unresolved.map((s) => s.id)).toEqual([late.id]);
  });

  it('a refund counted while in flight that fails after the Z is taken back out in the next session', () => {
    const p = paidSale(j, { at: at('09:00'), amountCents: 5000 });
    const r = refund(j, p, 2000, at('10:00'), 'APPLIED');
    const s1 = j.currentSession()!;
    const z1 = j.closeSession(s1.id, at('12:00'), false);
    expect(z1.totals.refundsCents).toBe(2000);
    expect(z1.pendingRefunds.map((x) => x.id)).toEqual([r.id]);

    j.updateRefund(r.id, { status: 'ORGANIZATIONFAILED' }, at('13:00'));
    const s2 = j.currentSession()!;
    const x2 = j.sessionReport('X', s2.id, at('13:30'));
    expect(x2.totals).toMatchObject({ salesCents: 0, refundsCount: -1, refundsCents: -2000, netCents: 2000 });
    expect(x2.carriedRefunds.map((c) => c.row.id)).toEqual([r.id]);
    // Across both Zs the refund nets to nothing, as on the gateway.
    expect(z1.totals.netCents + x2.totals.netCents).toBe(5000);
  });

  it('a carried refund that succeeds counts once, in the Z that first counted it', () => {
    const p = paidSale(j, { at: at('09:00'), amountCents: 5000 });
    const r = refund(j, p, 2000, at('10:00'), 'APPLIED');
    const z1 = j.closeSession(j.currentSession()!.id, at('12:00'), false);
    j.updateRefund(r.id, { status: 'CLOSED' }, at('13:00'));
    const x2 = j.sessionReport('X', j.currentSession()!.id, at('13:30'));
    expect(x2.totals.refundsCents).toBe(0);
    expect(z1.totals.netCents + x2.totals.netCents).toBe(3000);
  });

  it('every sale and refund belongs to exactly one session; closed sessions cannot be edited', () => {
    const p = paidSale(j, { at: at('09:00') });
    refund(j, p, 100, at('09:10'));
    const s1 = j.currentSession()!;
    j.closeSession(s1.id, at('10:00'), false);
    paidSale(j, { at: at('11:00') });
    const db = new Database(j.path);
    const orphans = db
      .prepare(
        `SELECT (SELECT count(*) FROM sales WHERE id NOT IN (SELECT sale_id FROM sale_sessions)) +
         (SELECT count(*) FROM refunds WHERE id NOT IN (SELECT refund_id FROM refund_sessions)) AS n`,
      )
      .get() as { n: number };
    expect(orphans.n).toBe(0);
    expect(() =>
      db.prepare('UPDATE sessions SET closed_at = NULL, report = NULL WHERE id = ?').run(s1.id),
    ).toThrow(/closed session is final/);
    expect(() => db.prepare('DELETE FROM sale_sessions').run()).toThrow(/belongs to a session/);
    expect(() =>
      db.prepare('INSERT INTO sessions (business_date, seq, opened_at) VALUES (?, 9, 1)').run(DAY),
    ).toThrow(/UNIQUE/);
    db.close();
    expect(() => j.getSession(0)).toThrow(JournalError);
  });
});
