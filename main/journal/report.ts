/**
 * X (shift, any time) and Z (end of day) reports for one business date. Sales count on the business date they
 * were rung up; refunds on the business date they were made. Refunds that failed or were rejected are left out;
 * refunds still in flight count as refunded (the money is committed) and are also listed.
 */
import { businessDayRange } from '../shared/business-date';
import { PLATFORMS } from '../shared/platform';
import type { Platform } from '../shared/platform';
import type { RefundDb, SaleDb } from './rows';
import { refundFromDb, saleFromDb } from './rows';
import { FAILED_REFUND_STATUSES, OPEN_REFUND_STATUSES, UNSETTLED_SALE_STATUSES, sqlList } from './status';
import type { StatementCache } from './statements';
import type { DayReport, PlatformTotals } from './types';
import { businessDateSchema, parse, timeSchema } from './validation';
import { z } from 'zod';
import { JournalError } from './errors';
import { isBusinessDate } from '../shared/business-date';

const SALES_SQL = `SELECT platform, count(*) AS n, total(amount_cents) AS cents FROM sales
  WHERE business_date = ? AND status = 'paid' GROUP BY platform`;
const REFUNDS_SQL = `SELECT s.platform AS platform, count(*) AS n, total(r.amount_cents) AS cents
  FROM refunds r JOIN sales s ON s.id = r.sale_id
  WHERE r.business_date = ? AND r.status NOT IN (${sqlList(FAILED_REFUND_STATUSES)}) GROUP BY s.platform`;
const UNRESOLVED_SQL = `SELECT * FROM sales WHERE business_date = ?
  AND status IN (${sqlList(UNSETTLED_SALE_STATUSES)}) ORDER BY created_at, rowid`;
const PENDING_REFUNDS_SQL = `SELECT * FROM refunds WHERE business_date = ?
  AND status IN (${sqlList(OPEN_REFUND_STATUSES)}) ORDER BY created_at, rowid`;

interface Sum {
  platform: string | null;
  n: number;
  cents: number;
}

export function buildReport(
  stmts: StatementCache,
  timeZone: string | undefined,
  kind: 'X' | 'Z',
  businessDate: string,
  at: number,
): DayReport {
  parse(z.enum(['X', 'Z']), kind, 'report.kind');
  parse(businessDateSchema, businessDate, 'report.businessDate');
  if (!isBusinessDate(businessDate))
    throw new JournalError('invalid_input', 'report.businessDate: not a date');
  parse(timeSchema, at, 'report.at');
  const { from, to } = businessDayRange(businessDate, timeZone);

  const byPlatform = new Map<Platform | 'UNKNOWN', PlatformTotals>();
  const bucket = (p: string | null): PlatformTotals => {
    const key = p === 'WECHATPAY' || p === 'ALIPAY' ? p : 'UNKNOWN';
    let t = byPlatform.get(key);
    if (!t) {
      t = { platform: key, salesCount: 0, salesCents: 0, refundsCount: 0, refundsCents: 0, netCents: 0 };
      byPlatform.set(key, t);
    }
    return t;
  };
  for (const p of PLATFORMS) bucket(p);
  for (const r of stmts.get(SALES_SQL).all(businessDate) as Sum[]) {
    const t = bucket(r.platform);
    t.salesCount += r.n;
    t.salesCents += r.cents;
  }
  for (const r of stmts.get(REFUNDS_SQL).all(businessDate) as Sum[]) {
    const t = bucket(r.platform);
    t.refundsCount += r.n;
    t.refundsCents += r.cents;
  }
  const perPlatform = [...byPlatform.values()];
  const totals = { salesCount: 0, salesCents: 0, refundsCount: 0, refundsCents: 0, netCents: 0 };
  for (const t of perPlatform) {
    t.netCents = t.salesCents - t.refundsCents;
    totals.salesCount += t.salesCount;
    totals.salesCents += t.salesCents;
    totals.refundsCount += t.refundsCount;
    totals.refundsCents += t.refundsCents;
  }
  totals.netCents = totals.salesCents - totals.refundsCents;

  return {
    kind,
    businessDate,
    from,
    to,
    generatedAt: at,
    perPlatform,
    totals,
    unresolved: (stmts.get(UNRESOLVED_SQL).all(businessDate) as SaleDb[]).map(saleFromDb),
    pendingRefunds: (stmts.get(PENDING_REFUNDS_SQL).all(businessDate) as RefundDb[]).map(refundFromDb),
  };
}
