/**
 * Value formatting shared by every receipt output. Everything here is locale-independent on purpose: the same
 * data must give the same characters on screen, on paper and in the golden files, whatever ICU the runtime has.
 */
import { formatShopDate, formatShopDateTime, type ShopLanguage } from '../shared/shop-date';
import { pad2, wallClock } from '../shared/zoned-time';
import type { ReceiptLanguage } from './document';
import { formatCents } from '../shared/money';

/** AUD from integer cents: 1250 → "A$12.50", -500 → "-A$5.00". */
export function aud(cents: number): string {
  return cents < 0 ? `-A$${formatCents(-cents)}` : `A$${formatCents(cents)}`;
}

/** CNY from integer fen. Spelled out rather than "¥", which thermal code pages and yen readers both mangle. */
export function cny(fen: number): string {
  return fen < 0 ? `-CNY ${formatCents(-fen)}` : `CNY ${formatCents(fen)}`;
}

function parts(at: number, timeZone: string): Record<string, string> {
  const w = wallClock(at, timeZone);
  return {
    year: String(w.year).padStart(4, '0'),
    month: pad2(w.month),
    day: pad2(w.day),
    hour: pad2(w.hour),
    minute: pad2(w.minute),
    second: pad2(w.second),
  };
}

/**
 * "2025-11-25 14:04:05" on the counter's clock. An unknown zone must not stop a receipt from printing, so it
 * falls back to UTC and says so.
 */
export function localDateTime(at: number, timeZone: string): string {
  if (!Number.isFinite(at)) return '—';
  let p: Record<string, string>;
  let suffix = '';
  try {
    p = parts(at, timeZone);
  } catch {
    p = parts(at, 'UTC');
    suffix = ' UTC';
  }
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}${suffix}`;
}

/**
 * Whose order a receipt's dates are printed in: its own language's, and on a bilingual receipt the shop's
 * (`shop`, the till's language; English when not given), so one shop's paper reads one way.
 */
export function dateOrderOf(language: ReceiptLanguage, shop: ShopLanguage = 'en'): ShopLanguage {
  return language === 'both' ? shop : language;
}

/**
 * "25/11/2025, 14:04:05" (English) or "2025-11-25 14:04:05" (Chinese) on the counter's clock, in the shop's order
 * (main/shared/shop-date.ts). An unknown zone falls back to UTC and says so, as localDateTime does.
 */
export function receiptDateTime(order: ShopLanguage, at: number, timeZone: string): string {
  if (!Number.isFinite(at)) return '—';
  try {
    return formatShopDateTime(order, at, timeZone);
  } catch {
    return `${formatShopDateTime(order, at, 'UTC')} UTC`;
  }
}

/** A business date (YYYY-MM-DD) in the shop's order; anything else cleaned and as it is. */
export function receiptDate(order: ShopLanguage, isoDate: string): string {
  return formatShopDate(order, cleanText(isoDate, 10));
}

/** "14:04:05" on the counter's clock (report lines, where the date is the report's). */
export function localTime(at: number, timeZone: string): string {
  return localDateTime(at, timeZone).slice(11);
}

/**
 * Characters that must never reach a printer or a page from data: C0/C1 controls (an ESC in a merchant name
 * would be an ESC/POS command: a cut, a drawer kick), zero-width and bidi-override characters (text that
 * reads differently from what it is), byte-order marks.
 */
const UNSAFE_CHARS = /[\p{Cc}\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/gu;

/** Whether text holds nothing cleanText would replace: a setting typed for paper is refused rather than altered. */
export function isPrintable(value: string): boolean {
  return !new RegExp(UNSAFE_CHARS.source, 'u').test(value);
}

/** Data text made safe to print: unsafe characters become spaces, runs of spaces collapse, ends trimmed. */
export function cleanText(value: string | null | undefined, maxLength = 200): string {
  if (value === null || value === undefined) return '';
  const text = String(value).replace(UNSAFE_CHARS, ' ').replace(/ {2,}/g, ' ').trim();
  const chars = Array.from(text);
  return chars.length > maxLength ? `${chars.slice(0, maxLength - 1).join('')}…` : text;
}
