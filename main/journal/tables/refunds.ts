/** Refunds of this till's sales; the refundable balance is checked in the same transaction as the insert. */
import { JournalError } from '../errors';
import type { RefundDb } from '../rows';
import { refundFromDb, refundToDb, refundTrackingAtStart } from '../rows';
import { FAILED_REFUND_STATUSES, OPEN_REFUND_STATUSES, sqlList } from '../status';
import type { Journal, RefundPatch, RefundRow } from '../types';
import { newRefundSchema, parse, refundPatchSchema, timeSchema } from '../validation';
import { definedOnly, type JournalConnection } from './connection';
import type { SaleTable } from './sales';
import type { SessionTable } from './sessions';
import { COUNTED_ELSEWHERE_STATES } from '../refunds-elsewhere';

const FAILED_REFUNDS = sqlList(FAILED_REFUND_STATUSES);

export class RefundTable {
  private readonly s;

  constructor(
    private readonly c: JournalConnection,
    private readonly sales: SaleTable,
    private readonly sessions: SessionTable,
  ) {
    const p = (sql: string) => c.prepare(sql);
    this.s = {
      insertRefund:
        p(`INSERT INTO refunds (id, sale_id, attempt_id, order_no, out_refund_no, amount_cents, reason,
        status, refund_no, error_code, error_detail, refund_time, success_time, created_at, updated_at,
        last_checked_at, next_check_at, check_count, business_date, requested_by, approved_by)
        VALUES (@id, @sale_id, @attempt_id, @order_no, @out_refund_no, @amount_cents, @reason, @status, @refund_no,
        @error_code, @error_detail, @refund_time, @success_time, @created_at, @updated_at, @last_checked_at,
        @next_check_at, @check_count, @business_date, @requested_by, @approved_by)`),
      updateRefund: p(`UPDATE refunds SET reason = @reason, status = @status, refund_no = @refund_no,
        error_code = @error_code, error_detail = @error_detail, refund_time = @refund_time,
        success_time = @success_time, updated_at = @updated_at, last_checked_at = @last_checked_at,
        next_check_at = @next_check_at, check_count = @check_count WHERE id = @id`),
      getRefund: p('SELECT * FROM refunds WHERE id = ?'),
      listRefunds: p('SELECT * FROM refunds WHERE sale_id = ? ORDER BY created_at, rowid'),
      openRefunds: p(`SELECT * FROM refunds INDEXED BY refunds_open
        WHERE status IN (${sqlList(OPEN_REFUND_STATUSES)}) ORDER BY created_at, rowid`),
      // Refunds made at other tills (migration 10) hold the same money: one balance everywhere on this till.
      refundedBySale: p(`SELECT
          (SELECT coalesce(sum(amount_cents), 0) FROM refunds
            WHERE sale_id = @sale AND status NOT IN (${FAILED_REFUNDS}))
        + (SELECT coalesce(sum(amount_cents), 0) FROM refunds_elsewhere
            WHERE sale_id = @sale AND state IN (${sqlList(COUNTED_ELSEWHERE_STATES)})) AS cents`),
      refundedByAttempt: p(`SELECT coalesce(sum(amount_cents), 0) AS cents FROM refunds
        WHERE attempt_id = ? AND status NOT IN (${FAILED_REFUNDS})`),
    };
  }

  createRefund(input: Parameters<Journal['createRefund']>[0]): RefundRow {
    const { requestedBy, approvedBy, ...r } = parse(newRefundSchema, input, 'createRefund');
    return this.c.transaction(() => {
      const sale = this.sales.requireSale(r.saleId);
      const attempt = this.sales.getAttempt(r.attemptId);
      if (!attempt || attempt.saleId !== sale.id) {
        throw new JournalError(
          'invalid_input',
          `createRefund: attempt ${r.attemptId} is not an attempt of the sale`,
        );
      }
      // A voided sale whose payment landed afterwards holds money too: its refund is the closed loop's.
      const holdsMoney =
        sale.status === 'paid' || (sale.status === 'voided' && sale.paidAttemptId === attempt.id);
      if (!holdsMoney || attempt.status !== 'paid') {
        throw new JournalError(
          'not_refundable',
          `createRefund: sale ${sale.id} / attempt ${attempt.id} is not paid`,
        );
      }
      if (attempt.orderNo !== r.orderNo) {
        throw new JournalError('invalid_input', 'createRefund: orderNo does not match the paid attempt');
      }
      // The limit is checked in the same transaction as the insert: two refunds racing cannot both pass.
      // Per attempt, so the duplicate charge of a sale paid twice can be refunded in full too.
      const { cents } = this.s.refundedByAttempt.get(attempt.id) as { cents: number };
      if (cents + r.amountCents > sale.amountCents) {
        throw new JournalError(
          'refund_limit',
          `createRefund: ${r.amountCents} exceeds the refundable ${sale.amountCents - cents} on sale ${sale.id}`,
        );
      }
      const row: RefundRow = {
        ...r,
        ...refundTrackingAtStart(r.createdAt, this.c.timeZone),
      };
      this.s.insertRefund.run({
        ...refundToDb(row),
        requested_by: requestedBy ?? null,
        approved_by: approvedBy ?? null,
      });
      this.sessions.assign('refund', row.id, row.createdAt);
      return row;
    });
  }

  updateRefund(id: string, patch: RefundPatch, at: number): RefundRow {
    const p = definedOnly(parse(refundPatchSchema, patch, 'updateRefund'));
    parse(timeSchema, at, 'updateRefund.at');
    return this.c.transaction(() => {
      const cur = this.getRefund(id);
      if (!cur) throw new JournalError('not_found', `refund ${String(id)} not found`);
      if (cur.status === 'CLOSED' && p.status !== undefined && p.status !== 'CLOSED') {
        throw new JournalError('invalid_transition', `updateRefund ${id}: a closed refund stays closed`);
      }
      const next: RefundRow = { ...cur, ...p, updatedAt: at };
      this.s.updateRefund.run(refundToDb(next));
      if (next.status !== cur.status) this.sessions.carryIfClosed('refund', id, at);
      return next;
    });
  }

  getRefund(id: string): RefundRow | undefined {
    const r = this.s.getRefund.get(id) as RefundDb | undefined;
    return r && refundFromDb(r);
  }

  listRefunds(saleId: string): RefundRow[] {
    return (this.s.listRefunds.all(saleId) as RefundDb[]).map(refundFromDb);
  }

  listOpenRefunds(): RefundRow[] {
    return (this.s.openRefunds.all() as RefundDb[]).map(refundFromDb);
  }

  refundedCents(saleId: string): number {
    return (this.s.refundedBySale.get({ sale: saleId }) as { cents: number }).cents;
  }
}
