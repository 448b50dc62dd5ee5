import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';

let child: ChildProcess | null = null;
let dir: string | null = null;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
  }
  child = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves with the first stdout line matching `pattern`; rejects when the process exits first or time runs out. */
function waitForLine(proc: ChildProcess, pattern: RegExp, ms: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${ms} ms:\n${out}\n${err}`)), ms);
    proc.stderr!.on('data', (d: Buffer) => (err += String(d)));
    proc.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before ${pattern}:\n${out}\n${err}`));
    });
  });
}

it('npm start takes --data-dir and --port like npm run hub, announces the address and stops on SIGTERM', async () => {
  dir = mkdtempSync(join(tmpdir(), 'pos-start-'));
  const dataDir = join(dir, 'till');
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.OMIPAY_POS_DATA_DIR;
  delete env.OMIPAY_POS_HUB_PORT;
  // Its own process group, so the npm → tsx → node chain is stopped as one.
  child = spawn('npm', ['start', '--', '--hub', '--data-dir', dataDir, '--port', '0'], {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = await waitForLine(child, /open (http:\/\/127\.0\.0\.1:(\d+)\/) in a browser/, 150_000);
  expect(Number(ready[2])).toBeGreaterThan(0);
  expect(existsSync(join(dataDir, 'journal.sqlite'))).toBe(true);
  const page = await fetch(ready[1]!);
  expect(page.status).toBe(200);

  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += String(d)));
  process.kill(-child.pid!, 'SIGTERM');
  // The whole group (npm, tsx, the POS) is gone within the hub's stop grace.
  const deadline = Date.now() + 15_000;
  while (groupAlive(child.pid!) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(groupAlive(child.pid!)).toBe(false);
  expect(err).toMatch(/SIGTERM: stopping the POS hub/);
  expect(err).not.toMatch(/did not stop cleanly/);
}, 180_000);

it('npm start refuses an unknown option with the usage, starting nothing', async () => {
  child = spawn('npm', ['start', '--', '--hub', '--data-dri', '/nonexistent'], {
    env: process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += String(d)));
  const code = await new Promise<number | null>((resolve) => child!.once('exit', (c) => resolve(c)));
  expect(code).not.toBe(0);
  expect(err).toMatch(/Unknown option '--data-dri'/);
  expect(err).toMatch(/--data-dir <dir>/);
  expect(existsSync('/nonexistent')).toBe(false);
}, 60_000);
