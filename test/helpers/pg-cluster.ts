/**
 * A private PostgreSQL 15 server for one test file: a copy of the run's freshly initdb'd cluster (made once per
 * run, test/helpers/run-template.ts) in a temp dir, pg_ctl on a free loopback port, run as the unprivileged
 * `postgres` user when we are root (initdb refuses root). `stop()`/`start()` restart it on the
 * same port and data (the "restart PostgreSQL under load" fault); `close()` stops it and removes the dir. It is
 * registered with the test run (test/helpers/test-run.ts), whose teardown stops it if the test could not.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './child-process';
import { runTemplate } from './run-template';
import { registerCluster, unregisterCluster } from './test-run';

export const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface PgCluster {
  readonly port: number;
  readonly dir: string;
  /** postgres://… of a database created fresh for the caller: empty, or a copy of `template` (no one connected). */
  createDatabase(name: string, template?: string): string;
  /** Runs a pg binary (pg_dump, psql, …) as the cluster's user. */
  run(bin: string, args: string[]): string;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  /**
   * The same, without blocking the event loop: a test whose tills run in its own process must use these while
   * they sell, or a slow pg_ctl freezes their timers and a sale's deadline passes before its reply is read.
   */
  stopWhileRunning(mode?: 'fast' | 'immediate'): Promise<void>;
  startWhileRunning(): Promise<void>;
  close(): void;
}

export function postgresAvailable(): string | null {
  if (!existsSync(join(PG_BIN, 'initdb'))) {
    return `PostgreSQL 15 is not installed (${PG_BIN}); npm test installs it: apt-get install -y postgresql`;
  }
  return null;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function asPgUser(bin: string, args: string[]): string[] {
  return isRoot
    ? ['runuser', '-u', 'postgres', '--', join(PG_BIN, bin), ...args]
    : [join(PG_BIN, bin), ...args];
}

const live = new Set<PgCluster>();
process.once('exit', () => {
  for (const c of live) {
    try {
      c.stop('immediate');
    } catch {
      // best effort on the way out
    }
  }
});

const execFileAsync = promisify(execFile);

function initdb(dir: string): void {
  const [cmd, ...rest] = asPgUser('initdb', [
    '-D',
    dir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  execFileSync(cmd!, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
}

let templateMade: Promise<string | null> | null = null;

/** The data dir of a cluster just made by initdb, once per run; null without a run directory. */
function initdbTemplate(): Promise<string | null> {
  templateMade ??= runTemplate('postgres', async (content) => {
    mkdirSync(content);
    // The postgres user makes its data dir inside.
    chmodSync(content, 0o777);
    initdb(join(content, 'data'));
  }).then((content) => content && join(content, 'data'));
  return templateMade;
}

export async function startPgCluster(): Promise<PgCluster> {
  const missing = postgresAvailable();
  if (missing) throw new Error(missing);
  const base = mkdtempSync(join(tmpdir(), 'pgc-'));
  chmodSync(base, 0o777);
  const dir = join(base, 'data');
  const port = await freePort();
  const exec = (bin: string, args: string[]) => {
    const [cmd, ...rest] = asPgUser(bin, args);
    return execFileSync(cmd!, rest, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const template = await initdbTemplate();
  // cp -a keeps the owner (postgres) and the 0700 mode the server insists on.
  if (template) execFileSync('cp', ['-a', template, dir]);
  else initdb(dir);
  const opts = [
    `-c listen_addresses=127.0.0.1`,
    `-c port=${port}`,
    `-c unix_socket_directories=${base}`,
    `-c fsync=on`,
    `-c max_connections=200`,
    `-c shared_buffers=128MB`,
  ].join(' ');
  const cluster: PgCluster = {
    port,
    dir,
    createDatabase(name, template) {
      const from = template ? ['-T', template] : [];
      exec('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', ...from, name]);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    run: exec,
    stop(mode = 'fast') {
      const [cmd, ...rest] = asPgUser('pg_ctl', ['-D', dir, '-m', mode, '-w', 'stop']);
      spawnSync(cmd!, rest, { stdio: 'ignore' });
    },
    start() {
      exec('pg_ctl', ['-D', dir, '-o', opts, '-l', join(base, 'log'), '-w', '-t', '30', 'start']);
    },
    async stopWhileRunning(mode = 'fast') {
      const [cmd, ...rest] = asPgUser('pg_ctl', ['-D', dir, '-m', mode, '-w', 'stop']);
      await execFileAsync(cmd!, rest).catch(() => undefined);
    },
    async startWhileRunning() {
      const [cmd, ...rest] = asPgUser('pg_ctl', [
        '-D',
        dir,
        '-o',
        opts,
        '-l',
        join(base, 'log'),
        '-w',
        '-t',
        '30',
        'start',
      ]);
      await execFileAsync(cmd!, rest);
    },
    close() {
      cluster.stop('immediate');
      live.delete(cluster);
      unregisterCluster(dir);
      rmSync(base, { recursive: true, force: true });
    },
  };
  // Registered before it starts: a test that times out during start still leaves it to the run's reaper.
  registerCluster(dir, isRoot);
  cluster.start();
  live.add(cluster);
  return cluster;
}

/** How a client binary (pg_dump, pg_restore) reaches the cluster: loopback, its port, its superuser. */
function clientArgs(cluster: PgCluster): string[] {
  return ['-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'postgres'];
}

/** A custom-format pg_dump of one database to `file` (a backup a disaster test restores later). */
export function dumpDatabase(cluster: PgCluster, dbName: string, file: string): void {
  cluster.run('pg_dump', [...clientArgs(cluster), '-Fc', '-f', file, dbName]);
}

/**
 * pg_restore of a dumpDatabase file over the database, dropping what it holds first (`--clean`); `ifExists` also
 * passes `--if-exists`, so objects the dump holds that the database lost do not fail the restore.
 */
export function restoreDatabase(
  cluster: PgCluster,
  dbName: string,
  file: string,
  opts: { ifExists: boolean },
): void {
  cluster.run('pg_restore', [
    ...clientArgs(cluster),
    '--clean',
    ...(opts.ifExists ? ['--if-exists'] : []),
    '-d',
    dbName,
    file,
  ]);
}
