#!/usr/bin/env tsx
/**
 * `npm start`: builds and launches the Electron app. Where no working Electron binary exists, says so in one
 * line and starts hub mode instead (the same POS in a browser), printing the address and opening nothing.
 *
 *   npm start                 Electron if possible, else hub mode
 *   npm start -- --hub        hub mode even when Electron is available
 *   npm start -- --build-only build dist/ for electron-builder and exit
 *
 * Data directory: OMIPAY_POS_DATA_DIR; hub mode defaults to ./.data, Electron to its per-user data directory.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { DEFAULT_DEV_DATA_DIR, DEFAULT_HUB_PORT } from '../main/hub/cli-args';
import { firstPinNotice, startHubMode, stopOnSignals } from '../main/hub/run';
import {
  ELECTRON_MAIN,
  REPO_ROOT,
  buildElectronApp,
  findElectron,
  nativeModulesProblem,
} from './electron-app';

async function startHub(why: string): Promise<void> {
  const envPort = process.env.OMIPAY_POS_HUB_PORT;
  const mode = await startHubMode({
    dataDir: process.env.OMIPAY_POS_DATA_DIR || DEFAULT_DEV_DATA_DIR,
    host: '127.0.0.1',
    port: envPort ? Number(envPort) : DEFAULT_HUB_PORT,
    portExplicit: Boolean(envPort),
    rebuild: true,
  });
  stopOnSignals(mode);
  console.log(`${why} — starting hub mode (${mode.runtime.mode}): open ${mode.hub.url} in a browser`);
  const setupCode = mode.runtime.setupCode();
  if (setupCode !== null) console.log(firstPinNotice(setupCode));
}

async function startElectron(binary: string): Promise<void> {
  const args = [ELECTRON_MAIN];
  // Chromium refuses to run as root without this; the page's own sandbox settings are unaffected.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const child = spawn(binary, args, { cwd: REPO_ROOT, stdio: 'inherit', env: process.env });
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { hub: { type: 'boolean' }, 'build-only': { type: 'boolean' } },
    strict: true,
  });
  if (values['build-only']) {
    await buildElectronApp();
    console.log('Built dist/renderer, dist/main and dist/preload.');
    return;
  }
  if (values.hub) return startHub('Hub mode requested');

  const electron = findElectron();
  if (!electron.ok) return startHub(`Electron is not available on this machine (${electron.reason})`);
  const problem = nativeModulesProblem(electron.binary);
  if (problem !== null) return startHub(`Electron ${electron.version} cannot run the POS yet (${problem})`);
  await buildElectronApp();
  await startElectron(electron.binary);
}

main().catch((err: unknown) => {
  console.error('npm start failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
