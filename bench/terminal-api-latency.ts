/**
 * What the Terminal API adds, in one run against one till (real core, journal on disk, embedded sandbox, hub):
 *
 *  A. request → the till's screen: POST /api/v1/payments until the cashier's screen (a hub WebSocket client)
 *     receives the new sale, beside the hub's own path — a `startSale` frame on that socket until the same event.
 *  B. gateway's paid reply → the caller: from the moment MakeScanOrder's paid reply reaches the engine until the
 *     caller's SSE stream delivers `paid`, beside the hub socket delivering the paid sale to the screen (the same
 *     sale, both listening at once).
 *
 *   npx tsx bench/terminal-api-latency.ts [--n 60]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { PaymentGateway } from '../main/payments/gateway';
import type { PosEvent } from '../preload/api';
import { startHubHarness } from '../test/helpers/runtime-harness';

const { values } = parseArgs({ options: { n: { type: 'string', default: '60' } } });
const N = Number(values.n);
const PAID_CODE = '130000000000000000'; // sandbox scenario 0000: paid in the MakeScanOrder reply

let paidReplyAt = 0;
const wrap = (g: PaymentGateway): PaymentGateway => ({
  ...g,
  makeScanOrder: async (p, o) => {
    const r = await g.makeScanOrder(p, o);
    paidReplyAt = performance.now();
    return r;
  },
  makeQROrder: (p, o) => g.makeQROrder(p, o),
  makeJSAPIOrder: (p, o) => g.makeJSAPIOrder(p, o),
  queryOrder: (p, o) => g.queryOrder(p, o),
  refund: (p, o) => g.refund(p, o),
  queryRefund: (p, o) => g.queryRefund(p, o),
  getExchangeRate: (p, o) => g.getExchangeRate(p, o),
});

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-api-'));
  const counter = await startHubHarness(
    {
      dataDir,
      tuning: { maxWaitMs: 3_000, pollScale: 0.05, backgroundFirstMs: 100, callTimeoutMs: 2_000 },
      wrapGateway: wrap,
      terminalApi: { port: 0, rate: { burst: 10_000, perSecond: 10_000 } },
    },
    { staticDir: join(tmpdir(), 'bench-api-no-static') },
  );
  const { runtime } = counter.h;
  const { hub } = counter;
  const base = runtime.terminalApi!.url;
  const hubUrl = new URL(hub.url);
  const ws = new WebSocket(`ws://${hubUrl.host}/pos`, { origin: `http://${hubUrl.host}` });
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  const waiters: Array<(e: PosEvent) => boolean> = [];
  let frameId = 1;
  const replies = new Map<number, (v: unknown) => void>();
  ws.on('message', (data) => {
    const at = performance.now();
    const frame = JSON.parse(String(data)) as { event?: PosEvent; id?: number; result?: unknown };
    if (frame.event) {
      const e = frame.event;
      (e as unknown as { at: number }).at = at;
      for (const w of [...waiters]) if (w(e)) waiters.splice(waiters.indexOf(w), 1);
    } else if (frame.id !== undefined) replies.get(frame.id)?.(frame.result);
  });
  const hubCall = (method: string, args?: unknown) =>
    new Promise<{ ok: boolean; value?: { id: string } }>((resolve) => {
      const id = frameId++;
      replies.set(id, resolve as (v: unknown) => void);
      ws.send(JSON.stringify({ id, method, ...(args !== undefined ? { args } : {}) }));
    });
  await hubCall('hub.subscribe');
  const screenSees = (pred: (e: PosEvent) => boolean) =>
    new Promise<number>((resolve) =>
      waiters.push((e) => (pred(e) ? (resolve((e as unknown as { at: number }).at), true) : false)),
    );
  const post = (path: string, body: unknown) =>
    fetch(base + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  const apiToScreen: number[] = [];
  const hubToScreen: number[] = [];
  const paidToSse: number[] = [];
  const paidToHub: number[] = [];

  for (let i = 0; i < N; i++) {
    // A, hub path.
    let seen = screenSees((e) => e.type === 'sale' && e.sale.phase === 'awaiting_code');
    let t0 = performance.now();
    const started = await hubCall('startSale', { amount: '1.00' });
    hubToScreen.push((await seen) - t0);
    await hubCall('clearSale', { saleId: started.value!.id });

    // A, API path.
    const id = randomUUID();
    seen = screenSees((e) => e.type === 'sale' && e.sale.phase === 'awaiting_code');
    t0 = performance.now();
    const res = await post('/payments', { id, amountCents: 100 + i, currency: 'AUD' });
    const payment = (await res.json()) as { saleId: string };
    apiToScreen.push((await seen) - t0);

    // B: the same sale, watched by the screen (hub) and by the caller (SSE).
    const controller = new AbortController();
    const sse = await fetch(`${base}/payments/${id}/events`, { signal: controller.signal });
    const reader = sse.body!.getReader();
    await reader.read(); // the current state
    const hubPaid = screenSees(
      (e) => e.type === 'sale' && e.sale.id === payment.saleId && e.sale.phase === 'paid',
    );
    const ssePaid = (async () => {
      const decoder = new TextDecoder();
      let text = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended before paid');
        text += decoder.decode(value, { stream: true });
        if (text.includes('"state":"paid"')) return performance.now();
      }
    })();
    await runtime.api.submitCode({ saleId: payment.saleId, code: PAID_CODE });
    const [hubAt, sseAt] = await Promise.all([hubPaid, ssePaid]);
    paidToHub.push(hubAt - paidReplyAt);
    paidToSse.push(sseAt - paidReplyAt);
    controller.abort();
  }

  const line = (name: string, xs: number[]) =>
    `${name.padEnd(44)} p50 ${pct(xs, 50).toFixed(2).padStart(6)} ms   p95 ${pct(xs, 95).toFixed(2).padStart(6)} ms`;
  console.log(`terminal api latency (${N} payments each)`);
  console.log(line('A  POST /payments → till screen event', apiToScreen));
  console.log(line('   baseline: hub startSale → screen event', hubToScreen));
  console.log(
    `   added at p50: ${(pct(apiToScreen, 50) - pct(hubToScreen, 50)).toFixed(2)} ms (goal ≤ 5 ms)`,
  );
  console.log(line('B  gateway paid reply → caller SSE event', paidToSse));
  console.log(line('   baseline: paid reply → hub screen event', paidToHub));
  console.log(`   added at p50: ${(pct(paidToSse, 50) - pct(paidToHub, 50)).toFixed(2)} ms (goal ≤ 5 ms)`);

  ws.close();
  await counter.close();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
