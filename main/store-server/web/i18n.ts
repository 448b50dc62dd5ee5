/**
 * Every word the managers' pages show, in English and 简体中文 (like the till). The choice is kept in a cookie
 * so it survives signing out; refusals are in the same words on the page and in the JSON endpoints.
 */
import type { Language } from '../../shared/bilingual';
// The words are data, one file per area of the pages, each entry [English, 简体中文]: a translator edits them
// without reading code. The compiler still checks every key the code uses (WordKey is the files' keys).
import common from './words/common.json' with { type: 'json' };
import reports from './words/reports.json' with { type: 'json' };
import staff from './words/staff.json' with { type: 'json' };

const LOADED = { ...staff, ...common, ...reports };

// Checked once at load: a word missing its English or 简体中文 stops the server at start, not on a page.
function checkedPair(key: string, pair: readonly string[]): readonly [string, string] {
  const [en, zh, ...rest] = pair;
  if (!en || !zh || rest.length > 0) {
    throw new Error(`store server word ${key}: needs its English and 简体中文, and nothing else`);
  }
  return [en, zh];
}
const WORDS = Object.fromEntries(
  Object.entries(LOADED).map(([key, pair]) => [key, checkedPair(key, pair)]),
) as Record<keyof typeof LOADED, readonly [string, string]>;

export type WordKey = keyof typeof WORDS;

export function t(lang: Language, key: WordKey, vars: Record<string, string | number> = {}): string {
  const s = WORDS[key][lang === 'zh' ? 1 : 0];
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export function bothLanguages(
  key: WordKey,
  vars: Record<string, string | number> = {},
): {
  en: string;
  zh: string;
} {
  return { en: t('en', key, vars), zh: t('zh', key, vars) };
}

export function isWordKey(k: string): k is WordKey {
  return Object.hasOwn(WORDS, k);
}
