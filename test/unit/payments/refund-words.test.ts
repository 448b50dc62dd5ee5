/**
 * One refund vocabulary: for every status a refund can have in the journal, each surface a person reads — the
 * refund receipt, the printed report's refunds in progress, the refunds CSV (from a journal file on disk), the
 * customer display and the renderer's tables — says the word REFUND_WORDS gives that state, and nothing else.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RefundView } from '../../../preload/api';
import { FAILED_REFUND_STATUSES, OPEN_REFUND_STATUSES, REFUND_STATUSES } from '../../../main/journal/status';
import { REFUNDS_CSV_HEADER } from '../../../main/journal/export';
import { receiptDocument, reportDocument } from '../../../main/receipts/layout';
import { customerDisplayState } from '../../../main/customer-display/state';
import {
  REFUND_STATES,
  REFUND_WORDS,
  refundHeadline,
  refundState,
  type RefundState,
} from '../../../main/shared/refund-words';
import { refundWord } from '../../../renderer/src/i18n';
import { en } from '../../../renderer/src/i18n/en';
import { zh } from '../../../renderer/src/i18n/zh';
import { header, refund as refundFixture, refundReceipt, xReport } from '../receipts/fixtures';
import { localTime, paidSale, refund as journalRefund, tempJournal } from '../journal/fixtures';

const EXPECTED: Record<string, RefundState> = {
  submitting: 'sending',
  unknown: 'checking',
  APPLIED: 'processing',
  MERCHANTCONFIRMED: 'processing',
  ORGANIZATIONCONFIRMED: 'processing',
  ORGANIZATIONPAYBACK: 'processing',
  CLOSED: 'refunded',
  rejected: 'failed',
  MERCHANTREJECTED: 'failed',
  TIMEOUTCLOSED: 'failed',
  ORGANIZATIONFAILED: 'failed',
  CUSTOMERCANCELLED: 'failed',
};

function view(status: string): RefundView {
  const succeeded = status === 'CLOSED';
  const final = succeeded || (FAILED_REFUND_STATUSES as readonly string[]).includes(status);
  return { ...refundFixture, status, final, succeeded, refundNo: null };
}

describe('refund states', () => {
  it('every journal status has its state, open ones are never refunded or failed, failed ones are the journal’s', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...REFUND_STATUSES].sort());
    for (const s of REFUND_STATUSES) expect(refundState(s), s).toBe(EXPECTED[s]);
    for (const s of OPEN_REFUND_STATUSES)
      expect(['sending', 'checking', 'processing']).toContain(refundState(s));
    expect(REFUND_STATUSES.filter((s) => refundState(s) === 'failed').sort()).toEqual(
      [...FAILED_REFUND_STATUSES].sort(),
    );
    // The CSV writes the state as its English word, lower-cased.
    for (const state of REFUND_STATES) expect(REFUND_WORDS[state].word.en.toLowerCase()).toBe(state);
    // Every word and meaning exists in both languages, and no two states share a word.
    for (const lang of ['en', 'zh'] as const) {
      const words = REFUND_STATES.map((s) => REFUND_WORDS[s].word[lang]);
      expect(new Set(words).size).toBe(REFUND_STATES.length);
      for (const s of REFUND_STATES) expect(REFUND_WORDS[s].meaning[lang].length).toBeGreaterThan(5);
    }
  });
});

describe.each(REFUND_STATUSES)('a refund that is %s', (status) => {
  const words = REFUND_WORDS[EXPECTED[status]!];

  it('reads the same word on the receipt, the printed report and the customer display', () => {
    for (const language of ['en', 'zh'] as const) {
      const receipt = receiptDocument({ ...refundReceipt, refund: view(status) }, { language, widthMm: 80 });
      const statusRow = receipt.blocks.find(
        (b) => b.type === 'row' && b.label === (language === 'en' ? 'Status' : '状态'),
      );
      expect(statusRow).toMatchObject({ value: words.word[language] });
      expect(receipt.blocks).toContainEqual(
        expect.objectContaining({ type: 'text', text: words.meaning[language] }),
      );

      const report = reportDocument(
        { ...xReport, pendingRefunds: [view(status)] },
        { language, widthMm: 80, header },
      );
      expect(report.blocks).toContainEqual(
        expect.objectContaining({ type: 'text', text: `  ${words.word[language]}` }),
      );
      expect(report.blocks).not.toContainEqual(
        expect.objectContaining({ type: 'text', text: `  ${status}` }),
      );
    }
    const shown = customerDisplayState({
      focus: { sale: null, refund: view(status), floor: 0 },
      merchantName: 'Shop',
      rate: null,
      seq: 1,
    });
    expect(shown.title).toEqual(refundHeadline(EXPECTED[status]!));
    expect(shown.title).toEqual({ en: `Refund: ${words.word.en}`, zh: `退款：${words.word.zh}` });
    expect(shown.detail).toEqual(words.customer);
  });

  it('reads the same word in the renderer’s tables', () => {
    expect(refundWord('en', status)).toBe(words.word.en);
    expect(refundWord('zh', status)).toBe(words.word.zh);
  });
});

describe('the refunds CSV', () => {
  it('writes each refund’s state from the map, its raw status beside it (journal on disk)', () => {
    const t = tempJournal();
    try {
      const day = '2024-05-01';
      const at = localTime(day, '10:00');
      const sale = paidSale(t.journal, { at, amountCents: 100_000 });
      for (const [i, status] of REFUND_STATUSES.entries())
        journalRefund(t.journal, sale, 100 + i, at + 1000 * (i + 1), status);
      const csv = t.journal.exportDayCsv(day).refundsCsv.replace(/^\uFEFF/, '');
      const [head, ...rows] = csv
        .trimEnd()
        .split('\r\n')
        .map((l) => l.split(','));
      expect(head).toEqual([...REFUNDS_CSV_HEADER]);
      const stateAt = head!.indexOf('status');
      const rawAt = head!.indexOf('gateway_status');
      expect(rows.map((r) => [r[rawAt], r[stateAt]])).toEqual(REFUND_STATUSES.map((s) => [s, EXPECTED[s]]));
    } finally {
      t.cleanup();
    }
  });
});

describe('the renderer takes refund words from the map only', () => {
  it('has no word of its own for a refund status, and no screen translates one itself', () => {
    const own = Object.keys(en).filter(
      (k) => /^refund\.[A-Za-z]+$/.test(k) && REFUND_STATUSES.includes(k.slice(7) as never),
    );
    expect(own).toEqual([]);
    expect(Object.keys(zh).filter((k) => own.includes(k))).toEqual([]);
    const offenders = sources(join(__dirname, '../../../renderer/src')).filter((f) =>
      /translateCode\([^)]*'refund'/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}
