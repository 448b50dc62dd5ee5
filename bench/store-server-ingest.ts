/**
 * Ingest from many tills: 50 simulated tills, each enrolled through the real API with its own one-time code and
 * credential, push real till records (a real till journal's outbox: sales paid at once, after confirming,
 * declined then paid, a refund, the day's close — renumbered per copy) over real HTTP to a real store server in
 * its own process, concurrently, with the till's own client (main/store-link/client.ts). Each till pushes its
 * next batch as soon as the last one is answered, so the figure is the sustained ceiling:
 *
 *   live     — batches of one sale's records (what the replicator's 200 ms debounce gathers at a busy counter)
 *   backlog  — batches of 500 (MAX_PUSH_BATCH: a till catching up after an outage)
 *
 * Baseline in the same run: bare multi-row INSERTs of the same records, the same batch sizes, into till_records
 * of a second database from 50 concurrent connections (no HTTP, no checks, no projection).
 *
 *   npx tsx bench/store-server-ingest.ts [seconds=30] [tills=50] [--pglite]   (goal ≥ 2,000 events/s)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { StoreLinkClient } from '../main/store-link/client';
import { migrate } from '../main/store-server/db/migrate';
import { openPostgres } from '../main/store-server/db/postgres';
import {
  MAX_PUSH_BATCH,
  TILL_API_PREFIX,
  enrolResponseSchema,
  type ReplicatedRecord,
} from '../main/shared/store-link-protocol';
import { postJsonFrom } from '../test/helpers/post-from';
import type { ChildReply, ChildRequest } from './store-server-child';
import { freshPostgres, load } from './store-server-common';
import { captureTillMix, copyOfMix, eventsInMix, type TillMix } from './store-server-till';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const SECONDS = Number(args[0] ?? 30);
const TILLS = Number(args[1] ?? 50);
const WITH_PGLITE = process.argv.includes('--pglite');
const STORES = 10;
const GOAL = 2000;
/** Copy numbers each simulated till may use before it would reach the next till's. */
const COPIES_PER_TILL = 1_000_000;

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  ask<T extends ChildReply['type']>(
    m: Omit<Extract<ChildRequest, { type: T }>, 'id'> & { type: T },
  ): Promise<Extract<ChildReply, { type: T }>>;
  stop(): Promise<void>;
}

/** A store server in its own process (bench/store-server-child.ts). */
export async function startServerProcess(
  dataDir: string,
  databaseUrl: string | null,
): Promise<ServerProcess> {
  const child = fork(join(import.meta.dirname, 'store-server-child.ts'), [dataDir], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATABASE_URL: databaseUrl ?? '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const waiting = new Map<number, (m: ChildReply) => void>();
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`store server exited (${code})`)));
    child.on('message', (m: ChildReply) => {
      if (m.type === 'ready') resolve(m.url);
      else waiting.get(m.id)?.(m);
    });
  });
  return {
    url,
    child,
    ask(m) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, (r) => resolve(r as never));
        child.send({ ...m, id });
      });
    },
    async stop() {
      child.removeAllListeners('exit');
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

/** POST /enrol from a loopback address of its own: the server limits enrolment attempts per source address. */
export async function enrolFrom(
  baseUrl: string,
  localAddress: string,
  body: { code: string; posNo: string },
): Promise<{ tillId: string; credential: string }> {
  const { status, text } = await postJsonFrom(`${baseUrl}${TILL_API_PREFIX}/enrol`, localAddress, body);
  if (status !== 200) throw new Error(`enrol ${status}: ${text}`);
  const r = enrolResponseSchema.parse(JSON.parse(text));
  return { tillId: r.tillId, credential: r.credential };
}

export interface SimTill {
  tillId: string;
  credential: string;
  client: StoreLinkClient;
  /** Next outbox sequence to send. */
  seq: number;
  /** Sequence of the next record to make. */
  genSeq: number;
  copies: number;
  eventId: number;
  pending: ReplicatedRecord[];
}

export async function enrolSimTills(server: ServerProcess, n: number, stores: number): Promise<SimTill[]> {
  const { codes } = await server.ask({ type: 'setup', stores, tillsPerStore: Math.ceil(n / stores) });
  const tills: SimTill[] = [];
  for (const [i, c] of codes.slice(0, n).entries()) {
    const e = await enrolFrom(server.url, `127.0.0.${10 + i}`, {
      code: c.code,
      posNo: `B${String(i).padStart(3, '0')}`,
    });
    tills.push({
      ...e,
      client: new StoreLinkClient(server.url, e.credential),
      seq: 1,
      genSeq: 1,
      // Each till numbers its copies apart: the same out_order_no from two tills is one journal to the server
      // (known-journal.ts), merged or refused, never a new sale.
      copies: i * COPIES_PER_TILL,
      eventId: 1,
      pending: [],
    });
  }
  return tills;
}

/** The till's next `n` records (more copies of the mix as needed). */
export function nextRecords(t: SimTill, mix: TillMix, n: number): ReplicatedRecord[] {
  while (t.pending.length < n) {
    const copy = copyOfMix(mix, t.copies++, t.genSeq, t.eventId, Date.now());
    t.genSeq += copy.length;
    t.eventId += eventsInMix(mix);
    t.pending.push(...copy);
  }
  return t.pending.splice(0, n);
}

interface Rate {
  events: number;
  pushes: number;
  seconds: number;
  perSecond: number;
}

async function runPushes(tills: SimTill[], mix: TillMix, batch: number, seconds: number): Promise<Rate> {
  const start = performance.now();
  const until = start + seconds * 1000;
  let events = 0;
  let pushes = 0;
  await Promise.all(
    tills.map(async (t) => {
      while (performance.now() < until) {
        const recs = nextRecords(t, mix, batch);
        const r = await t.client.push(recs);
        if (r.lastSeq !== recs.at(-1)!.seq)
          throw new Error(`server acknowledged ${r.lastSeq}, sent ${recs.at(-1)!.seq}`);
        t.seq = r.lastSeq + 1;
        events += recs.length;
        pushes++;
      }
    }),
  );
  const s = (performance.now() - start) / 1000;
  return { events, pushes, seconds: s, perSecond: events / s };
}

function bareTill(tillId: string, i: number): SimTill {
  return {
    tillId,
    credential: '',
    client: null as unknown as StoreLinkClient,
    seq: 1,
    genSeq: 1,
    copies: i * COPIES_PER_TILL,
    eventId: 1,
    pending: [],
  };
}

async function runBare(
  url: string,
  sims: SimTill[],
  mix: TillMix,
  batch: number,
  seconds: number,
): Promise<Rate> {
  const clients = await Promise.all(
    sims.map(async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const start = performance.now();
  const until = start + seconds * 1000;
  let events = 0;
  let pushes = 0;
  await Promise.all(
    sims.map(async (t, i) => {
      const c = clients[i]!;
      while (performance.now() < until) {
        const recs = nextRecords(t, mix, batch);
        const now = Date.now();
        const params: unknown[] = [];
        const values = recs.map((r) => {
          const b = params.length;
          params.push(
            t.tillId,
            r.seq,
            r.v,
            r.at,
            r.entity,
            r.entityId,
            r.op,
            JSON.stringify(r.data),
            now,
            true,
          );
          return `(${Array.from({ length: 10 }, (_, k) => `$${b + k + 1}`).join(', ')})`;
        });
        await c.query(
          `INSERT INTO till_records (till_id, seq, v, at, entity, entity_id, op, data, received_at, projected)
           VALUES ${values.join(', ')}`,
          params,
        );
        events += recs.length;
        pushes++;
      }
    }),
  );
  const s = (performance.now() - start) / 1000;
  await Promise.all(clients.map((c) => c.end()));
  return { events, pushes, seconds: s, perSecond: events / s };
}

function line(label: string, r: Rate, extra = ''): string {
  return (
    `${label.padEnd(52)} ${r.perSecond.toFixed(0).padStart(6)} events/s  ` +
    `(${r.events.toLocaleString('en-AU')} events, ${r.pushes.toLocaleString('en-AU')} pushes, ${r.seconds.toFixed(1)} s)${extra}`
  );
}

async function cpuMs(s: ServerProcess): Promise<number> {
  const c = await s.ask({ type: 'cpu' });
  return c.userMs + c.systemMs;
}

async function main(): Promise<void> {
  const mix = await captureTillMix();
  const perSale = Math.round(mix.records.length / mix.sales);
  console.log(
    `till mix from a real journal: ${mix.records.length} records for ${mix.sales} sales, a refund and a day close ` +
      `(${(JSON.stringify(mix.records).length / mix.records.length).toFixed(0)} bytes/record as JSON; ` +
      `one sale ≈ ${perSale} records)`,
  );
  const pgc = await freshPostgres('ingest');
  const bareUrl = pgc.cluster!.createDatabase('bare');
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  try {
    const server = await startServerProcess(dataDir, pgc.url);
    // A failed run stops its server too: left running, it would hold this process's output open.
    process.once('exit', () => server.child.kill('SIGKILL'));
    const tills = await enrolSimTills(server, TILLS, STORES);
    console.log(
      `${tills.length} tills enrolled through POST /enrol (${STORES} stores); ${SECONDS} s per run; ${load()}`,
    );

    const bareDb = await openPostgres(bareUrl, 2);
    await migrate(bareDb);
    await bareDb.query(`INSERT INTO stores (id, name, created_at) VALUES ('s', 'Bare', 0)`);
    const bareTills = tills.map((_, i) => `bare-${i}`);
    await bareDb.query(
      `INSERT INTO tills (id, store_id, name, created_at) SELECT x, 's', x, 0 FROM unnest($1::text[]) x`,
      [bareTills],
    );
    await bareDb.close();
    const bareSims = bareTills.map((id, i) => bareTill(id, i));

    for (const [mode, batch] of [
      ['live (one sale per push)', perSale],
      [`backlog (${MAX_PUSH_BATCH} per push)`, MAX_PUSH_BATCH],
    ] as const) {
      const cpu0 = await cpuMs(server);
      const ours = await runPushes(tills, mix, batch, SECONDS);
      const cpu1 = await cpuMs(server);
      const lOurs = load();
      const bare = await runBare(bareUrl, bareSims, mix, batch, SECONDS);
      const serverCpu = ((cpu1 - cpu0) / ours.events) * 1000;
      console.log(`\n${mode}: ${TILLS} tills × ${batch} records per push`);
      console.log(
        line(
          'store server: HTTP + auth + checks + store + project',
          ours,
          `  ${ours.perSecond >= GOAL ? 'met' : 'NOT met'}`,
        ),
      );
      console.log(`  server process CPU ${serverCpu.toFixed(0)} ms per 1,000 events; ${lOurs}`);
      console.log(line('baseline: bare multi-row INSERT into till_records', bare));
      console.log(`  ${load()}`);
    }

    // The server kept every record exactly once and projected the sales.
    const check = await openPostgres(pgc.url, 1);
    const { rows } = await check.query<{ records: number; last: number; sales: number }>(
      `SELECT (SELECT count(*) FROM till_records) AS records, (SELECT sum(last_seq) FROM tills) AS last,
              (SELECT count(*) FROM sales) AS sales`,
    );
    await check.close();
    const sent = tills.reduce((n, t) => n + t.seq - 1, 0);
    const r = rows[0]!;
    console.log(
      `\ncheck: sent ${sent.toLocaleString('en-AU')}, stored ${Number(r.records).toLocaleString('en-AU')}, ` +
        `sum of last_seq ${Number(r.last).toLocaleString('en-AU')}, projected sales ${Number(r.sales).toLocaleString('en-AU')} ` +
        `${sent === Number(r.records) && sent === Number(r.last) ? 'OK' : 'MISMATCH'}`,
    );
    await server.stop();

    if (WITH_PGLITE) {
      const liteDir = mkdtempSync(join(tmpdir(), 'bench-ingest-lite-'));
      try {
        const lite = await startServerProcess(liteDir, null);
        process.once('exit', () => lite.child.kill('SIGKILL'));
        const liteTills = await enrolSimTills(lite, TILLS, STORES);
        const r2 = await runPushes(liteTills, mix, perSale, Math.min(SECONDS, 15));
        console.log(line(`\nPGlite (embedded), live, ${TILLS} tills × ${perSale}`, r2));
        console.log(`  ${load()}`);
        await lite.stop();
      } finally {
        rmSync(liteDir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    pgc.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
