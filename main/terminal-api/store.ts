/**
 * The Terminal API's journal tables (migration 3 in main/journal/migrations.ts), through a second connection to
 * the same SQLite file: the journal's own interface stays as it is. WAL lets both connections work; every write
 * here is one short statement.
 */
import Database from 'better-sqlite3';

export interface ApiPaymentRow {
  id: string;
  saleId: string | null;
  amountCents: number;
  currency: 'AUD';
  mode: 'scan' | 'qr';
  reference: string | null;
  description: string | null;
  client: string;
  createdAt: number;
}

export type ApiRefundApproval = 'awaiting' | 'approved' | 'declined';

export interface ApiRefundRow {
  id: string;
  /** null: approved with the PIN the POS passed; else the on-screen approval's state. */
  approval: ApiRefundApproval | null;
  refundId: string | null;
  saleId: string;
  amountCents: number;
  reason: string;
  client: string;
  createdAt: number;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  keyHash: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface ApiCall {
  at: number;
  client: string;
  method: string;
  path: string;
  status: number;
  code: string | null;
  subject: string | null;
}

type Raw = Record<string, unknown>;

export class TerminalApiStore {
  private readonly db: Database.Database;

  constructor(journalPath: string) {
    this.db = new Database(journalPath, { timeout: 5000, fileMustExist: true });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
  }

  close(): void {
    this.db.close();
  }

  // ——— payments ———

  /** Inserts the caller's payment id; false when the id is already taken (the caller gets the existing one). */
  reservePayment(row: Omit<ApiPaymentRow, 'saleId'>): boolean {
    const r = this.db
      .prepare(
        `INSERT INTO api_payments (id, sale_id, amount_cents, currency, mode, reference, description, client,
        created_at) VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      )
      .run(
        row.id,
        row.amountCents,
        row.currency,
        row.mode,
        row.reference,
        row.description,
        row.client,
        row.createdAt,
      );
    return r.changes === 1;
  }

  linkPayment(id: string, saleId: string): void {
    this.db.prepare('UPDATE api_payments SET sale_id = ? WHERE id = ? AND sale_id IS NULL').run(saleId, id);
  }

  /** A reservation whose sale never started (it failed at once): bad input changes nothing. */
  dropPayment(id: string): void {
    this.db.prepare('DELETE FROM api_payments WHERE id = ? AND sale_id IS NULL').run(id);
  }

  getPayment(id: string): ApiPaymentRow | null {
    const r = this.db.prepare('SELECT * FROM api_payments WHERE id = ?').get(id) as Raw | undefined;
    return r ? paymentRow(r) : null;
  }

  paymentBySale(saleId: string): ApiPaymentRow | null {
    const r = this.db.prepare('SELECT * FROM api_payments WHERE sale_id = ?').get(saleId) as Raw | undefined;
    return r ? paymentRow(r) : null;
  }

  unlinkedPayments(): ApiPaymentRow[] {
    return (this.db.prepare('SELECT * FROM api_payments WHERE sale_id IS NULL').all() as Raw[]).map(
      paymentRow,
    );
  }

  recentPayments(since: number): ApiPaymentRow[] {
    return (
      this.db
        .prepare('SELECT * FROM api_payments WHERE created_at >= ? ORDER BY created_at DESC LIMIT 50')
        .all(since) as Raw[]
    ).map(paymentRow);
  }

  // ——— refunds ———

  reserveRefund(row: Omit<ApiRefundRow, 'refundId'>): boolean {
    const r = this.db
      .prepare(
        `INSERT INTO api_refunds (id, refund_id, sale_id, amount_cents, reason, client, created_at, approval)
        VALUES (?, NULL, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      )
      .run(row.id, row.saleId, row.amountCents, row.reason, row.client, row.createdAt, row.approval);
    return r.changes === 1;
  }

  setApproval(id: string, approval: ApiRefundApproval): void {
    this.db.prepare('UPDATE api_refunds SET approval = ? WHERE id = ?').run(approval, id);
  }

  /** Decides an awaiting request once: false when it was not awaiting (decided already, or unknown). */
  decideRefund(id: string, approval: 'approved' | 'declined'): boolean {
    return (
      this.db
        .prepare(`UPDATE api_refunds SET approval = ? WHERE id = ? AND approval = 'awaiting'`)
        .run(approval, id).changes === 1
    );
  }

  linkRefund(id: string, refundId: string): void {
    this.db
      .prepare('UPDATE api_refunds SET refund_id = ? WHERE id = ? AND refund_id IS NULL')
      .run(refundId, id);
  }

  dropRefund(id: string): void {
    this.db.prepare('DELETE FROM api_refunds WHERE id = ? AND refund_id IS NULL').run(id);
  }

  getRefund(id: string): ApiRefundRow | null {
    const r = this.db.prepare('SELECT * FROM api_refunds WHERE id = ?').get(id) as Raw | undefined;
    return r ? refundRow(r) : null;
  }

  linkedRefundIds(saleId: string): Set<string> {
    const rows = this.db
      .prepare('SELECT refund_id FROM api_refunds WHERE sale_id = ? AND refund_id IS NOT NULL')
      .all(saleId) as Array<{ refund_id: string }>;
    return new Set(rows.map((r) => r.refund_id));
  }

  unlinkedRefunds(): ApiRefundRow[] {
    // Requests still awaiting (or declined on) the till's screen have no refund to link: they stay as they are.
    return (
      this.db
        .prepare(
          `SELECT * FROM api_refunds WHERE refund_id IS NULL AND (approval IS NULL OR approval = 'approved')`,
        )
        .all() as Raw[]
    ).map(refundRow);
  }

  // ——— keys ———

  addKey(row: Omit<ApiKeyRow, 'lastUsedAt' | 'revokedAt'>): void {
    this.db
      .prepare('INSERT INTO api_keys (id, name, key_hash, created_at) VALUES (?, ?, ?, ?)')
      .run(row.id, row.name, row.keyHash, row.createdAt);
  }

  keyByHash(hash: string): ApiKeyRow | null {
    const r = this.db.prepare('SELECT * FROM api_keys WHERE key_hash = ?').get(hash) as Raw | undefined;
    return r ? keyRow(r) : null;
  }

  touchKey(id: string, at: number): void {
    this.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(at, id);
  }

  revokeKey(id: string, at: number): boolean {
    return (
      this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id)
        .changes === 1
    );
  }

  listKeys(): ApiKeyRow[] {
    return (this.db.prepare('SELECT * FROM api_keys ORDER BY created_at').all() as Raw[]).map(keyRow);
  }

  // ——— calls ———

  logCall(call: ApiCall): void {
    this.db
      .prepare(
        'INSERT INTO api_calls (at, client, method, path, status, code, subject) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(call.at, call.client, call.method, call.path, call.status, call.code, call.subject);
  }

  listCalls(limit = 100): ApiCall[] {
    return this.db
      .prepare(
        'SELECT at, client, method, path, status, code, subject FROM api_calls ORDER BY id DESC LIMIT ?',
      )
      .all(limit) as ApiCall[];
  }
}

function paymentRow(r: Raw): ApiPaymentRow {
  return {
    id: r.id as string,
    saleId: (r.sale_id as string | null) ?? null,
    amountCents: r.amount_cents as number,
    currency: 'AUD',
    mode: r.mode as 'scan' | 'qr',
    reference: (r.reference as string | null) ?? null,
    description: (r.description as string | null) ?? null,
    client: r.client as string,
    createdAt: r.created_at as number,
  };
}

function refundRow(r: Raw): ApiRefundRow {
  return {
    id: r.id as string,
    refundId: (r.refund_id as string | null) ?? null,
    approval: (r.approval as ApiRefundApproval | null) ?? null,
    saleId: r.sale_id as string,
    amountCents: r.amount_cents as number,
    reason: r.reason as string,
    client: r.client as string,
    createdAt: r.created_at as number,
  };
}

function keyRow(r: Raw): ApiKeyRow {
  return {
    id: r.id as string,
    name: r.name as string,
    keyHash: r.key_hash as string,
    createdAt: r.created_at as number,
    lastUsedAt: (r.last_used_at as number | null) ?? null,
    revokedAt: (r.revoked_at as number | null) ?? null,
  };
}
