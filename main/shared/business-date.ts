/**
 * The counter's calendar date (YYYY-MM-DD) of an instant, in the terminal's own zone: a day's report is the
 * trading day the staff lived, whatever zone the gateway keeps its clock in.
 */
export function businessDateOf(at: number, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** [start, end) UTC ms of a business date in the terminal's zone (handles DST days of 23 or 25 hours). */
export function businessDayRange(date: string, timeZone?: string): { from: number; to: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return { from: localMidnight(y, mo, d, timeZone), to: localMidnight(y, mo, d + 1, timeZone) };
}

function localMidnight(y: number, mo: number, d: number, timeZone?: string): number {
  // Start from UTC midnight and correct by the zone's offset at that instant; a second pass settles DST edges.
  const guess = Date.UTC(y, mo - 1, d);
  let t = guess - offsetAt(guess, timeZone);
  t = guess - offsetAt(t, timeZone);
  return t;
}

function offsetAt(at: number, timeZone?: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at / 1000) * 1000;
}
