/** Translation and the locale-aware formats every screen shares. */
import type { Bilingual, Language } from '../../../preload/api';
import { refundWords } from '../../../main/shared/refund-words';
import { formatCents } from '../../../main/shared/money';
import {
  formatShopDate as formatIsoShopDate,
  formatShopDateTime,
  parseShopDate,
  shopDate,
} from '../../../main/shared/shop-date';
import { pad2, wallClock } from '../../../main/shared/zoned-time';
import { en, type Dictionary, type MessageKey } from './en';
import { zh } from './zh';

export type { MessageKey } from './en';

export const DICTIONARIES: Record<Language, Dictionary> = { en, zh };

export type Vars = Record<string, string | number>;

export type Translate = (key: MessageKey, vars?: Vars) => string;

/** The string for `key` with `{name}` placeholders filled; unknown placeholders are left visible. */
export function translate(language: Language, key: MessageKey, vars?: Vars): string {
  const template = DICTIONARIES[language][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  );
}

/** A status code from the core in words; a code this screen does not know yet is shown as it is. */
export function translateCode(language: Language, prefix: 'attempt', code: string): string {
  const key = `${prefix}.${code}`;
  return Object.prototype.hasOwnProperty.call(en, key)
    ? translate(language, key as MessageKey, undefined)
    : code;
}

export function pick(message: Bilingual, language: Language): string {
  return message[language];
}

/** A refund's state in the one vocabulary every surface uses (main/shared/refund-words.ts). */
export function refundWord(language: Language, status: string): string {
  return pick(refundWords(status).word, language);
}

const LOCALES: Record<Language, string> = { en: 'en-AU', zh: 'zh-CN' };

/** "A$ 12.50"; a negative amount reads "-A$ 2.50", with the sign before the currency. */
export function formatAud(language: Language, cents: number): string {
  const text = translate(language, 'money.aud', { amount: formatCents(Math.abs(cents)) });
  return cents < 0 ? `-${text}` : text;
}

export function formatCny(language: Language, fen: number): string {
  return translate(language, 'money.cny', { amount: formatCents(fen) });
}

/** Local time on the counter's clock (the terminal's zone), not the browser's. */
export function formatTime(language: Language, at: number, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(at));
}

/** "12/06/2026, 14:03:05" (en-AU) or "2026-06-12 14:03:05" (zh-CN), on the counter's clock. */
export function formatDateTime(language: Language, at: number, timeZone: string | undefined): string {
  return formatShopDateTime(language, at, timeZone);
}

/** A business date (YYYY-MM-DD) in the shop's order: 12/06/2026 (English), 2026-06-12 (Chinese). */
export function formatBusinessDate(language: Language, isoDate: string): string {
  return formatIsoShopDate(language, isoDate);
}

/** A date typed in the shop's order back to YYYY-MM-DD; null when it is not a real day (main/shared/shop-date). */
export function parseBusinessDate(language: Language, text: string): string | null {
  return parseShopDate(language, text);
}

/** The shop's date of an instant as its locale writes it: en-AU 14/03/2025, zh-CN 2025-03-14. */
export function formatShopDate(language: Language, at: number, timeZone: string | undefined): string {
  const w = wallClock(at, timeZone);
  return shopDate(language, String(w.year).padStart(4, '0'), pad2(w.month), pad2(w.day));
}

/** "0:27" for a countdown. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
