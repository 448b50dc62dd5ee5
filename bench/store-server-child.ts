/**
 * A real store server in its own process for the benchmarks (as in production: the tills' load generator must
 * not share its event loop). Started with `fork()`; on DATABASE_URL (real PostgreSQL) or PGlite in the data dir.
 * It answers on IPC: `setup` creates stores and one-time enrolment codes (what a manager does with the CLI),
 * `cpu` reports the process's CPU time, so a bench can say what one event costs the server.
 */
import { mkdirSync } from 'node:fs';
import { createEnrolCode, createStore } from '../main/store-server/admin';
import { startStoreServer } from '../main/store-server/server';
import pino from 'pino';

export type ChildRequest =
  { type: 'setup'; id: number; stores: number; tillsPerStore: number } | { type: 'cpu'; id: number };

export type ChildReply =
  | { type: 'ready'; url: string }
  | { type: 'setup'; id: number; codes: { storeId: string; tillName: string; code: string }[] }
  | { type: 'cpu'; id: number; userMs: number; systemMs: number };

async function main(): Promise<void> {
  const dataDir = process.argv[2]!;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const server = await startStoreServer({
    dataDir,
    databaseUrl: process.env.DATABASE_URL || undefined,
    log: pino({ level: 'warn' }),
    env: {},
  });
  const send = (m: ChildReply) => process.send!(m);
  process.on('message', (m: ChildRequest) => {
    void (async () => {
      if (m.type === 'cpu') {
        const c = process.cpuUsage();
        send({ type: 'cpu', id: m.id, userMs: c.user / 1000, systemMs: c.system / 1000 });
        return;
      }
      const codes: { storeId: string; tillName: string; code: string }[] = [];
      const now = Date.now();
      for (let s = 0; s < m.stores; s++) {
        const store = await createStore(
          server.db,
          { name: `Bench store ${s + 1}` },
          server.context.sealer,
          now,
        );
        for (let t = 0; t < m.tillsPerStore; t++) {
          const tillName = `Till ${t + 1}`;
          const { code } = await createEnrolCode(
            server.db,
            { storeId: store.id, tillName, createdBy: 'bench' },
            now,
          );
          codes.push({ storeId: store.id, tillName, code });
        }
      }
      send({ type: 'setup', id: m.id, codes });
    })();
  });
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
  send({ type: 'ready', url: server.url });
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
