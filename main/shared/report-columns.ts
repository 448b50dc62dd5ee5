/**
 * The money columns of every X, Z and day report, on screen, on paper and in the report CSV: sales, payments
 * that landed after a void, the refunds that gave those back, every other refund, and the net. Each column is
 * signed the way it moves the net, so a row's net is the sum of its columns and the total row is the sum of the
 * rows. Browser-safe (the renderer imports it), no Node modules.
 *
 * The journal keeps `refundsCount/Cents` as all refunds (late ones included) and `lateRefunds…` as the part of
 * them that gave a late payment back; "other refunds" is the difference. Zs frozen before late payments were
 * reported lack those fields: they read as zero, and their net (sales − refunds) still equals the columns' sum.
 */
import type { Bilingual } from './bilingual';

/** What a report stores per platform and in total (the late fields may be missing on an old frozen Z). */
export interface ReportTotalsLike {
  salesCount: number;
  salesCents: number;
  refundsCount: number;
  refundsCents: number;
  netCents: number;
  latePaymentsCount?: number;
  latePaymentsCents?: number;
  lateRefundsCount?: number;
  lateRefundsCents?: number;
}

export const REPORT_COLUMN_KEYS = ['sales', 'latePayments', 'lateRefunds', 'otherRefunds'] as const;
export type ReportColumnKey = (typeof REPORT_COLUMN_KEYS)[number];

export interface ReportColumn {
  key: ReportColumnKey;
  count: number;
  /** Signed as it moves the net: refunds are negative. */
  cents: number;
}

export interface ReportLine {
  columns: ReportColumn[];
  /** The sum of the columns' cents: what every surface shows as the net (equal to the stored net). */
  netCents: number;
}

/** Column headings, the same words on the screen, the printed report and the CSV's first row. */
export const REPORT_COLUMN_WORDS: Record<ReportColumnKey | 'net', Bilingual> = {
  sales: { en: 'Sales', zh: '销售' },
  latePayments: { en: 'Paid after void', zh: '作废后付款' },
  lateRefunds: { en: 'Refunded after void', zh: '作废后退款' },
  otherRefunds: { en: 'Other refunds', zh: '其他退款' },
  net: { en: 'Net', zh: '净额' },
};

export function reportLine(t: ReportTotalsLike): ReportLine {
  const lateCount = t.lateRefundsCount ?? 0;
  const lateCents = t.lateRefundsCents ?? 0;
  const columns: ReportColumn[] = [
    { key: 'sales', count: t.salesCount, cents: t.salesCents },
    { key: 'latePayments', count: t.latePaymentsCount ?? 0, cents: t.latePaymentsCents ?? 0 },
    // 0 − x, not −x: no refunds is 0, never −0.
    { key: 'lateRefunds', count: lateCount, cents: 0 - lateCents },
    { key: 'otherRefunds', count: t.refundsCount - lateCount, cents: 0 - (t.refundsCents - lateCents) },
  ];
  return { columns, netCents: columns.reduce((sum, c) => sum + c.cents, 0) };
}

/**
 * The columns paper prints for a report: all of them when anything was paid or refunded after a void, else the
 * two late columns (zero on every row) are left out, which changes no sum.
 */
export function printedColumnKeys(totals: ReportTotalsLike): ReportColumnKey[] {
  const late = reportLine(totals).columns.filter((c) => c.key === 'latePayments' || c.key === 'lateRefunds');
  const any = late.some((c) => c.count !== 0 || c.cents !== 0);
  return REPORT_COLUMN_KEYS.filter((k) => any || (k !== 'latePayments' && k !== 'lateRefunds'));
}
