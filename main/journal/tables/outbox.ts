/**
 * The replication outbox the store link reads from: rows in commit order, after a given sequence number; and the
 * journal's identity (migration 8), which the store link sends at enrolment.
 */
import { z } from 'zod';
import type { OutboxRecord } from '../types';
import { parse } from '../validation';
import type { JournalConnection } from './connection';

const outboxSeqSchema = z.number().int().min(0);
const outboxLimitSchema = z.number().int().min(1).max(10_000);

interface OutboxDb {
  seq: number;
  v: number;
  at: number;
  entity: string;
  entity_id: string;
  op: 'upsert' | 'append';
  data: string;
}

export class OutboxTable {
  private readonly s;

  constructor(c: JournalConnection) {
    this.s = {
      outboxAfter: c.prepare('SELECT * FROM replication_outbox WHERE seq > ? ORDER BY seq LIMIT ?'),
      outboxLastSeq: c.prepare('SELECT coalesce(max(seq), 0) AS seq FROM replication_outbox'),
      journalId: c.prepare('SELECT id FROM journal_identity WHERE only = 1'),
    };
  }

  outboxAfter(afterSeq: number, limit: number): OutboxRecord[] {
    parse(outboxSeqSchema, afterSeq, 'outboxAfter.afterSeq');
    parse(outboxLimitSchema, limit, 'outboxAfter.limit');
    return (this.s.outboxAfter.all(afterSeq, limit) as OutboxDb[]).map((r) => ({
      seq: r.seq,
      v: r.v,
      at: r.at,
      entity: r.entity,
      entityId: r.entity_id,
      op: r.op,
      data: JSON.parse(r.data) as Record<string, unknown>,
    }));
  }

  outboxLastSeq(): number {
    return (this.s.outboxLastSeq.get() as { seq: number }).seq;
  }

  journalId(): string {
    return (this.s.journalId.get() as { id: string }).id;
  }
}
