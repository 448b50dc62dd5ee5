/**
 * The journal: one SQLite file (WAL, synchronous=FULL) holding every sale, attempt, refund and event. A method
 * returns only after its rows are durably on disk, so the engine may act on the network once a call returns
 * (write-ahead rule). Every input is validated first; a rejected write throws JournalError and changes nothing.
 * The tables live in ./tables/, one file per concern; this class is their single face, the Journal contract.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isValidTimeZone } from '../shared/business-date';
import { JournalError } from './errors';
import { migrate } from './migrations';
import { configure, refuseNewerFile } from './open-file';
import { RefundElsewhereTable } from './refunds-elsewhere';
import { RemoteRefundTable } from './remote-refunds';
import { JournalConnection } from './tables/connection';
import { DayCloseTable } from './tables/day-closes';
import { EventTable } from './tables/events';
import { OrderNumbers } from './tables/order-numbers';
import { OutboxTable } from './tables/outbox';
import { PeopleTable } from './tables/people';
import { RefundTable } from './tables/refunds';
import { SaleTable } from './tables/sales';
import { SessionTable } from './tables/sessions';
import { SettingTable } from './tables/settings';
import type { SalesInsightsView } from '../../contract/insights-views';
import type {
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
  readonly remoteRefunds: RemoteRefundTable;
  readonly refundsElsewhere: RefundElsewhereTable;
  readonly people: PeopleTable;
  private readonly c: JournalConnection;
  private readonly numbers: OrderNumbers;
  private readonly sales: SaleTable;
  private readonly refunds: RefundTable;
  private readonly events: EventTable;
  private readonly settings: SettingTable;
  private readonly days: DayCloseTable;
  private readonly sessions: SessionTable;
  private readonly outbox: OutboxTable;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    readonly path: string,
    timeZone: string | undefined,
  ) {
    this.c = new JournalConnection(db, timeZone);
    this.remoteRefunds = new RemoteRefundTable(
      this.c.stmts,
      (fn) => this.transaction(fn),
      () => this.c.timeZone,
    );
    this.refundsElsewhere = new RefundElsewhereTable(this.c.stmts, (fn) => this.transaction(fn));
    this.settings = new SettingTable(this.c);
    this.numbers = new OrderNumbers(this.c, this.settings);
    this.people = new PeopleTable(this.c);
    const acting = () => this.people.acting();
    this.sessions = new SessionTable(this.c);
    this.sales = new SaleTable(this.c, this.sessions, acting);
    this.refunds = new RefundTable(this.c, this.sales, this.sessions);
    this.events = new EventTable(this.c, acting);
    this.days = new DayCloseTable(this.c);
    this.outbox = new OutboxTable(this.c);
  }

  get timeZone(): string | undefined {
    return this.c.timeZone;
  }

  setTimeZone(timeZone: string): void {
    if (!isValidTimeZone(timeZone)) {
      throw new JournalError('invalid_input', `setTimeZone: unknown time zone ${JSON.stringify(timeZone)}`);
    }
    this.c.timeZone = timeZone;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  transaction<T>(fn: () => T): T {
    return this.c.transaction(fn);
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

  // ── order numbers (tables/order-numbers.ts) ──
  nextOutOrderNo(posNo: string, at: number): string {
    return this.numbers.nextOutOrderNo(posNo, at);
  }
  nextOutRefundNo(posNo: string, at: number): string {
    return this.numbers.nextOutRefundNo(posNo, at);
  }

  // ── sales and attempts (tables/sales.ts) ──
  createSale(input: Parameters<Journal['createSale']>[0]): SaleRow {
    return this.sales.createSale(input);
  }
  updateSale(id: string, patch: SalePatch, at: number): SaleRow {
    return this.sales.updateSale(id, patch, at);
  }
  getSale(id: string): SaleRow | undefined {
    return this.sales.getSale(id);
  }
  listActiveSales(): SaleRow[] {
    return this.sales.listActiveSales();
  }
  searchSales(query: SaleSearch): SaleRow[] {
    return this.sales.searchSales(query);
  }
  createAttempt(input: Parameters<Journal['createAttempt']>[0]): AttemptRow {
    return this.sales.createAttempt(input);
  }
  updateAttempt(id: string, patch: AttemptPatch, at: number): AttemptRow {
    return this.sales.updateAttempt(id, patch, at);
  }
  getAttempt(id: string): AttemptRow | undefined {
    return this.sales.getAttempt(id);
  }
  listAttempts(saleId: string): AttemptRow[] {
    return this.sales.listAttempts(saleId);
  }
  findAttemptByOutOrderNo(outOrderNo: string): AttemptRow | undefined {
    return this.sales.findAttemptByOutOrderNo(outOrderNo);
  }
  findAttemptByOrderNo(orderNo: string): AttemptRow | undefined {
    return this.sales.findAttemptByOrderNo(orderNo);
  }
  listOpenAttempts(): AttemptRow[] {
    return this.sales.listOpenAttempts();
  }

  // ── refunds (tables/refunds.ts) ──
  createRefund(input: Parameters<Journal['createRefund']>[0]): RefundRow {
    return this.refunds.createRefund(input);
  }
  updateRefund(id: string, patch: RefundPatch, at: number): RefundRow {
    return this.refunds.updateRefund(id, patch, at);
  }
  getRefund(id: string): RefundRow | undefined {
    return this.refunds.getRefund(id);
  }
  listRefunds(saleId: string): RefundRow[] {
    return this.refunds.listRefunds(saleId);
  }
  listOpenRefunds(): RefundRow[] {
    return this.refunds.listOpenRefunds();
  }
  refundedCents(saleId: string): number {
    return this.refunds.refundedCents(saleId);
  }

  // ── events and notification nonces (tables/events.ts) ──
  appendEvent(event: NewEvent): number {
    return this.events.appendEvent(event);
  }
  listEvents(filter: Parameters<Journal['listEvents']>[0]): EventRow[] {
    return this.events.listEvents(filter);
  }
  rememberNonce(nonce: string, now: number, expiresAt: number): boolean {
    return this.events.rememberNonce(nonce, now, expiresAt);
  }

  // ── settings and manager PIN state (tables/settings.ts) ──
  getSetting<T>(key: string): T | undefined {
    return this.settings.getSetting<T>(key);
  }
  setSetting(key: string, value: unknown): void {
    this.settings.setSetting(key, value);
  }
  getManagerAuth(): ManagerAuthState {
    return this.settings.getManagerAuth();
  }
  setManagerAuth(state: ManagerAuthState): void {
    this.settings.setManagerAuth(state);
  }

  // ── day reports, day closes and export (tables/day-closes.ts) ──
  report(kind: 'X' | 'Z', businessDate: string, at: number): DayReport {
    return this.days.report(kind, businessDate, at);
  }
  recordDayClose(close: Omit<DayClose, 'id'>): DayClose {
    return this.days.recordDayClose(close);
  }
  getDayClose(businessDate: string): DayClose | undefined {
    return this.days.getDayClose(businessDate);
  }
  exportCsv(from: number, to: number): { salesCsv: string; refundsCsv: string } {
    return this.days.exportCsv(from, to);
  }

  exportDayCsv(businessDate: string): { salesCsv: string; refundsCsv: string } {
    return this.days.exportDayCsv(businessDate);
  }
  salesInsights(range: { from: string; to: string }, at: number): SalesInsightsView {
    // People are never deleted, so every person a sale names has a name to show.
    return this.days.salesInsights(range, at, (id) =>
      id === null ? null : (this.people.get(id)?.name ?? null),
    );
  }

  // ── sessions (shifts) (tables/sessions.ts) ──
  currentSession(): SessionRow | undefined {
    return this.sessions.currentSession();
  }
  getSession(id: number): SessionRow | undefined {
    return this.sessions.getSession(id);
  }
  listSessions(businessDate: string): SessionRow[] {
    return this.sessions.listSessions(businessDate);
  }
  sessionOfSale(saleId: string): number | undefined {
    return this.sessions.sessionOfSale(saleId);
  }
  sessionReport(kind: 'X' | 'Z', sessionId: number, at: number): SessionReport {
    return this.sessions.sessionReport(kind, sessionId, at);
  }
  closeSession(sessionId: number, at: number, forced: boolean, closedBy?: string | null): SessionReport {
    return this.sessions.closeSession(sessionId, at, forced, closedBy);
  }
  getSessionZ(sessionId: number): SessionReport | undefined {
    return this.sessions.getSessionZ(sessionId);
  }

  // ── replication outbox (tables/outbox.ts) ──
  outboxAfter(afterSeq: number, limit: number): OutboxRecord[] {
    return this.outbox.outboxAfter(afterSeq, limit);
  }
  outboxLastSeq(): number {
    return this.outbox.outboxLastSeq();
  }
  journalId(): string {
    return this.outbox.journalId();
  }
}
