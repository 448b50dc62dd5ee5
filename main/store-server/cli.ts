#!/usr/bin/env tsx
// `npm run store-server -- --data-dir DIR …`: the store server, or an admin command (cli-args.ts for the list).
// The server and the database are imported only when used: an admin command sent to the running server (the
// usual case) loads neither, so it answers in a fraction of the time.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { AdminInputError, type StoreSummary, type TillSummary } from './admin';
import {
  ADMIN_COMMAND_PATH,
  newAdminToken,
  readAdminAccess,
  removeAdminAccess,
  writeAdminAccess,
} from './admin-access';
import type { AdminCommand } from './admin-commands';
import {
  STORE_SERVER_USAGE,
  StoreServerUsageError,
  parseStoreServerArgs,
  type AdminArgs,
  type ServeConfig,
} from './cli-args';
import { parseCommandLine } from '../shared/cli';
import { isPeopleArgs, peopleCommand, printPeople } from './cli-people';
import { printDuplicates } from './till-dedupe-print';
import type { DuplicateTill } from './till-dedupe';

async function serve(c: ServeConfig): Promise<void> {
  const adminToken = newAdminToken();
  const { startStoreServer } = await import('./server');
  const server = await startStoreServer({
    dataDir: c.dataDir,
    host: c.host,
    port: c.port,
    publicUrl: c.publicUrl,
    adminToken,
    ...(c.trustedProxies ? { trustedProxies: c.trustedProxies } : {}),
    ...(c.gatewayUrl ? { gatewayBaseUrl: c.gatewayUrl } : {}),
    ...(c.sandbox ? { sandbox: c.sandbox } : {}),
  });
  writeAdminAccess(c.dataDir, { url: server.url, token: adminToken, pid: process.pid });
  console.log(`Store server listening on ${server.url} (database: ${server.db.kind})`);
  if (c.publicUrl) console.log(`  public URL  ${c.publicUrl}`);
  const sandbox = server.context.sandbox;
  if (sandbox)
    console.log(
      `  Omipay sandbox  ${sandbox.url} (no real money: tills enrolled here without live credentials pay through it)`,
    );
  else console.log(`  Omipay gateway  ${server.context.gatewayBaseUrl} (reconciliation)`);
  console.log('Press Ctrl+C to stop.');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Store server stopping (${signal})`);
    removeAdminAccess(c.dataDir);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('Store server did not close cleanly:', err instanceof Error ? err.message : err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

async function readSecret(file: string | undefined, prompt: string): Promise<string> {
  if (file !== undefined) return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  if (process.stdin.isTTY) process.stderr.write(prompt);
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  throw new AdminInputError('no password given on stdin');
}

async function toCommand(a: AdminArgs): Promise<AdminCommand> {
  if (isPeopleArgs(a)) return peopleCommand(a);
  switch (a.kind) {
    case 'store.add':
      return {
        command: 'store.add',
        name: a.name,
        ...(a.merchantNo !== undefined ? { merchantNo: a.merchantNo } : {}),
        ...(a.merchantSecretFile !== undefined
          ? { merchantSecret: await readSecret(a.merchantSecretFile, '') }
          : {}),
        ...(a.timeZone !== undefined ? { timeZone: a.timeZone } : {}),
      };
    case 'store.merchant':
      return {
        command: 'store.merchant',
        storeId: a.storeId,
        merchantNo: a.merchantNo,
        merchantSecret: await readSecret(a.merchantSecretFile, ''),
      };
    case 'store.list':
      return { command: 'store.list' };
    case 'till.code':
      return {
        command: 'till.code',
        storeId: a.storeId,
        tillName: a.tillName,
        ...(a.ttlHours !== undefined ? { ttlMs: Math.round(a.ttlHours * 3600_000) } : {}),
      };
    case 'till.list':
      return { command: 'till.list', ...(a.storeId !== undefined ? { storeId: a.storeId } : {}) };
    case 'till.revoke':
      return { command: 'till.revoke', tillId: a.tillId };
    case 'till.dedupe':
      return { command: 'till.dedupe', apply: a.apply };
    case 'user.add':
      return {
        command: 'user.add',
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        ...(a.storeId !== undefined ? { storeId: a.storeId } : {}),
        password: await readSecret(a.passwordFile, 'Password: '),
      };
  }
}

/** Through the running server when there is one (the embedded database is open there), else directly. */
async function execute(dataDir: string, command: AdminCommand): Promise<unknown> {
  const access = readAdminAccess(dataDir);
  if (access) {
    let res: Response | null = null;
    try {
      res = await fetch(`${access.url}${ADMIN_COMMAND_PATH}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(command),
      });
    } catch {
      res = null; // a server that is gone left its file behind: work on the database directly
    }
    if (res) {
      const body = (await res.json()) as { result?: unknown; error?: string; detail?: string };
      if (res.status === 400) throw new AdminInputError(body.detail ?? 'invalid input');
      if (res.status !== 200) throw new Error(`the running server refused the command (${res.status})`);
      return body.result;
    }
  }
  const [{ openStoreDb }, { loadServerKey, secretSealer }, { runAdminCommand }] = await Promise.all([
    import('./db/open'),
    import('./secret-seal'),
    import('./admin-commands'),
  ]);
  const db = await openStoreDb({ dataDir, databaseUrl: process.env.DATABASE_URL });
  try {
    const sealer = secretSealer(loadServerKey(dataDir, process.env));
    return await runAdminCommand({ db, sealer, now: Date.now, actor: 'cli' }, command);
  } finally {
    await db.close();
  }
}

const when = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

function print(a: AdminArgs, result: unknown): void {
  if (isPeopleArgs(a)) return printPeople(a, result);
  switch (a.kind) {
    case 'store.add': {
      const s = result as { id: string; name: string };
      console.log(`Store added: ${s.id}  ${s.name}`);
      return;
    }
    case 'store.merchant':
      console.log(`Store ${a.storeId}: merchant ${a.merchantNo} set (secret sealed).`);
      return;
    case 'store.list': {
      const stores = result as StoreSummary[];
      if (stores.length === 0)
        console.log('No stores yet: npm run store-server -- --data-dir DIR store add --name NAME');
      for (const s of stores) {
        console.log(
          `${s.id}  ${s.name}  merchant ${s.merchantNo ?? '-'}${s.hasMerchantSecret ? ' (secret set)' : ''}  ${s.timeZone}  ${s.tills} till(s)`,
        );
      }
      return;
    }
    case 'till.code': {
      const c = result as { code: string; tillId: string; expiresAt: number };
      console.log(`Enrolment code for "${a.tillName}": ${c.code}`);
      console.log(`  till id     ${c.tillId}`);
      console.log(`  expires     ${when(c.expiresAt)} (one use)`);
      return;
    }
    case 'till.list': {
      const tills = result as TillSummary[];
      if (tills.length === 0) console.log('No tills yet.');
      for (const t of tills) {
        const state = t.revoked ? 'revoked' : t.enrolledAt === null ? 'waiting to enrol' : 'enrolled';
        console.log(
          `${t.id}  ${t.storeName} / ${t.name}  pos ${t.posNo ?? '-'}  ${state}  last seen ${when(t.lastSeenAt)}  last seq ${t.lastSeq}${t.unprojected > 0 ? `  ${t.unprojected} kept unprojected` : ''}${t.refused > 0 ? `  ${t.refused} refused records (another store's or forged)` : ''}`,
        );
      }
      return;
    }
    case 'till.revoke':
      console.log(`Till ${a.tillId} revoked: it is refused from now on.`);
      return;
    case 'till.dedupe':
      printDuplicates(result as DuplicateTill[], a.apply);
      return;
    case 'user.add': {
      const u = result as { id: string; username: string; role: string };
      console.log(`User added: ${u.id}  ${u.username} (${u.role})`);
      return;
    }
  }
}

async function main(): Promise<void> {
  const cli = parseCommandLine(() => parseStoreServerArgs(process.argv.slice(2)), {
    text: STORE_SERVER_USAGE,
    error: StoreServerUsageError,
  });
  if (!cli) return;
  if (cli.kind === 'serve') return serve(cli);
  try {
    print(cli.args, await execute(cli.dataDir, await toCommand(cli.args)));
  } catch (err) {
    if (err instanceof AdminInputError) {
      console.error(`Refused: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}

main().catch((err: unknown) => {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE')
    console.error('Store server could not start: that port is in use; pass --port N.');
  else console.error('Store server:', err instanceof Error ? err.message : err);
  process.exit(1);
});
