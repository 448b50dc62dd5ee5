/**
 * The journal's `remote_refunds` table (migration 7): refunds this till sent for a sale another till took, with
 * the out_refund_no the store server reserved. Same statuses and the same "a closed refund stays closed" rule as
 * `refunds`; no foreign key, the sale is in another journal.
 */
import { z } from 'zod';
import { JournalError } from './errors';
import type { StatementCache } from './statements';
import type { RefundPatch, RefundStatus, RefundTracking } from './types';
import {
  centsSchema,
  gatewayNoSchema,
  idSchema,
  outNoSchema,
  parse,
  refundPatchSchema,
  timeSchema,
} from './validation';
import { REFUND_STATUSES, sqlList, OPEN_REFUND_STATUSES } from './status';
import { REFUND_TRACKING_FIELDS, refundTrackingAtStart, type RefundTrackingDb } from './rows';
import { rowCodec } from './row-codec';

export interface RemoteRefundRow extends RefundTracking {
  id: string;
  reservationId: string;
  saleTillId: string;
  saleId: string;
  ownerTillName: string | null;
  outOrderNo: string | null;
}

export const newRemoteRefundSchema = z.strictObject({
  id: idSchema,
  reservationId: idSchema,
  saleTillId: idSchema,
  saleId: idSchema,
  ownerTillName: z.string().max(80).nullable(),
  outOrderNo: z.string().max(64).nullable(),
  orderNo: gatewayNoSchema,
  outRefundNo: outNoSchema,
  amountCents: centsSchema,
  reason: z.string().transform((s) => s.slice(0, 256)),
  status: z.enum(REFUND_STATUSES as [RefundStatus, ...RefundStatus[]]),
  createdAt: timeSchema,
});
export type NewRemoteRefund = z.input<typeof newRemoteRefundSchema>;

interface Db extends RefundTrackingDb {
  id: string;
  reservation_id: string;
  sale_till_id: string;
  sale_id: string;
  owner_till_name: string | null;
  out_order_no: string | null;
}

const ROW = rowCodec<RemoteRefundRow, Db>()([
  'id',
  'reservationId',
  'saleTillId',
  'saleId',
  'ownerTillName',
  'outOrderNo',
  ...REFUND_TRACKING_FIELDS,
]);
const { fromDb, toDb } = ROW;

const INSERT = `INSERT INTO remote_refunds (${ROW.columns.join(', ')}) VALUES (${ROW.columns.map((c) => `@${c}`).join(', ')})`;
const UPDATE = `UPDATE remote_refunds SET ${ROW.columns
  .filter((c) => c !== 'id')
  .map((c) => `${c} = @${c}`)
  .join(', ')} WHERE id = @id`;
const OPEN = `SELECT * FROM remote_refunds WHERE status IN (${sqlList(OPEN_REFUND_STATUSES)}) ORDER BY created_at`;

export class RemoteRefundTable {
  constructor(
    private readonly stmts: StatementCache,
    private readonly transaction: <T>(fn: () => T) => T,
    private readonly zone: () => string | undefined,
  ) {}

  create(input: NewRemoteRefund): RemoteRefundRow {
    const r = parse(newRemoteRefundSchema, input, 'createRemoteRefund');
    const row: RemoteRefundRow = {
      ...r,
      ...refundTrackingAtStart(r.createdAt, this.zone()),
    };
    try {
      this.stmts.get(INSERT).run(toDb(row));
    } catch (e) {
      if (String(e).includes('UNIQUE'))
        throw new JournalError('invalid_input', `createRemoteRefund: ${row.outRefundNo} or ${row.id} exists`);
      throw e;
    }
    return row;
  }

  update(id: string, patch: RefundPatch, at: number): RemoteRefundRow {
    const p = parse(refundPatchSchema, patch, 'updateRemoteRefund');
    parse(timeSchema, at, 'updateRemoteRefund.at');
    return this.transaction(() => {
      const cur = this.get(id);
      if (!cur) throw new JournalError('not_found', `remote refund ${String(id)} not found`);
      if (cur.status === 'CLOSED' && p.status !== undefined && p.status !== 'CLOSED') {
        throw new JournalError(
          'invalid_transition',
          `updateRemoteRefund ${id}: a closed refund stays closed`,
        );
      }
      const defined = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));
      const next: RemoteRefundRow = { ...cur, ...defined, updatedAt: at };
      this.stmts.get(UPDATE).run(toDb(next));
      return next;
    });
  }

  get(id: string): RemoteRefundRow | undefined {
    const r = this.stmts.get('SELECT * FROM remote_refunds WHERE id = ?').get(id) as Db | undefined;
    return r && fromDb(r);
  }

  getByOutRefundNo(outRefundNo: string): RemoteRefundRow | undefined {
    const r = this.stmts.get('SELECT * FROM remote_refunds WHERE out_refund_no = ?').get(outRefundNo) as
      Db | undefined;
    return r && fromDb(r);
  }

  listOpen(): RemoteRefundRow[] {
    return (this.stmts.get(OPEN).all() as Db[]).map(fromDb);
  }

  /** Newest first; of one sale when named. */
  list(filter: { saleTillId?: string; saleId?: string; limit?: number } = {}): RemoteRefundRow[] {
    const limit = Math.min(Math.max(1, filter.limit ?? 50), 500);
    if (filter.saleTillId !== undefined && filter.saleId !== undefined) {
      return (
        this.stmts
          .get(
            'SELECT * FROM remote_refunds WHERE sale_till_id = ? AND sale_id = ? ORDER BY created_at DESC LIMIT ?',
          )
          .all(filter.saleTillId, filter.saleId, limit) as Db[]
      ).map(fromDb);
    }
    return (
      this.stmts.get('SELECT * FROM remote_refunds ORDER BY created_at DESC LIMIT ?').all(limit) as Db[]
    ).map(fromDb);
  }
}
