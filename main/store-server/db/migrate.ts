/**
 * Brings a store database to the newest schema. Each migration and its schema_migrations row commit together;
 * an advisory lock keeps two servers starting on one database from migrating at once.
 */
import { STORE_MIGRATIONS, type StoreMigration } from './migrations';
import type { StoreDb } from './types';

const MIGRATION_LOCK = 7_341_202;

export async function migrate(
  db: StoreDb,
  migrations: readonly StoreMigration[] = STORE_MIGRATIONS,
): Promise<number> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const { rows } = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const current = rows[0]?.v ?? 0;
    const newest = migrations.at(-1)?.version ?? 0;
    if (current > newest) {
      throw new Error(
        `store db: schema version ${current} is newer than this server knows (${newest}); upgrade the server`,
      );
    }
    for (const m of migrations) {
      if (m.version <= current) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        Date.now(),
      ]);
    }
    return newest;
  });
}
