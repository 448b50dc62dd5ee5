/**
 * The wall clock of an instant in an IANA zone, from Intl alone (no date library). Every module that shows or
 * parses local times — receipts, the sandbox's gateway times, the client's parsing, business dates — uses this.
 */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (!f) {
    // Throws RangeError for an unknown zone, which is what a misconfiguration deserves.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(key, f);
  }
  return f;
}

/** Wall-clock fields of `at` in `timeZone` (undefined = the system zone). */
export function wallClock(at: number, timeZone: string | undefined): WallClock {
  const w: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatterFor(timeZone).formatToParts(at)) {
    if (p.type in w) w[p.type as keyof WallClock] = Number(p.value);
  }
  return w;
}

/** Offset (ms) of `timeZone` from UTC at the instant `at`, to the second. */
export function zoneOffsetMs(at: number, timeZone: string | undefined): number {
  const w = wallClock(at, timeZone);
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wall - (at - (((at % 1000) + 1000) % 1000));
}

/** Throws RangeError unless `timeZone` is a zone this runtime knows. */
export function assertTimeZone(timeZone: string | undefined): void {
  formatterFor(timeZone);
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
