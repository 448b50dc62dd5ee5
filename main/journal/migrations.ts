/**
 * Schema history. Each migration runs in its own transaction together with the `PRAGMA user_version` bump, so a
 * crash mid-upgrade leaves the file at the previous version. Applied migrations are frozen: never edit one, add
 * the next. Status lists are spelled out literally (not built from status.ts) for that reason; a test keeps them
 * in step with the TypeScript constants.
 */
import type Database from 'better-sqlite3';
import { JournalError } from './errors';
import { V1_INITIAL } from './schema/v1-initial';
import { V2_VOIDED_SALES } from './schema/v2-voided-sales';
import { V3_SESSIONS } from './schema/v3-sessions';
import { V4_TERMINAL_API } from './schema/v4-terminal-api';
import { V5_API_REFUND_APPROVAL } from './schema/v5-api-refund-approval';
import { V6_REPLICATION_OUTBOX } from './schema/v6-replication-outbox';
import { V7_REMOTE_REFUNDS } from './schema/v7-remote-refunds';
import { V8_JOURNAL_IDENTITY } from './schema/v8-journal-identity';
import { V9_NUMBER_SEARCH } from './schema/v9-number-search';
import { V10_REFUNDS_ELSEWHERE } from './schema/v10-refunds-elsewhere';
import { V11_PEOPLE } from './schema/v11-people';
import { V12_SALES_QUARTERS } from './schema/v12-sales-quarters';
import { V13_SALES_MONTH_QUARTERS } from './schema/v13-sales-month-quarters';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * The migration rebuilds a table that others reference (SQLite's documented 12-step table change), so
   * foreign keys are switched off around it and checked with foreign_key_check before it commits.
   */
  rebuildsTables?: boolean;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: V1_INITIAL },
  { version: 2, name: 'voided sales and notification nonces', sql: V2_VOIDED_SALES, rebuildsTables: true },
  { version: 3, name: 'sessions (shifts)', sql: V3_SESSIONS },
  { version: 4, name: 'terminal api', sql: V4_TERMINAL_API },
  { version: 5, name: 'terminal api refund approval', sql: V5_API_REFUND_APPROVAL },
  { version: 6, name: 'replication outbox', sql: V6_REPLICATION_OUTBOX },
  { version: 7, name: 'remote refunds', sql: V7_REMOTE_REFUNDS },
  { version: 8, name: 'journal identity', sql: V8_JOURNAL_IDENTITY },
  { version: 9, name: 'order number search', sql: V9_NUMBER_SEARCH },
  { version: 10, name: 'refunds elsewhere', sql: V10_REFUNDS_ELSEWHERE },
  { version: 11, name: 'people', sql: V11_PEOPLE },
  { version: 12, name: 'sales by quarter hour', sql: V12_SALES_QUARTERS },
  { version: 13, name: 'sales by month and quarter of the day', sql: V13_SALES_MONTH_QUARTERS },
];

export const SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/**
 * Brings the file up to `migrations`' last version; refuses a file newer than the code (an older app must not
 * write into a schema it does not know). Returns the versions before and after.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  const target = migrations[migrations.length - 1]?.version ?? 0;
  const from = Number(db.pragma('user_version', { simple: true }));
  if (from > target) {
    throw new JournalError(
      'schema_too_new',
      `journal schema version ${from} is newer than this app supports (${target}); update the app`,
    );
  }
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} is out of order (version ${m.version})`);
  });
  for (const m of migrations) {
    if (m.version <= from) continue;
    const foreignKeys = Number(db.pragma('foreign_keys', { simple: true }));
    // PRAGMA foreign_keys is a no-op inside a transaction, so it is switched around it.
    if (m.rebuildsTables && foreignKeys) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (m.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) {
            throw new JournalError('constraint', `migration ${m.name} broke ${broken.length} references`);
          }
        }
        // user_version lives in the file header and commits or rolls back with this transaction.
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    } finally {
      if (m.rebuildsTables && foreignKeys) db.pragma('foreign_keys = ON');
    }
  }
  return { from, to: Math.max(from, target) };
}
