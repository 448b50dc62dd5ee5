/**
 * The journal's `refunds_elsewhere` table (migration 10): refunds of this till's sales made at other tills, as the
 * store server told this till. A row only moves forward (requested → pending → a final state) whatever order
 * the server's messages arrive in: a late "requested" never undoes "refunded". The ones not failed or cancelled
 * count against the sale's refundable balance (RefundTable.refundedCents).
 */
import { z } from 'zod';
import { REFUND_ELSEWHERE_STATES, type RefundElsewhereState } from '../shared/store-link-protocol';
import { rowCodec, type Columns } from './row-codec';
import type { StatementCache } from './statements';
import { centsSchema, idSchema, outNoSchema, parse, timeSchema } from './validation';

export interface RefundElsewhereRow {
  outRefundNo: string;
  saleId: string;
  tillName: string;
  amountCents: number;
  state: RefundElsewhereState;
  status: string;
  errorCode: string | null;
  requestedAt: number;
  /** The server's clock: when it last saw this refund change. */
  changedAt: number;
  /** This till's clock: when it last heard of this refund from the server. */
  heardAt: number;
}

const rowSchema = z.strictObject({
  outRefundNo: outNoSchema,
  saleId: idSchema,
  tillName: z.string().max(80),
  amountCents: centsSchema,
  state: z.enum(REFUND_ELSEWHERE_STATES),
  status: z.string().min(1).max(32),
  errorCode: z.string().max(64).nullable(),
  requestedAt: timeSchema,
  changedAt: timeSchema,
  heardAt: timeSchema,
});

/** States that still hold money of the sale: they count against what may be refunded. */
export const COUNTED_ELSEWHERE_STATES: readonly RefundElsewhereState[] = ['requested', 'pending', 'refunded'];

const RANK: Record<RefundElsewhereState, number> = {
  requested: 0,
  pending: 1,
  refunded: 2,
  failed: 2,
  cancelled: 2,
};

const ROW = rowCodec<RefundElsewhereRow, Columns<RefundElsewhereRow>>()([
  'outRefundNo',
  'saleId',
  'tillName',
  'amountCents',
  'state',
  'status',
  'errorCode',
  'requestedAt',
  'changedAt',
  'heardAt',
]);
type Db = Columns<RefundElsewhereRow>;
const fromDb = ROW.fromDb;

const UPSERT = `INSERT INTO refunds_elsewhere (out_refund_no, sale_id, till_name, amount_cents, state, status,
    error_code, requested_at, changed_at, heard_at)
  VALUES (@outRefundNo, @saleId, @tillName, @amountCents, @state, @status, @errorCode, @requestedAt, @changedAt,
    @heardAt)
  ON CONFLICT (out_refund_no) DO UPDATE SET till_name = excluded.till_name, state = excluded.state,
    status = excluded.status, error_code = excluded.error_code, changed_at = excluded.changed_at,
    heard_at = excluded.heard_at`;

export class RefundElsewhereTable {
  constructor(
    private readonly stmts: StatementCache,
    private readonly transaction: <T>(fn: () => T) => T,
  ) {}

  /**
   * Records what the server says of one refund. Returns the row as it now is and whether its state changed
   * (a new refund, or a step forward); undefined when the sale is not this till's.
   */
  note(input: RefundElsewhereRow): { row: RefundElsewhereRow; changed: boolean } | undefined {
    const e = parse(rowSchema, input, 'noteRefundElsewhere');
    return this.transaction(() => {
      if (!this.stmts.get('SELECT 1 FROM sales WHERE id = ?').get(e.saleId)) return undefined;
      const cur = this.get(e.outRefundNo);
      if (cur && cur.saleId !== e.saleId) return undefined;
      const forward =
        !cur ||
        RANK[e.state] > RANK[cur.state] ||
        (RANK[e.state] === RANK[cur.state] && RANK[cur.state] < 2 && e.changedAt >= cur.changedAt);
      const next: RefundElsewhereRow = forward ? e : { ...cur, heardAt: Math.max(cur.heardAt, e.heardAt) };
      this.stmts.get(UPSERT).run(next);
      return { row: next, changed: !cur || cur.state !== next.state };
    });
  }

  get(outRefundNo: string): RefundElsewhereRow | undefined {
    const r = this.stmts.get('SELECT * FROM refunds_elsewhere WHERE out_refund_no = ?').get(outRefundNo) as
      Db | undefined;
    return r && fromDb(r);
  }

  /** Oldest first. */
  listForSale(saleId: string): RefundElsewhereRow[] {
    return (
      this.stmts
        .get('SELECT * FROM refunds_elsewhere WHERE sale_id = ? ORDER BY requested_at, out_refund_no')
        .all(saleId) as Db[]
    ).map(fromDb);
  }
}
