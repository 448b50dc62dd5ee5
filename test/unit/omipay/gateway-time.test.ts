import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGatewayTime } from '../../../main/omipay';
import { wallClock } from '../../helpers/wall-clock';

const SYD = 'Australia/Sydney';

/** Formats an instant as the gateway would (yyyyMMddHHmmss wall time in `zone`), via Intl. */
function formatInZone(ms: number, zone: string): string {
  const w = wallClock(ms, zone);
  return `${w.year}${w.month}${w.day}${w.hour}${w.minute}${w.second}`;
}

describe('parseGatewayTime', () => {
  it("reads the document's example in Sydney summer time (UTC+11)", () => {
    expect(parseGatewayTime('20161227105530', SYD)).toBe(Date.UTC(2016, 11, 26, 23, 55, 30));
  });

  it('uses standard time in winter (UTC+10)', () => {
    expect(parseGatewayTime('20160627105530', SYD)).toBe(Date.UTC(2016, 5, 27, 0, 55, 30));
  });

  it('moves a time in the skipped spring-forward hour forward by the gap', () => {
    // 2023-10-01 02:00 AEST → 03:00 AEDT; 02:30 does not exist and reads as 03:30 AEDT.
    expect(parseGatewayTime('20231001023000', SYD)).toBe(Date.UTC(2023, 8, 30, 16, 30, 0));
    expect(parseGatewayTime('20231001015959', SYD)).toBe(Date.UTC(2023, 8, 30, 15, 59, 59));
    expect(parseGatewayTime('20231001030000', SYD)).toBe(Date.UTC(2023, 8, 30, 16, 0, 0));
  });

  it('takes the earlier instant in the repeated fall-back hour', () => {
    // 2023-04-02 03:00 AEDT → 02:00 AEST; 02:30 happens twice, first at UTC+11.
    expect(parseGatewayTime('20230402023000', SYD)).toBe(Date.UTC(2023, 3, 1, 15, 30, 0));
    expect(parseGatewayTime('20230402030000', SYD)).toBe(Date.UTC(2023, 3, 1, 17, 0, 0));
  });

  it('honours the configured zone (Brisbane has no daylight saving; UTC)', () => {
    expect(parseGatewayTime('20231001023000', 'Australia/Brisbane')).toBe(Date.UTC(2023, 8, 30, 16, 30, 0));
    expect(parseGatewayTime('20161227105530', 'Australia/Brisbane')).toBe(Date.UTC(2016, 11, 27, 0, 55, 30));
    expect(parseGatewayTime('20161227105530', 'UTC')).toBe(Date.UTC(2016, 11, 27, 10, 55, 30));
  });

  it('reads empty as null and refuses what is not a calendar time', () => {
    expect(parseGatewayTime('', SYD)).toBeNull();
    expect(parseGatewayTime('  ', SYD)).toBeNull();
    for (const bad of [
      '2016122710553',
      '201612271055300',
      '20160230105530',
      '20161227245530',
      '20161227106030',
      'abcdefghijklmn',
      '2016-12-27 10:55',
    ]) {
      expect(() => parseGatewayTime(bad, SYD), bad).toThrow(RangeError);
    }
    expect(() => parseGatewayTime('20161227105530', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it('round-trips every instant through the gateway format (earlier instant when ambiguous)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), (t) => {
        const second = t - (t % 1000);
        const text = formatInZone(second, SYD);
        const back = parseGatewayTime(text, SYD);
        expect(back).not.toBeNull();
        expect(formatInZone(back!, SYD)).toBe(text);
        expect(back === second || back === second - 3_600_000).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips every half hour across the daylight-saving transitions of 2020–2024', () => {
    const failures: string[] = [];
    for (let year = 2020; year <= 2024; year++) {
      for (const month of [3, 9]) {
        for (let t = Date.UTC(year, month, 1) - 86_400_000; t < Date.UTC(year, month, 8); t += 1_800_000) {
          const text = formatInZone(t, SYD);
          const back = parseGatewayTime(text, SYD);
          if (back === null || formatInZone(back, SYD) !== text || (back !== t && back !== t - 3_600_000)) {
            failures.push(text);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
