/**
 * The gateway writes times as `yyyyMMddHHmmss` wall-clock time in its own zone (the document says "EST":
 * Australian Eastern, with daylight saving). Converting them needs the zone's UTC offset at that wall time,
 * which Intl knows; no date library is needed.
 */

import { zoneOffsetMs } from '../shared/zoned-time';

/** The document's "EST" is Australian Eastern time, with daylight saving. */
export const DEFAULT_GATEWAY_TIME_ZONE = 'Australia/Sydney';

const GATEWAY_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const DAY_MS = 86_400_000;

export { assertTimeZone } from '../shared/zoned-time';

function offsetAt(timeZone: string, utcMs: number): number {
  return zoneOffsetMs(utcMs, timeZone);
}

/**
 * Wall-clock time in `timeZone` → UTC ms. Ambiguous times (the repeated hour when daylight saving ends) take
 * the earlier instant; times inside the skipped hour move forward by the gap. This is Temporal's
 * 'compatible' disambiguation, the same as java.time and most databases.
 */
export function zonedWallTimeToUtc(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const before = offsetAt(timeZone, wall - DAY_MS);
  const after = offsetAt(timeZone, wall + DAY_MS);
  if (before === after) {
    const guess = wall - before;
    const actual = offsetAt(timeZone, guess);
    // A zone may have changed its rules within the day (rare): trust the offset at the instant itself.
    return actual === before ? guess : wall - actual;
  }
  const early = wall - before;
  const late = wall - after;
  const earlyValid = offsetAt(timeZone, early) === before;
  const lateValid = offsetAt(timeZone, late) === after;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  // In the gap: use the offset in force before the transition, which lands after it.
  return wall - before;
}

/**
 * 'yyyyMMddHHmmss' in the gateway's zone → UTC ms. Empty text (the gateway's "not yet") → null.
 * Throws RangeError when the text is not a real calendar time.
 */
export function parseGatewayTime(text: string, timeZone: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const m = GATEWAY_TIME.exec(t);
  if (!m) throw new RangeError('gateway time is not yyyyMMddHHmmss');
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    year < 1970 ||
    probe.getUTCFullYear() !== year ||
    probe.getUTCMonth() !== month - 1 ||
    probe.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new RangeError('gateway time is not a real calendar time');
  }
  return zonedWallTimeToUtc(timeZone, year, month, day, hour, minute, second);
}
