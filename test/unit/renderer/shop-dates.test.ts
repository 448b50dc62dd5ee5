/** Dates in the shop's order on every screen: en-AU day/month/year, zh-CN year-month-day; typed dates checked. */
import { describe, expect, it } from 'vitest';
import { formatBusinessDate, formatDateTime, parseBusinessDate } from '../../../renderer/src/i18n';

/** 2026-06-12 14:03:05 in Perth (UTC+8), 06:03:05 UTC. */
const AT = Date.UTC(2026, 5, 12, 6, 3, 5);

describe('shop dates', () => {
  it('date and time on the terminal clock, in each language’s order', () => {
    expect(formatDateTime('en', AT, 'Australia/Perth')).toBe('12/06/2026, 14:03:05');
    expect(formatDateTime('zh', AT, 'Australia/Perth')).toBe('2026-06-12 14:03:05');
    // The terminal's zone, not the browser's: just past midnight in Sydney is still the 11th in UTC.
    expect(formatDateTime('en', Date.UTC(2026, 5, 11, 14, 30, 0), 'Australia/Sydney')).toBe(
      '12/06/2026, 00:30:00',
    );
  });

  it('a business date in the shop’s order; anything else left as it is', () => {
    expect(formatBusinessDate('en', '2026-06-12')).toBe('12/06/2026');
    expect(formatBusinessDate('zh', '2026-06-12')).toBe('2026-06-12');
    expect(formatBusinessDate('en', 'not a date')).toBe('not a date');
  });

  it('typed dates: day first in English, year first in Chinese, with the usual separators', () => {
    expect(parseBusinessDate('en', '12/06/2026')).toBe('2026-06-12');
    expect(parseBusinessDate('en', ' 1/2/2026 ')).toBe('2026-02-01');
    expect(parseBusinessDate('en', '12-06-2026')).toBe('2026-06-12');
    expect(parseBusinessDate('en', '12.06.2026')).toBe('2026-06-12');
    expect(parseBusinessDate('zh', '2026-06-12')).toBe('2026-06-12');
    expect(parseBusinessDate('zh', '2026/6/12')).toBe('2026-06-12');
    expect(parseBusinessDate('zh', '2026年6月12日')).toBe('2026-06-12');
    // Year first cannot be misread: taken in English too (links and exports carry it).
    expect(parseBusinessDate('en', '2026-06-12')).toBe('2026-06-12');
  });

  it('refuses what is not a real day, or in the other order', () => {
    for (const text of ['31/02/2026', '12/13/2026', '00/01/2026', '06/12', 'yesterday', '', '12/06/1999'])
      expect(parseBusinessDate('en', text), text).toBeNull();
    for (const text of ['12/06/2026', '2026-02-30', '2026-13-01', '2026-06', '２０２６-06-12'])
      expect(parseBusinessDate('zh', text), text).toBeNull();
  });
});
