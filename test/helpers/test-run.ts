/**
 * One directory per test run owns everything the run makes. The global setup creates it and points TMPDIR of
 * the workers (and of every child they start) into it, so temp dirs land there; PostgreSQL clusters register
 * their data dir in it. The teardown (and `npm test` after each suite) reaps the run: clusters stopped by
 * `pg_ctl -m immediate` then by PID, every process still carrying the run's mark in its environment killed,
 * the directory removed. Whatever it had to reap is returned, so a leak is named, not hidden.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Set in the environment of the run's workers and inherited by every process they start. */
export const RUN_DIR_ENV = 'POS_TEST_RUN_DIR';
/** The same mark one level up: `npm test` (scripts/run-tests.mjs) owns a root dir around every suite's run. */
export const ROOT_DIR_ENV = 'POS_TEST_ROOT';
const PG_BIN = '/usr/lib/postgresql/15/bin';
const CLUSTERS = 'pg-clusters';
/** What the run makes once and its tests copy (test/helpers/run-template.ts): the run's own, not a leak. */
export const RUN_TEMPLATES = 'templates';
/** tsx's compile cache (`tsx-<uid>`), made by every `--import tsx` child: a cache, not a leak. */
const CACHE = /^tsx-\d+$/;

export function currentRunDir(): string | null {
  return process.env[RUN_DIR_ENV] ?? null;
}

/** Remembers a private PostgreSQL data dir so the reaper can stop it whatever happened to the test. */
export function registerCluster(dataDir: string, runAsPostgres: boolean): void {
  const run = currentRunDir();
  if (!run) return;
  const dir = join(run, CLUSTERS);
  mkdirSync(dir, { recursive: true });
  const name = dataDir.replace(/[^A-Za-z0-9]+/g, '_');
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ dataDir, runAsPostgres }));
}

export function unregisterCluster(dataDir: string): void {
  const run = currentRunDir();
  if (!run) return;
  rmSync(join(run, CLUSTERS, `${dataDir.replace(/[^A-Za-z0-9]+/g, '_')}.json`), { force: true });
}

export interface Reaped {
  clusters: string[];
  processes: string[];
  /** Entries a test left in the run's temp dir (removed with it). */
  files: string[];
}

/**
 * Stops what the run left running and removes its directory. `spare` are PIDs not to touch (the calling
 * process and the test workers still shutting down around it).
 */
export function reapRun(
  runDir: string,
  spare: ReadonlySet<number> = new Set([process.pid]),
  markEnv = RUN_DIR_ENV,
): Reaped {
  const clusters = stopClusters(runDir);
  const processes = killMarked(`${markEnv}=${runDir}`, spare);
  const files = existsSync(runDir)
    ? readdirSync(runDir).filter((f) => f !== CLUSTERS && f !== RUN_TEMPLATES && !CACHE.test(f))
    : [];
  const reaped: Reaped = { clusters, processes, files };
  rmSync(runDir, { recursive: true, force: true });
  return reaped;
}

function stopClusters(runDir: string): string[] {
  const dir = join(runDir, CLUSTERS);
  if (!existsSync(dir)) return [];
  const stopped: string[] = [];
  for (const file of readdirSync(dir)) {
    const { dataDir, runAsPostgres } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      dataDir: string;
      runAsPostgres: boolean;
    };
    const pid = postmasterPid(dataDir);
    if (pid === null || !alive(pid)) continue;
    const pgCtl = [join(PG_BIN, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', '-t', '10', 'stop'];
    const [cmd, ...args] = runAsPostgres ? ['runuser', '-u', 'postgres', '--', ...pgCtl] : pgCtl;
    spawnSync(cmd!, args, { stdio: 'ignore' });
    if (alive(pid)) process.kill(pid, 'SIGKILL');
    stopped.push(`PostgreSQL ${pid} (${dataDir})`);
  }
  return stopped;
}

function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Processes of this run: their environment carries the mark (`NAME=dir`, inherited from the workers). */
function markedProcesses(mark: string, spare: ReadonlySet<number>): Array<{ pid: number; cmd: string }> {
  const found: Array<{ pid: number; cmd: string }> = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || spare.has(pid)) continue;
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (!env.includes(mark)) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.push({ pid, cmd });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

function killMarked(mark: string, spare: ReadonlySet<number>): string[] {
  const found = markedProcesses(mark, spare);
  for (const p of found) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return found.map((p) => `${p.pid} ${p.cmd.slice(0, 120)}`);
}

/** The direct children of `pid` (vitest's own workers, still closing when the global teardown runs). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) comes after the command in parentheses, which may itself hold spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
