/** The first-start rule: an Australian till on a UTC machine with no zone in its config asks for the shop's zone. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AUSTRALIAN_ZONES,
  PROPOSED_SHOP_ZONE,
  configuredTimeZone,
  isUtcZone,
  needsShopZone,
} from '../../../main/config/shop-zone';
import { isValidTimeZone } from '../../../main/shared/business-date';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('needsShopZone', () => {
  it('asks only when the gateway is Australian, the config names no zone and the machine says UTC', () => {
    const base = { configuredZone: undefined, machineZone: 'Etc/UTC', region: 'AU' as const };
    expect(needsShopZone(base)).toBe(true);
    expect(needsShopZone({ ...base, machineZone: 'UTC' })).toBe(true);
    expect(needsShopZone({ ...base, configuredZone: 'Australia/Perth' })).toBe(false);
    expect(needsShopZone({ ...base, configuredZone: 'UTC' })).toBe(false);
    expect(needsShopZone({ ...base, machineZone: 'Australia/Melbourne' })).toBe(false);
    expect(needsShopZone({ ...base, machineZone: undefined })).toBe(false);
    for (const region of ['CN', 'sandbox', 'custom'] as const) {
      expect(needsShopZone({ ...base, region })).toBe(false);
    }
  });

  it('knows UTC under its names, and no zone with an offset as UTC', () => {
    for (const z of ['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Etc/Universal', 'Zulu', 'Etc/GMT+0']) {
      expect(isUtcZone(z)).toBe(true);
    }
    for (const z of ['Europe/London', 'Australia/Sydney', 'Etc/GMT-10', undefined])
      expect(isUtcZone(z)).toBe(false);
  });

  it('offers real Australian zones, Sydney first', () => {
    expect(PROPOSED_SHOP_ZONE).toBe('Australia/Sydney');
    for (const z of AUSTRALIAN_ZONES) expect(isValidTimeZone(z)).toBe(true);
  });
});

describe('configuredTimeZone', () => {
  it('reads the zone the config file names, and nothing when it names none', () => {
    dir = mkdtempSync(join(tmpdir(), 'shop-zone-'));
    expect(configuredTimeZone(dir)).toBeUndefined();
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ posNo: 'POS01' }));
    expect(configuredTimeZone(dir)).toBeUndefined();
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ timeZone: 'Australia/Melbourne' }));
    expect(configuredTimeZone(dir)).toBe('Australia/Melbourne');
    writeFileSync(join(dir, 'config.json'), '{not json');
    expect(configuredTimeZone(dir)).toBeUndefined();
  });
});
