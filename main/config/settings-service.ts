/**
 * Manager settings: validated patches over config.json, the write-only secret key, and "test connection".
 * Changes are applied live by the runtime (scanner, printer, gateway, terminal details) and recorded in the
 * event log by key — never with the secret.
 */
import type {
  ConnectionTestResult,
  GatewayRegion,
  ReceiptSettingsView,
  SettingsPatch,
  SettingsView,
  Bilingual,
} from '../../preload/api';
import { cashierMessage, OmipayClient, OmipayError } from '../omipay';
import { EngineError } from '../payments/sale-engine';
import { pollScheduleView } from './poll-schedule-view';
import { applyReceiptPatch, receiptSettingsView } from './receipt-settings';
import {
  REGION_BASE_URLS,
  configPath,
  envGateway,
  saveConfig,
  terminalConfigSchema,
  type TerminalConfig,
} from './config';

export interface SecretStore {
  readonly kind: SettingsView['secretStorage'];
  read(): string | null;
  write(secret: string): void;
}

export interface SettingsServiceDeps {
  dataDir: string;
  config: TerminalConfig;
  secretStore: SecretStore;
  /** Credentials from the environment override the stored ones (and make the secret read-only). */
  envCredentials: boolean;
  /** The process environment (OMIPAY_M_NUMBER, OMIPAY_SECRET_KEY, OMIPAY_BASE_URL, OMIPAY_REGION). */
  env?: NodeJS.ProcessEnv;
  /** The embedded sandbox, for "test connection" and when the region is sandbox. */
  sandbox: () => { url: string; mNumber: string; secretKey: string } | null;
  /**
   * What stops a change of merchant number, secret key or gateway address: the sales and refunds on the current
   * gateway whose outcome is still open, in words (one line each); empty when none.
   */
  gatewaySwitchBlocker: () => string[] | string | null;
  /** Checks the parts other modules own (scanner, printer); returns the problem in words, or null. */
  validateParts: (next: TerminalConfig) => string | null;
  /** Applies a saved config to the running core. */
  apply: (next: TerminalConfig, previous: TerminalConfig) => Promise<void>;
  /** The screens the Electron shell can put the customer display on (none in hub mode). */
  displays?: () => Array<{ id: number; label: string; primary: boolean }>;
  /**
   * Whether config.json names the time zone (someone chose it). While it does not, the zone in use is the
   * machine's and saving never writes it down (see saveConfig); default true.
   */
  zoneChosen?: boolean;
  /** Whether a notification URL chose the foreground plan at start-up (the plan in use; read-only view). */
  notificationsOn?: () => boolean;
  now?: () => number;
}

export type ApplyResult =
  | { ok: true; view: SettingsView; changed: string[] }
  | { ok: false; code: string; message: Bilingual; issues: string };

/** The fields that decide where money goes: changing them while money is in flight could strand it. */
const GATEWAY_TARGET_FIELDS = ['region', 'baseUrl', 'mNumber'] as const;

export const settingsMessages = {
  gatewayHeldBack: (count: number): Bilingual => ({
    en: `Saved, except the merchant number and gateway. Sales or refunds on the current gateway still being checked: ${count}. Change them once those are settled.`,
    zh: `已保存，但商户号和支付网关未更改：当前网关仍有 ${count} 笔交易或退款在查询中。处理完后再更改。`,
  }),
  secretBusy: (count: number): Bilingual => ({
    en: `The secret key was not changed. Sales or refunds on the current gateway still being checked: ${count}. Change it once those are settled.`,
    zh: `密钥未更改：当前网关仍有 ${count} 笔交易或退款在查询中。处理完后再更改。`,
  }),
  secretFromEnv: {
    en: 'This terminal takes its secret key from its environment (OMIPAY_SECRET_KEY); change it there.',
    zh: '本终端的密钥来自环境变量（OMIPAY_SECRET_KEY），请在那里修改。',
  },
  secretNotInUse: (reason: string): Bilingual => ({
    en: `The secret key was saved, but the terminal could not switch to it: ${reason}`,
    zh: `密钥已保存，但终端未能启用它：${reason}`,
  }),
};

export class SettingsService {
  private config: TerminalConfig;
  private readonly now: () => number;
  private chosenZone: boolean;

  constructor(private readonly deps: SettingsServiceDeps) {
    this.config = deps.config;
    this.now = deps.now ?? Date.now;
    this.chosenZone = deps.zoneChosen ?? true;
  }

  get current(): TerminalConfig {
    return this.config;
  }

  /** True once config.json names the zone (answered, or changed in Settings). */
  get zoneChosen(): boolean {
    return this.chosenZone;
  }

  /** The first-start answer (./shop-zone.ts): the shop's zone, written to config.json and applied at once. */
  chooseShopZone(zone: string): Promise<ApplyResult> {
    return this.update({ timeZone: zone }, { chooseZone: true });
  }

  receiptSettings(): { receipt: ReceiptSettingsView; orderName: string } {
    return { receipt: receiptSettingsView(this.config.receipt), orderName: this.config.orderName };
  }

  view(): SettingsView {
    const c = this.config;
    const hasSecret = this.deps.envCredentials || this.deps.secretStore.read() !== null;
    return {
      posNo: c.posNo,
      merchantName: c.merchantName,
      orderName: c.orderName,
      timeZone: c.timeZone,
      timeZoneChosen: this.chosenZone,
      language: c.language,
      soundOn: c.soundOn,
      maxAmountCents: c.maxAmountCents,
      latePayments: c.latePayments,
      amountEntry: c.amountEntry,
      largeAmountCents: c.largeAmountCents,
      gateway: {
        region: c.gateway.region ?? (c.gateway.mNumber && hasSecret ? 'AU' : 'sandbox'),
        baseUrl: c.gateway.baseUrl ?? null,
        mNumber: c.gateway.mNumber ?? null,
        hasSecretKey: hasSecret,
        timeZone: c.gateway.timeZone,
        httpMethod: c.gateway.httpMethod,
        callTimeoutMs: c.gateway.callTimeoutMs,
        maxWaitMs: c.gateway.maxWaitMs,
      },
      scanner: (c.scanner as Record<string, unknown> | undefined) ?? { kind: 'none' },
      printer: (c.printer as Record<string, unknown> | undefined) ?? null,
      terminalApi: {
        enabled: c.terminalApi.enabled,
        host: c.terminalApi.host,
        port: c.terminalApi.port,
        refundApproval: c.terminalApi.refundApproval,
      },
      secretStorage: this.deps.envCredentials ? 'env' : this.deps.secretStore.kind,
      customerDisplay: { ...c.customerDisplay, displays: this.deps.displays?.() ?? [] },
      pollSchedule: pollScheduleView(
        c.gateway.pollSchedule,
        configPath(this.deps.dataDir),
        this.deps.notificationsOn?.() ?? false,
      ),
      receipt: receiptSettingsView(c.receipt),
    };
  }

  async update(patch: SettingsPatch, options: { chooseZone?: boolean } = {}): Promise<ApplyResult> {
    const previous = this.config;
    // The receipt settings say what is wrong in words of their own (an ABN's length or checksum).
    const receipt = applyReceiptPatch(previous.receipt, patch.receipt);
    if (!receipt.ok) return receipt;
    const merged = {
      ...previous,
      ...stripUndefined({ ...patch, gateway: undefined }),
      receipt: receipt.receipt,
      gateway: stripNulls({ ...previous.gateway, ...(patch.gateway ?? {}) }),
      customerDisplay: { ...previous.customerDisplay, ...(patch.customerDisplay ?? {}) },
      terminalApi: { ...previous.terminalApi, ...stripUndefined(patch.terminalApi ?? {}) },
    };
    const parsed = terminalConfigSchema.safeParse(merged);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return {
        ok: false,
        code: 'INVALID_SETTINGS',
        message: { en: `These settings are not valid: ${issues}`, zh: `设置无效：${issues}` },
        issues,
      };
    }
    let next = parsed.data;
    const partProblem = this.deps.validateParts(next);
    if (partProblem) {
      return {
        ok: false,
        code: 'INVALID_SETTINGS',
        message: { en: `These settings are not valid: ${partProblem}`, zh: `设置无效：${partProblem}` },
        issues: partProblem,
      };
    }
    // Only a real change of where money goes is held back while money is in flight; the rest saves at once.
    let heldBack: SettingsView['gatewayHeldBack'] = null;
    if (this.targetKey(previous) !== this.targetKey(next)) {
      const blockers = this.blockers();
      if (blockers.length > 0) {
        const gateway = { ...next.gateway };
        for (const k of GATEWAY_TARGET_FIELDS) {
          if (previous.gateway[k] === undefined) delete gateway[k];
          else (gateway as Record<string, unknown>)[k] = previous.gateway[k];
        }
        next = { ...next, gateway };
        heldBack = { message: settingsMessages.gatewayHeldBack(blockers.length), blockers };
      }
    }
    const changed = changedKeys(previous, next);
    // A form that sends back the zone it was shown has not chosen one: only a different zone (or the first-start
    // answer) is a choice.
    const zoneChosen = this.chosenZone || options.chooseZone === true || next.timeZone !== previous.timeZone;
    saveConfig(this.deps.dataDir, next, { zoneChosen });
    this.chosenZone = zoneChosen;
    this.config = next;
    await this.deps.apply(next, previous);
    return { ok: true, view: { ...this.view(), gatewayHeldBack: heldBack }, changed };
  }

  /** Where the terminal's money goes under a config: the effective region, its address and the merchant. */
  private targetKey(c: TerminalConfig): string {
    const region = this.effectiveRegion(c);
    return JSON.stringify({
      region,
      baseUrl: region === 'custom' ? (c.gateway.baseUrl ?? null) : null,
      mNumber: c.gateway.mNumber ?? null,
    });
  }

  private effectiveRegion(c: TerminalConfig): GatewayRegion {
    const hasSecret = this.deps.envCredentials || this.deps.secretStore.read() !== null;
    return c.gateway.region ?? (c.gateway.mNumber && hasSecret ? 'AU' : 'sandbox');
  }

  private blockers(): string[] {
    const b = this.deps.gatewaySwitchBlocker();
    if (b === null) return [];
    return typeof b === 'string' ? [b] : b;
  }

  /**
   * Stores the secret key. Refused (nothing saved) while money is in flight on the current gateway, or when the
   * environment supplies the secret. Once saved it never fails as an internal error: a switch that cannot be
   * made is said in words.
   */
  async setSecret(secret: string): Promise<void> {
    if (this.deps.envCredentials) throw new EngineError('SECRET_FROM_ENV', settingsMessages.secretFromEnv);
    const blockers = this.blockers();
    if (blockers.length > 0) {
      throw new EngineError(
        'GATEWAY_BUSY',
        settingsMessages.secretBusy(blockers.length),
        blockers.join('; '),
      );
    }
    this.deps.secretStore.write(secret);
    try {
      await this.deps.apply(this.config, this.config);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new EngineError('SECRET_NOT_IN_USE', settingsMessages.secretNotInUse(reason), reason);
    }
  }

  /** GetExchangeRate with the given or stored credentials; explains failures in plain words. */
  async testConnection(args: {
    region?: GatewayRegion;
    baseUrl?: string;
    mNumber?: string;
    secretKey?: string;
  }): Promise<ConnectionTestResult> {
    const region = args.region ?? this.effectiveRegion(this.config);
    const sandbox = this.deps.sandbox();
    let baseUrl: string | null;
    let mNumber: string | undefined;
    let secretKey: string | undefined;
    if (region === 'sandbox') {
      baseUrl = sandbox?.url ?? null;
      mNumber = args.mNumber ?? sandbox?.mNumber;
      secretKey = args.secretKey ?? sandbox?.secretKey;
    } else {
      baseUrl =
        region === 'custom'
          ? (args.baseUrl ?? this.config.gateway.baseUrl ?? null)
          : REGION_BASE_URLS[region];
      const env = envGateway(this.deps.env ?? {});
      if (region !== 'custom' || args.baseUrl === undefined) baseUrl = env.baseUrl ?? baseUrl;
      mNumber = args.mNumber ?? env.mNumber ?? this.config.gateway.mNumber;
      secretKey = args.secretKey ?? env.secretKey ?? this.deps.secretStore.read() ?? undefined;
    }
    const started = this.now();
    if (!baseUrl || !mNumber || !secretKey) {
      return {
        ok: false,
        code: 'MISSING_CREDENTIALS',
        message: {
          en: 'Enter the merchant number and secret key (and the gateway address for a custom region) first.',
          zh: '请先填写商户号和密钥（自定义区域还需填写网关地址）。',
        },
        clockSkewMs: null,
        latencyMs: 0,
      };
    }
    const client = new OmipayClient({
      baseUrl,
      credentials: { mNumber, secretKey },
      timeoutMs: 10_000,
      gatewayTimeZone: this.config.gateway.timeZone,
    });
    const skew = measureClockSkew(baseUrl, this.now);
    try {
      const rate = await client.getExchangeRate({ platform: 'WECHATPAY' });
      const clockSkewMs = await skew;
      return {
        ok: true,
        code: null,
        message: {
          en: `Connected to Omipay. Today's WeChat Pay rate: 1 AUD = ${rate.rate.text} CNY.`,
          zh: `已连接 Omipay。今日微信支付汇率：1 澳元 = ${rate.rate.text} 人民币。`,
        },
        clockSkewMs,
        latencyMs: this.now() - started,
      };
    } catch (err) {
      const clockSkewMs = await skew;
      const code = err instanceof OmipayError ? err.code : 'INTERNAL';
      let message = cashierMessage(code);
      if (code === 'SIGN_TIMEOUT' && clockSkewMs !== null) {
        const minutes = Math.round(Math.abs(clockSkewMs) / 6_000) / 10;
        const ahead = clockSkewMs > 0;
        message = {
          en: `${message.en} This terminal's clock is ${minutes} minutes ${ahead ? 'ahead of' : 'behind'} Omipay's. Set the correct time (automatic time) and test again.`,
          zh: `${message.zh} 本终端时钟比 Omipay ${ahead ? '快' : '慢'} ${minutes} 分钟。请校准时间（开启自动对时）后重试。`,
        };
      }
      return { ok: false, code, message, clockSkewMs, latencyMs: this.now() - started };
    }
  }
}

/** Terminal clock − gateway clock from the HTTP Date header (1 s resolution; midpoint of the round trip). */
export async function measureClockSkew(baseUrl: string, now: () => number): Promise<number | null> {
  try {
    const sent = now();
    const res = await fetch(new URL('/omipay/api/v2/GetExchangeRate', baseUrl), {
      method: 'HEAD',
      signal: AbortSignal.timeout(5_000),
    });
    const received = now();
    const date = res.headers.get('date');
    if (!date) return null;
    const gateway = Date.parse(date);
    if (Number.isNaN(gateway)) return null;
    // The header is truncated to the second: add half a second to centre the error.
    return Math.round((sent + received) / 2 - (gateway + 500));
  } catch {
    return null;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function stripNulls<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
}

function changedKeys(a: TerminalConfig, b: TerminalConfig): string[] {
  const flat = (o: unknown, prefix = ''): Record<string, string> => {
    const out: Record<string, string> = {};
    if (o && typeof o === 'object' && !Array.isArray(o)) {
      for (const [k, v] of Object.entries(o)) Object.assign(out, flat(v, prefix ? `${prefix}.${k}` : k));
    } else out[prefix] = JSON.stringify(o);
    return out;
  };
  const fa = flat(a);
  const fb = flat(b);
  return [...new Set([...Object.keys(fa), ...Object.keys(fb)])].filter((k) => fa[k] !== fb[k]).sort();
}
