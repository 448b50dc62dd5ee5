import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/i18n/en';
import { zh } from '../../../renderer/src/i18n/zh';
import { formatCountdown, translate, translateCode } from '../../../renderer/src/i18n';
import { LABELS as RECEIPT_LABELS } from '../../../main/receipts/labels';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('English and Chinese have exactly the same keys', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('no value is empty and both languages fill the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(zh[key].trim(), key).not.toBe('');
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('the Chinese dictionary is actually Chinese where it says something', () => {
    const untranslated = (Object.keys(en) as (keyof typeof en)[]).filter(
      (k) => zh[k] === en[k] && /[a-z]{3,}/.test(en[k].replace(/\{\w+\}/g, '')) && k !== 'nav.english',
    );
    expect(untranslated).toEqual([]);
  });

  it('counts read right for one as for many: no "(s)", the number after the noun', () => {
    expect((Object.keys(en) as (keyof typeof en)[]).filter((k) => en[k].includes('(s)'))).toEqual([]);
    expect(translate('en', 'unresolved.attempts', { count: 1 })).toBe('Attempts: 1');
    expect(translate('en', 'nav.unresolvedCount', { count: 1 })).toBe(', unresolved sales: 1');
    expect(translate('en', 'report.confirmClose.heading', { count: 1 })).toBe('Sales still unresolved: 1');
  });

  it('names the merchant refund no. as the refund receipt does, not as Omipay’s refund no.', () => {
    expect(translate('en', 'refund.result.outRefundNo', { no: 'POS01R1' })).toBe(
      `${RECEIPT_LABELS.outRefundNo.en} POS01R1`,
    );
    expect(translate('zh', 'refund.result.outRefundNo', { no: 'POS01R1' })).toBe(
      `${RECEIPT_LABELS.outRefundNo.zh} POS01R1`,
    );
  });

  it('the poll schedule rows use each language’s own brackets and colon', () => {
    expect(translate('zh', 'settings.poll.inUse') + translate('zh', 'settings.poll.colon')).toBe(
      '（当前使用）：',
    );
    expect(translate('en', 'settings.poll.inUse') + translate('en', 'settings.poll.colon')).toBe(
      ' (in use): ',
    );
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'money.aud', { amount: '12.50' })).toBe('A$ 12.50');
    expect(translate('zh', 'status.unresolved', { count: 2 })).toBe('未确定：2');
    expect(translate('en', 'status.unresolved')).toBe('Unresolved: {count}');
    expect(translateCode('zh', 'attempt', 'userpaying')).toBe('顾客确认中');
    expect(translateCode('en', 'attempt', 'SOMETHING_NEW')).toBe('SOMETHING_NEW');
    expect(formatCountdown(27_001)).toBe('0:28');
    expect(formatCountdown(-5)).toBe('0:00');
  });
});

/** Every .tsx under renderer/src except the shell's own files. */
function componentFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return name === 'bridge' || name === 'scanner' ? [] : componentFiles(path);
    return path.endsWith('.tsx') && !path.endsWith('main.tsx') ? [path] : [];
  });
}

describe('components', () => {
  it('contain no hard-coded words: all text comes from the dictionaries', () => {
    const offenders: string[] = [];
    for (const file of componentFiles(join(__dirname, '../../../renderer/src'))) {
      const source = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '')
        .replace(/\{\/\*[\s\S]*?\*\/\}/g, '');
      // JSX text between tags.
      for (const m of source.matchAll(/>([^<>{}]*)</g)) {
        const text = (m[1] ?? '').trim();
        if (/\p{L}{2,}/u.test(text) && !/=>|\(|\)|;/.test(text)) offenders.push(`${file}: >${text}<`);
      }
      // Human-facing attributes given as string literals.
      for (const m of source.matchAll(/\b(aria-label|alt|title|placeholder)="([^"]*)"/g)) {
        if (/\p{L}/u.test(m[2] ?? '')) offenders.push(`${file}: ${m[1]}="${m[2]}"`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
