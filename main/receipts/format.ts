/**
 * Value formatting shared by every receipt output. Everything here is locale-independent on purpose: the same
 * data must give the same characters on screen, on paper and in the golden files, whatever ICU the runtime has.
 */
import { pad2, wallClock } from '../shared/zoned-time';
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

/** Data text made safe to print: unsafe characters become spaces, runs of spaces collapse, ends trimmed. */
export function cleanText(value: string | null | undefined, maxLength = 200): string {
  if (value === null || value === undefined) return '';
  const text = String(value).replace(UNSAFE_CHARS, ' ').replace(/ {2,}/g, ' ').trim();
  const chars = Array.from(text);
  return chars.length > maxLength ? `${chars.slice(0, maxLength - 1).join('')}…` : text;
}
