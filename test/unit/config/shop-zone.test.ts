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
  zoneRuleRegion,
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
    expect(AUSTRALIAN_ZONES.join(' ').replaceAll('Australia/', '')).toBe(
      'Sydney Melbourne Brisbane Adelaide Darwin Hobart Perth',
    );
    for (const z of AUSTRALIAN_ZONES) expect(isValidTimeZone(z)).toBe(true);
  });
});

describe('zoneRuleRegion: what counts as the Australian gateway', () => {
  const live = (baseUrl: string, region = 'AU') => ({ mode: 'live' as const, region, baseUrl });
  const sandbox = { mode: 'sandbox' as const, region: 'sandbox', baseUrl: null };

  it('live credentials on Omipay’s Australian host, whatever the region is called', () => {
    expect(zoneRuleRegion(live('https://www.omipay.com.au'), undefined)).toBe('AU');
    expect(zoneRuleRegion(live('https://omipay.com.au/', 'custom'), undefined)).toBe('AU');
    expect(zoneRuleRegion(live('https://api.omipay.com.au', 'custom'), 'AU')).toBe('AU');
  });

  it('not another host: China, a look-alike, a local test gateway', () => {
    expect(zoneRuleRegion(live('https://www.omipay.com.cn', 'CN'), 'CN')).toBe('CN');
    expect(zoneRuleRegion(live('https://omipay.com.au.example.net', 'custom'), 'AU')).toBe('custom');
    expect(zoneRuleRegion(live('https://notomipay.com.au', 'custom'), undefined)).toBe('custom');
    expect(zoneRuleRegion(live('http://127.0.0.1:8787', 'custom'), 'AU')).toBe('custom');
  });

  it('the embedded sandbox only when the till names AU itself (config or OMIPAY_REGION)', () => {
    expect(zoneRuleRegion(sandbox, 'AU')).toBe('AU');
    expect(zoneRuleRegion(sandbox, 'au')).toBe('AU');
    expect(zoneRuleRegion(sandbox, undefined)).toBe('sandbox');
    expect(zoneRuleRegion(sandbox, 'sandbox')).toBe('sandbox');
    expect(zoneRuleRegion(sandbox, 'CN')).toBe('sandbox');
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
