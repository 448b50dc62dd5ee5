/** The append-only event log (who did what, when) and the notification nonces that stop replays. */
import { z } from 'zod';
import { Conditions } from '../conditions';
import { JournalError } from '../errors';
import type { EventDb } from '../rows';
import { eventFromDb } from '../rows';
import type { EventRow, Journal, NewEvent } from '../types';
import { assertNoSecrets, eventFilterSchema, newEventSchema, parse, timeSchema } from '../validation';
import type { JournalConnection } from './connection';

const MAX_EVENT_BYTES = 64 * 1024;
const nonceSchema = z.string().min(1).max(64);

export class EventTable {
  private readonly s;

  constructor(
    private readonly c: JournalConnection,
    /** The person acting at the till: the cashier's events name them unless another is named. */
    private readonly acting: () => string | null = () => null,
  ) {
    const p = (sql: string) => c.prepare(sql);
    this.s = {
      insertEvent: p(`INSERT INTO events (at, actor, type, entity, entity_id, data, person_id)
        VALUES (@at, @actor, @type, @entity, @entity_id, @data, @person_id)`),
      pruneNonces: p('DELETE FROM notification_nonces WHERE expires_at <= ?'),
      insertNonce: p(`INSERT INTO notification_nonces (nonce, expires_at) VALUES (?, ?)
        ON CONFLICT (nonce) DO NOTHING`),
    };
  }

  appendEvent(event: NewEvent): number {
    const e = parse(newEventSchema, event, 'appendEvent');
    assertNoSecrets(e.data);
    let data: string;
    try {
      data = JSON.stringify(e.data);
    } catch (err) {
      throw new JournalError('invalid_input', `appendEvent: data is not JSON: ${(err as Error).message}`);
    }
    if (Buffer.byteLength(data) > MAX_EVENT_BYTES) {
      throw new JournalError('invalid_input', `appendEvent: data is over ${MAX_EVENT_BYTES} bytes`);
    }
    const info = this.c.write(() =>
      this.s.insertEvent.run({
        at: e.at,
        actor: e.actor,
        type: e.type,
        entity: e.entity,
        entity_id: e.entityId,
        data,
        person_id: e.personId !== undefined ? e.personId : e.actor === 'cashier' ? this.acting() : null,
      }),
    );
    return Number(info.lastInsertRowid);
  }

  listEvents(filter: Parameters<Journal['listEvents']>[0]): EventRow[] {
    const f = parse(eventFilterSchema, filter ?? {}, 'listEvents');
    const where = new Conditions()
      .add('entity = ?', f.entity)
      .add('entity_id = ?', f.entityId)
      .add('at >= ?', f.since)
      .add('id > ?', f.afterId);
    const sql = `SELECT * FROM events${where.whereSql()} ORDER BY id LIMIT ?`;
    return (this.c.prepare(sql).all(...where.params, f.limit ?? 1000) as EventDb[]).map(eventFromDb);
  }

  rememberNonce(nonce: string, now: number, expiresAt: number): boolean {
    parse(nonceSchema, nonce, 'rememberNonce.nonce');
    parse(timeSchema, now, 'rememberNonce.now');
    parse(timeSchema, expiresAt, 'rememberNonce.expiresAt');
    return this.c.transaction(() => {
      // Expired nonces go first, so the table holds only the replay window's worth.
      this.s.pruneNonces.run(now);
      return this.s.insertNonce.run(nonce, expiresAt).changes === 1;
    });
  }
}
