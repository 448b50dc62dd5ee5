/** Sessions (shifts): which shift each sale and refund belongs to, their X/Z reports and closing a shift. */
import { z } from 'zod';
import { businessDateOf } from '../../shared/business-date';
import { JournalError } from '../errors';
import { buildSessionReport, emptyTotals } from '../report';
import type { DayReport, SessionReport, SessionRow } from '../types';
import { rowCodec } from '../row-codec';
import { businessDateSchema, idSchema, parse, timeSchema } from '../validation';
import type { JournalConnection } from './connection';

const sessionIdSchema = z.number().int().min(1);

interface SessionDb {
  id: number;
  business_date: string;
  seq: number;
  opened_at: number;
  closed_at: number | null;
  report: string | null;
  unresolved_count: number | null;
  forced: number;
}

export class SessionTable {
  private readonly s;

  constructor(private readonly c: JournalConnection) {
    const p = (sql: string) => c.prepare(sql);
    this.s = {
      openSession: p('SELECT * FROM sessions WHERE closed_at IS NULL'),
      getSession: p('SELECT * FROM sessions WHERE id = ?'),
      listSessions: p('SELECT * FROM sessions WHERE business_date = ? ORDER BY seq'),
      insertSession: p(`INSERT INTO sessions (business_date, seq, opened_at)
        VALUES (@day, 1 + coalesce((SELECT max(seq) FROM sessions WHERE business_date = @day), 0), @at)`),
      closeSession: p(`UPDATE sessions SET closed_at = ?, report = ?, unresolved_count = ?, forced = ?,
        closed_by = ? WHERE id = ? AND closed_at IS NULL`),
      saleSession:
        p(`SELECT m.session_id AS session_id, m.carried_from AS carried_from, x.closed_at AS closed_at
        FROM sale_sessions m JOIN sessions x ON x.id = m.session_id WHERE m.sale_id = ?`),
      refundSession: p(`SELECT m.session_id AS session_id, m.carried_from AS carried_from,
        x.closed_at AS closed_at FROM refund_sessions m JOIN sessions x ON x.id = m.session_id
        WHERE m.refund_id = ?`),
      insertSaleSession: p('INSERT INTO sale_sessions (sale_id, session_id) VALUES (?, ?)'),
      insertRefundSession: p('INSERT INTO refund_sessions (refund_id, session_id) VALUES (?, ?)'),
      moveSale: p('UPDATE sale_sessions SET session_id = ?, carried_from = ? WHERE sale_id = ?'),
      moveRefund: p('UPDATE refund_sessions SET session_id = ?, carried_from = ? WHERE refund_id = ?'),
    };
  }

  currentSession(): SessionRow | undefined {
    const r = this.s.openSession.get() as SessionDb | undefined;
    return r && sessionFromDb(r);
  }

  getSession(id: number): SessionRow | undefined {
    parse(sessionIdSchema, id, 'getSession.id');
    const r = this.s.getSession.get(id) as SessionDb | undefined;
    return r && sessionFromDb(r);
  }

  listSessions(businessDate: string): SessionRow[] {
    parse(businessDateSchema, businessDate, 'listSessions.businessDate');
    return (this.s.listSessions.all(businessDate) as SessionDb[]).map(sessionFromDb);
  }

  sessionOfSale(saleId: string): number | undefined {
    const r = this.s.saleSession.get(saleId) as { session_id: number } | undefined;
    return r?.session_id;
  }

  sessionReport(kind: 'X' | 'Z', sessionId: number, at: number): SessionReport {
    return this.c.read(() => buildSessionReport(this.c.stmts, kind, this.requireSession(sessionId), at));
  }

  closeSession(sessionId: number, at: number, forced: boolean, closedBy?: string | null): SessionReport {
    parse(timeSchema, at, 'closeSession.at');
    parse(idSchema.nullable().optional(), closedBy, 'closeSession.closedBy');
    parse(z.boolean(), forced, 'closeSession.forced');
    return this.c.transaction(() => {
      const open = this.requireSession(sessionId);
      if (open.closedAt !== null) {
        throw new JournalError('session_not_open', `session ${sessionId} is already closed`);
      }
      const closed: SessionRow = { ...open, closedAt: Math.max(at, open.openedAt) };
      const report = buildSessionReport(this.c.stmts, 'Z', closed, at);
      closed.unresolvedCount = report.unresolved.length;
      closed.forced = forced;
      const frozen: SessionReport = { ...report, session: closed };
      this.s.closeSession.run(
        closed.closedAt,
        JSON.stringify(frozen),
        closed.unresolvedCount,
        forced ? 1 : 0,
        closedBy ?? null,
        sessionId,
      );
      return frozen;
    });
  }

  getSessionZ(sessionId: number): SessionReport | undefined {
    parse(sessionIdSchema, sessionId, 'getSessionZ.id');
    const r = this.s.getSession.get(sessionId) as SessionDb | undefined;
    if (!r || r.report === null) return undefined;
    const stored = JSON.parse(r.report) as Partial<SessionReport> &
      Omit<DayReport, 'perPlatform'> & {
        perPlatform?: DayReport['perPlatform'];
      };
    // A Z carried over from a day close (before sessions) has no session fields of its own.
    return {
      ...stored,
      // A Z frozen before late payments were reported has no such fields: they were none, and its net stands.
      perPlatform: (stored.perPlatform ?? []).map((p) => ({ ...emptyTotals(), ...p })),
      totals: { ...emptyTotals(), ...stored.totals },
      kind: 'Z',
      session: sessionFromDb(r),
      carried: stored.carried ?? [],
      carriedRefunds: stored.carriedRefunds ?? [],
    };
  }

  /** Files a new sale or refund under the open session. Call inside a transaction. */
  assign(kind: 'sale' | 'refund', id: string, at: number): void {
    const stmt = kind === 'sale' ? this.s.insertSaleSession : this.s.insertRefundSession;
    stmt.run(id, this.openSessionId(at));
  }

  /**
   * A sale or refund whose status changed after its session closed moves to the open session, so what settles
   * later is reported in the shift it settled in; `carried_from` keeps the first session it belonged to.
   */
  carryIfClosed(kind: 'sale' | 'refund', id: string, at: number): void {
    const stmt = kind === 'sale' ? this.s.saleSession : this.s.refundSession;
    const m = stmt.get(id) as
      { session_id: number; carried_from: number | null; closed_at: number | null } | undefined;
    if (!m || m.closed_at === null) return;
    const target = this.openSessionId(at);
    (kind === 'sale' ? this.s.moveSale : this.s.moveRefund).run(target, m.carried_from ?? m.session_id, id);
  }

  private requireSession(id: number): SessionRow {
    const s = this.getSession(id);
    if (!s) throw new JournalError('not_found', `session ${String(id)} not found`);
    return s;
  }

  /** The open session's id, opening one (the next shift) when the last was closed. Call inside a transaction. */
  private openSessionId(at: number): number {
    const open = this.s.openSession.get() as SessionDb | undefined;
    if (open) return open.id;
    const info = this.s.insertSession.run({ day: businessDateOf(at, this.c.timeZone), at });
    return Number(info.lastInsertRowid);
  }
}

const SESSION = rowCodec<SessionRow, SessionDb>()([
  'id',
  'businessDate',
  'seq',
  'openedAt',
  'closedAt',
  'unresolvedCount',
  'forced',
]);

/** `forced` is stored as 0/1; the frozen report stays out of the row (getSessionZ reads it). */
function sessionFromDb(r: SessionDb): SessionRow {
  return { ...SESSION.fromDb(r), forced: r.forced === 1 };
}
