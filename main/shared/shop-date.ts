/**
 * Dates as the shop reads and types them, the same on the counter, the store server's pages and in both
 * languages: day/month/year in English (en-AU, 12/06/2026), year-month-day in Chinese (zh-CN, 2026-06-12).
 * A native date picker is not used for this: its order follows the browser's locale, so an en-US browser in an
 * Australian shop shows 06/12/2026.
 */
import { isBusinessDate } from './business-date';
import { pad2, wallClock } from './zoned-time';

export type ShopLanguage = 'en' | 'zh';

/** A calendar date from its parts, in the language's order. */
export function shopDate(language: ShopLanguage, year: string, month: string, day: string): string {
  return language === 'zh' ? `${year}-${month}-${day}` : `${day}/${month}/${year}`;
}

/** What to type: "dd/mm/yyyy" or "年-月-日". */
export function shopDateFormat(language: ShopLanguage): string {
  return language === 'zh' ? '年-月-日' : 'dd/mm/yyyy';
}

/** "12/06/2026, 14:03:05" (English) or "2026-06-12 14:03:05" (Chinese), on the clock of `timeZone`. */
export function formatShopDateTime(language: ShopLanguage, at: number, timeZone: string | undefined): string {
  const w = wallClock(at, timeZone);
  const date = shopDate(language, String(w.year).padStart(4, '0'), pad2(w.month), pad2(w.day));
  const time = `${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}`;
  return language === 'zh' ? `${date} ${time}` : `${date}, ${time}`;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A business date (YYYY-MM-DD) in the shop's order; any other text as it is. */
export function formatShopDate(language: ShopLanguage, isoDate: string): string {
  const m = ISO.exec(isoDate);
  return m ? shopDate(language, m[1]!, m[2]!, m[3]!) : isoDate;
}

/**
 * A typed date back to YYYY-MM-DD, or null when it is not a real day from 2000 on. Day first in English
 * (12/6/2026, 12-06-2026, 12.06.2026); year first in Chinese (2026-6-12, 2026/06/12, 2026年6月12日). A year-first
 * date is unambiguous, so it is taken in English too (links and exports carry 2026-06-12).
 */
export function parseShopDate(language: ShopLanguage, text: string): string | null {
  const t = text.trim();
  const yearFirst = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t);
  const dayFirst = language === 'en' ? /^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$/.exec(t) : null;
  const parts = yearFirst
    ? [yearFirst[1], yearFirst[2], yearFirst[3]]
    : dayFirst
      ? [dayFirst[3], dayFirst[2], dayFirst[1]]
      : null;
  if (!parts) return null;
  const [year = '', month = '', day = ''] = parts;
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isBusinessDate(iso) && year >= '2000' ? iso : null;
}
