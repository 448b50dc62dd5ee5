#!/usr/bin/env tsx
/**
 * `npm start`: builds and launches the Electron app. Where no working Electron binary exists, says so in one
 * line and starts hub mode instead (the same POS in a browser), printing the address and opening nothing.
 *
 *   npm start                 Electron if possible, else hub mode
 *   npm start -- --hub        hub mode even when Electron is available
 *   npm start -- --build-only build dist/ for electron-builder and exit
 *
 * Every option of `npm run hub` (--data-dir, --host, --port, --public-url, --allow-host) is accepted too and
 * means the same; Electron takes --data-dir (its window needs no port). Without --data-dir: OMIPAY_POS_DATA_DIR,
 * else ./.data in hub mode and the per-user data directory in Electron.
 */
import { spawn } from 'node:child_process';
import { HUB_USAGE, HubUsageError, type HubCliConfig } from '../main/hub/cli-args';
import { startHubMode, startupLines, stopOnSignals } from '../main/hub/run';
import {
  ELECTRON_MAIN,
  REPO_ROOT,
  buildElectronApp,
  findElectron,
  nativeModulesProblem,
} from './electron-app';

import { START_USAGE, parseStartArgs } from './start-args';

async function startHub(why: string, config: HubCliConfig): Promise<void> {
  // npm start always builds the screens first, so what it shows is the working tree's.
  const mode = await startHubMode({ ...config, rebuild: true });
  stopOnSignals(mode);
  const [ready, ...rest] = startupLines(mode);
  console.log(`${why} — ${ready}`);
  for (const line of rest) console.log(line);
}

async function startElectron(binary: string, dataDir: string | undefined): Promise<void> {
  const args = [ELECTRON_MAIN];
  // Chromium refuses to run as root without this; the page's own sandbox settings are unaffected.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const env = dataDir !== undefined ? { ...process.env, OMIPAY_POS_DATA_DIR: dataDir } : process.env;
  const child = spawn(binary, args, { cwd: REPO_ROOT, stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseStartArgs>;
  try {
    options = parseStartArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof HubUsageError)) throw err;
    console.error(`${err.message}\n\n${START_USAGE}\n\n${HUB_USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(`${START_USAGE}\n\n${HUB_USAGE}`);
    return;
  }
  const { hub, buildOnly, dataDirGiven, config } = options;
  if (buildOnly) {
    await buildElectronApp();
    console.log('Built dist/renderer, dist/main and dist/preload.');
    return;
  }
  if (hub) return startHub('Hub mode requested', config);

  const electron = findElectron();
  if (!electron.ok) return startHub(`Electron is not available on this machine (${electron.reason})`, config);
  const problem = nativeModulesProblem(electron.binary);
  if (problem !== null)
    return startHub(`Electron ${electron.version} cannot run the POS yet (${problem})`, config);
  await buildElectronApp();
  await startElectron(electron.binary, dataDirGiven ? config.dataDir : undefined);
}

main().catch((err: unknown) => {
  console.error('npm start failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
