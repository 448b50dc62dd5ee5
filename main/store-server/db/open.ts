/** Chooses the database: DATABASE_URL names a real PostgreSQL server, else PGlite in the data directory. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from './migrate';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { StoreDb } from './types';

export interface OpenStoreDbOptions {
  /** postgres://… ; when absent the embedded database lives in `<dataDir>/pgdata`. */
  databaseUrl?: string | undefined;
  dataDir: string;
}

export async function openStoreDb(o: OpenStoreDbOptions): Promise<StoreDb> {
  let db: StoreDb;
  if (o.databaseUrl) {
    db = await openPostgres(o.databaseUrl);
  } else {
    mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
    db = await openPglite(join(o.dataDir, 'pgdata'));
  }
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
