/**
 * Background detection: how soon a payment that lands after the foreground wait ended — or after the cashier
 * voided the sale — is seen without notifications, beside the foreground figure measured in the same run on the
 * same machine and sandbox. Each sale has its own engine and journal (the real SaleEngine, default schedules,
 * real time) against one in-process sandbox over HTTP; scenario 0007 keeps the order PAYING until the bench pays
 * it through the sandbox control, so the moment of payment is known exactly.
 *
 *   foreground  paid 1–25 s after USERPAYING (seeded), the cashier still waiting
 *   after wait  the 60 s wait ends unpaid; paid 8 s later
 *   after void  voided at once; paid 30 s later (the closed loop then refunds it at once)
 *
 *   npx tsx bench/background-detection.ts [salesPerCase=20] [waitMs=60000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OmipayClient } from '../main/omipay';
import { openJournal } from '../main/journal/journal';
import { SaleEngine } from '../main/payments/sale-engine';
import { DEFAULT_FOLLOW_UP_PLAN, plannedFollowUpTimes } from '../main/payments/follow-up-schedule';
import { queryCountingGateway } from '../test/helpers/counting-gateway';
import { seededUniform, startPayingSandbox, userpayingOrderNo } from './paying-sandbox';

const N = Number(process.argv[2] ?? 20);
const WAIT_MS = Number(process.argv[3] ?? 60_000);
const AFTER_WAIT_MS = 8_000;
const AFTER_VOID_MS = 30_000;

type Case = 'foreground' | 'after wait' | 'after void';
interface Result {
  latency: number;
  queries: number;
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const { sandbox, paidAt } = await startPayingSandbox();
  const merchant = sandbox.merchants[0]!;
  const root = mkdtempSync(join(tmpdir(), 'bench-background-'));
  const confirm = seededUniform(N, 1_000, 25_000, 0x2545f491);

  async function runOne(kind: Case, i: number): Promise<Result> {
    let queries = 0;
    const client = new OmipayClient({ baseUrl: sandbox.url, credentials: merchant });
    const gateway = queryCountingGateway(client, () => {
      queries++;
    });
    const tag = { foreground: 'F', 'after wait': 'W', 'after void': 'V' }[kind];
    const journal = openJournal({ dir: join(root, `${tag}${i}`) });
    const engine = new SaleEngine({
      journal,
      gateway,
      posNo: `B${tag}${String(i).padStart(3, '0')}`,
      orderName: 'bench',
      maxAmountCents: 1_000_000,
      maxWaitMs: WAIT_MS,
    });
    const sale = engine.startSale(100 + i);
    const { attempt } = engine.submitCode(sale.id, '13000000000000' + '0007');
    const when = (reached: () => boolean) =>
      new Promise<number>((resolve) => {
        const check = () => {
          if (reached()) {
            off();
            resolve(Date.now());
          }
        };
        const off = engine.on(check);
        check();
      });
    const orderNo = await userpayingOrderNo(engine, journal, attempt.id);
    let queriesBefore = 0;
    if (kind === 'foreground') {
      setTimeout(() => sandbox.control.payOrder(orderNo), confirm[i]!);
    } else if (kind === 'after wait') {
      await when(() => journal.getSale(sale.id)?.status === 'unresolved');
      queriesBefore = queries;
      await sleep(AFTER_WAIT_MS);
      sandbox.control.payOrder(orderNo);
    } else {
      engine.voidSale(sale.id);
      await sleep(AFTER_VOID_MS);
      queriesBefore = queries;
      sandbox.control.payOrder(orderNo);
    }
    // A voided sale stays voided; its attempt turning paid is the late payment the closed loop refunds.
    const seenAt = await when(() =>
      kind === 'after void'
        ? journal.getAttempt(attempt.id)?.status === 'paid'
        : journal.getSale(sale.id)?.status === 'paid',
    );
    const latency = seenAt - (paidAt.get(orderNo) ?? seenAt);
    engine.close();
    await engine.idle();
    journal.close();
    client.close();
    return { latency, queries: queries - queriesBefore };
  }

  const cases: Case[] = ['foreground', 'after wait', 'after void'];
  const all = await Promise.all(cases.map((c) => Promise.all(confirm.map((_, i) => runOne(c, i)))));
  await sandbox.close();
  rmSync(root, { recursive: true, force: true });

  console.log(
    `payment detection without notifications: ${N} sales per case, ${WAIT_MS / 1000} s foreground wait, ` +
      'default schedules, real time',
  );
  console.log(
    `${'case'.padEnd(34)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'max ms'.padStart(7)}  queries`,
  );
  const label: Record<Case, string> = {
    foreground: 'foreground (paid 1–25 s into wait)',
    'after wait': `paid ${AFTER_WAIT_MS / 1000} s after the wait ended`,
    'after void': `paid ${AFTER_VOID_MS / 1000} s after a void`,
  };
  const queryNote: Record<Case, string> = {
    foreground: 'until paid, median',
    'after wait': 'after the wait until paid, median',
    'after void': 'after the payment until seen, median',
  };
  cases.forEach((c, k) => {
    const lat = all[k]!.map((r) => r.latency);
    const q = pct(
      all[k]!.map((r) => r.queries),
      50,
    );
    console.log(
      `${label[c].padEnd(34)} ${pct(lat, 50).toFixed(0).padStart(7)} ${pct(lat, 95).toFixed(0).padStart(7)} ` +
        `${Math.max(...lat)
          .toFixed(0)
          .padStart(7)}  ${q} (${queryNote[c]})`,
    );
  });
  const fiveMin = plannedFollowUpTimes(DEFAULT_FOLLOW_UP_PLAN, 5 * 60_000).length;
  const hour = plannedFollowUpTimes(DEFAULT_FOLLOW_UP_PLAN, 60 * 60_000).length;
  console.log(
    `follow-up budget per unresolved sale: ${fiveMin} queries in its first 5 min, ${hour} in its first hour, then 6 an hour`,
  );
  console.log(
    'baseline (before): after the wait, one check at +5 s then none until +10 min (backoff counted the wait’s 25 queries): ' +
      `a payment at +${AFTER_WAIT_MS / 1000} s was seen ≈ ${(600_000 + 5_000 - AFTER_WAIT_MS) / 1000} s later`,
  );
  console.log('goal: after the wait p95 ≤ 20000 ms; after a void, refunded within 30000 ms');
}

void main();
