/**
 * A date and time as the shop writes them (en-AU "14/3/2025 23:30", zh-CN "2025-3-14 23:30"), read as an instant
 * on the shop's clock: the History screen's from/to. The time is optional; a bare date means the start of that
 * day. Integer arithmetic on Intl's wall clock, no date library, no browser-zone Date parsing.
 */
import { businessDayRange, isBusinessDate } from './business-date';
import { pad2, zoneOffsetMs } from './zoned-time';

export type DateOrder = 'dmy' | 'ymd';

export interface LocalDateTime {
  /** YYYY-MM-DD */
  date: string;
  /** Minutes after local midnight, or null when only a date was written. */
  minutes: number | null;
}

const DAY = 86_400_000;
const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$/;
const YMD = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/;

/** Null when the text is not a real date (and time) in the given order. */
export function parseLocalDateTime(text: string, order: DateOrder): LocalDateTime | null {
  const m = (order === 'dmy' ? DMY : YMD).exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = order === 'dmy' ? [m[3], m[2], m[1]].map(Number) : [m[1], m[2], m[3]].map(Number);
  const date = `${String(y).padStart(4, '0')}-${pad2(mo ?? 0)}-${pad2(d ?? 0)}`;
  if (!isBusinessDate(date)) return null;
  if (m[4] === undefined) return { date, minutes: null };
  const h = Number(m[4]);
  const min = Number(m[5]);
  if (h > 23 || min > 59) return null;
  return { date, minutes: h * 60 + min };
}

/**
 * The instant the shop's clock shows `at`; a bare date is the day's first instant (not always 00:00). A time the
 * clock shows twice at a DST change is its first occurrence; a time it skips is the earlier of its two possible
 * readings (a range still covers the gap); either is kept within that day.
 */
export function localInstant(at: LocalDateTime, timeZone: string | undefined): number {
  const day = businessDayRange(at.date, timeZone);
  if (at.minutes === null) return day.from;
  const [y, mo, d] = at.date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d, Math.floor(at.minutes / 60), at.minutes % 60);
  // Read with the offsets in force a day either side (a day holds at most one change): the earliest reading the
  // clock really shows as `wall` (two in a DST overlap), or, for a time the clock skips, the earlier reading.
  const readings = [wall - DAY, wall + DAY].map((near) => wall - zoneOffsetMs(near, timeZone));
  const shows = readings.filter((t) => t + zoneOffsetMs(t, timeZone) === wall);
  const t = Math.min(...(shows.length > 0 ? shows : readings));
  return Math.min(Math.max(t, day.from), day.to - 60_000);
}

/** How the shop writes an instant, for the fields' placeholders and for showing a range back. */
export function formatLocalDateTime(at: number, order: DateOrder, timeZone: string | undefined): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (k: string) => parts.find((p) => p.type === k)?.value ?? '';
  const time = `${get('hour').padStart(2, '0')}:${get('minute')}`;
  return order === 'dmy'
    ? `${get('day')}/${get('month')}/${get('year')} ${time}`
    : `${get('year')}-${get('month')}-${get('day')} ${time}`;
}
