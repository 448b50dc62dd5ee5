/**
 * The store server's faults, with real parts: two real till runtimes (their own journals, the embedded sandbox)
 * replicating to a store server in its own process (so it can be SIGKILLed), on PGlite and on a real
 * PostgreSQL 15. After each fault the server must equal the union of the tills' journals — nothing lost,
 * nothing duplicated — and no till may have refused or slowed a sale because of the server.
 */
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { freePort, spawnFixture } from '../helpers/child-process';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openStoreDb } from '../../main/store-server/db/open';
import type { StoreDb } from '../../main/store-server/db/types';
import { createEnrolCode, createStore } from '../../main/store-server/admin';
import { loadServerKey, secretSealer } from '../../main/store-server/secret-seal';
import { scenario, startHarness, type Harness } from '../helpers/runtime-harness';
import {
  compareServerWithTills,
  describeOnBothDatabases,
  type DatabaseTarget,
  tillIdOf,
  waitTillQuiet,
} from '../helpers/store-server';
import { until, withDeadline } from '../helpers/wait-for';
import { dumpDatabase, restoreDatabase } from '../helpers/pg-cluster';

const FAST_LINK = { timing: { debounceMs: 20, watchMs: 100, backoffInitialMs: 100, backoffMaxMs: 400 } };

interface ServerProcess {
  child: ChildProcess;
  url: string;
}

async function startServerProcess(plan: {
  dataDir: string;
  databaseUrl?: string;
  port: number;
}): Promise<ServerProcess> {
  const server = spawnFixture('test/fixtures/store-server-child.ts', { STORE_CHILD: JSON.stringify(plan) });
  const exitedFirst = server.exited.then(({ code }) => {
    throw new Error(`store server exited (${code}): ${server.stderr().slice(-500)}`);
  });
  const line = await Promise.race([server.waitLine('LISTENING '), exitedFirst]);
  return { child: server.child, url: line.slice('LISTENING '.length).trim() };
}

/** Stops the server process; a SIGTERM that has not ended it within 15 s fails the test instead of hanging it. */
function kill(p: ServerProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve, reject) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      p.child.kill('SIGKILL');
      reject(new Error(`store server did not exit on ${signal} within 15 s`));
    }, 15_000);
    p.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    p.child.kill(signal);
  });
}

interface Rig {
  target: DatabaseTarget;
  where: { dataDir: string; databaseUrl?: string };
  port: number;
  server: ServerProcess | null;
  tills: Array<{ h: Harness; tillId: string }>;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) {
    for (const t of r.tills) await t.h.close();
    if (r.server) await kill(r.server, 'SIGKILL');
  }
});

/** Creates the store and one code per till with the server stopped (admin works on the database directly). */
async function setUp(target: DatabaseTarget, tillCount: number): Promise<Rig> {
  const where = target.fresh();
  const port = await freePort();
  const db = await openStoreDb(where);
  const store = await createStore(
    db,
    { name: 'Main St' },
    secretSealer(loadServerKey(where.dataDir, {})),
    Date.now(),
  );
  const codes: string[] = [];
  for (let i = 1; i <= tillCount; i++) {
    codes.push(
      (await createEnrolCode(db, { storeId: store.id, tillName: `Till ${i}`, createdBy: 'test' }, Date.now()))
        .code,
    );
  }
  await db.close();
  const rig: Rig = { target, where, port, server: null, tills: [] };
  rigs.push(rig);
  rig.server = await startServerProcess({ ...where, port });
  for (let i = 0; i < tillCount; i++) {
    // Each till its own journal and embedded sandbox; POS numbers differ, as the server requires.
    const dataDir = mkdtempSync(join(tmpdir(), 'pos-till-'));
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ posNo: `T${i + 1}` }));
    const h = await startHarness({ dataDir, storeLink: FAST_LINK });
    await h.runtime.storeLink.enrol(rig.server.url, codes[i]!);
    rig.tills.push({ h, tillId: tillIdOf(h) });
  }
  return rig;
}

/** Sells on every till until stopped; every sale must end paid, whatever the server is doing. */
function sellContinuously(rig: Rig) {
  let stop = false;
  const results: Array<{ ok: boolean; ms: number; detail?: string }> = [];
  const loops = rig.tills.map(async ({ h }) => {
    while (!stop) {
      const t0 = performance.now();
      const s = await h.runtime.api.startSale({ amount: (1 + Math.floor(Math.random() * 90)).toFixed(2) });
      if (!s.ok) {
        // A refused sale ends this till's loop: it is the failure the test reports, never a retry storm.
        results.push({ ok: false, ms: 0, detail: s.error.code });
        return;
      }
      const sub = await h.runtime.api.submitCode({ saleId: s.value.id, code: scenario('wechat', '0000') });
      if (!sub.ok) {
        results.push({ ok: false, ms: 0, detail: sub.error.code });
        return;
      }
      const done = await h
        .waitForSale(s.value.id, (v) => v.phase === 'paid', 10_000)
        .then(
          () => true,
          (e: Error) => e.message,
        );
      results.push(
        done === true ? { ok: true, ms: performance.now() - t0 } : { ok: false, ms: 0, detail: String(done) },
      );
      if (done !== true) return;
    }
  });
  return {
    results,
    /** Until `count` more sales have ended (or one failed: the test then reports it), within the deadline. */
    async more(count: number, what: string, timeoutMs = 30_000): Promise<void> {
      const target = results.length + count;
      await until(what, () => results.length >= target || results.some((r) => !r.ok), timeoutMs);
    },
    async stop() {
      stop = true;
      await Promise.all(loops);
    },
  };
}

/** Every till quiet and its link at its quiet point: the server has all it will ever get from them. */
async function drained(rig: Rig, timeoutMs = 30_000): Promise<void> {
  for (const { h } of rig.tills) {
    await waitTillQuiet(h, timeoutMs);
    await withDeadline(h.runtime.storeLink.whenIdle(), {
      what: 'the backlog to drain',
      timeoutMs,
      describe: () => rig.tills.map((t) => t.h.runtime.storeLink.status()),
    });
  }
}

async function serverEqualsTills(rig: Rig): Promise<void> {
  await drained(rig);
  const db: StoreDb = await openStoreDb(rig.where);
  try {
    const diffs = await compareServerWithTills(
      db,
      rig.tills.map((t) => ({ tillId: t.tillId, journalPath: join(t.h.dataDir, 'journal.sqlite') })),
    );
    expect(diffs).toEqual([]);
  } finally {
    await db.close();
  }
}

describeOnBothDatabases('store server faults', (target) => {
  it('SIGKILL of the server mid-ingest: it comes back equal to the tills, no sale refused', async () => {
    const rig = await setUp(target, 2);
    const selling = sellContinuously(rig);
    const log = (m: string) => process.env.FAULTS_DEBUG && console.log(new Date().toISOString(), m);
    await selling.more(3, 'sales before the kill');
    log('kill');
    await kill(rig.server!, 'SIGKILL');
    await selling.more(2, 'sales while the server is down');
    rig.server = await startServerProcess({ ...rig.where, port: rig.port });
    log('restarted');
    await selling.more(2, 'sales after the restart');
    await selling.stop();
    log(`stopped selling after ${selling.results.length} sales`);
    expect(selling.results.filter((r) => !r.ok)).toEqual([]);
    expect(selling.results.length).toBeGreaterThan(4);
    await drained(rig);
    log('drained');
    // The server process must be gone before the test opens its database itself (PGlite is single-process).
    await kill(rig.server, 'SIGTERM');
    rig.server = null;
    await serverEqualsTills(rig);
    log('compared');
  }, 150_000);

  it('a long backlog: a till cut off for many sales catches up in order', async () => {
    const rig = await setUp(target, 1);
    await kill(rig.server!, 'SIGTERM');
    rig.server = null;
    const selling = sellContinuously(rig);
    await selling.more(60, '60 sales with the server away', 60_000);
    await selling.stop();
    expect(selling.results.filter((r) => !r.ok)).toEqual([]);
    const status = rig.tills[0]!.h.runtime.storeLink.status();
    expect(status.state).toBe('offline');
    // Several pushes' worth: more than one batch waits.
    expect(status.backlog).toBeGreaterThan(500);
    rig.server = await startServerProcess({ ...rig.where, port: rig.port });
    await drained(rig, 60_000);
    await kill(rig.server, 'SIGTERM');
    rig.server = null;
    await serverEqualsTills(rig);
  }, 180_000);

  it('the server restored from an older backup gets back what it lost from the tills', async () => {
    const rig = await setUp(target, 2);
    let selling = sellContinuously(rig);
    await selling.more(3, 'sales before the backup');
    await selling.stop();
    await drained(rig);
    await kill(rig.server!, 'SIGTERM');
    rig.server = null;
    // The backup: a copy of the PGlite data dir, or pg_dump of the PostgreSQL database.
    const backup = join(rig.where.dataDir, '..', `${rig.where.dataDir.split('/').pop()}-backup`);
    const cluster = target.cluster();
    const dbName = rig.where.databaseUrl?.split('/').pop();
    if (cluster && dbName) {
      dumpDatabase(cluster, dbName, `${cluster.dir}/../b.dump`);
    } else {
      cpSync(join(rig.where.dataDir, 'pgdata'), backup, { recursive: true });
    }
    rig.server = await startServerProcess({ ...rig.where, port: rig.port });
    selling = sellContinuously(rig);
    await selling.more(3, 'sales the backup does not hold');
    await selling.stop();
    await drained(rig);
    await kill(rig.server, 'SIGTERM');
    rig.server = null;
    if (cluster && dbName) {
      restoreDatabase(cluster, dbName, `${cluster.dir}/../b.dump`, { ifExists: false });
    } else {
      rmSync(join(rig.where.dataDir, 'pgdata'), { recursive: true, force: true });
      cpSync(backup, join(rig.where.dataDir, 'pgdata'), { recursive: true });
    }
    rig.server = await startServerProcess({ ...rig.where, port: rig.port });
    selling = sellContinuously(rig);
    await selling.more(2, 'sales after the restore');
    await selling.stop();
    expect(selling.results.filter((r) => !r.ok)).toEqual([]);
    await drained(rig);
    await kill(rig.server, 'SIGTERM');
    rig.server = null;
    await serverEqualsTills(rig);
  }, 120_000);

  // PGlite runs inside the server's process: its restart is the SIGKILL case above.
  if (target.kind !== 'postgres') return;
  it('PostgreSQL restarted under load: ingest resumes, nothing lost or doubled', async () => {
    const cluster = target.cluster()!;
    const rig = await setUp(target, 2);
    const selling = sellContinuously(rig);
    await selling.more(3, 'sales before PostgreSQL stops');
    await cluster.stopWhileRunning('immediate');
    await selling.more(2, 'sales while PostgreSQL is down');
    await cluster.startWhileRunning();
    await selling.more(3, 'sales after PostgreSQL is back');
    await selling.stop();
    expect(selling.results.filter((r) => !r.ok)).toEqual([]);
    await drained(rig, 45_000);
    await kill(rig.server!, 'SIGTERM');
    rig.server = null;
    await serverEqualsTills(rig);
  }, 120_000);
});
