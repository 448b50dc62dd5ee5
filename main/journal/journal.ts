/**
 * The journal: one SQLite file (WAL, synchronous=FULL) holding every sale, attempt, refund and event. A method
 * returns only after its rows are durably on disk, so the engine may act on the network once a call returns
 * (write-ahead rule). Every input is validated first; a rejected write throws JournalError and changes nothing.
 */
import { randomInt } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { businessDateOf, compactDate, isBusinessDate, isValidTimeZone } from '../shared/business-date';
import { buildReport, buildSessionReport } from './report';
import { exportCsv } from './export';
import { JournalError } from './errors';
import { SCHEMA_VERSION, migrate } from './migrations';
import type { AttemptDb, DayCloseDb, EventDb, RefundDb, SaleDb } from './rows';
import {
  attemptFromDb,
  attemptToDb,
  dayCloseFromDb,
  eventFromDb,
  refundFromDb,
  refundToDb,
  saleFromDb,
  saleToDb,
} from './rows';
import { searchSales } from './search';
import { StatementCache } from './statements';
import { RemoteRefundTable } from './remote-refunds';
import {
  ACTIVE_SALE_STATUSES,
  FAILED_REFUND_STATUSES,
  OPEN_ATTEMPT_STATUSES,
  OPEN_REFUND_STATUSES,
  sqlList,
} from './status';
import type {
  AttemptStatus,
  AttemptPatch,
  AttemptRow,
  DayClose,
  DayReport,
  EventRow,
  Journal,
  ManagerAuthState,
  NewEvent,
  OutboxRecord,
  RefundPatch,
  RefundRow,
  SalePatch,
  SaleRow,
  SaleSearch,
  SessionReport,
  SessionRow,
} from './types';
import {
  assertNoSecrets,
  attemptPatchSchema,
  businessDateSchema,
  eventFilterSchema,
  managerAuthSchema,
  newAttemptSchema,
  newEventSchema,
  newRefundSchema,
  newSaleSchema,
  parse,
  posNoSchema,
  refundPatchSchema,
  salePatchSchema,
  timeSchema,
} from './validation';
import { z } from 'zod';

export { JournalError, isJournalError } from './errors';
export type { JournalErrorCode } from './errors';

export interface JournalOptions {
  /** Directory of the journal; created with mode 0700 when missing. */
  dir: string;
  /** Default `journal.sqlite`. */
  fileName?: string;
  /** IANA zone of the counter, for business dates; default: the system zone. */
  timeZone?: string;
  /** How long a write waits for another connection's lock before failing; default 5000 ms. */
  busyTimeoutMs?: number;
}

const DEFAULT_FILE = 'journal.sqlite';
const MAX_SEQ = 99_999;
const MAX_EVENT_BYTES = 64 * 1024;
const FAILED_REFUNDS = sqlList(FAILED_REFUND_STATUSES);
/**
 * Scan attempts whose outcome is open: money may still move. A merchant-presented QR order (`pending`) is left to
 * the engine, which decides when an unpaid QR is superseded.
 */
const CHARGING_STATUSES: readonly AttemptStatus[] = ['submitting', 'userpaying', 'unknown'];

export function openJournal(options: JournalOptions): Journal {
  const { dir, fileName = DEFAULT_FILE, timeZone, busyTimeoutMs = 5000 } = options;
  if (typeof dir !== 'string' || dir === '')
    throw new JournalError('invalid_input', 'openJournal: dir is required');
  if (!/^[^/\\]+$/.test(fileName) || fileName === '.' || fileName === '..') {
    throw new JournalError('invalid_input', 'openJournal: fileName must be a plain file name');
  }
  if (timeZone !== undefined && !isValidTimeZone(timeZone)) {
    throw new JournalError('invalid_input', `openJournal: unknown time zone ${JSON.stringify(timeZone)}`);
  }
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new JournalError('invalid_input', 'openJournal: busyTimeoutMs must be a non-negative integer');
  }
  const path = join(dir, fileName);
  let db: Database.Database;
  try {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
    // A file from a newer app is left exactly as it is: not its mode, not its journal mode, not a byte.
    refuseNewerFile(path);
    // SQLite gives its -wal and -shm files the main file's mode, so creating it 0600 covers all three.
    if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
    db = new Database(path, { timeout: busyTimeoutMs });
  } catch (e) {
    if (e instanceof JournalError) throw e;
    throw new JournalError('open_failed', `cannot open journal at ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  try {
    configure(db, busyTimeoutMs);
    migrate(db);
    return new SqliteJournal(db, path, timeZone);
  } catch (e) {
    db.close();
    if (e instanceof JournalError) throw e;
    throw new JournalError('open_failed', `cannot open journal at ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

const nonceSchema = z.string().min(1).max(64);

/**
 * Reads the schema version from the file header (bytes 60–63, "user version", big-endian) without opening the
 * file with SQLite, which would already change it (WAL mode, -shm file). migrate() checks again once open, for
 * a version bump still sitting in a WAL that was never checkpointed.
 */
function refuseNewerFile(path: string): void {
  if (!existsSync(path)) return;
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || header.toString('latin1', 0, 16) !== 'SQLite format 3\0') return;
  const version = header.readUInt32BE(60);
  if (version > SCHEMA_VERSION) {
    throw new JournalError(
      'schema_too_new',
      `journal schema version ${version} is newer than this app supports (${SCHEMA_VERSION}); update the app`,
    );
  }
}

function configure(db: Database.Database, busyTimeoutMs: number): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, WAL required`);
  // FULL: every commit fsyncs the WAL, so a write that returned survives power loss, not only a crash.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // Keep the WAL from growing without bound between checkpoints on a busy day.
  db.pragma('journal_size_limit = 67108864');
}

/** Maps SQLite's refusals to JournalError; everything else (disk full, I/O) propagates as it is. */
function sqliteToJournal(e: unknown): unknown {
  if (e instanceof Database.SqliteError && e.code.startsWith('SQLITE_CONSTRAINT')) {
    return new JournalError('constraint', `journal refused the write: ${e.message}`, { cause: e });
  }
  return e;
}

export interface JournalPragmas {
  journalMode: string;
  /** 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
  synchronous: number;
  foreignKeys: number;
  busyTimeout: number;
  userVersion: number;
}

/** The settings of a journal's own connection (per-connection pragmas cannot be read from another one). */
export function journalPragmas(journal: Journal): JournalPragmas {
  if (!(journal instanceof SqliteJournal)) throw new TypeError('not a SQLite journal');
  return journal.pragmas();
}

class SqliteJournal implements Journal {
  private readonly stmts: StatementCache;
  readonly remoteRefunds: RemoteRefundTable;
  private readonly s;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    readonly path: string,
    readonly timeZone: string | undefined,
  ) {
    this.stmts = new StatementCache(db);
    this.remoteRefunds = new RemoteRefundTable(this.stmts, (fn) => this.transaction(fn), timeZone);
    const p = (sql: string) => this.stmts.get(sql);
    this.s = {
      nextSeq: p(`INSERT INTO sequences (name, value) VALUES (?, 1)
        ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`),
      insertSale:
        p(`INSERT INTO sales (id, pos_no, kind, amount_cents, currency, order_name, platform, status,
        paid_attempt_id, created_at, updated_at, paid_at, business_date, status_reason)
        VALUES (@id, @pos_no, @kind, @amount_cents, @currency, @order_name, @platform, @status, @paid_attempt_id,
        @created_at, @updated_at, @paid_at, @business_date, @status_reason)`),
      updateSale:
        p(`UPDATE sales SET platform = @platform, status = @status, paid_attempt_id = @paid_attempt_id,
        updated_at = @updated_at, paid_at = @paid_at, status_reason = @status_reason WHERE id = @id`),
      getSale: p('SELECT * FROM sales WHERE id = ?'),
      activeSales: p(`SELECT * FROM sales INDEXED BY sales_active
        WHERE status IN (${sqlList(ACTIVE_SALE_STATUSES)}) ORDER BY created_at, rowid`),
      nextAttemptSeq: p('SELECT coalesce(max(seq), 0) + 1 AS seq FROM attempts WHERE sale_id = ?'),
      insertAttempt:
        p(`INSERT INTO attempts (id, sale_id, seq, kind, out_order_no, payment_code, platform, status,
        order_no, error_code, error_detail, order_time, pay_time, exchange_rate_scaled, pay_currency, cny_amount,
        qrcode, pay_url, created_at, updated_at, last_checked_at, next_check_at, check_count, resolved_by,
        sale_created_at)
        VALUES (@id, @sale_id, @seq, @kind, @out_order_no, @payment_code, @platform, @status, @order_no, @error_code,
        @error_detail, @order_time, @pay_time, @exchange_rate_scaled, @pay_currency, @cny_amount, @qrcode, @pay_url,
        @created_at, @updated_at, @last_checked_at, @next_check_at, @check_count, @resolved_by,
        (SELECT created_at FROM sales WHERE id = @sale_id))`),
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
      insertRefund:
        p(`INSERT INTO refunds (id, sale_id, attempt_id, order_no, out_refund_no, amount_cents, reason,
        status, refund_no, error_code, error_detail, refund_time, success_time, created_at, updated_at,
        last_checked_at, next_check_at, check_count, business_date)
        VALUES (@id, @sale_id, @attempt_id, @order_no, @out_refund_no, @amount_cents, @reason, @status, @refund_no,
        @error_code, @error_detail, @refund_time, @success_time, @created_at, @updated_at, @last_checked_at,
        @next_check_at, @check_count, @business_date)`),
      updateRefund: p(`UPDATE refunds SET reason = @reason, status = @status, refund_no = @refund_no,
        error_code = @error_code, error_detail = @error_detail, refund_time = @refund_time,
        success_time = @success_time, updated_at = @updated_at, last_checked_at = @last_checked_at,
        next_check_at = @next_check_at, check_count = @check_count WHERE id = @id`),
      getRefund: p('SELECT * FROM refunds WHERE id = ?'),
      listRefunds: p('SELECT * FROM refunds WHERE sale_id = ? ORDER BY created_at, rowid'),
      openRefunds: p(`SELECT * FROM refunds INDEXED BY refunds_open
        WHERE status IN (${sqlList(OPEN_REFUND_STATUSES)}) ORDER BY created_at, rowid`),
      refundedBySale: p(`SELECT coalesce(sum(amount_cents), 0) AS cents FROM refunds
        WHERE sale_id = ? AND status NOT IN (${FAILED_REFUNDS})`),
      refundedByAttempt: p(`SELECT coalesce(sum(amount_cents), 0) AS cents FROM refunds
        WHERE attempt_id = ? AND status NOT IN (${FAILED_REFUNDS})`),
      insertEvent: p(`INSERT INTO events (at, actor, type, entity, entity_id, data)
        VALUES (@at, @actor, @type, @entity, @entity_id, @data)`),
      pruneNonces: p('DELETE FROM notification_nonces WHERE expires_at <= ?'),
      insertNonce: p(`INSERT INTO notification_nonces (nonce, expires_at) VALUES (?, ?)
        ON CONFLICT (nonce) DO NOTHING`),
      getSetting: p('SELECT value FROM settings WHERE key = ?'),
      setSetting: p(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
      getAuth: p('SELECT pin_hash, failed_attempts, locked_until FROM manager_auth WHERE id = 1'),
      setAuth: p('UPDATE manager_auth SET pin_hash = ?, failed_attempts = ?, locked_until = ? WHERE id = 1'),
      insertDayClose: p(`INSERT INTO day_closes (business_date, closed_at, report, unresolved_count, forced)
        VALUES (?, ?, ?, ?, ?)`),
      getDayClose: p('SELECT * FROM day_closes WHERE business_date = ?'),
      openSession: p('SELECT * FROM sessions WHERE closed_at IS NULL'),
      getSession: p('SELECT * FROM sessions WHERE id = ?'),
      listSessions: p('SELECT * FROM sessions WHERE business_date = ? ORDER BY seq'),
      insertSession: p(`INSERT INTO sessions (business_date, seq, opened_at)
        VALUES (@day, 1 + coalesce((SELECT max(seq) FROM sessions WHERE business_date = @day), 0), @at)`),
      closeSession: p(`UPDATE sessions SET closed_at = ?, report = ?, unresolved_count = ?, forced = ?
        WHERE id = ? AND closed_at IS NULL`),
      saleSession:
        p(`SELECT m.session_id AS session_id, m.carried_from AS carried_from, x.closed_at AS closed_at
        FROM sale_sessions m JOIN sessions x ON x.id = m.session_id WHERE m.sale_id = ?`),
      refundSession: p(`SELECT m.session_id AS session_id, m.carried_from AS carried_from,
        x.closed_at AS closed_at FROM refund_sessions m JOIN sessions x ON x.id = m.session_id
        WHERE m.refund_id = ?`),
      insertSaleSession: p('INSERT INTO sale_sessions (sale_id, session_id) VALUES (?, ?)'),
      insertRefundSession: p('INSERT INTO refund_sessions (refund_id, session_id) VALUES (?, ?)'),
      moveSale: p('UPDATE sale_sessions SET session_id = ?, carried_from = ? WHERE sale_id = ?'),
      moveRefund: p('UPDATE refund_sessions SET session_id = ?, carried_from = ? WHERE refund_id = ?'),
      outboxAfter: p('SELECT * FROM replication_outbox WHERE seq > ? ORDER BY seq LIMIT ?'),
      outboxLastSeq: p('SELECT coalesce(max(seq), 0) AS seq FROM replication_outbox'),
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  transaction<T>(fn: () => T): T {
    // Nested calls become savepoints (better-sqlite3), so the methods below compose inside an outer transaction.
    try {
      return this.db.transaction(fn).immediate();
    } catch (e) {
      throw sqliteToJournal(e);
    }
  }

  pragmas(): JournalPragmas {
    const get = (name: string) => this.db.pragma(name, { simple: true });
    return {
      journalMode: String(get('journal_mode')),
      synchronous: Number(get('synchronous')),
      foreignKeys: Number(get('foreign_keys')),
      busyTimeout: Number(get('busy_timeout')),
      userVersion: Number(get('user_version')),
    };
  }

  /** Additive: `PRAGMA integrity_check` result lines (["ok"] when healthy). */
  integrityCheck(): string[] {
    return (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  }

  // ── order numbers ──────────────────────────────────────────────────────────────────────────────────────────

  nextOutOrderNo(posNo: string, at: number): string {
    return this.nextNumber('out_order_no', posNo, '', at);
  }

  nextOutRefundNo(posNo: string, at: number): string {
    return this.nextNumber('out_refund_no', posNo, 'R', at);
  }

  private nextNumber(kind: string, posNo: string, marker: string, at: number): string {
    parse(posNoSchema, posNo, `${kind}.posNo`);
    parse(timeSchema, at, `${kind}.at`);
    const day = compactDate(businessDateOf(at, this.timeZone));
    // One statement: the increment and its read are atomic, across processes too (the file lock serialises).
    const { value } = this.write(() => this.s.nextSeq.get(`${kind}:${posNo}:${day}`) as { value: number });
    if (value > MAX_SEQ) {
      throw new JournalError('sequence_exhausted', `${kind}: daily sequence for ${day} is exhausted`);
    }
    // posNo + marker + yyMMdd + install id + seq5 ≤ 32 chars. The install id keeps numbers unique even when a
    // terminal is reinstalled with an empty journal, or two terminals are given the same posNo by mistake.
    return `${posNo}${marker}${day.slice(2)}${this.installId()}${String(value).padStart(5, '0')}`;
  }

  private installIdCache: string | null = null;

  /** Four base-36 characters drawn once per journal file and kept in its settings. */
  private installId(): string {
    if (this.installIdCache) return this.installIdCache;
    // Read-or-create under the write lock, so two processes opening a fresh journal agree on one id.
    const id = this.transaction(() => {
      const stored = this.getSetting<string>('journal.installId');
      if (typeof stored === 'string' && /^[0-9A-Z]{4}$/.test(stored)) return stored;
      const fresh = randomInt(36 ** 3, 36 ** 4)
        .toString(36)
        .toUpperCase();
      this.setSetting('journal.installId', fresh);
      return fresh;
    });
    this.installIdCache = id;
    return id;
  }

  // ── sales ──────────────────────────────────────────────────────────────────────────────────────────────────

  createSale(input: Parameters<Journal['createSale']>[0]): SaleRow {
    const r = parse(newSaleSchema, input, 'createSale');
    if (r.status === 'paid')
      throw new JournalError('invalid_input', 'createSale: a sale is paid by an attempt');
    const row: SaleRow = {
      ...r,
      paidAttemptId: null,
      paidAt: null,
      statusReason: null,
      updatedAt: r.createdAt,
      businessDate: businessDateOf(r.createdAt, this.timeZone),
    };
    this.transaction(() => {
      this.s.insertSale.run(saleToDb(row));
      this.s.insertSaleSession.run(row.id, this.openSessionId(row.createdAt));
    });
    return row;
  }

  updateSale(id: string, patch: SalePatch, at: number): SaleRow {
    const p = definedOnly(parse(salePatchSchema, patch, 'updateSale'));
    parse(timeSchema, at, 'updateSale.at');
    return this.transaction(() => {
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
      this.s.updateSale.run(saleToDb(next));
      // A late payment keeps the status (voided) but moves money: it belongs to the shift it landed in.
      const moved = next.status !== cur.status || next.paidAttemptId !== cur.paidAttemptId;
      if (moved) this.carryIfClosed('sale', id, at);
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
    return searchSales(this.stmts, query);
  }

  private requireSale(id: string): SaleRow {
    const s = typeof id === 'string' ? this.getSale(id) : undefined;
    if (!s) throw new JournalError('not_found', `sale ${String(id)} not found`);
    return s;
  }

  // ── attempts ───────────────────────────────────────────────────────────────────────────────────────────────

  createAttempt(input: Parameters<Journal['createAttempt']>[0]): AttemptRow {
    const r = parse(newAttemptSchema, input, 'createAttempt');
    return this.transaction(() => {
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
      this.s.insertAttempt.run(attemptToDb(row));
      return row;
    });
  }

  updateAttempt(id: string, patch: AttemptPatch, at: number): AttemptRow {
    const p = definedOnly(parse(attemptPatchSchema, patch, 'updateAttempt'));
    parse(timeSchema, at, 'updateAttempt.at');
    return this.transaction(() => {
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

  // ── refunds ────────────────────────────────────────────────────────────────────────────────────────────────

  createRefund(input: Parameters<Journal['createRefund']>[0]): RefundRow {
    const r = parse(newRefundSchema, input, 'createRefund');
    return this.transaction(() => {
      const sale = this.requireSale(r.saleId);
      const attempt = this.getAttempt(r.attemptId);
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
        refundNo: null,
        errorCode: null,
        errorDetail: null,
        refundTime: null,
        successTime: null,
        updatedAt: r.createdAt,
        lastCheckedAt: null,
        nextCheckAt: null,
        checkCount: 0,
        businessDate: businessDateOf(r.createdAt, this.timeZone),
      };
      this.s.insertRefund.run(refundToDb(row));
      this.s.insertRefundSession.run(row.id, this.openSessionId(row.createdAt));
      return row;
    });
  }

  updateRefund(id: string, patch: RefundPatch, at: number): RefundRow {
    const p = definedOnly(parse(refundPatchSchema, patch, 'updateRefund'));
    parse(timeSchema, at, 'updateRefund.at');
    return this.transaction(() => {
      const cur = this.getRefund(id);
      if (!cur) throw new JournalError('not_found', `refund ${String(id)} not found`);
      if (cur.status === 'CLOSED' && p.status !== undefined && p.status !== 'CLOSED') {
        throw new JournalError('invalid_transition', `updateRefund ${id}: a closed refund stays closed`);
      }
      const next: RefundRow = { ...cur, ...p, updatedAt: at };
      this.s.updateRefund.run(refundToDb(next));
      if (next.status !== cur.status) this.carryIfClosed('refund', id, at);
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
    return (this.s.refundedBySale.get(saleId) as { cents: number }).cents;
  }

  // ── events ─────────────────────────────────────────────────────────────────────────────────────────────────

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
    const info = this.write(() =>
      this.s.insertEvent.run({
        at: e.at,
        actor: e.actor,
        type: e.type,
        entity: e.entity,
        entity_id: e.entityId,
        data,
      }),
    );
    return Number(info.lastInsertRowid);
  }

  listEvents(filter: Parameters<Journal['listEvents']>[0]): EventRow[] {
    const f = parse(eventFilterSchema, filter ?? {}, 'listEvents');
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.entity !== undefined) {
      where.push('entity = ?');
      params.push(f.entity);
    }
    if (f.entityId !== undefined) {
      where.push('entity_id = ?');
      params.push(f.entityId);
    }
    if (f.since !== undefined) {
      where.push('at >= ?');
      params.push(f.since);
    }
    if (f.afterId !== undefined) {
      where.push('id > ?');
      params.push(f.afterId);
    }
    const sql = `SELECT * FROM events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`;
    return (this.stmts.get(sql).all(...params, f.limit ?? 1000) as EventDb[]).map(eventFromDb);
  }

  // ── notification nonces ───────────────────────────────────────────────────────────────────────────────────

  rememberNonce(nonce: string, now: number, expiresAt: number): boolean {
    parse(nonceSchema, nonce, 'rememberNonce.nonce');
    parse(timeSchema, now, 'rememberNonce.now');
    parse(timeSchema, expiresAt, 'rememberNonce.expiresAt');
    return this.transaction(() => {
      // Expired nonces go first, so the table holds only the replay window's worth.
      this.s.pruneNonces.run(now);
      return this.s.insertNonce.run(nonce, expiresAt).changes === 1;
    });
  }

  // ── settings and manager PIN state ─────────────────────────────────────────────────────────────────────────

  getSetting<T>(key: string): T | undefined {
    parse(settingKey, key, 'getSetting.key');
    const r = this.s.getSetting.get(key) as { value: string } | undefined;
    return r === undefined ? undefined : (JSON.parse(r.value) as T);
  }

  setSetting(key: string, value: unknown): void {
    parse(settingKey, key, 'setSetting.key');
    const json = value === undefined ? undefined : JSON.stringify(value);
    if (json === undefined) throw new JournalError('invalid_input', `setSetting ${key}: value is not JSON`);
    this.write(() => this.s.setSetting.run(key, json, Date.now()));
  }

  getManagerAuth(): ManagerAuthState {
    const r = this.s.getAuth.get() as {
      pin_hash: string | null;
      failed_attempts: number;
      locked_until: number | null;
    };
    return { pinHash: r.pin_hash, failedAttempts: r.failed_attempts, lockedUntil: r.locked_until };
  }

  setManagerAuth(state: ManagerAuthState): void {
    const s = parse(managerAuthSchema, state, 'setManagerAuth');
    this.write(() => this.s.setAuth.run(s.pinHash, s.failedAttempts, s.lockedUntil));
  }

  // ── reports and export ─────────────────────────────────────────────────────────────────────────────────────

  report(kind: 'X' | 'Z', businessDate: string, at: number): DayReport {
    // One read transaction, so the totals and the lists describe the same instant.
    return this.db
      .transaction(() => buildReport(this.stmts, this.timeZone, kind, businessDate, at))
      .deferred();
  }

  recordDayClose(close: Omit<DayClose, 'id'>): DayClose {
    const c = parse(dayCloseSchema, close, 'recordDayClose');
    if (!isBusinessDate(c.businessDate))
      throw new JournalError('invalid_input', 'recordDayClose: not a date');
    const report = close.report;
    if (report.businessDate !== c.businessDate) {
      throw new JournalError('invalid_input', 'recordDayClose: the report is for another business date');
    }
    return this.transaction(() => {
      if (this.s.getDayClose.get(c.businessDate)) {
        throw new JournalError('day_already_closed', `business date ${c.businessDate} is already closed`);
      }
      const info = this.s.insertDayClose.run(
        c.businessDate,
        c.closedAt,
        JSON.stringify(report),
        c.unresolvedCount,
        c.forced ? 1 : 0,
      );
      return { ...close, id: Number(info.lastInsertRowid) };
    });
  }

  getDayClose(businessDate: string): DayClose | undefined {
    const r = this.s.getDayClose.get(businessDate) as DayCloseDb | undefined;
    return r && dayCloseFromDb(r);
  }

  // ── sessions (shifts) ──────────────────────────────────────────────────────────────────────────────────────

  currentSession(): SessionRow | undefined {
    const r = this.s.openSession.get() as SessionDb | undefined;
    return r && sessionFromDb(r);
  }

  getSession(id: number): SessionRow | undefined {
    parse(sessionIdSchema, id, 'getSession.id');
    const r = this.s.getSession.get(id) as SessionDb | undefined;
    return r && sessionFromDb(r);
  }

  listSessions(businessDate: string): SessionRow[] {
    parse(businessDateSchema, businessDate, 'listSessions.businessDate');
    return (this.s.listSessions.all(businessDate) as SessionDb[]).map(sessionFromDb);
  }

  sessionOfSale(saleId: string): number | undefined {
    const r = this.s.saleSession.get(saleId) as { session_id: number } | undefined;
    return r?.session_id;
  }

  sessionReport(kind: 'X' | 'Z', sessionId: number, at: number): SessionReport {
    return this.db
      .transaction(() => buildSessionReport(this.stmts, kind, this.requireSession(sessionId), at))
      .deferred();
  }

  closeSession(sessionId: number, at: number, forced: boolean): SessionReport {
    parse(timeSchema, at, 'closeSession.at');
    parse(z.boolean(), forced, 'closeSession.forced');
    return this.transaction(() => {
      const open = this.requireSession(sessionId);
      if (open.closedAt !== null) {
        throw new JournalError('session_not_open', `session ${sessionId} is already closed`);
      }
      const closed: SessionRow = { ...open, closedAt: Math.max(at, open.openedAt) };
      const report = buildSessionReport(this.stmts, 'Z', closed, at);
      closed.unresolvedCount = report.unresolved.length;
      closed.forced = forced;
      const frozen: SessionReport = { ...report, session: closed };
      this.s.closeSession.run(
        closed.closedAt,
        JSON.stringify(frozen),
        closed.unresolvedCount,
        forced ? 1 : 0,
        sessionId,
      );
      return frozen;
    });
  }

  getSessionZ(sessionId: number): SessionReport | undefined {
    parse(sessionIdSchema, sessionId, 'getSessionZ.id');
    const r = this.s.getSession.get(sessionId) as SessionDb | undefined;
    if (!r || r.report === null) return undefined;
    const stored = JSON.parse(r.report) as Partial<SessionReport> & DayReport;
    // A Z carried over from a day close (before sessions) has no session fields of its own.
    return {
      ...stored,
      kind: 'Z',
      session: sessionFromDb(r),
      carried: stored.carried ?? [],
      carriedRefunds: stored.carriedRefunds ?? [],
    };
  }

  private requireSession(id: number): SessionRow {
    const s = this.getSession(id);
    if (!s) throw new JournalError('not_found', `session ${String(id)} not found`);
    return s;
  }

  /** The open session's id, opening one (the next shift) when the last was closed. Call inside a transaction. */
  private openSessionId(at: number): number {
    const open = this.s.openSession.get() as SessionDb | undefined;
    if (open) return open.id;
    const info = this.s.insertSession.run({ day: businessDateOf(at, this.timeZone), at });
    return Number(info.lastInsertRowid);
  }

  /**
   * A sale or refund whose status changed after its session closed moves to the open session, so what settles
   * later is reported in the shift it settled in; `carried_from` keeps the first session it belonged to.
   */
  private carryIfClosed(kind: 'sale' | 'refund', id: string, at: number): void {
    const stmt = kind === 'sale' ? this.s.saleSession : this.s.refundSession;
    const m = stmt.get(id) as
      { session_id: number; carried_from: number | null; closed_at: number | null } | undefined;
    if (!m || m.closed_at === null) return;
    const target = this.openSessionId(at);
    (kind === 'sale' ? this.s.moveSale : this.s.moveRefund).run(target, m.carried_from ?? m.session_id, id);
  }

  exportCsv(from: number, to: number): { salesCsv: string; refundsCsv: string } {
    parse(timeSchema, from, 'exportCsv.from');
    parse(timeSchema, to, 'exportCsv.to');
    return this.db.transaction(() => exportCsv(this.stmts, from, to, this.timeZone)).deferred();
  }

  // ── replication outbox ─────────────────────────────────────────────────────────────────────────────────────

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

  journalId(): string {
    return (this.stmts.get('SELECT id FROM journal_identity WHERE only = 1').get() as { id: string }).id;
  }

  outboxLastSeq(): number {
    return (this.s.outboxLastSeq.get() as { seq: number }).seq;
  }

  /** Runs one write statement, mapping SQLite's refusals to JournalError. */
  private write<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw sqliteToJournal(e);
    }
  }
}

/** `{ status: undefined }` means "leave status alone", as an absent key does; null is a value. */
function definedOnly<T extends object>(patch: T): T {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as T;
}

const sessionIdSchema = z.number().int().min(1);
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

interface SessionDb {
  id: number;
  business_date: string;
  seq: number;
  opened_at: number;
  closed_at: number | null;
  report: string | null;
  unresolved_count: number | null;
  forced: number;
}

function sessionFromDb(r: SessionDb): SessionRow {
  return {
    id: r.id,
    businessDate: r.business_date,
    seq: r.seq,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    unresolvedCount: r.unresolved_count,
    forced: r.forced === 1,
  };
}

const settingKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/);

const dayCloseSchema = z.object({
  businessDate: businessDateSchema,
  closedAt: timeSchema,
  report: z.object({ businessDate: businessDateSchema }).passthrough(),
  unresolvedCount: z.number().int().min(0),
  forced: z.boolean(),
});
