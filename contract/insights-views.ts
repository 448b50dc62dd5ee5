/**
 * The Sales view of the manager's Reports: a business-date range's money by hour of day, by day, by platform and
 * by person, with CNY beside AUD and the same range a week earlier. Every bucket carries the X/Z/day report's
 * columns (main/shared/report-columns.ts), so a bucket's net is the sum of its columns, and the buckets of each
 * dimension add up to the totals.
 */
import type { Platform } from '../main/shared/platform';
import type { PlatformTotalsView } from './views';

/** The day report's columns (contract/views.ts) and the CNY the customers paid. */
export interface InsightTotalsView extends Omit<PlatformTotalsView, 'platform'> {
  /** CNY (fen) the customers paid for the paid sales that have a CNY figure (cny_amount or rate × amount). */
  cnyFen: number;
  /** How many of salesCount have a CNY figure: "CNY for cnySalesCount of salesCount sales". */
  cnySalesCount: number;
}

export interface InsightHourView extends InsightTotalsView {
  /** Wall-clock hour in the shop's zone, 0–23. */
  hour: number;
  /** How many times this hour happened in the range: 0 when skipped by a clock change, 2 when lived twice. */
  occurrences: number;
}

export interface InsightDayView extends InsightTotalsView {
  businessDate: string;
}

export interface InsightPlatformView extends InsightTotalsView {
  platform: Platform | 'UNKNOWN';
}

export interface InsightPersonView extends InsightTotalsView {
  /** null: sales made before people were recorded. */
  personId: string | null;
  name: string | null;
}

/** The same question over the range 7 days earlier. */
export interface InsightComparisonView {
  from: string;
  to: string;
  totals: InsightTotalsView;
  byHour: InsightHourView[];
  byDay: InsightDayView[];
}

export interface SalesInsightsView {
  /** Business dates, inclusive. */
  from: string;
  to: string;
  /** The zone the hours are read in. */
  timeZone: string | null;
  generatedAt: number;
  totals: InsightTotalsView;
  /** Always 24 rows, hour 0 to 23. */
  byHour: InsightHourView[];
  /** One row per business date of the range, empty days included. */
  byDay: InsightDayView[];
  byPlatform: InsightPlatformView[];
  byPerson: InsightPersonView[];
  previous: InsightComparisonView;
}
