/**
 * Paid-detection latency after USERPAYING: time from the sandbox marking an order paid to the engine's paid
 * state, and QueryOrder calls per minute of waiting — the adaptive schedule beside a fixed 5-second poll, both
 * in the same run against the same sandbox. Notifications are off, so only polling can detect the payment.
 *
 *   npx tsx bench/paid-detection.ts [salesPerSchedule=30]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../main/sandbox';
import { OmipayClient } from '../main/omipay';
import { openJournal } from '../main/journal/journal';
import { SaleEngine } from '../main/payments/sale-engine';
import { adaptiveSchedule, fixedSchedule, type PollSchedule } from '../main/payments/poll-schedule';
import type { PaymentGateway } from '../main/payments/gateway';

const N = Number(process.argv[2] ?? 30);
const PAY_AFTER_MIN_MS = 1_000;
const PAY_AFTER_MAX_MS = 25_000;

async function main(): Promise<void> {
  const sandbox = await startSandbox({ timeScale: 1 });
  const merchant = sandbox.merchants[0]!;
  const paidAt = new Map<string, number>();
  sandbox.control.events.on('order-status', (e: { orderNo: string; status: string; at: number }) => {
    if (e.status === 'PAID') paidAt.set(e.orderNo, e.at);
  });
  const root = mkdtempSync(join(tmpdir(), 'bench-paid-'));

  async function runOne(label: string, schedule: PollSchedule, i: number) {
    let queries = 0;
    const client = new OmipayClient({ baseUrl: sandbox.url, credentials: merchant });
    const counted: PaymentGateway = {
      makeScanOrder: (p, o) => client.makeScanOrder(p, o),
      makeQROrder: (p, o) => client.makeQROrder(p, o),
      makeJSAPIOrder: (p, o) => client.makeJSAPIOrder(p, o),
      queryOrder: (p, o) => {
        queries++;
        return client.queryOrder(p, o);
      },
      refund: (p, o) => client.refund(p, o),
      queryRefund: (p, o) => client.queryRefund(p, o),
      getExchangeRate: (p, o) => client.getExchangeRate(p, o),
    };
    const journal = openJournal({ dir: join(root, `${label}-${i}`) });
    const engine = new SaleEngine({
      journal,
      gateway: counted,
      posNo: `B${i}`,
      orderName: 'bench',
      maxAmountCents: 1_000_000,
      maxWaitMs: 120_000,
      schedule,
    });
    const sale = engine.startSale(100 + i);
    // 0007: USERPAYING and stays PAYING until we pay it — so the moment of payment is ours to choose.
    const { attempt } = engine.submitCode(sale.id, `13000000000000${'0007'}`);
    const orderNo = await new Promise<string>((resolve) => {
      const off = engine.on(() => {
        const a = journal.getAttempt(attempt.id);
        if (a?.orderNo && a.status === 'userpaying') {
          off();
          resolve(a.orderNo);
        }
      });
    });
    const waitStart = Date.now();
    const payAfter = PAY_AFTER_MIN_MS + Math.random() * (PAY_AFTER_MAX_MS - PAY_AFTER_MIN_MS);
    setTimeout(() => sandbox.control.payOrder(orderNo), payAfter);
    const detectedAt = await new Promise<number>((resolve) => {
      const off = engine.on(() => {
        if (journal.getSale(sale.id)?.status === 'paid') {
          off();
          resolve(Date.now());
        }
      });
    });
    const latency = detectedAt - (paidAt.get(orderNo) ?? detectedAt);
    const minutes = (detectedAt - waitStart) / 60_000;
    engine.close();
    journal.close();
    return { latency, qpm: queries / minutes };
  }

  const [adaptive, fixed] = await Promise.all([
    Promise.all(Array.from({ length: N }, (_, i) => runOne('adaptive', adaptiveSchedule(), i))),
    Promise.all(Array.from({ length: N }, (_, i) => runOne('fixed', fixedSchedule(5_000), i + N))),
  ]);
  await sandbox.close();
  rmSync(root, { recursive: true, force: true });

  const row = (name: string, rs: Array<{ latency: number; qpm: number }>) => {
    const lat = rs.map((r) => r.latency).sort((a, b) => a - b);
    const qpm = rs.map((r) => r.qpm).sort((a, b) => a - b);
    return `${name.padEnd(22)} p50 ${pct(lat, 50).toFixed(0).padStart(5)} ms   p95 ${pct(lat, 95).toFixed(0).padStart(5)} ms   queries/min median ${pct(qpm, 50).toFixed(1).padStart(5)}  max ${Math.max(
      ...qpm,
    )
      .toFixed(1)
      .padStart(5)}`;
  };
  console.log(`paid-detection latency after USERPAYING (${N} sales each, payment 1–25 s after USERPAYING)`);
  console.log(row('adaptive (this POS)', adaptive));
  console.log(row('baseline fixed 5 s', fixed));
  console.log('goal: p50 ≤ 1000 ms, p95 ≤ 2000 ms, ≤ 60 queries/min');
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, idx)]!;
}

void main();
