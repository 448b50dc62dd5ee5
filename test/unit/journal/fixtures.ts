/** Builders shared by the journal tests: real journal files in temp dirs, and sales in a given state. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { openJournal } from '../../../main/journal/journal';
import type { AttemptRow, Journal, RefundStatus, SaleRow } from '../../../main/journal/types';
import type { Platform } from '../../../main/shared/platform';
import { wallClock } from '../../helpers/wall-clock';

export const POS = 'POS01';
export const SYDNEY = 'Australia/Sydney';

export interface TempJournal {
  dir: string;
  journal: Journal;
  reopen(): Journal;
  cleanup(): void;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'journal-test-'));
}

/** A fresh journal for each test of the file, handed to `use`, removed after the test. */
export function eachTempJournal(timeZone: string, use: (t: TempJournal) => void): void {
  let current: TempJournal | null = null;
  beforeEach(() => {
    current = tempJournal(timeZone);
    use(current);
  });
  afterEach(() => current?.cleanup());
}

export function tempJournal(timeZone = SYDNEY): TempJournal {
  const root = tempDir();
  const dir = join(root, 'data');
  const t: TempJournal = {
    dir,
    journal: openJournal({ dir, timeZone }),
    reopen() {
      t.journal.close();
      t.journal = openJournal({ dir, timeZone });
      return t.journal;
    },
    cleanup() {
      t.journal.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return t;
}

/** Row counts of every table, to prove a refused write changed nothing. */
export function rowCounts(path: string): Record<string, number> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = ['sales', 'attempts', 'refunds', 'events', 'sequences', 'settings', 'day_closes'];
    return Object.fromEntries(
      tables.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
    );
  } finally {
    db.close();
  }
}

let counter = 0;
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}${counter.toString().padStart(6, '0')}`;
}

export function openSale(
  j: Journal,
  opts: { at: number; amountCents?: number; id?: string; orderName?: string },
): SaleRow {
  return j.createSale({
    id: opts.id ?? uid('sale'),
    posNo: POS,
    kind: 'scan',
    amountCents: opts.amountCents ?? 1250,
    currency: 'AUD',
    orderName: opts.orderName ?? 'Counter sale',
    platform: null,
    status: 'open',
    createdAt: opts.at,
  });
}

export function startAttempt(
  j: Journal,
  sale: SaleRow,
  at: number,
  platform: Platform = 'WECHATPAY',
): AttemptRow {
  return j.transaction(() => {
    const a = j.createAttempt({
      id: uid('att'),
      saleId: sale.id,
      kind: 'scan',
      outOrderNo: j.nextOutOrderNo(POS, at),
      paymentCode: platform === 'WECHATPAY' ? '134567890123456789' : '281234567890123456',
      platform,
      createdAt: at,
    });
    j.updateSale(sale.id, { status: 'in_progress', platform }, at);
    return a;
  });
}

/** A sale paid by one attempt, as the engine would journal it. */
export function paidSale(
  j: Journal,
  opts: {
    at: number;
    amountCents?: number;
    platform?: Platform;
    orderNo?: string;
    id?: string;
    orderName?: string;
  },
): { sale: SaleRow; attempt: AttemptRow } {
  const platform = opts.platform ?? 'WECHATPAY';
  const sale0 = openSale(j, opts);
  const a0 = startAttempt(j, sale0, opts.at, platform);
  return j.transaction(() => {
    const attempt = j.updateAttempt(
      a0.id,
      { status: 'paid', orderNo: opts.orderNo ?? uid('OM'), payTime: opts.at + 1000, resolvedBy: 'reply' },
      opts.at + 1000,
    );
    const sale = j.updateSale(sale0.id, { status: 'paid', paidAttemptId: attempt.id }, opts.at + 1000);
    return { sale, attempt };
  });
}

export function refund(
  j: Journal,
  paid: { sale: SaleRow; attempt: AttemptRow },
  amountCents: number,
  at: number,
  status: RefundStatus = 'CLOSED',
) {
  const r = j.createRefund({
    id: uid('ref'),
    saleId: paid.sale.id,
    attemptId: paid.attempt.id,
    orderNo: paid.attempt.orderNo ?? '',
    outRefundNo: j.nextOutRefundNo(POS, at),
    amountCents,
    reason: 'customer request',
    status: 'submitting',
    createdAt: at,
  });
  return status === 'submitting' ? r : j.updateRefund(r.id, { status }, at + 500);
}

/** Local wall-clock time in a zone → UTC ms (for readable fixtures). */
export function localTime(date: string, time: string, timeZone = SYDNEY): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  // Search the instant whose local rendering matches; fixtures avoid the skipped DST hour.
  const guess = Date.parse(`${date}T${time}:00Z`);
  for (let off = -14 * 60; off <= 14 * 60; off += 15) {
    const t = guess - off * 60_000;
    const w = wallClock(t, timeZone);
    if (`${w.year}-${w.month}-${w.day}` === date && Number(w.hour) === h && Number(w.minute) === m) return t;
  }
  throw new Error(`no instant for ${date} ${time} in ${timeZone}`);
}

/**
 * SQL as older journal code wrote it, for upgrade tests: session 1 of 2024-05-01 opened at 09:00 Sydney and sale
 * S1 (A$ 10.00, WeChat Pay, in `status`) created in it then.
 */
export function sessionAndSaleSql(status: string): string {
  const at = (time: string) => localTime('2024-05-01', time);
  return `
    INSERT INTO sessions (business_date, seq, opened_at) VALUES ('2024-05-01', 1, ${at('09:00')});
    INSERT INTO sales (id, pos_no, kind, amount_cents, currency, order_name, platform, status, paid_attempt_id,
      created_at, updated_at, paid_at, business_date, status_reason)
      VALUES ('S1', 'POS01', 'scan', 1000, 'AUD', 'x', 'WECHATPAY', '${status}', NULL, ${at('09:00')}, ${at('09:00')},
      NULL, '2024-05-01', NULL);
    INSERT INTO sale_sessions (sale_id, session_id) VALUES ('S1', 1);
  `;
}
