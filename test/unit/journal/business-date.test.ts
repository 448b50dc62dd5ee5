import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  businessDateOf,
  businessDayRange,
  compactDate,
  isBusinessDate,
  isValidTimeZone,
} from '../../../main/shared/business-date';

const H = 3600_000;

describe('businessDateOf', () => {
  it('is the local calendar date in the given zone', () => {
    const t = Date.UTC(2024, 2, 14, 13, 30); // 00:30 AEDT on the 15th
    expect(businessDateOf(t, 'Australia/Sydney')).toBe('2024-03-15');
    expect(businessDateOf(t, 'UTC')).toBe('2024-03-14');
    expect(businessDateOf(t, 'America/Los_Angeles')).toBe('2024-03-14');
  });
  it('refuses a non-instant', () => {
    expect(() => businessDateOf(Number.NaN, 'UTC')).toThrow(RangeError);
  });
});

describe('businessDayRange', () => {
  it('is 24 h on an ordinary day', () => {
    expect(businessDayRange('2024-03-15', 'Australia/Sydney')).toEqual({
      from: Date.UTC(2024, 2, 14, 13),
      to: Date.UTC(2024, 2, 15, 13),
    });
    expect(businessDayRange('2024-03-15', 'UTC')).toEqual({
      from: Date.UTC(2024, 2, 15),
      to: Date.UTC(2024, 2, 16),
    });
  });

  it('is 25 h and 23 h on Sydney DST days', () => {
    const end = businessDayRange('2024-04-07', 'Australia/Sydney');
    expect(end.to - end.from).toBe(25 * H);
    const start = businessDayRange('2024-10-06', 'Australia/Sydney');
    expect(start.to - start.from).toBe(23 * H);
    expect(start.from).toBe(Date.UTC(2024, 9, 5, 14)); // 00:00 AEST
  });

  it('starts at 01:00 where the clock jumps at midnight (Santiago, 2024-09-08)', () => {
    const r = businessDayRange('2024-09-08', 'America/Santiago');
    expect(r.from).toBe(Date.UTC(2024, 8, 8, 4)); // 01:00 -03, the first instant of that date
    expect(businessDateOf(r.from - 1, 'America/Santiago')).toBe('2024-09-07');
    expect(businessDateOf(r.from, 'America/Santiago')).toBe('2024-09-08');
    expect(r.to - r.from).toBe(23 * H);
  });

  it('handles zones with odd offsets (Chatham +13:45, Kathmandu +5:45)', () => {
    expect(businessDayRange('2024-01-10', 'Pacific/Chatham').from).toBe(Date.UTC(2024, 0, 9, 10, 15));
    expect(businessDayRange('2024-01-10', 'Asia/Kathmandu').from).toBe(Date.UTC(2024, 0, 9, 18, 15));
  });

  it('contains exactly the instants whose business date it is (property)', () => {
    const zones = [
      'Australia/Sydney',
      'Australia/Perth',
      'America/Santiago',
      'Europe/London',
      'Asia/Shanghai',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom(...zones),
        (at, zone) => {
          const date = businessDateOf(at, zone);
          const { from, to } = businessDayRange(date, zone);
          return (
            from <= at &&
            at < to &&
            businessDateOf(from, zone) === date &&
            businessDateOf(from - 1, zone) !== date &&
            businessDateOf(to - 1, zone) === date &&
            businessDateOf(to, zone) !== date
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses impossible dates', () => {
    expect(() => businessDayRange('2024-02-30', 'UTC')).toThrow(RangeError);
    expect(() => businessDayRange('2024-3-1', 'UTC')).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('validates dates and zones, compacts dates', () => {
    expect(isBusinessDate('2024-02-29')).toBe(true);
    expect(isBusinessDate('2023-02-29')).toBe(false);
    expect(isBusinessDate('2024-13-01')).toBe(false);
    expect(isValidTimeZone('Australia/Sydney')).toBe(true);
    expect(isValidTimeZone(undefined)).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(compactDate('2024-03-15')).toBe('20240315');
  });
});
