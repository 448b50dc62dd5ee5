/**
 * The counter's calendar date (YYYY-MM-DD) of an instant, in the terminal's own zone: a day's report is the
 * trading day the staff lived, whatever zone the gateway keeps its clock in.
 */
import { assertTimeZone, pad2, wallClock } from './zoned-time';

export function businessDateOf(at: number, timeZone?: string): string {
  if (!Number.isFinite(at)) throw new RangeError('not an instant');
  const w = wallClock(at, timeZone);
  return `${String(w.year).padStart(4, '0')}-${pad2(w.month)}-${pad2(w.day)}`;
}

/** True when `timeZone` is an IANA zone (or undefined = the system zone) this runtime knows. */
export function isValidTimeZone(timeZone: string | undefined): boolean {
  try {
    assertTimeZone(timeZone);
    return true;
  } catch {
    return false;
  }
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2024-02-30 is not one). */
export function isBusinessDate(date: string): boolean {
  const m = DATE_PATTERN.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** "2024-03-15" → "20240315". */
export function compactDate(date: string): string {
  return date.replace(/-/g, '');
}

/**
 * [start, end) UTC ms of a business date in the terminal's zone. Days are 23 or 25 hours around DST changes, and
 * in zones that switch at midnight (e.g. America/Santiago) the day starts at 01:00: the range is exactly the set of
 * instants whose businessDateOf is `date`.
 */
export function businessDayRange(date: string, timeZone?: string): { from: number; to: number } {
  if (!isBusinessDate(date)) throw new RangeError(`not a date: ${date}`);
  const m = DATE_PATTERN.exec(date) as RegExpExecArray;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const next = new Date(Date.UTC(y, mo - 1, d + 1)).toISOString().slice(0, 10);
  return { from: firstInstantOf(date, y, mo, d, timeZone), to: firstInstantOf(next, y, mo, d + 1, timeZone) };
}

/** The first instant whose local date is `date` (searched to the second: zone transitions fall on whole seconds). */
function firstInstantOf(date: string, y: number, mo: number, d: number, timeZone?: string): number {
  const utcMidnightSec = Date.UTC(y, mo - 1, d) / 1000;
  // Every zone's offset lies within −12 h … +14 h, so local midnight lies within this window.
  let lo = utcMidnightSec - 15 * 3600;
  let hi = utcMidnightSec + 15 * 3600;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (businessDateOf(mid * 1000, timeZone) >= date) hi = mid;
    else lo = mid + 1;
  }
  return lo * 1000;
}

/**
 * Every instant whose date is `date` in some zone (offsets lie within −12 h … +14 h): a sale keeps the business
 * date it was recorded with, whatever zone the terminal has since moved to, so a query for that date looks in
 * this window on the created_at index and matches the recorded date.
 */
export function businessDateWindow(date: string): { from: number; to: number } {
  if (!isBusinessDate(date)) throw new RangeError(`not a date: ${date}`);
  const m = DATE_PATTERN.exec(date) as RegExpExecArray;
  const midnight = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return { from: Math.max(0, midnight - 15 * 3_600_000), to: midnight + 39 * 3_600_000 };
}
