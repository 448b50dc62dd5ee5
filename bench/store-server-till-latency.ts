/**
 * Does the store server ever slow a sale? One real till runtime (main/runtime.ts: engine, journal on disk,
 * embedded sandbox over HTTP, time scale 0.02) takes SALES scan sales (scenario 0000, paid at once, the same
 * seeded amounts in every phase), timing scan → paid (submitCode until the engine's sale is paid):
 *
 *   none     — no store server configured (the till as before)
 *   linked   — enrolled with a real store server (its own process, PostgreSQL 15), replicating as it sells
 *   down     — still enrolled, the server stopped: every push fails and backs off, the backlog grows
 *
 * Same runtime and journal for the three phases, in that order. Goal: no difference.
 *
 *   npx tsx bench/store-server-till-latency.ts [sales=40]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgres } from '../main/store-server/db/postgres';
import { scenario, startHarness, unwrap, type Harness } from '../test/helpers/runtime-harness';
import { freshPostgres, load, ms, rng, summarise } from './store-server-common';
import { startServerProcess } from './store-server-ingest';

const SALES = Math.max(40, Number(process.argv[2] ?? 40));
const WARMUP = 3;

async function phase(h: Harness, seed: number): Promise<number[]> {
  const random = rng(seed);
  const out: number[] = [];
  for (let i = 0; i < SALES + WARMUP; i++) {
    const amount = (1 + Math.floor(random() * 9999) / 100).toFixed(2);
    const code = scenario(random() < 0.6 ? 'wechat' : 'alipay', '0000');
    const sale = unwrap(await h.runtime.api.startSale({ amount }));
    const t = performance.now();
    unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code }));
    await h.waitForSale(sale.id, (s) => s.phase === 'paid', 10_000);
    if (i >= WARMUP) out.push(performance.now() - t);
    unwrap(await h.runtime.api.clearSale({ saleId: sale.id }));
  }
  return out;
}

function line(label: string, xs: number[], base?: number): string {
  const s = summarise(xs);
  const diff =
    base === undefined ? '' : `   p50 ${s.p50 - base >= 0 ? '+' : ''}${(s.p50 - base).toFixed(1)} ms vs none`;
  return `${label.padEnd(34)} p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  max ${ms(s.max)}${diff}`;
}

async function main(): Promise<void> {
  const pgc = await freshPostgres('latency');
  const root = mkdtempSync(join(tmpdir(), 'bench-till-latency-'));
  const server = await startServerProcess(join(root, 'server'), pgc.url);
  let serverUp = true;
  const h = await startHarness({ dataDir: join(root, 'till') });
  try {
    console.log(`${SALES} scan sales per phase (scenario 0000), after ${WARMUP} warm-up; ${load()}`);
    const none = await phase(h, 7);
    console.log(line('none: no store server', none));
    const noneP50 = summarise(none).p50;

    const { codes } = await server.ask({ type: 'setup', stores: 1, tillsPerStore: 1 });
    await h.runtime.storeLink.enrol(server.url, codes[0]!.code);
    const linked = await phase(h, 7);
    await new Promise((r) => setTimeout(r, 1500));
    const db = await openPostgres(pgc.url, 1);
    const onServer = Number(
      (await db.query<{ n: number }>(`SELECT count(*) AS n FROM sales WHERE status = 'paid'`)).rows[0]?.n,
    );
    await db.close();
    console.log(line('linked: enrolled, server up', linked, noneP50));
    console.log(
      `  the server holds ${onServer} paid sales of this till (status: ${h.runtime.storeLink.status().state})`,
    );

    await server.stop();
    serverUp = false;
    const down = await phase(h, 7);
    const st = h.runtime.storeLink.status();
    console.log(line('down: enrolled, server stopped', down, noneP50));
    console.log(`  till's link status: ${st.state}, ${st.backlog} records waiting`);
    console.log(load());
  } finally {
    await h.close();
    if (serverUp) await server.stop();
    pgc.close();
    rmSync(root, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
