import { describe, expect, it } from 'vitest';
import { formatLocalDateTime, localInstant, parseLocalDateTime } from '../../../main/shared/local-date-time';

const SYDNEY = 'Australia/Sydney';

describe('parseLocalDateTime', () => {
  it('reads d/m/yyyy (en-AU) and yyyy-m-d (zh-CN), the time optional', () => {
    expect(parseLocalDateTime('14/3/2025', 'dmy')).toEqual({ date: '2025-03-14', minutes: null });
    expect(parseLocalDateTime(' 14/03/2025 23:30 ', 'dmy')).toEqual({ date: '2025-03-14', minutes: 1410 });
    expect(parseLocalDateTime('2025-3-14 0:05', 'ymd')).toEqual({ date: '2025-03-14', minutes: 5 });
  });

  it('refuses the other order, impossible dates and times, and anything else', () => {
    for (const [text, order] of [
      ['2025-3-14', 'dmy'],
      ['14/3/2025', 'ymd'],
      ['31/2/2025', 'dmy'],
      ['14/13/2025', 'dmy'],
      ['14/3/2025 24:00', 'dmy'],
      ['14/3/2025 12:60', 'dmy'],
      ['3/14/2025', 'dmy'],
      ['', 'dmy'],
      ['yesterday', 'dmy'],
    ] as const) {
      expect(parseLocalDateTime(text, order)).toBeNull();
    }
  });
});

describe('localInstant on the shop clock', () => {
  it('reads a time in the shop zone, not UTC', () => {
    // Sydney is UTC+11 in March (daylight time).
    expect(localInstant({ date: '2025-03-14', minutes: 23 * 60 + 30 }, SYDNEY)).toBe(
      Date.UTC(2025, 2, 14, 12, 30),
    );
    expect(localInstant({ date: '2025-03-15', minutes: null }, SYDNEY)).toBe(Date.UTC(2025, 2, 14, 13, 0));
  });

  it('keeps the offset of each side of a DST change', () => {
    // 5 October 2025: 02:00 AEST becomes 03:00 AEDT.
    expect(localInstant({ date: '2025-10-05', minutes: 60 }, SYDNEY)).toBe(Date.UTC(2025, 9, 4, 15, 0));
    expect(localInstant({ date: '2025-10-05', minutes: 4 * 60 }, SYDNEY)).toBe(Date.UTC(2025, 9, 4, 17, 0));
    // 6 April 2025: 03:00 AEDT becomes 02:00 AEST, so 02:30 happens twice: the first one is meant.
    expect(localInstant({ date: '2025-04-06', minutes: 150 }, SYDNEY)).toBe(Date.UTC(2025, 3, 5, 15, 30));
  });

  it('writes an instant back the way it was read', () => {
    const at = localInstant({ date: '2025-03-14', minutes: 23 * 60 + 30 }, SYDNEY);
    expect(formatLocalDateTime(at, 'dmy', SYDNEY)).toBe('14/3/2025 23:30');
    expect(formatLocalDateTime(at, 'ymd', SYDNEY)).toBe('2025-3-14 23:30');
  });
});
