/**
 * Randomised crash soak: one terminal (one journal) sells continuously in a child process against a sandbox
 * that injects random faults (resets, 500s, garbage, delays, dropped requests); the child is SIGKILLed at random
 * moments and restarted on the same journal until at least N sales were started. A final recovery run settles
 * everything, then the journal is audited against the sandbox's own records:
 *   - every sale the journal calls paid has exactly one PAID order at the gateway, and no sale has two;
 *   - every PAID order at the gateway belongs to a sale the journal calls paid (nothing charged unseen);
 *   - nothing is left open.
 *
 *   npx tsx bench/soak-crash.ts [sales=1000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type SandboxFault } from '../main/sandbox';
import { openJournal } from '../main/journal/journal';

const TARGET = Number(process.argv[2] ?? 1000);

async function main(): Promise<void> {
  const sandbox = await startSandbox({ timeScale: 0.02 });
  const merchant = sandbox.merchants[0]!;
  const dataDir = mkdtempSync(join(tmpdir(), 'pos-soak-'));
  const base = { dataDir, sandboxUrl: sandbox.url, mNumber: merchant.mNumber, secretKey: merchant.secretKey };
  const started = Date.now();
  let sales = 0;
  let kills = 0;
  let faults = 0;

  const faultTimer = setInterval(() => {
    const kinds: SandboxFault[] = [
      { kind: 'reset' },
      { kind: 'http500' },
      { kind: 'malformed' },
      { kind: 'delay', ms: 800 },
      { kind: 'drop' },
    ];
    const apis = ['MakeScanOrder', 'QueryOrder'];
    sandbox.control.injectFault({
      fault: kinds[Math.floor(Math.random() * kinds.length)]!,
      api: apis[Math.floor(Math.random() * apis.length)]!,
      times: 1,
    });
    faults++;
  }, 700);

  const spawnChild = (plan: object): ChildProcess =>
    spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/engine-child.ts'], {
      env: { ...process.env, POS_CHILD_PLAN: JSON.stringify({ ...base, killAt: 'none', ...plan }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });

  while (sales < TARGET) {
    const child = spawnChild({ action: 'soak' });
    child.stdout!.on('data', (d: Buffer) => {
      sales += d
        .toString()
        .split('\n')
        .filter((l) => l.startsWith('SALE ')).length;
    });
    const lifetime = 8_000 + Math.random() * 12_000;
    await new Promise((r) => setTimeout(r, lifetime));
    child.kill('SIGKILL');
    kills++;
    await new Promise((r) => child.once('exit', r));
    process.stderr.write(`\rsales started ${sales}, kills ${kills}, faults ${faults}   `);
  }
  clearInterval(faultTimer);
  sandbox.control.clearFaults();

  const recovery = spawnChild({ action: 'recover' });
  const code = await new Promise<number | null>((r) => recovery.once('exit', r));

  const journal = openJournal({ dir: dataDir });
  const paidAtGateway = new Map<string, number>();
  for (const o of sandbox.control.listOrders()) {
    if (o.status === 'PAID') paidAtGateway.set(o.outOrderNo, (paidAtGateway.get(o.outOrderNo) ?? 0) + 1);
  }
  let journalSales = 0;
  let paid = 0;
  let unresolvedLeft = 0;
  let doubleCharged = 0;
  let paidMismatch = 0;
  const journalOutOrderNos = new Set<string>();
  const all = [];
  for (let offset = 0; ; offset += 500) {
    const page = journal.searchSales({ limit: 500, offset });
    all.push(...page);
    if (page.length < 500) break;
  }
  for (const sale of all) {
    journalSales++;
    const attempts = journal.listAttempts(sale.id);
    let gatewayPaid = 0;
    for (const a of attempts) {
      journalOutOrderNos.add(a.outOrderNo);
      gatewayPaid += paidAtGateway.get(a.outOrderNo) ?? 0;
    }
    if (gatewayPaid > 1) doubleCharged++;
    if ((sale.status === 'paid') !== (gatewayPaid === 1)) paidMismatch++;
    if (sale.status === 'paid') paid++;
    if (sale.status === 'unresolved' || sale.status === 'in_progress') unresolvedLeft++;
  }
  const unseen = [...paidAtGateway.keys()].filter((o) => !journalOutOrderNos.has(o)).length;
  const open = journal.listOpenAttempts().length;
  journal.close();
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });

  console.log(
    `\ncrash soak: ${sales} sales started, ${kills} SIGKILLs, ${faults} injected faults, ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  console.log(`journal sales ${journalSales}, paid ${paid}; recovery exit ${code}`);
  console.log(
    `double charges ${doubleCharged} · journal/gateway paid mismatches ${paidMismatch} · gateway charges unseen by the journal ${unseen} · open attempts left ${open} · sales left unresolved ${unresolvedLeft}`,
  );
  console.log(
    doubleCharged + paidMismatch + unseen + open + unresolvedLeft === 0 ? 'RESULT: OK' : 'RESULT: FAIL',
  );
}

void main();
