/**
 * Core process RSS at idle: the POS core (startPosRuntime on the embedded sandbox, SQLite journal in a temp dir)
 * plus the hub in front of it, measured after startup once GC has settled. Printed beside two baselines from
 * the same run: a bare `node -e` process, and an empty script under the same tsx loader the hub runs with
 * (so the loader's own cost can be told apart from the core's). Goal: ≤ 80 MB.
 *
 *   npx tsx bench/hub-idle-rss.ts [--runs 3]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const SELF = fileURLToPath(import.meta.url);
const SETTLE_MS = 1500;
const MB = 1024 * 1024;

/** Child side: start what is measured, let it settle, collect garbage, report RSS on stdout. */
async function child(kind: 'hub' | 'empty'): Promise<void> {
  let stop = async (): Promise<void> => undefined;
  if (kind === 'hub') {
    const pino = (await import('pino')).default;
    const { startPosRuntime } = await import('../main/runtime');
    const { startHub } = await import('../main/hub');
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-rss-'));
    const runtime = await startPosRuntime({ dataDir, env: {}, log: pino({ level: 'silent' }) });
    const hub = await startHub({ runtime, staticDir: join(tmpdir(), 'bench-rss-no-static') });
    stop = async () => {
      await hub.close();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  console.log(JSON.stringify({ rss: await settledRss() }));
  await stop();
}

async function settledRss(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  gc?.();
  await new Promise((r) => setTimeout(r, 200));
  gc?.();
  return process.memoryUsage().rss;
}

function run(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    p.on('error', reject);
    p.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve((JSON.parse(line) as { rss: number }).rss);
      } catch {
        reject(new Error(`child exited ${code} without a figure: ${out.slice(0, 200)}`));
      }
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { child: { type: 'string' }, runs: { type: 'string', default: '3' } },
    strict: true,
  });
  if (values.child === 'hub' || values.child === 'empty') return child(values.child);

  const runs = Math.max(1, Number(values.runs));
  const bareScript = `(async()=>{await new Promise(r=>setTimeout(r,${SETTLE_MS}));gc();await new Promise(r=>setTimeout(r,200));gc();console.log(JSON.stringify({rss:process.memoryUsage().rss}))})()`;
  const figures = { bare: [] as number[], tsx: [] as number[], hub: [] as number[] };
  for (let i = 0; i < runs; i += 1) {
    figures.bare.push(await run(['--expose-gc', '-e', bareScript]));
    figures.tsx.push(await run(['--expose-gc', '--import', 'tsx', SELF, '--child', 'empty']));
    figures.hub.push(await run(['--expose-gc', '--import', 'tsx', SELF, '--child', 'hub']));
  }
  const bare = median(figures.bare);
  const tsx = median(figures.tsx);
  const hub = median(figures.hub);
  console.log(`Idle RSS, median of ${runs} runs (Node ${process.version}, after GC settles):`);
  console.log(`  bare node -e                      ${mb(bare)}   (baseline)`);
  console.log(`  empty script under tsx            ${mb(tsx)}   (loader baseline)`);
  console.log(
    `  POS core + hub under tsx          ${mb(hub)}   goal ≤ 80 MB: ${hub <= 80 * MB ? 'met' : 'NOT met'}`,
  );
  console.log(`  core + hub beyond the tsx loader  ${mb(hub - tsx)}`);
  console.log(`  core + hub beyond bare node       ${mb(hub - bare)}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
