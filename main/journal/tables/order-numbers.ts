/** The merchant's order and refund numbers (`out_order_no`, `out_refund_no`): unique per till and per install. */
import { randomInt } from 'node:crypto';
import { businessDateOf, compactDate } from '../../shared/business-date';
import { JournalError } from '../errors';
import { parse, posNoSchema, timeSchema } from '../validation';
import type { JournalConnection } from './connection';
import type { SettingTable } from './settings';

const MAX_SEQ = 99_999;

export class OrderNumbers {
  private readonly nextSeq;
  private installIdCache: string | null = null;

  constructor(
    private readonly c: JournalConnection,
    private readonly settings: SettingTable,
  ) {
    this.nextSeq = c.prepare(`INSERT INTO sequences (name, value) VALUES (?, 1)
        ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`);
  }

  nextOutOrderNo(posNo: string, at: number): string {
    return this.nextNumber('out_order_no', posNo, '', at);
  }

  nextOutRefundNo(posNo: string, at: number): string {
    return this.nextNumber('out_refund_no', posNo, 'R', at);
  }

  private nextNumber(kind: string, posNo: string, marker: string, at: number): string {
    parse(posNoSchema, posNo, `${kind}.posNo`);
    parse(timeSchema, at, `${kind}.at`);
    const day = compactDate(businessDateOf(at, this.c.timeZone));
    // One statement: the increment and its read are atomic, across processes too (the file lock serialises).
    const { value } = this.c.write(() => this.nextSeq.get(`${kind}:${posNo}:${day}`) as { value: number });
    if (value > MAX_SEQ) {
      throw new JournalError('sequence_exhausted', `${kind}: daily sequence for ${day} is exhausted`);
    }
    // posNo + marker + yyMMdd + install id + seq5 ≤ 32 chars. The install id keeps numbers unique even when a
    // terminal is reinstalled with an empty journal, or two terminals are given the same posNo by mistake.
    return `${posNo}${marker}${day.slice(2)}${this.installId()}${String(value).padStart(5, '0')}`;
  }

  /** Four base-36 characters drawn once per journal file and kept in its settings. */
  private installId(): string {
    if (this.installIdCache) return this.installIdCache;
    // Read-or-create under the write lock, so two processes opening a fresh journal agree on one id.
    const id = this.c.transaction(() => {
      const stored = this.settings.getSetting<string>('journal.installId');
      if (typeof stored === 'string' && /^[0-9A-Z]{4}$/.test(stored)) return stored;
      const fresh = randomInt(36 ** 3, 36 ** 4)
        .toString(36)
        .toUpperCase();
      this.settings.setSetting('journal.installId', fresh);
      return fresh;
    });
    this.installIdCache = id;
    return id;
  }
}
