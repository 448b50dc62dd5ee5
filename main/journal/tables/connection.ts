/**
 * The journal's one SQLite connection as the tables share it: prepared statements, write transactions (nested
 * calls become savepoints) and the mapping of SQLite's refusals to JournalError.
 */
import Database from 'better-sqlite3';
import { JournalError } from '../errors';
import { StatementCache } from '../statements';

export class JournalConnection {
  readonly stmts: StatementCache;

  constructor(
    readonly db: Database.Database,
    /** The shop's zone for business dates; Settings may change it while the POS runs (Journal.setTimeZone). */
    public timeZone: string | undefined,
  ) {
    this.stmts = new StatementCache(db);
  }

  prepare(sql: string): Database.Statement {
    return this.stmts.get(sql);
  }

  transaction<T>(fn: () => T): T {
    // Nested calls become savepoints (better-sqlite3), so the methods below compose inside an outer transaction.
    try {
      return this.db.transaction(fn).immediate();
    } catch (e) {
      throw sqliteToJournal(e);
    }
  }

  /** One read transaction, so totals and lists built from several queries describe the same instant. */
  read<T>(fn: () => T): T {
    return this.db.transaction(fn).deferred();
  }

  /** Runs one write statement, mapping SQLite's refusals to JournalError. */
  write<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw sqliteToJournal(e);
    }
  }
}

/** Maps SQLite's refusals to JournalError; everything else (disk full, I/O) propagates as it is. */
function sqliteToJournal(e: unknown): unknown {
  if (e instanceof Database.SqliteError && e.code.startsWith('SQLITE_CONSTRAINT')) {
    return new JournalError('constraint', `journal refused the write: ${e.message}`, { cause: e });
  }
  return e;
}

/** `{ status: undefined }` means "leave status alone", as an absent key does; null is a value. */
export function definedOnly<T extends object>(patch: T): T {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as T;
}
