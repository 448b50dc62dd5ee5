/**
 * Whether a first start must ask for the shop's time zone. Many Linux machines run on UTC; a till that took that
 * zone in an Australian shop would date a morning's sales on the previous day. The zone is to be asked for when
 * the gateway is Omipay's Australian one, the config names no zone and the machine says UTC; once the answer is
 * written to the config, the config names it and the question does not come back.
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
