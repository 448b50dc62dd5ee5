/**
 * Runs a store-server suite on both databases it supports: PGlite (embedded, a fresh data dir per test) and a
 * real PostgreSQL 15 (one private cluster per file, a fresh database per test). Same tests, same SQL. A fresh
 * PGlite data dir is a copy of the run's empty cluster (test/helpers/run-template.ts) unless a test asks for an
 * empty directory, where the server runs initdb itself.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { startPgCluster, type PgCluster } from '../pg-cluster';
import { pgliteTemplate } from '../run-template';

export interface DatabaseTarget {
  kind: 'pglite' | 'postgres';
  /**
   * A fresh place for one server: its data dir, and DATABASE_URL for PostgreSQL. `empty`: PGlite starts from an
   * empty directory (its own initdb) instead of a copy of the run's empty cluster.
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
      const dirs: string[] = [];
      beforeAll(async () => {
        if (kind === 'postgres') cluster = await startPgCluster();
        else template = await pgliteTemplate();
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
          return { dataDir, databaseUrl: cluster.createDatabase(`t${process.pid}_${++counter}`) };
        },
        cluster: () => cluster,
      });
    });
  }
}
