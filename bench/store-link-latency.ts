/**
 * A till's scan → paid latency with its store server up (replicating every sale as it happens) and down
 * (records piling up, the replicator retrying), each beside a till with no store server at all, measured in the
 * same run and interleaved sale by sale so both see the same machine load. Real cores, journals on disk, the
 * embedded sandbox, a real store server on PGlite. Goal: no difference.
 *
 *   npx tsx bench/store-link-latency.ts [--n 60]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { startPosRuntime, type PosRuntime } from '../main/runtime';
import { createEnrolCode, createStore } from '../main/store-server/admin';
import { startStoreServer, type StoreServerHandle } from '../main/store-server/server';

const { values } = parseArgs({ options: { n: { type: 'string', default: '60' } } });
const N = Number(values.n);
const PAID_CODE = '130000000000000000'; // sandbox scenario 0000: paid in the MakeScanOrder reply
const PIN = '2468';
const silent = pino({ level: 'silent' });
const dirs: string[] = [];

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function till(): Promise<PosRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-link-'));
  dirs.push(dataDir);
  return startPosRuntime({
    dataDir,
    env: {},
    sandbox: { timeScale: 0.02 },
    tuning: { maxWaitMs: 3_000, pollScale: 0.05, backgroundFirstMs: 100, callTimeoutMs: 2_000 },
    log: silent,
    // Production timings for the link, except a shorter wait before a push (so it overlaps the next sale).
    storeLink: { timing: { debounceMs: 20 } },
  });
}

/** startSale (not timed), then submitCode until the core says paid. */
async function scanToPaid(rt: PosRuntime): Promise<number> {
  const started = await rt.api.startSale({ amount: '4.20' });
  if (!started.ok) throw new Error(started.error.message.en);
  const saleId = started.value.id;
  const paid = new Promise<number>((resolve) => {
    const off = rt.api.onEvent((e) => {
      if (e.type === 'sale' && e.sale.id === saleId && e.sale.phase === 'paid') {
        off();
        resolve(performance.now());
      }
    });
  });
  const t0 = performance.now();
  const r = await rt.api.submitCode({ saleId, code: PAID_CODE });
  if (!r.ok) throw new Error(r.error.message.en);
  const t1 = await paid;
  await rt.api.clearSale({ saleId }).catch(() => undefined);
  return t1 - t0;
}

async function phase(name: string, linked: PosRuntime, alone: PosRuntime): Promise<void> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < N; i++) {
    a.push(await scanToPaid(linked));
    b.push(await scanToPaid(alone));
  }
  const s = linked.storeLink.status();
  console.log(
    `${name.padEnd(34)} p50 ${pct(a, 50).toFixed(2).padStart(6)} ms  p95 ${pct(a, 95).toFixed(2).padStart(6)} ms` +
      `   (link ${s.state}, ${s.backlog} waiting)`,
  );
  console.log(
    `${'   baseline: till with no server'.padEnd(34)} p50 ${pct(b, 50).toFixed(2).padStart(6)} ms  p95 ${pct(
      b,
      95,
    )
      .toFixed(2)
      .padStart(6)} ms`,
  );
  console.log(`   difference at p50: ${(pct(a, 50) - pct(b, 50)).toFixed(2)} ms (goal: none beyond noise)`);
}

async function main(): Promise<void> {
  const serverDir = mkdtempSync(join(tmpdir(), 'bench-store-'));
  dirs.push(serverDir);
  let server: StoreServerHandle = await startStoreServer({ dataDir: serverDir, log: silent, env: {} });
  const port = server.port;
  const store = await createStore(server.db, { name: 'Bench St' }, server.context.sealer, Date.now());
  const linked = await till();
  const alone = await till();
  const setup = linked.setupCode() ?? '';
  if (!(await linked.api.setManagerPin({ newPin: PIN, setupCode: setup })).ok) throw new Error('pin');
  const { code } = await createEnrolCode(
    server.db,
    { storeId: store.id, tillName: 'Till 1', createdBy: 'bench' },
    Date.now(),
  );
  const enrolled = await linked.api.enrolStoreServer({ url: server.url, code, pin: PIN });
  if (!enrolled.ok) throw new Error(enrolled.error.message.en);
  // Warm both (JIT, sandbox, first session).
  for (let i = 0; i < 5; i++) {
    await scanToPaid(linked);
    await scanToPaid(alone);
  }

  console.log(`store link: scan → paid latency (${N} sales each, interleaved)`);
  await phase('A  store server up (replicating)', linked, alone);
  await server.close();
  await phase('B  store server down (backlog)', linked, alone);
  server = await startStoreServer({ dataDir: serverDir, log: silent, env: {}, port });
  const t0 = performance.now();
  while (linked.storeLink.status().backlog > 0 || linked.storeLink.status().state !== 'online') {
    if (performance.now() - t0 > 120_000) throw new Error('backlog never drained');
    await new Promise((r) => setTimeout(r, 20));
  }
  console.log(
    `C  server back: backlog drained in ${((performance.now() - t0) / 1000).toFixed(1)} s (retry backoff ≤ 30 s)`,
  );

  await linked.close();
  await alone.close();
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
