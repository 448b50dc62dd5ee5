/**
 * Finding a usable Electron and building the desktop app's bundles:
 *   dist/renderer/      the cashier screens (vite.config.ts)
 *   dist/main/index.js  Electron main process (ESM; node_modules stay external and ship beside it)
 *   dist/preload/index.cjs  the sandboxed preload (one CommonJS file: sandboxed preloads cannot load modules)
 *   dist/preload/customer.cjs  the customer display window's preload (the read-only display feed)
 * Used by `npm start`, the Electron e2e test and before electron-builder packages the app.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRenderer } from '../main/hub/build-renderer';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ELECTRON_MAIN = join(REPO_ROOT, 'dist/main/index.js');

export type ElectronProbe = { ok: true; binary: string; version: string } | { ok: false; reason: string };

/** Resolves the `electron` package's binary and checks that it runs (`--version`). */
export function findElectron(): ElectronProbe {
  const require = createRequire(import.meta.url);
  let binary: unknown;
  // electron@45 downloads its binary on first require; look before touching it, so a machine without network
  // access gets a clear reason instead of a failed download.
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed' };
  }
  if (!process.env.ELECTRON_OVERRIDE_DIST_PATH && !existsSync(join(packageDir, 'path.txt'))) {
    return {
      ok: false,
      reason: 'its binary is not downloaded',
    };
  }
  try {
    // The electron package's main export is the path of the downloaded binary; it throws when none was fetched.
    binary = require('electron');
  } catch (err) {
    const why =
      err instanceof Error && /Cannot find module/.test(err.message)
        ? 'the electron package is not installed'
        : 'the electron package has no binary';
    return { ok: false, reason: why };
  }
  if (typeof binary !== 'string')
    return { ok: false, reason: 'the electron package did not give a binary path' };
  if (!existsSync(binary)) return { ok: false, reason: `the Electron binary is missing (${binary})` };
  const run = spawnSync(binary, ['--version'], {
    encoding: 'utf8',
    timeout: 20_000,
    env: withoutRunAsNode(),
  });
  if (run.error) return { ok: false, reason: `the Electron binary does not run (${run.error.message})` };
  if (run.status !== 0) {
    const detail = (run.stderr || run.stdout || '').trim().split('\n')[0] ?? '';
    return {
      ok: false,
      reason: `the Electron binary exits with status ${run.status}${detail ? `: ${detail}` : ''}`,
    };
  }
  return { ok: true, binary, version: run.stdout.trim() };
}

/**
 * Native modules (better-sqlite3, serialport, node-hid) are compiled per runtime ABI: the copies built for Node
 * (tests, hub) do not load in Electron until rebuilt. Returns null when they load, else why not.
 */
export function nativeModulesProblem(binary: string): string | null {
  const probe = spawnSync(
    binary,
    [
      '-e',
      "const D=require('better-sqlite3'); new D(':memory:').close(); require('@serialport/bindings-cpp')",
    ],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...withoutRunAsNode(), ELECTRON_RUN_AS_NODE: '1' },
    },
  );
  if (probe.status === 0) return null;
  const text = `${probe.stderr}\n${probe.stdout}`;
  if (/NODE_MODULE_VERSION|was compiled against a different/.test(text)) {
    return 'native modules are built for Node, not Electron: run `npx electron-builder install-app-deps` (and `npm rebuild` before running the tests under Node)';
  }
  return `native modules do not load in Electron: ${text.trim().split('\n')[0] ?? 'unknown error'}`;
}

function withoutRunAsNode(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

const VITE_COMMON = {
  configFile: false as const,
  root: REPO_ROOT,
  logLevel: 'error' as const,
  mode: 'production',
  envDir: false as const,
  publicDir: false as const,
};

/** Builds renderer, main and preload into dist/. */
export async function buildElectronApp(): Promise<void> {
  const { build } = await import('vite');
  await buildRenderer();
  await build({
    ...VITE_COMMON,
    build: {
      ssr: 'main/app/main.ts',
      outDir: 'dist/main',
      emptyOutDir: true,
      target: 'node22',
      sourcemap: false,
      minify: false,
      rolldownOptions: {
        external: ['electron'],
        output: { format: 'es', entryFileNames: 'index.js' },
      },
    },
  });
  await buildPreload();
}

/** Builds the sandboxed preload into `outDir`/index.cjs (the test of the bundle builds it elsewhere). */
export async function buildPreload(outDir = 'dist/preload'): Promise<void> {
  await buildOnePreload('preload/index.ts', outDir, 'index.cjs', true);
  // The customer display window's preload: the read-only display feed, nothing else.
  await buildOnePreload('preload/customer.ts', outDir, 'customer.cjs', false);
}

async function buildOnePreload(
  entry: string,
  outDir: string,
  file: string,
  emptyOutDir: boolean,
): Promise<void> {
  const { build } = await import('vite');
  await build({
    ...VITE_COMMON,
    // A sandboxed preload gets `require` for a handful of Electron modules only: bundle everything else in.
    ssr: { noExternal: true },
    build: {
      ssr: entry,
      outDir,
      emptyOutDir,
      target: 'chrome120',
      sourcemap: false,
      minify: false,
      rolldownOptions: {
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: file },
      },
    },
  });
}
