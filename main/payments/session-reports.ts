/**
 * Sessions (shifts) as the manager sees them: the X of the open session, the numbered Zs, the day report over a
 * business date with its sessions, and closing the open session. PosService delegates its report, closeDay,
 * getReportHtml and printReport calls here.
 */
import { emptyTotals } from '../journal/report';
import type { PosResult, ReportKind, ReportView, SaleView, SessionView } from '../../preload/api';
import type { DayReport, Journal, PersonTotals, SaleRow, SessionReport, SessionRow } from '../journal/types';
import type { PersonTotalsView } from '../../contract/people-views';
import { businessDateOf } from '../shared/business-date';
import { PLATFORMS } from '../shared/platform';
import { bilingual } from '../shared/bilingual';
import { refundView } from './views';
import { UNSETTLED_SALE_STATUSES } from '../journal/status';

export interface SessionReportsDeps {
  journal: Journal;
  now: () => number;
  timeZone: () => string;
  /** The cashier's view of a sale (PosService's, with its wait deadline). */
  saleView: (sale: SaleRow) => SaleView;
}

export const sessionMessages = {
  nothingToClose: bilingual(
    'Nothing to close: no sale or refund since the last Z.',
    '无需结账：自上次 Z 报表以来没有交易或退款。',
  ),
  unresolvedBlockClose: bilingual(
    'Some sales are still unresolved. Confirm to close the shift anyway; they are listed on this Z and counted in the next shift when they settle.',
    '仍有未确定的交易。如仍要结账请确认；这些交易会列在本 Z 报表上，确定后计入下一班次。',
  ),
  noSuchSession: bilingual('That shift report was not found.', '找不到该班次报表。'),
};

type Result = PosResult<ReportView>;

export class SessionReports {
  constructor(private readonly deps: SessionReportsDeps) {}

  report(args: { kind: ReportKind; businessDate?: string; sessionId?: number }): Result {
    const { journal } = this.deps;
    const at = this.deps.now();
    if (args.kind === 'day') return ok(this.dayView(args.businessDate ?? this.today(), at));
    if (args.sessionId !== undefined) {
      const session = journal.getSession(args.sessionId);
      if (!session) return fail('SESSION_NOT_FOUND', sessionMessages.noSuchSession);
      if (session.closedAt !== null) return ok(this.frozenZ(session));
      return ok(this.sessionView(journal.sessionReport(args.kind, session.id, at)));
    }
    const open = journal.currentSession();
    if (args.kind === 'X') {
      return ok(open ? this.sessionView(journal.sessionReport('X', open.id, at)) : this.empty('X', at));
    }
    // Z: today's is the open session's, previewed; once closed (or for another day), the date's latest Z.
    const date = args.businessDate ?? this.today();
    if (open && date === this.today()) return ok(this.sessionView(journal.sessionReport('Z', open.id, at)));
    const last = journal
      .listSessions(date)
      .filter((s) => s.closedAt !== null)
      .at(-1);
    return ok(last ? this.frozenZ(last) : this.empty('Z', at));
  }

  /** Closes the open session (the shift's Z); unresolved sales need the manager's explicit confirmation. */
  /** Closes the open session (the Z); closedBy: the person whose PIN closed it. */
  close(confirmUnresolved: boolean, closedBy?: string): Result {
    const { journal } = this.deps;
    const at = this.deps.now();
    const open = journal.currentSession();
    if (!open) return fail('NOTHING_TO_CLOSE', sessionMessages.nothingToClose);
    const preview = journal.sessionReport('Z', open.id, at);
    if (preview.unresolved.length > 0 && !confirmUnresolved) {
      return fail(
        'UNRESOLVED_SALES',
        sessionMessages.unresolvedBlockClose,
        `${preview.unresolved.length} unresolved`,
      );
    }
    const z = journal.transaction(() => {
      const frozen = journal.closeSession(open.id, at, preview.unresolved.length > 0, closedBy ?? null);
      journal.appendEvent({
        at,
        actor: 'manager',
        personId: closedBy ?? null,
        type: 'session.closed',
        entity: 'day',
        entityId: `${open.businessDate}#${open.seq}`,
        data: {
          sessionId: open.id,
          forced: frozen.session.forced,
          unresolved: frozen.unresolved.map((s) => s.id).join(','),
          netCents: frozen.totals.netCents,
        },
      });
      return frozen;
    });
    return ok(this.sessionView(z));
  }

  private frozenZ(session: SessionRow): ReportView {
    const z = this.deps.journal.getSessionZ(session.id);
    if (!z) throw new Error(`session ${session.id} is closed without a Z`);
    return this.sessionView(z);
  }

  private sessionView(r: SessionReport): ReportView {
    return {
      ...this.baseView(r),
      closedAt: r.session.closedAt,
      forced: r.session.forced,
      session: toSessionView(r.session, r.totals),
      carried: r.carried.map((c) => ({ sale: this.liveSale(c.row), fromSessionId: c.fromSessionId })),
      carriedRefunds: r.carriedRefunds.map((c) => ({
        refund: refundView(c.row),
        fromSessionId: c.fromSessionId,
      })),
    };
  }

  private dayView(date: string, at: number): ReportView {
    const { journal } = this.deps;
    const day = journal.report('X', date, at);
    const sessions = journal.listSessions(date).map((s) => {
      const r = s.closedAt !== null ? journal.getSessionZ(s.id) : journal.sessionReport('X', s.id, at);
      return toSessionView(s, r?.totals ?? zeroTotals());
    });
    return {
      ...this.baseView(day),
      kind: 'day',
      closedAt: null,
      forced: sessions.some((s) => s.forced),
      session: null,
      sessions,
      carried: [],
      carriedRefunds: [],
    };
  }

  private baseView(r: DayReport): Omit<ReportView, 'closedAt' | 'forced'> {
    return {
      kind: r.kind,
      businessDate: r.businessDate,
      generatedAt: r.generatedAt,
      perPlatform: r.perPlatform,
      totals: r.totals,
      ...(r.byPerson ? { byPerson: r.byPerson.map(personLine) } : {}),
      unresolved: r.unresolved.map((s) => this.liveSale(s)),
      unresolvedEarlier: (r.unresolvedEarlier ?? []).map((e) => ({
        sale: this.liveSale(e.row),
        fromSessionId: e.fromSessionId,
      })),
      pendingRefunds: r.pendingRefunds.map((x) => refundView(x)),
      voidedCount: r.voidedCount,
    };
  }

  private empty(kind: 'X' | 'Z', at: number): ReportView {
    return {
      kind,
      businessDate: businessDateOf(at, this.deps.timeZone()),
      generatedAt: at,
      perPlatform: PLATFORMS.map((platform) => ({ platform, ...zeroTotals() })),
      totals: zeroTotals(),
      unresolved: [],
      unresolvedEarlier: this.earlierUnresolved(),
      pendingRefunds: [],
      closedAt: null,
      forced: false,
      session: null,
      carried: [],
      carriedRefunds: [],
    };
  }

  /** With no shift open, every sale still unresolved is an earlier shift's. */
  private earlierUnresolved(): NonNullable<ReportView['unresolvedEarlier']> {
    const { journal } = this.deps;
    return journal
      .listActiveSales()
      .filter((s) => UNSETTLED_SALE_STATUSES.includes(s.status))
      .map((s) => ({ sale: this.liveSale(s), fromSessionId: journal.sessionOfSale(s.id) ?? null }));
  }

  /** A frozen Z lists sales as they were; the row shown is today's (it may have settled since). */
  private liveSale(s: SaleRow): SaleView {
    return this.deps.saleView(this.deps.journal.getSale(s.id) ?? s);
  }

  private today(): string {
    return businessDateOf(this.deps.now(), this.deps.timeZone());
  }
}

function toSessionView(s: SessionRow, totals: SessionView['totals']): SessionView {
  return {
    id: s.id,
    businessDate: s.businessDate,
    seq: s.seq,
    openedAt: s.openedAt,
    closedAt: s.closedAt,
    forced: s.forced,
    unresolvedCount: s.unresolvedCount,
    totals,
  };
}

function zeroTotals(): SessionView['totals'] {
  return emptyTotals();
}

function ok<T>(value: T): PosResult<T> {
  return { ok: true, value };
}

function fail(code: string, message: { en: string; zh: string }, detail?: string): PosResult<never> {
  return { ok: false, error: { code, message, ...(detail ? { detail } : {}) } };
}

/** Sales and refunds recorded before people were: no one to name, in either language. */
const NOT_RECORDED = '—';

/** A report's person line as the screens get it. */
function personLine(p: PersonTotals): PersonTotalsView {
  return { ...p, name: p.name ?? NOT_RECORDED };
}
