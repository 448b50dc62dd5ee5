/**
 * The business dates each range of the Sales view covers, counted from the terminal's today. A week starts on
 * Monday (as in Australia and China).
 */
import { isBusinessDate } from '../../../../../../main/shared/business-date';
import type { SalesRange } from './initialState';

const DAY_MS = 86_400_000;
export const MAX_RANGE_DAYS = 366;

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** [from, to] of `range` on `today`; null for a custom range that is not a valid one. */
export function rangeDates(
  range: SalesRange,
  today: string,
  custom: { from: string; to: string },
): { from: string; to: string } | null {
  switch (range) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday':
      return { from: shift(today, -1), to: shift(today, -1) };
    case 'thisWeek': {
      const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
      return { from: shift(today, -weekday), to: today };
    }
    case 'last7':
      return { from: shift(today, -6), to: today };
    case 'thisMonth':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'custom': {
      const { from, to } = custom;
      if (!isBusinessDate(from) || !isBusinessDate(to) || to < from) return null;
      if ((Date.parse(to) - Date.parse(from)) / DAY_MS + 1 > MAX_RANGE_DAYS) return null;
      return { from, to };
    }
  }
}
