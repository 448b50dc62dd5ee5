/**
 * What a range page asks for — from / to business dates, store, till, platform — held to what the person may
 * see (resolveView: a store manager never reaches another store). Anything that is not a date, a range longer
 * than a year or backwards, an unknown platform, is refused in words and reads nothing.
 */
import { businessDateOf } from '../../shared/business-date';
import { parseShopDate } from '../../shared/shop-date';
import { WebRefusal } from './auth';
import type { WordKey } from './i18n';
import { resolveView, type ResolvedView, type WebRequest } from './guard';
import type { PlatformKey } from './queries';
import type { RangeFilter } from './range-queries';
import { peopleInScope, personFilterOf, type PersonChoice } from './range-people';

export const MAX_RANGE_DAYS = 366;
export const PLATFORMS: readonly PlatformKey[] = ['WECHATPAY', 'ALIPAY', 'UNKNOWN'];

export interface RangeView {
  view: ResolvedView;
  filter: RangeFilter;
  /** The people of the scope's tills (the person chooser), and the one chosen. */
  people: PersonChoice[];
  personKey: string | null;
  /** Today in the store's zone (the presets count from it). */
  today: string;
}

function isoDay(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

export function addDays(date: string, n: number): string {
  return isoDay(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000);
}

function parseDate(w: WebRequest, name: string, fallback: string): string {
  const typed = (w.r.url.searchParams.get(name) ?? '').trim();
  if (typed === '') return fallback;
  const iso = typed.length <= 32 ? parseShopDate(w.lang, typed) : null;
  if (iso === null) throw new WebRefusal(400, 'errBadDate');
  return iso;
}

export async function resolveRange(w: WebRequest, o: { needStore?: boolean } = {}): Promise<RangeView> {
  const view = await resolveView(w, o);
  const today = businessDateOf(w.ctx.now(), view.zone);
  const from = parseDate(w, 'from', today);
  const to = parseDate(w, 'to', from > today ? from : today);
  if (from > to) throw new WebRefusal(400, 'errBadDateRange');
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > MAX_RANGE_DAYS) throw new WebRefusal(400, 'errRangeTooLong', { max: MAX_RANGE_DAYS, n: days });
  const askedPlatform = w.r.url.searchParams.get('platform') || null;
  if (askedPlatform !== null && !(PLATFORMS as readonly string[]).includes(askedPlatform))
    throw new WebRefusal(400, 'errBadPlatform');
  const people = await peopleInScope(w.ctx.db, view.scope);
  const personKey = w.r.url.searchParams.get('person') || null;
  if (personKey !== null && !people.has(personKey)) throw new WebRefusal(400, 'errUnknownPerson');
  return {
    view,
    today,
    people: [...people.values()],
    personKey,
    filter: {
      from,
      to,
      scope: view.scope,
      platform: askedPlatform as PlatformKey | null,
      person: personKey === null ? null : personFilterOf(personKey),
    },
  };
}

/** This range's query string (ISO dates), with overrides. */
export function rangeQuery(r: RangeView, over: Record<string, string> = {}): string {
  const p = new URLSearchParams({ from: r.filter.from, to: r.filter.to });
  if (r.filter.scope.storeId) p.set('store', r.filter.scope.storeId);
  if (r.filter.scope.tillId) p.set('till', r.filter.scope.tillId);
  if (r.filter.platform) p.set('platform', r.filter.platform);
  if (r.personKey) p.set('person', r.personKey);
  for (const [k, v] of Object.entries(over)) p.set(k, v);
  return p.toString();
}

/** The preset ranges, counted from the store's today. */
export function presets(today: string): { key: WordKey; from: string; to: string }[] {
  const monthStart = `${today.slice(0, 7)}-01`;
  const lastMonthEnd = addDays(monthStart, -1);
  return [
    { key: 'presetToday', from: today, to: today },
    { key: 'presetYesterday', from: addDays(today, -1), to: addDays(today, -1) },
    { key: 'presetLast7', from: addDays(today, -6), to: today },
    { key: 'presetThisMonth', from: monthStart, to: today },
    { key: 'presetLastMonth', from: `${lastMonthEnd.slice(0, 7)}-01`, to: lastMonthEnd },
    { key: 'presetLast30', from: addDays(today, -29), to: today },
  ];
}
