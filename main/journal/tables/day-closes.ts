/** Day reports (X/Z), the record of a closed business day, and the CSV export. */
import { z } from 'zod';
import { businessDateWindow, isBusinessDate } from '../../shared/business-date';
import { JournalError } from '../errors';
import { exportCsv } from '../export';
import { buildReport } from '../report';
import { buildSalesInsights } from '../insights';
import type { SalesInsightsView } from '../../../contract/insights-views';
import type { DayCloseDb } from '../rows';
import { dayCloseFromDb } from '../rows';
import type { DayClose, DayReport } from '../types';
import { businessDateSchema, parse, timeSchema } from '../validation';
import type { JournalConnection } from './connection';

const dayCloseSchema = z.object({
  businessDate: businessDateSchema,
  closedAt: timeSchema,
  report: z.object({ businessDate: businessDateSchema }).passthrough(),
  unresolvedCount: z.number().int().min(0),
  forced: z.boolean(),
});

export class DayCloseTable {
  private readonly s;

  constructor(private readonly c: JournalConnection) {
    const p = (sql: string) => c.prepare(sql);
    this.s = {
      insertDayClose: p(`INSERT INTO day_closes (business_date, closed_at, report, unresolved_count, forced)
        VALUES (?, ?, ?, ?, ?)`),
      getDayClose: p('SELECT * FROM day_closes WHERE business_date = ?'),
    };
  }

  report(kind: 'X' | 'Z', businessDate: string, at: number): DayReport {
    // One read transaction, so the totals and the lists describe the same instant.
    return this.c.read(() => buildReport(this.c.stmts, this.c.timeZone, kind, businessDate, at));
  }

  /** One read transaction, so this range and the week before describe the same instant. */
  salesInsights(
    range: { from: string; to: string },
    at: number,
    nameOf: (personId: string | null) => string | null,
  ): SalesInsightsView {
    parse(timeSchema, at, 'salesInsights.at');
    return this.c.read(() => buildSalesInsights(this.c.stmts, this.c.timeZone, range, at, nameOf));
  }

  recordDayClose(close: Omit<DayClose, 'id'>): DayClose {
    const c = parse(dayCloseSchema, close, 'recordDayClose');
    if (!isBusinessDate(c.businessDate))
      throw new JournalError('invalid_input', 'recordDayClose: not a date');
    const report = close.report;
    if (report.businessDate !== c.businessDate) {
      throw new JournalError('invalid_input', 'recordDayClose: the report is for another business date');
    }
    return this.c.transaction(() => {
      if (this.s.getDayClose.get(c.businessDate)) {
        throw new JournalError('day_already_closed', `business date ${c.businessDate} is already closed`);
      }
      const info = this.s.insertDayClose.run(
        c.businessDate,
        c.closedAt,
        JSON.stringify(report),
        c.unresolvedCount,
        c.forced ? 1 : 0,
      );
      return { ...close, id: Number(info.lastInsertRowid) };
    });
  }

  getDayClose(businessDate: string): DayClose | undefined {
    const r = this.s.getDayClose.get(businessDate) as DayCloseDb | undefined;
    return r && dayCloseFromDb(r);
  }

  exportCsv(from: number, to: number): { salesCsv: string; refundsCsv: string } {
    parse(timeSchema, from, 'exportCsv.from');
    parse(timeSchema, to, 'exportCsv.to');
    return this.c.read(() => exportCsv(this.c.stmts, from, to, this.c.timeZone));
  }

  /** Exactly the rows the day report of `businessDate` counts: those recorded with that date. */
  exportDayCsv(businessDate: string): { salesCsv: string; refundsCsv: string } {
    parse(businessDateSchema, businessDate, 'exportDayCsv.businessDate');
    const { from, to } = businessDateWindow(businessDate);
    return this.c.read(() => exportCsv(this.c.stmts, from, to, this.c.timeZone, businessDate));
  }
}
