import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STORE_SERVER_USAGE } from '../../main/store-server/cli-args';
import { TILL_API_PREFIX } from '../../main/shared/store-link-protocol';
import { describeOnBothDatabases, eventRecords } from '../helpers/store-server';

function cli(args: string[], env: NodeJS.ProcessEnv, stdin?: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/store-server/cli.ts', ...args], {
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    child.stdin.end(stdin ?? '');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function startServer(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/store-server/cli.ts', ...args], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
  });
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { child, url, output: () => out };
}

describeOnBothDatabases('store server CLI', (target) => {
  let server: ChildProcessWithoutNullStreams | null = null;
  afterEach(() => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    server = null;
  });

  it('starts, makes a store and a code, enrols and takes a push over HTTP, and stops on SIGTERM', async () => {
    const where = target.fresh();
    const env = where.databaseUrl ? { DATABASE_URL: where.databaseUrl } : {};
    const dir = ['--data-dir', where.dataDir];
    const started = startServer([...dir, '--port', '0'], env);
    server = started.child;
    const url = await started.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(statSync(join(where.dataDir, 'admin.json')).mode & 0o777).toBe(0o600);

    const secretFile = join(where.dataDir, 'merchant-secret');
    writeFileSync(secretFile, 'sekret-key\n', { mode: 0o600 });
    const added = await cli(
      [
        ...dir,
        'store',
        'add',
        '--name',
        'Main St',
        '--merchant-no',
        '000123',
        '--merchant-secret-file',
        secretFile,
      ],
      env,
    );
    expect(added.code, added.stderr).toBe(0);
    const storeId = /Store added: (st_\w+)/.exec(added.stdout)![1]!;
    const dup = await cli([...dir, 'store', 'add', '--name', 'Main St'], env);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);

    const code = await cli([...dir, 'till', 'code', '--store', storeId, '--name', 'Counter 1'], env);
    expect(code.code, code.stderr).toBe(0);
    const oneTime = /: ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})/.exec(code.stdout)![1]!;
    expect(code.stdout).toMatch(/expires\s+\d{4}-\d{2}-\d{2}T/);

    const enrol = await fetch(`${url}${TILL_API_PREFIX}/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: oneTime, posNo: 'P1' }),
    });
    expect(enrol.status).toBe(200);
    const { credential, tillId } = (await enrol.json()) as { credential: string; tillId: string };
    const pushed = await fetch(`${url}${TILL_API_PREFIX}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
      body: JSON.stringify({ records: eventRecords(1, 5) }),
    });
    expect(await pushed.json()).toEqual({ lastSeq: 5 });

    const tills = await cli([...dir, 'till', 'list'], env);
    expect(tills.stdout).toContain(`${tillId}  Main St / Counter 1  pos P1  enrolled`);
    expect(tills.stdout).toContain('last seq 5');
    const user = await cli(
      [
        ...dir,
        'user',
        'add',
        '--username',
        'mia',
        '--name',
        'Mia Chen',
        '--role',
        'store_manager',
        '--store',
        storeId,
      ],
      env,
      'a long enough password\n',
    );
    expect(user.code, user.stderr).toBe(0);
    expect(user.stdout).toMatch(/User added: us_\w+ {2}mia \(store_manager\)/);
    const onArgv = await cli([...dir, 'user', 'add', '--username', 'x', '--password', 'nope'], env);
    expect(onArgv.code).toBe(2);
    expect(onArgv.stderr).toMatch(/never taken on the command line/);

    const revoked = await cli([...dir, 'till', 'revoke', tillId], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    const refused = await fetch(`${url}${TILL_API_PREFIX}/cursor`, {
      headers: { authorization: `Bearer ${credential}` },
    });
    expect(refused.status).toBe(403);
    const reinstated = await cli([...dir, 'till', 'reinstate', tillId], env);
    expect(reinstated.code, reinstated.stderr).toBe(0);
    expect(reinstated.stdout).toContain(`Till ${tillId} (Counter 1) reinstated`);
    const back = await fetch(`${url}${TILL_API_PREFIX}/cursor`, {
      headers: { authorization: `Bearer ${credential}` },
    });
    expect(back.status).toBe(200);

    // People: the only head-office account stays; a reset password is printed once.
    const boss = await cli(
      [...dir, 'user', 'add', '--username', 'boss', '--name', 'Boss', '--role', 'head_office'],
      env,
      'another long password\n',
    );
    expect(boss.code, boss.stderr).toBe(0);
    const lastOne = await cli([...dir, 'user', 'disable', 'boss'], env);
    expect(lastOne.code).toBe(1);
    expect(lastOne.stderr).toContain('"boss" is the last head-office account that can sign in');
    const reset = await cli([...dir, 'user', 'reset-password', 'mia'], env);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toMatch(/New password for mia .*\n {2}[A-Z2-9]{4}(-[A-Z2-9]{4}){3}\n/);
    const promoted = await cli([...dir, 'user', 'role', 'mia', '--role', 'head_office'], env);
    expect(promoted.code, promoted.stderr).toBe(0);
    expect((await cli([...dir, 'user', 'disable', 'boss'], env)).code).toBe(0);
    const people = await cli([...dir, 'user', 'list'], env);
    expect(people.stdout).toMatch(/boss {2}Boss {2}head_office {2}disabled since /);
    expect(people.stdout).toContain('mia  Mia Chen  head_office  active');
    const audit = await cli([...dir, 'user', 'unlock', 'nobody'], env);
    expect(audit.code).toBe(1);
    expect(audit.stderr).toContain('no user named "nobody"');

    const merchant = await cli(
      [
        ...dir,
        'store',
        'merchant',
        '--store',
        storeId,
        '--merchant-no',
        '000999',
        '--merchant-secret-file',
        secretFile,
      ],
      env,
    );
    expect(merchant.code, merchant.stderr).toBe(0);

    const exited = new Promise<number | null>((r) => server!.once('exit', (c) => r(c)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(where.dataDir, 'admin.json'))).toBe(false);

    // With no server running, the commands open the database themselves.
    const stores = await cli([...dir, 'store', 'list'], env);
    expect(stores.code, stores.stderr).toBe(0);
    expect(stores.stdout).toContain(`${storeId}  Main St  merchant 000999 (secret set)`);
    expect(stores.stdout).not.toContain('sekret');
  }, 600_000);

  it.skipIf(target.kind === 'pglite')(
    'starts on DATABASE_URL with a data dir that does not exist yet, and creates its key there',
    async () => {
      const where = target.fresh();
      const dataDir = join(where.dataDir, 'new', 'dir');
      const started = startServer(['--data-dir', dataDir, '--port', '0'], {
        DATABASE_URL: where.databaseUrl!,
      });
      server = started.child;
      expect(await started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(statSync(join(dataDir, 'server.key')).mode & 0o777).toBe(0o600);
    },
    120_000,
  );
});

describe('store server command line', () => {
  it('--help prints the usage and exits 0; a usage error says what is wrong, prints the usage and exits 2', async () => {
    const help = await cli(['--help'], {});
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout.trim()).toBe(STORE_SERVER_USAGE.trim());
    expect(help.stderr).toBe('');

    const dir = mkdtempSync(join(tmpdir(), 'store-cli-usage-'));
    try {
      for (const [args, what] of [
        [['--data-dir', dir, '--port', '70000'], '--port must be 0..65535'],
        [['--data-dir', dir, '--sandbox', '--gateway-url', 'https://gw.example'], 'cannot go together'],
        [['--data-dir', dir, '--no-such-option'], "'--no-such-option'"],
      ] as const) {
        const run = await cli([...args], {});
        expect(run.code, run.stderr).toBe(2);
        expect(run.stderr).toContain(what);
        expect(run.stderr).toContain(STORE_SERVER_USAGE.trim());
        expect(run.stdout).toBe('');
      }
      // Nothing was started or written for a refused command line.
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
