/**
 * Core process RSS at idle: the POS core (startPosRuntime on the embedded sandbox, SQLite journal in a temp dir)
 * plus the hub in front of it, measured after startup once GC has settled. Measured twice: bundled to plain
 * JavaScript and run by bare node (how the core runs in production: Electron's main process, or a bundled
 * hub), and from source under tsx (`npm run hub`). Printed beside two baselines from the same run: a bare
 * `node -e` process, and an empty script under the tsx loader. Goal: ≤ 80 MB.
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
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Inside the repository so the bundle's bare imports (pino, better-sqlite3 …) resolve to node_modules. */
const BUNDLE_DIR = join(REPO_ROOT, 'node_modules/.cache/bench-hub-idle-rss');
const SETTLE_MS = 1500;
const MB = 1024 * 1024;

/** Child side: start what is measured, let it settle, collect garbage, report RSS on stdout. */
async function child(kind: 'hub' | 'core' | 'empty'): Promise<void> {
  let stop = async (): Promise<void> => undefined;
  if (kind === 'hub' || kind === 'core') {
    const pino = (await import('pino')).default;
    const { startPosRuntime } = await import('../main/runtime');
    const { startHub } = await import('../main/hub');
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-rss-'));
    const runtime = await startPosRuntime({ dataDir, env: {}, log: pino({ level: 'silent' }) });
    const hub =
      kind === 'hub' ? await startHub({ runtime, staticDir: join(tmpdir(), 'bench-rss-no-static') }) : null;
    stop = async () => {
      await hub?.close();
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

/** This very file, bundled for node: the core and hub inlined, node_modules left external. */
async function bundleSelf(): Promise<string> {
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: REPO_ROOT,
    logLevel: 'error',
    mode: 'production',
    envDir: false,
    publicDir: false,
    build: {
      ssr: SELF,
      outDir: BUNDLE_DIR,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rolldownOptions: { output: { format: 'es', entryFileNames: 'bench.mjs' } },
    },
  });
  return join(BUNDLE_DIR, 'bench.mjs');
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { child: { type: 'string' }, runs: { type: 'string', default: '3' } },
    strict: true,
  });
  if (values.child === 'hub' || values.child === 'core' || values.child === 'empty')
    return child(values.child);

  const runs = Math.max(1, Number(values.runs));
  const bareScript = `(async()=>{await new Promise(r=>setTimeout(r,${SETTLE_MS}));gc();await new Promise(r=>setTimeout(r,200));gc();console.log(JSON.stringify({rss:process.memoryUsage().rss}))})()`;
  const bundle = await bundleSelf();
  const figures = {
    bare: [] as number[],
    core: [] as number[],
    bundled: [] as number[],
    tsx: [] as number[],
    hubTsx: [] as number[],
  };
  for (let i = 0; i < runs; i += 1) {
    figures.bare.push(await run(['--expose-gc', '-e', bareScript]));
    figures.core.push(await run(['--expose-gc', bundle, '--child', 'core']));
    figures.bundled.push(await run(['--expose-gc', bundle, '--child', 'hub']));
    figures.tsx.push(await run(['--expose-gc', '--import', 'tsx', SELF, '--child', 'empty']));
    figures.hubTsx.push(await run(['--expose-gc', '--import', 'tsx', SELF, '--child', 'hub']));
  }
  const bare = median(figures.bare);
  const core = median(figures.core);
  const bundled = median(figures.bundled);
  const tsx = median(figures.tsx);
  const hubTsx = median(figures.hubTsx);
  const verdict = bundled <= 80 * MB ? 'goal ≤ 80 MB met' : 'goal ≤ 80 MB NOT met';
  console.log(`Idle RSS, median of ${runs} runs (Node ${process.version}, after GC settles):`);
  console.log(`  bare node -e (baseline)                 ${mb(bare)}`);
  console.log(
    `  POS core + hub, bundled, plain node     ${mb(bundled)}  ${verdict}; +${mb(bundled - bare)} over baseline`,
  );
  console.log(
    `  POS core alone, bundled, plain node     ${mb(core)}  (the hub's own share: ${mb(bundled - core)})`,
  );
  console.log(`  empty script under tsx (baseline)       ${mb(tsx)}`);
  console.log(
    `  POS core + hub from source under tsx    ${mb(hubTsx)}  +${mb(hubTsx - tsx)} over the tsx baseline`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
