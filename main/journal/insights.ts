/**
 * Sales insights: a business-date range's money by wall-clock hour, by day, by platform and by person, with CNY
 * beside AUD, and the same range a week earlier. The columns mean what the day report's mean (report.ts): only
 * 'paid' is a sale; a voided sale with a payment recorded is a late payment; refunds count on their own business
 * date by their own status (failed ones left out, in-flight ones counted), and belong to their sale's platform and
 * person. An hour is the shop's wall-clock hour of the moment the sale (or refund) was recorded: when clocks go
 * back, both passes through the repeated hour count in that one hour (its `occurrences` is 2); when they go
 * forward the skipped hour is empty (`occurrences` 0).
 *
 * One grouped query over the running totals the journal keeps by quarter hour (migration 12, kept by triggers
 * with every sale and refund) gives a few thousand rows even for a year; the buckets are added up here.
 */
import type {
  InsightComparisonView,
  InsightDayView,
  InsightHourView,
  InsightPersonView,
  InsightPlatformView,
  InsightTotalsView,
  SalesInsightsView,
} from '../../contract/insights-views';
import { businessDayRange, isBusinessDate } from '../shared/business-date';
import { PLATFORMS } from '../shared/platform';
import { DAY_COLUMNS, QUARTER_COLUMNS, QUARTER_PLATFORMS } from './schema/v12-sales-quarters';
import { hourOccurrences, offsetSpans } from '../shared/zone-spans';
import type { OffsetSpan } from '../shared/zone-spans';
import { JournalError } from './errors';
import type { StatementCache } from './statements';

/** The longest range a query may cover (a year, leap day included). */
export const MAX_INSIGHT_DAYS = 366;
const DAY_MS = 86_400_000;
/**
 * Offset spans the hour expression takes as parameters: a fixed number, so the statement's text never changes.
 * Zones change their offset at most a few times a year; a range needing more is refused.
 */
const SPAN_SLOTS = 8;

/** `at`'s local hour, given SPAN_SLOTS (end, offset) parameter pairs: the offset of the first span `at` is before. */
function hourSql(at: string): string {
  const whens = Array.from({ length: SPAN_SLOTS - 1 }, () => `WHEN ${at} < ? THEN ?`).join(' ');
  return `((${at} + CASE ${whens} ELSE ? END) / 3600000) % 24`;
}

function spanParams(spans: readonly OffsetSpan[]): number[] {
  if (spans.length > SPAN_SLOTS) {
    throw new JournalError(
      'invalid_input',
      'salesInsights: the shop zone changes its clock too often in this range',
    );
  }
  const params: number[] = [];
  for (let i = 0; i < SPAN_SLOTS - 1; i++) {
    const span = spans[Math.min(i, spans.length - 1)] as OffsetSpan;
    // Unused slots repeat the last span's offset, so whichever WHEN matches gives the same hour.
    params.push(i < spans.length - 1 ? span.end : Number.MAX_SAFE_INTEGER, span.offsetMs);
  }
  params.push((spans[spans.length - 1] as OffsetSpan).offsetMs);
  return params;
}

const sums = (columns: readonly string[]) => columns.map((c) => `sum(${c}) AS ${c}`).join(', ');
/**
 * The range's running totals (migration 12's sales_days) by business date, the platforms added together in SQL,
 * and by person, per platform (the platforms' lines and the totals add the people up). Two narrow answers, not
 * a row per date and person: a year is ~370 + a few rows instead of ~1,800 rows of 30 columns, and building
 * those rows as objects was most of the year's cost.
 */
const BY_DATE_SQL = `SELECT business_date AS day, ${QUARTER_COLUMNS.map(
  (c) => `sum(${QUARTER_PLATFORMS.map(([p]) => `${p}_${c}`).join(' + ')}) AS ${c}`,
).join(', ')}
  FROM sales_days WHERE business_date >= ? AND business_date <= ? GROUP BY 1`;
const BY_PERSON_SQL = `SELECT person_id AS person, ${sums(DAY_COLUMNS)}
  FROM sales_days WHERE business_date >= ? AND business_date <= ? GROUP BY 1`;
/**
 * …and by the shop's wall-clock hour, all platforms together: a quarter's start tells its hour, since every offset
 * and clock change falls on a quarter hour.
 */
const BY_HOUR_SQL = `SELECT ${hourSql('quarter * 900000')} AS hour, ${sums(QUARTER_COLUMNS)}
  FROM sales_quarters WHERE business_date >= ? AND business_date <= ? GROUP BY 1`;

/**
 * A whole month's hours at one offset (migration 13): its dates' quarters of the day summed, so a quarter's
 * start within the day and the month's offset tell its hour (a day is added so a negative offset stays positive).
 */
const BY_MONTH_HOUR_SQL = `SELECT ((quarter_of_day * 900000 + ? + 86400000) / 3600000) % 24 AS hour,
  ${sums(QUARTER_COLUMNS)} FROM sales_month_quarters WHERE month = ? GROUP BY 1`;

type WideRow = Record<string, number>;

/** A bucket's sums in a fixed order, read once from a row and added to every bucket the row belongs to. */
const FIELDS = [
  'sale_n',
  'sale_cents',
  'cny_n',
  'cny_fen',
  'late_n',
  'late_cents',
  'refund_n',
  'refund_cents',
  'late_refund_n',
  'late_refund_cents',
] as const;
type Vector = number[];
/** The column names of each prefix ('' or a platform's 'w_', 'a_', 'u_'), built once. */
const COLUMNS_OF = new Map(
  ['', ...QUARTER_PLATFORMS.map(([p]) => `${p}_`)].map((p) => [p, FIELDS.map((f) => p + f)]),
);

function read(row: WideRow, prefix: string): Vector {
  return (COLUMNS_OF.get(prefix) as string[]).map((c) => row[c] ?? 0);
}

function addVector(t: InsightTotalsView, v: Vector): void {
  const [
    saleN,
    saleCents,
    cnyN,
    cnyFen,
    lateN,
    lateCents,
    refundN,
    refundCents,
    lateRefundN,
    lateRefundCents,
  ] = v as [number, number, number, number, number, number, number, number, number, number];
  t.salesCount += saleN;
  t.salesCents += saleCents;
  t.cnySalesCount += cnyN;
  t.cnyFen += cnyFen;
  t.latePaymentsCount += lateN;
  t.latePaymentsCents += lateCents;
  t.refundsCount += refundN + lateRefundN;
  t.refundsCents += refundCents + lateRefundCents;
  t.lateRefundsCount += lateRefundN;
  t.lateRefundsCents += lateRefundCents;
}

export function emptyInsightTotals(): InsightTotalsView {
  return {
    salesCount: 0,
    salesCents: 0,
    refundsCount: 0,
    refundsCents: 0,
    netCents: 0,
    latePaymentsCount: 0,
    latePaymentsCents: 0,
    lateRefundsCount: 0,
    lateRefundsCents: 0,
    cnyFen: 0,
    cnySalesCount: 0,
  };
}

/** Every date from `from` to `to`, inclusive (both checked calendar dates). */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Refuses what is not a range of real dates of at most MAX_INSIGHT_DAYS days, in words. */
export function checkInsightRange(from: string, to: string): void {
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isBusinessDate(value)) {
      throw new JournalError(
        'invalid_input',
        `salesInsights.${name}: ${JSON.stringify(value)} is not a date`,
      );
    }
  }
  if (to < from) throw new JournalError('invalid_input', 'salesInsights: the range ends before it starts');
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days > MAX_INSIGHT_DAYS) {
    throw new JournalError('invalid_input', `salesInsights: ${days} days is longer than ${MAX_INSIGHT_DAYS}`);
  }
}

/** The buckets one range adds up into. */
class Buckets {
  readonly totals = emptyInsightTotals();
  readonly hours: InsightHourView[];
  readonly days = new Map<string, InsightDayView>();
  readonly platforms = new Map<string, InsightPlatformView>();
  readonly people = new Map<string | null, InsightPersonView>();

  constructor(dates: string[], occurrences: number[]) {
    this.hours = occurrences.map((n, hour) => ({ hour, occurrences: n, ...emptyInsightTotals() }));
    for (const businessDate of dates) this.days.set(businessDate, { businessDate, ...emptyInsightTotals() });
    for (const platform of PLATFORMS) this.platforms.set(platform, { platform, ...emptyInsightTotals() });
  }

  /** A business date's row, all people and platforms together (rows come from the range's dates only). */
  addDate(row: WideRow & { day: string }): void {
    addVector(this.days.get(row.day) as InsightDayView, read(row, ''));
  }

  /** A person's row over the range: into the totals, their line and each platform's line. */
  addPerson(row: WideRow & { person: string }): void {
    const personId = row.person === '' ? null : row.person;
    let person = this.people.get(personId);
    if (!person) {
      person = { personId, name: null, ...emptyInsightTotals() };
      this.people.set(personId, person);
    }
    for (const [p, platform] of QUARTER_PLATFORMS) {
      let line = this.platforms.get(platform);
      if (!line) {
        line = { platform, ...emptyInsightTotals() };
        this.platforms.set(platform, line);
      }
      const v = read(row, `${p}_`);
      for (const t of [this.totals, person, line]) addVector(t, v);
    }
  }

  addHour(row: WideRow & { hour: number }): void {
    addVector(this.hours[row.hour] as InsightHourView, read(row, ''));
  }

  /** Drops the no-platform line when nothing has landed there (sales always record their platform once paid). */
  private trim(): void {
    const unknown = this.platforms.get('UNKNOWN');
    if (unknown && Object.values(unknown).every((v) => v === 0 || v === 'UNKNOWN'))
      this.platforms.delete('UNKNOWN');
  }

  /** Nets last, once every column is in: net = sales + late payments − refunds, as the day report's. */
  finish(): void {
    const all: InsightTotalsView[] = [
      this.totals,
      ...this.hours,
      ...this.days.values(),
      ...this.platforms.values(),
      ...this.people.values(),
    ];
    for (const t of all) t.netCents = t.salesCents + t.latePaymentsCents - t.refundsCents;
    this.trim();
  }
}

interface RangeFacts {
  dates: string[];
  spans: OffsetSpan[];
  occurrences: number[];
}

function rangeFacts(from: string, to: string, timeZone: string | undefined): RangeFacts {
  const start = businessDayRange(from, timeZone).from;
  const end = businessDayRange(to, timeZone).to;
  // A little either side: a sale keeps the date it was recorded with, even if the zone has changed since.
  const spans = offsetSpans(start - DAY_MS, end + DAY_MS, timeZone);
  return { dates: datesBetween(from, to), spans, occurrences: hourOccurrences(start, end, spans) };
}

/** Where a range's hours are read: whole months of one offset, and the other dates' quarter hours. */
interface HourPlan {
  months: { month: string; offsetMs: number }[];
  dates: [string, string][];
}

/**
 * Splits [from, to] into the whole months the zone keeps one offset over (their dates, a day either side as
 * rangeFacts allows) and the rest: the dates at the range's ends and the months with a clock change.
 */
export function hourPlan(
  from: string,
  to: string,
  timeZone: string | undefined,
  spans: readonly OffsetSpan[],
): HourPlan {
  const plan: HourPlan = { months: [], dates: [] };
  const addDates = (a: string, b: string) => {
    const last = plan.dates[plan.dates.length - 1];
    if (last && shiftDate(last[1], 1) === a) last[1] = b;
    else plan.dates.push([a, b]);
  };
  for (let first = from; first <= to;) {
    const month = first.slice(0, 7);
    const next = shiftDate(`${month}-28`, 4).slice(0, 7);
    const monthEnd = shiftDate(`${next}-01`, -1);
    const last = monthEnd < to ? monthEnd : to;
    const whole = first === `${month}-01` && last === monthEnd;
    const start = businessDayRange(first, timeZone).from - DAY_MS;
    const end = businessDayRange(last, timeZone).to + DAY_MS;
    const within = spans.filter((s) => s.end > start && s.start < end);
    const only = within.length === 1 ? within[0] : undefined;
    if (whole && only) plan.months.push({ month, offsetMs: only.offsetMs });
    else addDates(first, last);
    first = shiftDate(last, 1);
  }
  return plan;
}

function collect(
  stmts: StatementCache,
  timeZone: string | undefined,
  from: string,
  to: string,
  facts: RangeFacts,
): Buckets {
  const b = new Buckets(facts.dates, facts.occurrences);
  for (const row of stmts.get(BY_DATE_SQL).all(from, to)) b.addDate(row as WideRow & { day: string });
  for (const row of stmts.get(BY_PERSON_SQL).all(from, to)) b.addPerson(row as WideRow & { person: string });
  // A zone that changes too often is refused before anything is read, whichever way the hours are read.
  const spans = spanParams(facts.spans);
  const plan = hourPlan(from, to, timeZone, facts.spans);
  for (const { month, offsetMs } of plan.months) {
    for (const row of stmts.get(BY_MONTH_HOUR_SQL).all(offsetMs, month))
      b.addHour(row as WideRow & { hour: number });
  }
  for (const [a, z] of plan.dates) {
    for (const row of stmts.get(BY_HOUR_SQL).all(...spans, a, z))
      b.addHour(row as WideRow & { hour: number });
  }
  b.finish();
  return b;
}

/** The sales of [from, to] alone: the chart query the Sales view's by-hour chart is drawn from. */
export function insightBuckets(
  stmts: StatementCache,
  timeZone: string | undefined,
  from: string,
  to: string,
) {
  checkInsightRange(from, to);
  return collect(stmts, timeZone, from, to, rangeFacts(from, to, timeZone));
}

export function buildSalesInsights(
  stmts: StatementCache,
  timeZone: string | undefined,
  range: { from: string; to: string },
  at: number,
  nameOf: (personId: string | null) => string | null = () => null,
): SalesInsightsView {
  const { from, to } = range;
  checkInsightRange(from, to);
  const now = collect(stmts, timeZone, from, to, rangeFacts(from, to, timeZone));
  // A day compares with the same weekday a week before; a longer range with the range 7 days before.
  const prevFrom = shiftDate(from, -7);
  const prevTo = shiftDate(to, -7);
  const before = collect(stmts, timeZone, prevFrom, prevTo, rangeFacts(prevFrom, prevTo, timeZone));
  const previous: InsightComparisonView = {
    from: prevFrom,
    to: prevTo,
    totals: before.totals,
    byHour: before.hours,
    byDay: [...before.days.values()],
  };
  return {
    from,
    to,
    timeZone: timeZone ?? null,
    generatedAt: at,
    totals: now.totals,
    byHour: now.hours,
    byDay: [...now.days.values()],
    byPlatform: [...now.platforms.values()],
    byPerson: [...now.people.values()]
      .map((p) => ({ ...p, name: nameOf(p.personId) }))
      .sort((a, b) => b.netCents - a.netCents || String(a.personId).localeCompare(String(b.personId))),
    previous,
  };
}
