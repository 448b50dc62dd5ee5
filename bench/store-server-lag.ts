/**
 * Replication lag at a chain's pace: TILLS real tills (default 50, in PROCS processes of their own: one event loop
 * cannot carry 50 tills' synchronous journal writes), each a real journal on disk (SQLite, WAL, synchronous=FULL)
 * with the real replicator (main/store-link/replicator.ts, default timing: 200 ms debounce)
 * pushing over HTTP to a real store server in its own process on PostgreSQL 15. Each till takes one sale a
 * second (staggered): created, an attempt, paid — the journal writes the engine makes, each nudging the
 * replicator as the runtime does. Lag = from the commit of the paid write to the sale being visible as paid in the
 * server's projected sales table (polled every 20 ms: figures include up to 20 ms of polling).
 *
 * Baseline in the same run: one bare HTTP round trip of the same push (a paid sale's records, POSTed by an extra
 * enrolled till once a second while the load runs).
 *
 *   npx tsx bench/store-server-lag.ts [seconds=30] [tills=50] [procs=5]     (goal p95 ≤ 1 s)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openJournal } from '../main/journal/journal';
import type { Journal } from '../main/journal/types';
import { StoreLinkClient } from '../main/store-link/client';
import { Replicator } from '../main/store-link/replicator';
import { openPostgres } from '../main/store-server/db/postgres';
import type { ReplicatedRecord } from '../main/shared/store-link-protocol';
import { freshPostgres, load, ms, summarise } from './store-server-common';
import { enrolFrom, startServerProcess } from './store-server-ingest';

const WORKER = process.argv[2] === '--worker';
const SECONDS = Number((WORKER ? undefined : process.argv[2]) ?? 30);
const TILLS = Number((WORKER ? undefined : process.argv[3]) ?? 50);
const PROCS = Number((WORKER ? undefined : process.argv[4]) ?? 5);
const GOAL_MS = 1000;
const POLL_MS = 20;

interface RealTill {
  journal: Journal;
  replicator: Replicator;
  posNo: string;
  credential: string;
  sold: number;
}

function sell(t: RealTill, i: number): { saleId: string } {
  const j = t.journal;
  const at = Date.now();
  const saleId = `${t.posNo}-s${i}`;
  j.createSale({
    id: saleId,
    posNo: t.posNo,
    kind: 'scan',
    amountCents: 100 + ((i * 7919) % 9900),
    currency: 'AUD',
    orderName: 'Goods',
    platform: null,
    status: 'open',
    createdAt: at,
  });
  j.appendEvent({ at, actor: 'cashier', type: 'sale.started', entity: 'sale', entityId: saleId, data: {} });
  t.replicator.nudge();
  const attempt = j.createAttempt({
    id: `${saleId}-a1`,
    saleId,
    kind: 'scan',
    outOrderNo: j.nextOutOrderNo(t.posNo, at),
    paymentCode: '134567890123456789',
    platform: 'WECHATPAY',
    createdAt: at,
  });
  t.replicator.nudge();
  const paidAt = Date.now();
  j.transaction(() => {
    j.updateAttempt(attempt.id, { status: 'paid', orderNo: `OM${saleId}`, payTime: paidAt }, paidAt);
    j.updateSale(saleId, { status: 'paid', paidAttemptId: attempt.id }, paidAt);
    j.appendEvent({
      at: paidAt,
      actor: 'system',
      type: 'attempt.paid',
      entity: 'attempt',
      entityId: attempt.id,
      data: {},
    });
  });
  t.replicator.nudge();
  return { saleId };
}

type ToWorker = {
  type: 'start';
  url: string;
  dir: string;
  tills: { posNo: string; credential: string; offsetMs: number }[];
  until: number;
};
type FromWorker =
  | { type: 'ready' }
  | { type: 'committed'; sales: [saleId: string, at: number][] }
  | { type: 'done'; sold: number };

/** Worker: a few real tills selling once a second each, reporting each paid commit's wall-clock time. */
async function worker(): Promise<void> {
  const log = pino({ level: 'silent' });
  const send = (m: FromWorker) => process.send!(m);
  process.once('message', (m: ToWorker) => {
    void (async () => {
      const tills: RealTill[] = m.tills.map((c) => {
        const journal = openJournal({ dir: join(m.dir, c.posNo), timeZone: 'Australia/Sydney' });
        const client = new StoreLinkClient(m.url, c.credential);
        const replicator = new Replicator({ journal, client, onProgress: () => undefined, log });
        replicator.start();
        return { journal, replicator, posNo: c.posNo, credential: c.credential, sold: 0 };
      });
      let batch: [string, number][] = [];
      const flush = setInterval(() => {
        if (batch.length > 0) send({ type: 'committed', sales: batch });
        batch = [];
      }, 10);
      await Promise.all(
        tills.map(async (t, k) => {
          let next = Date.now() + m.tills[k]!.offsetMs;
          await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
          while (next < m.until) {
            const { saleId } = sell(t, t.sold++);
            batch.push([saleId, Date.now()]);
            next += 1000;
            await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
          }
        }),
      );
      // Let the replicators send what is left, then stop.
      await new Promise((r) => setTimeout(r, 3000));
      clearInterval(flush);
      if (batch.length > 0) send({ type: 'committed', sales: batch });
      for (const t of tills) await t.replicator.stop();
      for (const t of tills) t.journal.close();
      send({ type: 'done', sold: tills.reduce((n, t) => n + t.sold, 0) });
    })();
  });
  send({ type: 'ready' });
}

async function main(): Promise<void> {
  const pgc = await freshPostgres('lag');
  const root = mkdtempSync(join(tmpdir(), 'bench-lag-'));
  const server = await startServerProcess(join(root, 'server'), pgc.url);
  const db = await openPostgres(pgc.url, 2);
  const workers: ChildProcess[] = [];
  try {
    const { codes } = await server.ask({
      type: 'setup',
      stores: 10,
      tillsPerStore: Math.ceil((TILLS + 1) / 10),
    });
    const creds: { posNo: string; credential: string }[] = [];
    for (let i = 0; i <= TILLS; i++) {
      const posNo = `L${String(i).padStart(3, '0')}`;
      const e = await enrolFrom(server.url, `127.0.0.${10 + i}`, { code: codes[i]!.code, posNo });
      creds.push({ posNo, credential: e.credential });
    }
    // The extra till: bare pushes only (the baseline), from a journal of its own written the same way.
    const base = creds.pop()!;
    const baseJournal = openJournal({ dir: join(root, 'baseline'), timeZone: 'Australia/Sydney' });
    const baseClient = new StoreLinkClient(server.url, base.credential);

    const committed = new Map<string, number>();
    const lags: number[] = [];
    const rtts: number[] = [];
    let sold = 0;
    const finished: Promise<void>[] = [];
    const starts: (() => void)[] = [];
    for (let p = 0; p < PROCS; p++) {
      const mine = creds.filter((_, i) => i % PROCS === p);
      const w = fork(import.meta.filename, ['--worker'], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      workers.push(w);
      await new Promise<void>((r) => w.once('message', () => r()));
      finished.push(
        new Promise<void>((resolve) => {
          w.on('message', (m: FromWorker) => {
            if (m.type === 'committed') for (const [id, at] of m.sales) committed.set(id, at);
            else if (m.type === 'done') {
              sold += m.sold;
              resolve();
            }
          });
        }),
      );
      starts.push(() =>
        w.send({
          type: 'start',
          url: server.url,
          dir: join(root, `proc-${p}`),
          until,
          tills: mine.map((c) => ({ ...c, offsetMs: 2000 + (creds.indexOf(c) * 1000) / creds.length })),
        } satisfies ToWorker),
      );
    }
    // Every worker is up: the clock starts now, 2 s for the replicators to ask their cursors.
    const until = Date.now() + 2000 + SECONDS * 1000;
    const started = until - SECONDS * 1000;
    for (const go of starts) go();
    console.log(
      `${creds.length} real tills (journal on disk + replicator) in ${PROCS} processes, 1 sale/s each, ${SECONDS} s; ${load()}`,
    );
    let stop = false;
    const poller = (async () => {
      for (;;) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        if (committed.size === 0) {
          if (stop) break;
          continue;
        }
        const { rows } = await db.query<{ id: string }>(
          `SELECT id FROM sales WHERE status = 'paid' AND id = ANY($1::text[])`,
          [[...committed.keys()]],
        );
        const now = Date.now();
        for (const r of rows) {
          lags.push(now - committed.get(r.id)!);
          committed.delete(r.id);
        }
        if (stop && Date.now() > until + 30_000) break;
      }
    })();
    // Baseline: the same push (a paid sale's records, written by the same journal calls) as one bare HTTP round
    // trip a second, from its own till, while the load runs.
    const baseline = (async () => {
      const t: RealTill = {
        journal: baseJournal,
        replicator: { nudge: () => undefined } as unknown as Replicator,
        posNo: base.posNo,
        credential: base.credential,
        sold: 0,
      };
      await new Promise((r) => setTimeout(r, Math.max(0, started + 1000 - Date.now())));
      let after = 0;
      while (Date.now() < until) {
        sell(t, t.sold++);
        const recs = baseJournal.outboxAfter(after, 100) as ReplicatedRecord[];
        const t0 = performance.now();
        await baseClient.push(recs);
        rtts.push(performance.now() - t0);
        after = recs.at(-1)!.seq;
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();
    await Promise.all(finished);
    await baseline;
    stop = true;
    await poller;
    baseJournal.close();
    const l = summarise(lags);
    const b = summarise(rtts);
    console.log(
      `sales committed ${sold} (${(sold / SECONDS).toFixed(1)}/s), seen paid on the server ${lags.length}, missing ${committed.size}`,
    );
    console.log(
      `lag: journal commit → paid in the server's sales   p50 ${ms(l.p50)}  p95 ${ms(l.p95)}  max ${ms(l.max)}   ` +
        `${l.p95 <= GOAL_MS ? 'met' : 'NOT met'} (goal p95 ≤ ${GOAL_MS} ms)`,
    );
    console.log(
      `baseline: one bare push of a sale (${b.n} pushes)     p50 ${ms(b.p50)}  p95 ${ms(b.p95)}  max ${ms(b.max)}`,
    );
    console.log(load());
  } finally {
    for (const w of workers) if (w.exitCode === null) w.kill();
    await db.close();
    await server.stop();
    pgc.close();
    rmSync(root, { recursive: true, force: true });
  }
}

if (WORKER) void worker();
else
  void main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
