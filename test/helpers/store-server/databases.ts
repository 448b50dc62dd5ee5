/**
 * Runs a store-server suite on both databases it supports: PGlite (embedded, a fresh data dir per test) and a
 * real PostgreSQL 15 (one private cluster per file, a fresh database per test). Same tests, same SQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { startPgCluster, type PgCluster } from '../pg-cluster';

export interface DatabaseTarget {
  kind: 'pglite' | 'postgres';
  /** A fresh place for one server: its data dir, and DATABASE_URL for PostgreSQL. */
  fresh(): { dataDir: string; databaseUrl?: string };
  /** The PostgreSQL cluster (restart faults); null for PGlite. */
  cluster(): PgCluster | null;
}

let counter = 0;

export function describeOnBothDatabases(name: string, body: (target: DatabaseTarget) => void): void {
  for (const kind of ['pglite', 'postgres'] as const) {
    describe(`${name} [${kind}]`, () => {
      let cluster: PgCluster | null = null;
      const dirs: string[] = [];
      beforeAll(async () => {
        if (kind === 'postgres') cluster = await startPgCluster();
      }, 60_000);
      afterAll(() => {
        cluster?.close();
        for (const d of dirs) rmSync(d, { recursive: true, force: true });
      });
      body({
        kind,
        fresh() {
          const dataDir = mkdtempSync(join(tmpdir(), `store-${kind}-`));
          dirs.push(dataDir);
          if (kind === 'pglite') return { dataDir };
          if (!cluster) throw new Error('cluster not started');
          return { dataDir, databaseUrl: cluster.createDatabase(`t${process.pid}_${++counter}`) };
        },
        cluster: () => cluster,
      });
    });
  }
}
