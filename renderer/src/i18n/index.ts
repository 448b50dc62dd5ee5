/** Translation and the locale-aware formats every screen shares. */
import type { Bilingual, Language } from '../../../preload/api';
import { formatCents } from '../../../main/shared/money';
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
export function translateCode(language: Language, prefix: 'attempt' | 'refund', code: string): string {
  const key = `${prefix}.${code}`;
  return Object.prototype.hasOwnProperty.call(en, key)
    ? translate(language, key as MessageKey, undefined)
    : code;
}

export function pick(message: Bilingual, language: Language): string {
  return message[language];
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

/** The shop's date order, the same on every screen: 12/06/2026 in English (en-AU), 2026-06-12 in Chinese. */
function shopDate(language: Language, year: string, month: string, day: string): string {
  return language === 'zh' ? `${year}-${month}-${day}` : `${day}/${month}/${year}`;
}

/** "12/06/2026, 14:03:05" (en-AU) or "2026-06-12 14:03:05" (zh-CN), on the counter's clock. */
export function formatDateTime(language: Language, at: number, timeZone: string | undefined): string {
  const parts = new Intl.DateTimeFormat('en-AU', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  const date = shopDate(language, part('year'), part('month'), part('day'));
  const time = `${part('hour')}:${part('minute')}:${part('second')}`;
  return language === 'zh' ? `${date} ${time}` : `${date}, ${time}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A business date (YYYY-MM-DD, a calendar day of the terminal) in the shop's order; other text as it is. */
export function formatBusinessDate(language: Language, isoDate: string): string {
  const m = ISO_DATE.exec(isoDate);
  return m ? shopDate(language, m[1]!, m[2]!, m[3]!) : isoDate;
}

/**
 * A date typed in the shop's order back to YYYY-MM-DD: day/month/year in English (12/6/2026, 12-06-2026,
 * 12.06.2026), year-month-day in Chinese (2026-6-12, 2026/06/12, 2026年6月12日). Null when it is not a real day.
 */
export function parseBusinessDate(language: Language, text: string): string | null {
  const t = text.trim();
  const m =
    language === 'zh'
      ? /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t)
      : /^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$/.exec(t);
  if (!m) return null;
  const [year, month, day] = language === 'zh' ? [m[1], m[2], m[3]] : [m[3], m[2], m[1]];
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (
    y < 2000 ||
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d
  ) {
    return null;
  }
  return `${year}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** "0:27" for a countdown. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
