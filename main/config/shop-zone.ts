/**
 * Whether a first start must ask for the shop's time zone. Many Linux machines run on UTC; a till that took that
 * zone in an Australian shop would date a morning's sales on the previous day. The zone is asked for when the
 * gateway is Omipay's Australian one (see australianGateway), the config names no zone and the machine says UTC;
 * once the answer is written to the config, the config names it and the question does not come back.
 */
import { existsSync, readFileSync } from 'node:fs';
import { configPath } from './config';

/** Offered first, Sydney proposed; "other" takes any IANA zone. */
export const AUSTRALIAN_ZONES = [
  'Australia/Sydney',
  'Australia/Melbourne',
  'Australia/Brisbane',
  'Australia/Adelaide',
  'Australia/Darwin',
  'Australia/Hobart',
  'Australia/Perth',
] as const;
export const PROPOSED_SHOP_ZONE = AUSTRALIAN_ZONES[0];

/** Names the runtime may report for UTC itself (an offset-0 zone with no daylight saving). */
const UTC_NAMES = new Set(
  ['UTC', 'UCT', 'GMT', 'GMT0', 'Greenwich', 'Universal', 'Zulu'].flatMap((n) => [n, `Etc/${n}`]),
);
UTC_NAMES.add('Etc/GMT+0').add('Etc/GMT-0');

export function isUtcZone(zone: string | undefined): boolean {
  return zone !== undefined && UTC_NAMES.has(zone);
}

export interface ShopZoneFacts {
  /** The zone written in config.json, if any. */
  configuredZone: string | undefined;
  /** What the machine says (Intl's resolved zone). */
  machineZone: string | undefined;
  /** The gateway region the till will use (see chooseGateway). */
  region: 'AU' | 'CN' | 'sandbox' | 'custom';
}

/** The Omipay host of the Australian gateway; a custom address on it (or a subdomain) counts as Australian. */
const AU_HOST = 'omipay.com.au';

/**
 * Which region the rule sees. "Australian" is precise: live credentials on Omipay's Australian host (region AU,
 * or a custom/OMIPAY_BASE_URL address on omipay.com.au), or the embedded sandbox on a till whose config
 * (`gateway.region`) or environment (`OMIPAY_REGION`) names AU explicitly — a till set up for an Australian shop
 * and practising before its credentials arrive asks once, before its first sale, rather than in the middle of a
 * shift when the credentials arrive. A till that names no region and has no credentials (a demo or development
 * sandbox) is not asked; if it later switches to the Australian gateway, the question opens then.
 */
export function zoneRuleRegion(
  choice: { mode: 'sandbox' | 'live'; region: string; baseUrl: string | null },
  declaredRegion: string | undefined,
): ShopZoneFacts['region'] {
  if (choice.mode === 'live') {
    if (choice.baseUrl !== null && isAustralianHost(choice.baseUrl)) return 'AU';
    return choice.region === 'CN' ? 'CN' : 'custom';
  }
  return declaredRegion?.toUpperCase() === 'AU' ? 'AU' : 'sandbox';
}

function isAustralianHost(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === AU_HOST || host.endsWith(`.${AU_HOST}`);
  } catch {
    return false;
  }
}

export function needsShopZone(facts: ShopZoneFacts): boolean {
  if (facts.region !== 'AU') return false;
  return facts.configuredZone === undefined && isUtcZone(facts.machineZone);
}

/** The `timeZone` written in the config file, or undefined when the file or the field is absent or unreadable. */
export function configuredTimeZone(dataDir: string): string | undefined {
  const path = configPath(dataDir);
  if (!existsSync(path)) return undefined;
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (typeof raw !== 'object' || raw === null) return undefined;
    const zone = (raw as { timeZone?: unknown }).timeZone;
    return typeof zone === 'string' ? zone : undefined;
  } catch {
    return undefined;
  }
}

export function machineTimeZone(): string | undefined {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
}
