/**
 * The part of a session's frozen Z the pages read (totals and the per-platform lines), checked at ingest: a
 * session whose report is not of this shape is kept unprojected (counted, as any record the server cannot read),
 * so what reaches the pages is always readable. The rest of the report is kept as the till sent it.
 */
import { z } from 'zod';

const count = z
  .number()
  .int()
  .min(-(2 ** 53))
  .max(2 ** 53);
const totals = {
  salesCount: count,
  salesCents: count,
  refundsCount: count,
  refundsCents: count,
  netCents: count,
  latePaymentsCount: count.optional(),
  latePaymentsCents: count.optional(),
  lateRefundsCount: count.optional(),
  lateRefundsCents: count.optional(),
};

const readableReport = z.object({
  totals: z.object(totals),
  perPlatform: z.array(z.object({ platform: z.string().max(32).nullable(), ...totals })).max(16),
});

/** A session's report: null (open) or the readable shape; the value is kept whole. */
export const sessionReportSchema = z
  .unknown()
  .refine((v) => v === null || v === undefined || readableReport.safeParse(v).success, 'unreadable report')
  .transform((v) => v ?? null);
