/** Opening the journal's file: refusing one from a newer app untouched, then the connection's pragmas. */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { JournalError } from './errors';
import { SCHEMA_VERSION } from './migrations';

/**
 * Reads the schema version from the file header (bytes 60–63, "user version", big-endian) without opening the
 * file with SQLite, which would already change it (WAL mode, -shm file). migrate() checks again once open, for
 * a version bump still sitting in a WAL that was never checkpointed.
 */
export function refuseNewerFile(path: string): void {
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

export function configure(db: Database.Database, busyTimeoutMs: number): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, WAL required`);
  // FULL: every commit fsyncs the WAL, so a write that returned survives power loss, not only a crash.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // Keep the WAL from growing without bound between checkpoints on a busy day.
  db.pragma('journal_size_limit = 67108864');
}
