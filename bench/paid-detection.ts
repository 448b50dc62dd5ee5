/**
 * Paid detection after USERPAYING, and what it costs in gateway queries: for each foreground schedule, the time
 * from the sandbox marking an order paid to the engine's paid state (p50/p95), the QueryOrder calls each sale
 * made (median/max), and the calls a full wait makes when nobody pays (the budget). All schedules see the same
 * confirm times (one seeded draw, uniform over 1–25 s after USERPAYING), against one sandbox, in one run:
 * the previous schedule, the new default, candidate plans (the trade-off curve), a fixed 5 s baseline, and the
 * notification path (sandbox notifications delivered over HTTP to the engine, with the sparse plan).
 *
 *   npx tsx bench/paid-detection.ts [salesPerSchedule=30]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotificationVerifier, NOTIFICATION_REPLY, OmipayClient } from '../main/omipay';
import { openJournal } from '../main/journal/journal';
import { SaleEngine } from '../main/payments/sale-engine';
import {
  adaptiveSchedule,
  DEFAULT_NOTIFIED_PLAN,
  DEFAULT_POLLING_PLAN,
  fixedSchedule,
  plannedQueryTimes,
  type ForegroundPlan,
  type PollSchedule,
} from '../main/payments/poll-schedule';
import { queryCountingGateway } from '../test/helpers/counting-gateway';
import { seededUniform, startPayingSandbox, userpayingOrderNo } from './paying-sandbox';

const N = Number(process.argv[2] ?? 30);
const PAY_AFTER_MIN_MS = 1_000;
const PAY_AFTER_MAX_MS = 25_000;
const WAIT_MS = 60_000;
/** Schedules measured side by side; more at once would make the machine's load part of the figure. */
const BATCH = 2;

/** The schedule before the query budget: 1 s for 20 s, then 1.5 s to 40 s, then 2 s; no budget. */
function previousSchedule(): PollSchedule {
  return {
    foregroundDelay: (_n, waited) => (waited < 20_000 ? 1_000 : waited < 40_000 ? 1_500 : 2_000),
    backgroundDelay: () => 5_000,
    followUpDelay: () => 5_000,
  };
}

const plan = (maxQueries: number, ...phases: Array<[number, number]>): ForegroundPlan => ({
  maxQueries,
  phases: phases.map(([untilMs, everyMs]) => ({ untilMs, everyMs })),
});

interface Config {
  name: string;
  schedule: PollSchedule;
  notifications?: boolean;
}

const CONFIGS: Config[] = [
  { name: 'previous (1→1.5→2 s)', schedule: previousSchedule() },
  { name: 'DEFAULT 1.5 s·30 s, 6 s', schedule: adaptiveSchedule({ plan: DEFAULT_POLLING_PLAN }) },
  {
    name: '1 s·10 s, 2 s·30 s, 6 s',
    schedule: adaptiveSchedule({ plan: plan(25, [10_000, 1_000], [30_000, 2_000], [60_000, 6_000]) }),
  },
  {
    name: '1.25 s·25 s, 7 s',
    schedule: adaptiveSchedule({ plan: plan(25, [25_000, 1_250], [60_000, 7_000]) }),
  },
  { name: '2 s·30 s, 3 s', schedule: adaptiveSchedule({ plan: plan(25, [30_000, 2_000], [60_000, 3_000]) }) },
  {
    name: '2.5 s·30 s, 6 s',
    schedule: adaptiveSchedule({ plan: plan(17, [30_000, 2_500], [60_000, 6_000]) }),
  },
  {
    name: '3 s·30 s, 10 s',
    schedule: adaptiveSchedule({ plan: plan(13, [30_000, 3_000], [60_000, 10_000]) }),
  },
  { name: 'fixed 5 s (baseline)', schedule: fixedSchedule(5_000) },
  {
    name: 'sparse 4 s·30 s, 10 s, no notif.',
    schedule: adaptiveSchedule({ plan: DEFAULT_NOTIFIED_PLAN }),
  },
  {
    name: 'NOTIFICATION + sparse plan',
    schedule: adaptiveSchedule({ plan: DEFAULT_NOTIFIED_PLAN }),
    notifications: true,
  },
];

interface SaleResult {
  /** Engine paid − sandbox paid instant. */
  latency: number;
  /** Engine paid − notification received (notification path only). */
  afterNotification: number | null;
  queries: number;
  /** Median QueryOrder round trip of this sale: the machine's load shows here. */
  queryMs: number;
}

/** Deterministic confirm times, the same list for every schedule. */
function confirmTimes(n: number): number[] {
  return seededUniform(n, PAY_AFTER_MIN_MS, PAY_AFTER_MAX_MS, 0x9e3779b9);
}

async function main(): Promise<void> {
  const { sandbox, paidAt } = await startPayingSandbox();
  const merchant = sandbox.merchants[0]!;
  const root = mkdtempSync(join(tmpdir(), 'bench-paid-'));
  const payAfter = confirmTimes(N);

  // The notification receiver: verifies as the runtime does, then hands the notification to the engine that
  // owns the order (each bench sale has its own engine).
  const verifier = new NotificationVerifier({ credentials: merchant });
  const byOutOrderNo = new Map<string, SaleEngine>();
  const notifiedAt = new Map<string, number>();
  const receiver: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const verdict = verifier.verify(Buffer.concat(chunks), req.headers['content-type']);
      if (verdict.ok) {
        notifiedAt.set(verdict.notification.orderNo, Date.now());
        byOutOrderNo.get(verdict.notification.outOrderNo)?.applyNotification(verdict.notification);
      }
      res.writeHead(verdict.ok ? 200 : 400, { 'content-type': 'application/json' }).end(NOTIFICATION_REPLY);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/omipay/notify`;

  async function runOne(config: Config, i: number, salt: number): Promise<SaleResult> {
    let queries = 0;
    const rtts: number[] = [];
    const client = new OmipayClient({ baseUrl: sandbox.url, credentials: merchant });
    const counted = queryCountingGateway(client, () => {
      queries++;
      const t0 = performance.now();
      return () => rtts.push(performance.now() - t0);
    });
    const journal = openJournal({ dir: join(root, `${salt}-${i}`) });
    const engine = new SaleEngine({
      journal,
      gateway: counted,
      posNo: `B${String(salt).padStart(2, '0')}${String(i).padStart(3, '0')}`,
      orderName: 'bench',
      maxAmountCents: 1_000_000,
      maxWaitMs: WAIT_MS,
      schedule: config.schedule,
      ...(config.notifications ? { notifyUrl } : {}),
    });
    const sale = engine.startSale(100 + i);
    // 0007: USERPAYING and stays PAYING until we pay it — so the moment of payment is ours to choose.
    const { attempt } = engine.submitCode(sale.id, `13000000000000${'0007'}`);
    byOutOrderNo.set(attempt.outOrderNo, engine);
    const orderNo = await userpayingOrderNo(engine, journal, attempt.id);
    setTimeout(() => sandbox.control.payOrder(orderNo), payAfter[i]!);
    const detectedAt = await new Promise<number>((resolve) => {
      const off = engine.on(() => {
        if (journal.getSale(sale.id)?.status === 'paid') {
          off();
          resolve(Date.now());
        }
      });
    });
    const latency = detectedAt - (paidAt.get(orderNo) ?? detectedAt);
    const notified = notifiedAt.get(orderNo);
    engine.close();
    journal.close();
    client.close();
    rtts.sort((a, b) => a - b);
    return {
      latency,
      afterNotification: notified === undefined ? null : detectedAt - notified,
      queries,
      queryMs: rtts.length > 0 ? pct(rtts, 50) : 0,
    };
  }

  const results = new Map<string, SaleResult[]>();
  for (let b = 0; b < CONFIGS.length; b += BATCH) {
    const batch = CONFIGS.slice(b, b + BATCH);
    const done = await Promise.all(
      batch.map((config, k) => Promise.all(payAfter.map((_, i) => runOne(config, i, b + k)))),
    );
    batch.forEach((config, k) => results.set(config.name, done[k]!));
  }
  await sandbox.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  rmSync(root, { recursive: true, force: true });

  console.log(
    `paid detection after USERPAYING: ${N} sales per schedule, the same confirm times (uniform 1–25 s), ` +
      `${WAIT_MS / 1000} s foreground wait`,
  );
  console.log(
    `${'schedule'.padEnd(34)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)}  ` +
      `${'q/sale med'.padStart(10)} ${'max'.padStart(4)}  ${'full wait'.padStart(9)}  ${'query ms'.padStart(8)}  ` +
      'after notif. p50/p95',
  );
  for (const config of CONFIGS) {
    const rs = results.get(config.name)!;
    const lat = rs.map((r) => r.latency).sort((a, b) => a - b);
    const qs = rs.map((r) => r.queries).sort((a, b) => a - b);
    const after = rs
      .map((r) => r.afterNotification)
      .filter((x): x is number => x !== null)
      .sort((a, b) => a - b);
    const fullWait = plannedQueryTimes(config.schedule, WAIT_MS).length;
    const rtt = rs.map((r) => r.queryMs).sort((a, b) => a - b);
    console.log(
      `${config.name.padEnd(34)} ${pct(lat, 50).toFixed(0).padStart(7)} ${pct(lat, 95).toFixed(0).padStart(7)}  ` +
        `${pct(qs, 50).toFixed(0).padStart(10)} ${String(Math.max(...qs)).padStart(4)}  ${String(fullWait).padStart(9)}  ${pct(rtt, 50).toFixed(0).padStart(8)}  ` +
        (after.length > 0
          ? `${pct(after, 50).toFixed(0)} / ${pct(after, 95).toFixed(0)} ms (${after.length}/${rs.length} notified)`
          : '—'),
    );
  }
  console.log(
    'goal: polling alone p50 ≤ 1000 ms, p95 ≤ 2500 ms, ≤ 25 queries per sale; notification path p50 ≤ 300 ms after it arrives',
  );
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, idx)]!;
}

void main();
