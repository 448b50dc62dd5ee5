/**
 * Terminal configuration: `<dataDir>/config.json`, validated with zod; live credentials from the environment or
 * the secret store. With no merchant credentials the terminal runs on the embedded sandbox.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { pollScheduleConfigSchema } from '../payments/poll-schedule';
import { receiptSettingsSchema, DEFAULT_RECEIPT_SETTINGS } from './receipt-settings';

export const REGION_BASE_URLS = {
  AU: 'https://www.omipay.com.au',
  CN: 'https://www.omipay.com.cn',
} as const;

const systemTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'Australia/Sydney';

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'unknown time zone');

export const terminalConfigSchema = z
  .object({
    posNo: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,16}$/, '1–16 letters, digits, _ or -')
      .default('POS01'),
    merchantName: z.string().trim().min(1).max(60).default('Omipay Store'),
    orderName: z.string().trim().min(1).max(60).default('POS purchase'),
    timeZone: timeZone.default(systemTimeZone),
    language: z.enum(['en', 'zh']).default('en'),
    soundOn: z.boolean().default(true),
    maxAmountCents: z.number().int().min(100).max(100_000_000).default(5_000_000),
    /**
     * A payment that lands after the cashier voided the sale (the customer paid another way): refund it at once
     * (default), or hold it for the manager to refund or keep.
     */
    latePayments: z.enum(['refund', 'ask_manager']).default('refund'),
    /** EFTPOS-style cents-first entry by default; 'decimal' types the point. */
    amountEntry: z.enum(['cents', 'decimal']).default('cents'),
    /** A second Enter is asked for at or above this amount (0: never). */
    largeAmountCents: z.number().int().min(0).max(100_000_000).default(50_000),
    gateway: z
      .object({
        /** Unset: AU when credentials are configured, else the sandbox. */
        region: z.enum(['AU', 'CN', 'sandbox', 'custom']).optional(),
        baseUrl: z.string().url().optional(),
        mNumber: z
          .string()
          .regex(/^[A-Za-z0-9]{1,32}$/)
          .optional(),
        timeZone: timeZone.default('Australia/Sydney'),
        httpMethod: z.enum(['GET', 'POST']).default('GET'),
        callTimeoutMs: z.number().int().min(3_000).max(60_000).default(20_000),
        maxWaitMs: z.number().int().min(15_000).max(180_000).default(60_000),
        /** Foreground QueryOrder plans (budget and pace); see main/payments/poll-schedule.ts. */
        pollSchedule: pollScheduleConfigSchema.optional(),
      })
      .strict()
      .default({
        timeZone: 'Australia/Sydney',
        httpMethod: 'GET',
        callTimeoutMs: 20_000,
        maxWaitMs: 60_000,
      }),
    /** The Terminal API (main/terminal-api, docs/terminal-api.md): the shop's own POS takes payments here. */
    terminalApi: z
      .object({
        enabled: z.boolean().default(false),
        /** 127.0.0.1 (default) keeps it on this machine; 0.0.0.0 lets paired POS machines on the LAN call it. */
        host: z.string().min(1).max(64).default('127.0.0.1'),
        port: z.number().int().min(1024).max(65535).default(8788),
        /** Refunds need a manager: the PIN passed by the POS, or entered on the till's screen. */
        refundApproval: z.enum(['pin', 'on_screen']).default('pin'),
        /**
         * A payment request may replace an amount the cashier typed, or a sale of theirs still waiting for a code
         * (nothing sent to Omipay yet). Off: the till answers TILL_BUSY until the cashier's sale has ended.
         */
        takeOverIdleKeypad: z.boolean().default(false),
        /** PEM files of a (self-signed) certificate: serve HTTPS. */
        tls: z
          .object({ certFile: z.string().min(1), keyFile: z.string().min(1) })
          .strict()
          .optional(),
        allowedHosts: z.array(z.string().min(1).max(253)).max(16).default([]),
      })
      .strict()
      .default({
        enabled: false,
        host: '127.0.0.1',
        port: 8788,
        refundApproval: 'pin',
        takeOverIdleKeypad: false,
        allowedHosts: [],
      }),
    /** Validated by the scanner module. */
    scanner: z.unknown().optional(),
    /** Validated by the receipts module. */
    printer: z.unknown().optional(),
    /** What a receipt says besides the payment: tax invoice details, who served (./receipt-settings.ts). */
    receipt: receiptSettingsSchema.default(DEFAULT_RECEIPT_SETTINGS),
    /** The customer-facing display (docs/screens.md): on by default, on the first non-cashier screen. */
    customerDisplay: z
      .object({
        enabled: z.boolean().default(true),
        displayId: z.number().int().nullable().default(null),
      })
      .strict()
      .default({ enabled: true, displayId: null }),
  })
  .strict();

export type TerminalConfig = z.infer<typeof terminalConfigSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function configPath(dataDir: string): string {
  return join(dataDir, 'config.json');
}

export function loadConfig(dataDir: string): TerminalConfig {
  const path = configPath(dataDir);
  let raw: unknown = {};
  if (existsSync(path)) {
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new ConfigError(`${path} is not valid JSON: ${(err as Error).message}`);
    }
  }
  const parsed = terminalConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`${path}: ${issues}`);
  }
  return parsed.data;
}

/**
 * Writes atomically (temp file + rename) so a crash never leaves half a config. `zoneChosen: false` leaves the
 * time zone out: a zone nobody chose (the machine's, often UTC) is not written down as if a manager had picked it,
 * so the first-start question (./shop-zone.ts) can still ask.
 */
export function saveConfig(
  dataDir: string,
  config: TerminalConfig,
  options: { zoneChosen?: boolean } = {},
): void {
  ensureDataDir(dataDir);
  const path = configPath(dataDir);
  const tmp = `${path}.${process.pid}.tmp`;
  const written: Partial<TerminalConfig> = { ...config };
  if (options.zoneChosen === false) delete written.timeZone;
  writeFileSync(tmp, `${JSON.stringify(written, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}

/**
 * Hub mode's secret store: a file readable by the owner only. (The Electron shell keeps it with safeStorage.)
 */
export const fileSecretStore = {
  path: (dataDir: string) => join(dataDir, 'secret-key'),
  read(dataDir: string): string | null {
    const p = this.path(dataDir);
    if (!existsSync(p)) return null;
    const value = readFileSync(p, 'utf8').trim();
    return value.length > 0 ? value : null;
  },
  write(dataDir: string, secret: string): void {
    ensureDataDir(dataDir);
    const p = this.path(dataDir);
    writeFileSync(p, secret, { mode: 0o600 });
    chmodSync(p, 0o600);
  },
};

export interface GatewayChoice {
  mode: 'sandbox' | 'live';
  region: string;
  baseUrl: string | null;
  credentials: { mNumber: string; secretKey: string } | null;
}

/** The gateway settings the environment gives; a variable set but empty (`OMIPAY_BASE_URL=`) counts as unset. */
export function envGateway(env: NodeJS.ProcessEnv): {
  mNumber?: string;
  secretKey?: string;
  baseUrl?: string;
  region?: string;
} {
  const get = (name: string) => env[name]?.trim() || undefined;
  const out: { mNumber?: string; secretKey?: string; baseUrl?: string; region?: string } = {};
  const mNumber = get('OMIPAY_M_NUMBER');
  const secretKey = get('OMIPAY_SECRET_KEY');
  const baseUrl = get('OMIPAY_BASE_URL');
  const region = get('OMIPAY_REGION')?.toUpperCase();
  if (mNumber) out.mNumber = mNumber;
  if (secretKey) out.secretKey = secretKey;
  if (baseUrl) out.baseUrl = baseUrl;
  if (region) out.region = region;
  return out;
}

/** Live when a merchant number and secret are configured (env wins over files); otherwise the sandbox. */
export function chooseGateway(
  config: TerminalConfig,
  storedSecret: string | null,
  env: NodeJS.ProcessEnv,
): GatewayChoice {
  const fromEnv = envGateway(env);
  const mNumber = fromEnv.mNumber || config.gateway.mNumber;
  const secretKey = fromEnv.secretKey || storedSecret;
  const envUrl = fromEnv.baseUrl;
  const envRegion = fromEnv.region;
  const region = envUrl
    ? 'custom'
    : envRegion === 'AU' || envRegion === 'CN'
      ? envRegion
      : envRegion === 'SANDBOX'
        ? 'sandbox'
        : (config.gateway.region ?? 'AU');
  if (!mNumber || !secretKey || region === 'sandbox') {
    return { mode: 'sandbox', region: 'sandbox', baseUrl: null, credentials: null };
  }
  const baseUrl =
    envUrl ??
    (region === 'AU' || region === 'CN' ? REGION_BASE_URLS[region] : (config.gateway.baseUrl ?? null));
  if (!baseUrl) throw new ConfigError('gateway.baseUrl is required for the custom region');
  return { mode: 'live', region, baseUrl, credentials: { mNumber, secretKey } };
}
