/**
 * The stretches of time over which a zone keeps one UTC offset, and how often each wall-clock hour happens in a
 * business date. Reports bucket instants by the shop's wall-clock hour: with the spans a query can turn an
 * instant into its local hour in SQL (SQLite knows no zones), and a day with a clock change has 23 or 25 hours.
 * Browser-safe (Intl only).
 */
import { zoneOffsetMs } from './zoned-time';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** [start, end) with the zone's offset over it. */
export interface OffsetSpan {
  start: number;
  end: number;
  offsetMs: number;
}

/**
 * The spans covering [from, to). Offsets are probed once a day (zones change at most a few times a year, never
 * twice within a day; a year's probes cost a few milliseconds); each change is then found to the millisecond by
 * bisection.
 */
export function offsetSpans(from: number, to: number, timeZone: string | undefined): OffsetSpan[] {
  const spans: OffsetSpan[] = [];
  let start = from;
  let offset = zoneOffsetMs(from, timeZone);
  let probe = from;
  while (probe < to) {
    const next = Math.min(to, probe + DAY);
    const nextOffset = zoneOffsetMs(next === to ? to - 1 : next, timeZone);
    if (nextOffset !== offset) {
      // The change lies in (probe, next]: the first instant with the new offset.
      let lo = probe + 1;
      let hi = next === to ? to - 1 : next;
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (zoneOffsetMs(mid, timeZone) === offset) lo = mid + 1;
        else hi = mid;
      }
      spans.push({ start, end: lo, offsetMs: offset });
      start = lo;
      offset = nextOffset;
    }
    probe = next;
  }
  spans.push({ start, end: to, offsetMs: offset });
  return spans;
}

/** The wall-clock hour (0–23) of `at` in the span that holds it. */
export function localHour(at: number, offsetMs: number): number {
  return Math.floor((at + offsetMs) / HOUR) - Math.floor((at + offsetMs) / DAY) * 24;
}

/**
 * How many times each wall-clock hour (0–23) starts or runs within [from, to) under `spans`: 1 on an ordinary
 * day, 0 for the hour skipped when clocks go forward, 2 for the hour lived twice when they go back. A part hour
 * (zones with half-hour changes) counts as an occurrence.
 */
export function hourOccurrences(from: number, to: number, spans: readonly OffsetSpan[]): number[] {
  const counts = Array.from({ length: 24 }, () => 0);
  for (const span of spans) {
    const start = Math.max(from, span.start);
    const end = Math.min(to, span.end);
    if (end <= start) continue;
    // Local time runs from start+offset to end+offset within this span: every hour slot it touches happens once.
    const first = Math.floor((start + span.offsetMs) / HOUR);
    const last = Math.floor((end - 1 + span.offsetMs) / HOUR);
    for (let slot = first; slot <= last; slot++) {
      const hour = ((slot % 24) + 24) % 24;
      counts[hour] = (counts[hour] ?? 0) + 1;
    }
  }
  return counts;
}
