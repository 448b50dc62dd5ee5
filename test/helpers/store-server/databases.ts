/**
 * Runs a store-server suite on both databases it supports: PGlite (embedded, a fresh data dir per test) and a
 * real PostgreSQL 15 (one private cluster per file, a fresh database per test). Same tests, same SQL. A fresh
 * database is a copy of one already migrated to the newest schema (the run's for PGlite, the file's for
 * PostgreSQL: test/helpers/run-template.ts says why) unless a test asks for an empty one, where the server
 * migrates from nothing (and PGlite runs initdb itself).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { openStoreDb } from '../../../main/store-server/db/open';
import { startPgCluster, type PgCluster } from '../pg-cluster';
import { pgliteMigratedTemplate } from '../run-template';

export interface DatabaseTarget {
  kind: 'pglite' | 'postgres';
  /**
   * A fresh place for one server: its data dir, and DATABASE_URL for PostgreSQL, holding the newest schema.
   * `empty`: no schema (and for PGlite an empty directory: its own initdb), as on a new machine.
   */
  fresh(options?: { empty?: boolean }): { dataDir: string; databaseUrl?: string };
  /** The PostgreSQL cluster (restart faults); null for PGlite. */
  cluster(): PgCluster | null;
}

let counter = 0;

export function describeOnBothDatabases(name: string, body: (target: DatabaseTarget) => void): void {
  for (const kind of ['pglite', 'postgres'] as const) {
    describe(`${name} [${kind}]`, () => {
      let cluster: PgCluster | null = null;
      let template: string | null = null;
      const migrated = `migrated_${process.pid}`;
      const dirs: string[] = [];
      beforeAll(async () => {
        if (kind === 'postgres') {
          cluster = await startPgCluster();
          const db = await openStoreDb({ dataDir: '', databaseUrl: cluster.createDatabase(migrated) });
          await db.close();
        } else template = await pgliteMigratedTemplate();
      }, 120_000);
      afterAll(() => {
        cluster?.close();
        for (const d of dirs) rmSync(d, { recursive: true, force: true });
      });
      body({
        kind,
        fresh(options = {}) {
          const dataDir = mkdtempSync(join(tmpdir(), `store-${kind}-`));
          dirs.push(dataDir);
          if (kind === 'pglite') {
            // Where openStoreDb keeps PGlite's cluster (main/store-server/db/open.ts).
            if (template && !options.empty) cpSync(template, join(dataDir, 'pgdata'), { recursive: true });
            return { dataDir };
          }
          if (!cluster) throw new Error('cluster not started');
          const name = `t${process.pid}_${++counter}`;
          return { dataDir, databaseUrl: cluster.createDatabase(name, options.empty ? undefined : migrated) };
        },
        cluster: () => cluster,
      });
    });
  }
}
