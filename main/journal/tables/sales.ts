/** Sales and their payment attempts: the rules that keep one sale from being charged twice live here. */
import { businessDateOf } from '../../shared/business-date';
import { JournalError } from '../errors';
import type { AttemptDb, SaleDb } from '../rows';
import { attemptFromDb, attemptToDb, saleFromDb, saleToDb } from '../rows';
import { searchSales } from '../search';
import { ACTIVE_SALE_STATUSES, OPEN_ATTEMPT_STATUSES, sqlList } from '../status';
import type {
  AttemptPatch,
  AttemptRow,
  AttemptStatus,
  Journal,
  SalePatch,
  SaleRow,
  SaleSearch,
} from '../types';
import {
  attemptPatchSchema,
  newAttemptSchema,
  newSaleSchema,
  parse,
  salePatchSchema,
  timeSchema,
} from '../validation';
import { definedOnly, type JournalConnection } from './connection';
import type { SessionTable } from './sessions';

/**
 * Scan attempts whose outcome is open: money may still move. A merchant-presented QR order (`pending`) is left to
 * the engine, which decides when an unpaid QR is superseded.
 */
const CHARGING_STATUSES: readonly AttemptStatus[] = ['submitting', 'userpaying', 'unknown'];

export class SaleTable {
  private readonly s;

  constructor(
    private readonly c: JournalConnection,
    private readonly sessions: SessionTable,
    /** The person acting at the till, who takes a sale or attempt unless one is named (migration 11). */
    private readonly acting: () => string | null = () => null,
  ) {
    const p = (sql: string) => c.prepare(sql);
    this.s = {
      insertSale:
        p(`INSERT INTO sales (id, pos_no, kind, amount_cents, currency, order_name, platform, status,
        paid_attempt_id, created_at, updated_at, paid_at, business_date, status_reason, person_id)
        VALUES (@id, @pos_no, @kind, @amount_cents, @currency, @order_name, @platform, @status, @paid_attempt_id,
        @created_at, @updated_at, @paid_at, @business_date, @status_reason, @person_id)`),
      updateSale:
        p(`UPDATE sales SET platform = @platform, status = @status, paid_attempt_id = @paid_attempt_id,
        updated_at = @updated_at, paid_at = @paid_at, status_reason = @status_reason,
        voided_by = coalesce(@voided_by, voided_by) WHERE id = @id`),
      getSale: p('SELECT * FROM sales WHERE id = ?'),
      activeSales: p(`SELECT * FROM sales INDEXED BY sales_active
        WHERE status IN (${sqlList(ACTIVE_SALE_STATUSES)}) ORDER BY created_at, rowid`),
      nextAttemptSeq: p('SELECT coalesce(max(seq), 0) + 1 AS seq FROM attempts WHERE sale_id = ?'),
      insertAttempt:
        p(`INSERT INTO attempts (id, sale_id, seq, kind, out_order_no, payment_code, platform, status,
        order_no, error_code, error_detail, order_time, pay_time, exchange_rate_scaled, pay_currency, cny_amount,
        qrcode, pay_url, created_at, updated_at, last_checked_at, next_check_at, check_count, resolved_by,
        sale_created_at, person_id)
        VALUES (@id, @sale_id, @seq, @kind, @out_order_no, @payment_code, @platform, @status, @order_no, @error_code,
        @error_detail, @order_time, @pay_time, @exchange_rate_scaled, @pay_currency, @cny_amount, @qrcode, @pay_url,
        @created_at, @updated_at, @last_checked_at, @next_check_at, @check_count, @resolved_by,
        (SELECT created_at FROM sales WHERE id = @sale_id), @person_id)`),
      updateAttempt:
        p(`UPDATE attempts SET payment_code = @payment_code, platform = @platform, status = @status,
        order_no = @order_no, error_code = @error_code, error_detail = @error_detail, order_time = @order_time,
        pay_time = @pay_time, exchange_rate_scaled = @exchange_rate_scaled, pay_currency = @pay_currency,
        cny_amount = @cny_amount, qrcode = @qrcode, pay_url = @pay_url, updated_at = @updated_at,
        last_checked_at = @last_checked_at, next_check_at = @next_check_at, check_count = @check_count,
        resolved_by = @resolved_by WHERE id = @id`),
      getAttempt: p('SELECT * FROM attempts WHERE id = ?'),
      listAttempts: p('SELECT * FROM attempts WHERE sale_id = ? ORDER BY seq'),
      attemptByOutOrderNo: p('SELECT * FROM attempts WHERE out_order_no = ?'),
      attemptByOrderNo: p(
        "SELECT * FROM attempts WHERE order_no = ? ORDER BY (status = 'paid') DESC, created_at DESC LIMIT 1",
      ),
      openAttempts: p(`SELECT * FROM attempts INDEXED BY attempts_open
        WHERE status IN (${sqlList(OPEN_ATTEMPT_STATUSES)}) ORDER BY created_at, rowid`),
    };
  }

  // ── sales ──────────────────────────────────────────────────────────────────────────────────────────────────

  createSale(input: Parameters<Journal['createSale']>[0]): SaleRow {
    const { personId, ...r } = parse(newSaleSchema, input, 'createSale');
    if (r.status === 'paid')
      throw new JournalError('invalid_input', 'createSale: a sale is paid by an attempt');
    const row: SaleRow = {
      ...r,
      paidAttemptId: null,
      paidAt: null,
      statusReason: null,
      updatedAt: r.createdAt,
      businessDate: businessDateOf(r.createdAt, this.c.timeZone),
    };
    this.c.transaction(() => {
      this.s.insertSale.run({ ...saleToDb(row), person_id: personId ?? this.acting() });
      this.sessions.assign('sale', row.id, row.createdAt);
    });
    return row;
  }

  updateSale(id: string, patch: SalePatch, at: number): SaleRow {
    const { voidedBy, ...p } = definedOnly(parse(salePatchSchema, patch, 'updateSale'));
    parse(timeSchema, at, 'updateSale.at');
    return this.c.transaction(() => {
      const cur = this.requireSale(id);
      const next: SaleRow = { ...cur, ...p, updatedAt: at };
      if (cur.status === 'paid' && (next.status !== 'paid' || next.paidAttemptId !== cur.paidAttemptId)) {
        throw new JournalError('invalid_transition', `updateSale ${id}: a paid sale stays paid`);
      }
      if (next.paidAttemptId !== null && next.paidAttemptId !== cur.paidAttemptId) {
        const a = this.getAttempt(next.paidAttemptId);
        if (!a || a.saleId !== id) {
          throw new JournalError(
            'invalid_input',
            `updateSale ${id}: paidAttemptId is not an attempt of this sale`,
          );
        }
      }
      if (next.status === 'paid') {
        if (next.paidAttemptId === null) {
          throw new JournalError('invalid_input', `updateSale ${id}: a paid sale needs paidAttemptId`);
        }
        if (next.paidAt === null) next.paidAt = at;
      }
      this.s.updateSale.run({ ...saleToDb(next), voided_by: voidedBy ?? null });
      // A late payment keeps the status (voided) but moves money: it belongs to the shift it landed in.
      const moved = next.status !== cur.status || next.paidAttemptId !== cur.paidAttemptId;
      if (moved) this.sessions.carryIfClosed('sale', id, at);
      return next;
    });
  }

  getSale(id: string): SaleRow | undefined {
    const r = this.s.getSale.get(id) as SaleDb | undefined;
    return r && saleFromDb(r);
  }

  listActiveSales(): SaleRow[] {
    return (this.s.activeSales.all() as SaleDb[]).map(saleFromDb);
  }

  searchSales(query: SaleSearch): SaleRow[] {
    return searchSales(this.c.stmts, query);
  }

  requireSale(id: string): SaleRow {
    const s = typeof id === 'string' ? this.getSale(id) : undefined;
    if (!s) throw new JournalError('not_found', `sale ${String(id)} not found`);
    return s;
  }

  // ── attempts ───────────────────────────────────────────────────────────────────────────────────────────────

  createAttempt(input: Parameters<Journal['createAttempt']>[0]): AttemptRow {
    const r = parse(newAttemptSchema, input, 'createAttempt');
    return this.c.transaction(() => {
      const sale = this.requireSale(r.saleId);
      if (sale.status === 'paid') {
        // A second charge for one sale is exactly what the journal exists to prevent.
        throw new JournalError('invalid_transition', `createAttempt: sale ${sale.id} is already paid`);
      }
      const live = this.listAttempts(sale.id).find((a) => CHARGING_STATUSES.includes(a.status));
      if (live) {
        // A new code while an earlier attempt may still take money risks charging the customer twice.
        throw new JournalError(
          'invalid_transition',
          `createAttempt: attempt ${live.id} of sale ${sale.id} is ${live.status}; settle it first`,
        );
      }
      const { seq } = this.s.nextAttemptSeq.get(r.saleId) as { seq: number };
      const row: AttemptRow = {
        id: r.id,
        saleId: r.saleId,
        seq,
        kind: r.kind,
        outOrderNo: r.outOrderNo,
        paymentCode: r.paymentCode,
        platform: r.platform,
        status: r.status ?? 'submitting',
        orderNo: null,
        errorCode: null,
        errorDetail: null,
        orderTime: null,
        payTime: null,
        exchangeRateScaled: null,
        payCurrency: null,
        cnyAmount: null,
        qrcode: null,
        payUrl: null,
        createdAt: r.createdAt,
        updatedAt: r.createdAt,
        lastCheckedAt: null,
        nextCheckAt: null,
        checkCount: 0,
        resolvedBy: null,
      };
      this.s.insertAttempt.run({ ...attemptToDb(row), person_id: r.personId ?? this.acting() });
      return row;
    });
  }

  updateAttempt(id: string, patch: AttemptPatch, at: number): AttemptRow {
    const p = definedOnly(parse(attemptPatchSchema, patch, 'updateAttempt'));
    parse(timeSchema, at, 'updateAttempt.at');
    return this.c.transaction(() => {
      const cur = this.getAttempt(id);
      if (!cur) throw new JournalError('not_found', `attempt ${String(id)} not found`);
      if (cur.status === 'paid' && p.status !== undefined && p.status !== 'paid') {
        throw new JournalError('invalid_transition', `updateAttempt ${id}: a paid attempt stays paid`);
      }
      const next: AttemptRow = { ...cur, ...p, updatedAt: at };
      this.s.updateAttempt.run(attemptToDb(next));
      return next;
    });
  }

  getAttempt(id: string): AttemptRow | undefined {
    const r = this.s.getAttempt.get(id) as AttemptDb | undefined;
    return r && attemptFromDb(r);
  }

  listAttempts(saleId: string): AttemptRow[] {
    return (this.s.listAttempts.all(saleId) as AttemptDb[]).map(attemptFromDb);
  }

  findAttemptByOutOrderNo(outOrderNo: string): AttemptRow | undefined {
    const r = this.s.attemptByOutOrderNo.get(outOrderNo) as AttemptDb | undefined;
    return r && attemptFromDb(r);
  }

  findAttemptByOrderNo(orderNo: string): AttemptRow | undefined {
    const r = this.s.attemptByOrderNo.get(orderNo) as AttemptDb | undefined;
    return r && attemptFromDb(r);
  }

  listOpenAttempts(): AttemptRow[] {
    return (this.s.openAttempts.all() as AttemptDb[]).map(attemptFromDb);
  }
}
