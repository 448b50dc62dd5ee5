/**
 * `npm run store-server -- …`: the server itself, or an admin command on the same data dir / database. Secrets
 * (a merchant secret, a password) are read from a file or stdin, never from argv, where `ps` and shell history
 * would keep them.
 */
import { parseArgs } from 'node:util';
import { parseTrustedProxies } from './http/client-address';

export const STORE_SERVER_USAGE = `Usage:
  npm run store-server -- --data-dir DIR [--port N] [--host H] [--public-url URL] [--gateway-url URL | --sandbox [--sandbox-port N]] [--trusted-proxy ADDR[,ADDR]]
  npm run store-server -- --data-dir DIR store add --name NAME [--merchant-no M --merchant-secret-file F] [--time-zone TZ]
  npm run store-server -- --data-dir DIR store merchant --store STORE_ID --merchant-no M --merchant-secret-file F
  npm run store-server -- --data-dir DIR store list
  npm run store-server -- --data-dir DIR till code --store STORE_ID --name TILL_NAME [--ttl-hours H]
  npm run store-server -- --data-dir DIR till list [--store STORE_ID]
  npm run store-server -- --data-dir DIR till revoke TILL_ID
  npm run store-server -- --data-dir DIR till reinstate TILL_ID
  npm run store-server -- --data-dir DIR till dedupe [--apply]
      (tills that are one journal counted twice; --apply merges each into the till it was first)
  npm run store-server -- --data-dir DIR user add --username U --name NAME --role store_manager|head_office [--store STORE_ID] [--password-file F]
      (the password is read from --password-file, else from stdin)
  npm run store-server -- --data-dir DIR user list
  npm run store-server -- --data-dir DIR user disable|enable|unlock|reset-password|delete USERNAME
  npm run store-server -- --data-dir DIR user role USERNAME --role store_manager|head_office [--store STORE_ID]

DATABASE_URL=postgres://… uses that PostgreSQL server; without it the embedded one lives in DIR/pgdata.
STORE_SERVER_KEY (base64, 32 bytes) seals merchant secrets; without it DIR/server.key is created (0600).
The server listens on 127.0.0.1 unless --host says otherwise: put HTTPS in front (docs/store-server.md).
--trusted-proxy (or STORE_SERVER_TRUSTED_PROXIES): the reverse proxy's address; only its X-Forwarded-For is believed.
--gateway-url: Omipay's address for reconciliation (default the live AU gateway, or OMIPAY_BASE_URL).
--sandbox: run one Omipay sandbox for the whole store (demos, training): reconciliation asks it, and every till
  enrolled here that has no live credentials takes its payments through it; a till with live credentials cannot
  enrol. Its port is --sandbox-port (default any free port). Never with --gateway-url.`;

export class StoreServerUsageError extends Error {
  override readonly name = 'StoreServerUsageError';
}

export interface ServeConfig {
  kind: 'serve';
  dataDir: string;
  host: string;
  port: number;
  publicUrl: string | null;
  gatewayUrl: string | null;
  /** `--sandbox`: the server runs one shared Omipay sandbox (docs/store-server.md, "A shared sandbox"). */
  sandbox: { port: number } | null;
  /** Reverse proxies whose X-Forwarded-For is believed; undefined = STORE_SERVER_TRUSTED_PROXIES. */
  trustedProxies?: string[];
}

export type AdminArgs =
  | { kind: 'store.add'; name: string; merchantNo?: string; merchantSecretFile?: string; timeZone?: string }
  | { kind: 'store.merchant'; storeId: string; merchantNo: string; merchantSecretFile: string }
  | { kind: 'store.list' }
  | { kind: 'till.code'; storeId: string; tillName: string; ttlHours?: number }
  | { kind: 'till.list'; storeId?: string }
  | { kind: 'till.revoke'; tillId: string }
  | { kind: 'till.reinstate'; tillId: string }
  | { kind: 'user.list' }
  | { kind: UserAction; username: string }
  | { kind: 'user.role'; username: string; role: 'store_manager' | 'head_office'; storeId?: string }
  | { kind: 'till.dedupe'; apply: boolean }
  | {
      kind: 'user.add';
      username: string;
      displayName: string;
      role: 'store_manager' | 'head_office';
      storeId?: string;
      passwordFile?: string;
    };

export type UserAction =
  'user.disable' | 'user.enable' | 'user.unlock' | 'user.reset-password' | 'user.delete';
const USER_ACTIONS = new Set(['disable', 'enable', 'unlock', 'reset-password', 'delete']);
/** Commands that take one positional argument (an id or a username). */
const WITH_ARGUMENT = new Set([
  'till revoke',
  'till reinstate',
  'user role',
  ...[...USER_ACTIONS].map((a) => `user ${a}`),
]);

export type StoreServerCli = ServeConfig | { kind: 'admin'; dataDir: string; args: AdminArgs } | 'help';

function need(v: string | undefined, flag: string): string {
  if (v === undefined || v.trim() === '') throw new StoreServerUsageError(`${flag} is required`);
  return v;
}

function url(v: string | undefined, flag: string): string | null {
  if (v === undefined) return null;
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    return u.href.replace(/\/$/, '');
  } catch {
    throw new StoreServerUsageError(`${flag} must be an http(s) URL`);
  }
}

function portOf(v: string | undefined, flag: string, fallback: number): number {
  const port = v === undefined ? fallback : Number(v);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new StoreServerUsageError(`${flag} must be 0..65535`);
  return port;
}

function roleOf(v: string | undefined): 'store_manager' | 'head_office' {
  const role = need(v, '--role');
  if (role !== 'store_manager' && role !== 'head_office')
    throw new StoreServerUsageError('--role is store_manager or head_office');
  return role;
}

function proxies(v: string): string[] {
  try {
    return parseTrustedProxies(v);
  } catch (err) {
    throw new StoreServerUsageError(`--trusted-proxy: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function parseStoreServerArgs(argv: readonly string[]): StoreServerCli {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'public-url': { type: 'string' },
        'gateway-url': { type: 'string' },
        sandbox: { type: 'boolean' },
        'sandbox-port': { type: 'string' },
        'trusted-proxy': { type: 'string' },
        name: { type: 'string' },
        'merchant-no': { type: 'string' },
        'merchant-secret-file': { type: 'string' },
        'time-zone': { type: 'string' },
        store: { type: 'string' },
        'ttl-hours': { type: 'string' },
        username: { type: 'string' },
        role: { type: 'string' },
        'password-file': { type: 'string' },
        password: { type: 'string' },
        'merchant-secret': { type: 'string' },
        apply: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new StoreServerUsageError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (v.password !== undefined || v['merchant-secret'] !== undefined) {
    throw new StoreServerUsageError(
      'secrets are never taken on the command line: use --password-file / stdin, or --merchant-secret-file',
    );
  }
  const dataDir = need(v['data-dir'], '--data-dir');
  const [noun, verb, arg, ...rest] = parsed.positionals;
  if (noun === undefined) {
    const port = portOf(v.port, '--port', 8790);
    // The operator's explicit choice, and only one: a server never both queries a real gateway and hands tills a
    // sandbox, so a gateway that could carry live money is never offered to a till.
    if (v.sandbox && v['gateway-url'] !== undefined)
      throw new StoreServerUsageError('--sandbox and --gateway-url cannot go together');
    if (!v.sandbox && v['sandbox-port'] !== undefined)
      throw new StoreServerUsageError('--sandbox-port needs --sandbox');
    return {
      kind: 'serve',
      dataDir,
      host: v.host ?? '127.0.0.1',
      port,
      publicUrl: url(v['public-url'], '--public-url'),
      gatewayUrl: url(v['gateway-url'], '--gateway-url'),
      sandbox: v.sandbox ? { port: portOf(v['sandbox-port'], '--sandbox-port', 0) } : null,
      ...(v['trusted-proxy'] !== undefined ? { trustedProxies: proxies(v['trusted-proxy']) } : {}),
    };
  }
  if (rest.length > 0 || (arg !== undefined && !WITH_ARGUMENT.has(`${noun} ${verb}`))) {
    throw new StoreServerUsageError(`unexpected argument: ${[arg, ...rest].join(' ')}`);
  }
  const admin = (args: AdminArgs) => ({ kind: 'admin' as const, dataDir, args });
  switch (`${noun} ${verb}`) {
    case 'store add': {
      if ((v['merchant-no'] === undefined) !== (v['merchant-secret-file'] === undefined))
        throw new StoreServerUsageError('--merchant-no and --merchant-secret-file go together');
      return admin({
        kind: 'store.add',
        name: need(v.name, '--name'),
        ...(v['merchant-no'] !== undefined ? { merchantNo: v['merchant-no'] } : {}),
        ...(v['merchant-secret-file'] !== undefined ? { merchantSecretFile: v['merchant-secret-file'] } : {}),
        ...(v['time-zone'] !== undefined ? { timeZone: v['time-zone'] } : {}),
      });
    }
    case 'store merchant':
      return admin({
        kind: 'store.merchant',
        storeId: need(v.store, '--store'),
        merchantNo: need(v['merchant-no'], '--merchant-no'),
        merchantSecretFile: need(v['merchant-secret-file'], '--merchant-secret-file'),
      });
    case 'store list':
      return admin({ kind: 'store.list' });
    case 'till code': {
      const ttl = v['ttl-hours'] === undefined ? undefined : Number(v['ttl-hours']);
      if (ttl !== undefined && !(ttl > 0))
        throw new StoreServerUsageError('--ttl-hours must be a positive number');
      return admin({
        kind: 'till.code',
        storeId: need(v.store, '--store'),
        tillName: need(v.name, '--name'),
        ...(ttl !== undefined ? { ttlHours: ttl } : {}),
      });
    }
    case 'till list':
      return admin({ kind: 'till.list', ...(v.store !== undefined ? { storeId: v.store } : {}) });
    case 'till revoke':
      return admin({ kind: 'till.revoke', tillId: need(arg, 'the till id') });
    case 'till reinstate':
      return admin({ kind: 'till.reinstate', tillId: need(arg, 'the till id') });
    case 'user list':
      return admin({ kind: 'user.list' });
    case 'user role':
      return admin({
        kind: 'user.role',
        username: need(arg, 'the username'),
        role: roleOf(v.role),
        ...(v.store !== undefined ? { storeId: v.store } : {}),
      });
    case 'till dedupe':
      return admin({ kind: 'till.dedupe', apply: v.apply === true });
    case 'user add': {
      const role = roleOf(v.role);
      return admin({
        kind: 'user.add',
        username: need(v.username, '--username'),
        displayName: need(v.name, '--name'),
        role,
        ...(v.store !== undefined ? { storeId: v.store } : {}),
        ...(v['password-file'] !== undefined ? { passwordFile: v['password-file'] } : {}),
      });
    }
    default:
      if (noun === 'user' && verb !== undefined && USER_ACTIONS.has(verb))
        return admin({ kind: `user.${verb}` as UserAction, username: need(arg, 'the username') });
      throw new StoreServerUsageError(`unknown command: ${[noun, verb].filter(Boolean).join(' ')}`);
  }
}
