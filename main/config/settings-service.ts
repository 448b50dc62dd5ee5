/**
 * Manager settings: validated patches over config.json, the write-only secret key, and "test connection".
 * Changes are applied live by the runtime (scanner, printer, gateway, terminal details) and recorded in the
 * event log by key — never with the secret.
 */
import type {
  ConnectionTestResult,
  GatewayRegion,
  SettingsPatch,
  SettingsView,
  Bilingual,
} from '../../preload/api';
import { cashierMessage, OmipayClient, OmipayError } from '../omipay';
import { REGION_BASE_URLS, saveConfig, terminalConfigSchema, type TerminalConfig } from './config';

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
  /** The embedded sandbox, for "test connection" and when the region is sandbox. */
  sandbox: () => { url: string; mNumber: string; secretKey: string } | null;
  /** Refuses a gateway switch while sales or refunds on the current gateway are not final. */
  gatewaySwitchBlocker: () => string | null;
  /** Checks the parts other modules own (scanner, printer); returns the problem in words, or null. */
  validateParts: (next: TerminalConfig) => string | null;
  /** Applies a saved config to the running core. */
  apply: (next: TerminalConfig, previous: TerminalConfig) => Promise<void>;
  now?: () => number;
}

export type ApplyResult =
  | { ok: true; view: SettingsView; changed: string[] }
  | { ok: false; code: string; message: Bilingual; issues: string };

export class SettingsService {
  private config: TerminalConfig;
  private readonly now: () => number;

  constructor(private readonly deps: SettingsServiceDeps) {
    this.config = deps.config;
    this.now = deps.now ?? Date.now;
  }

  get current(): TerminalConfig {
    return this.config;
  }

  view(): SettingsView {
    const c = this.config;
    const hasSecret = this.deps.envCredentials || this.deps.secretStore.read() !== null;
    return {
      posNo: c.posNo,
      merchantName: c.merchantName,
      orderName: c.orderName,
      timeZone: c.timeZone,
      language: c.language,
      soundOn: c.soundOn,
      maxAmountCents: c.maxAmountCents,
      latePayments: c.latePayments,
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
    };
  }

  async update(patch: SettingsPatch): Promise<ApplyResult> {
    const previous = this.config;
    const merged = {
      ...previous,
      ...stripUndefined({ ...patch, gateway: undefined }),
      gateway: stripNulls({ ...previous.gateway, ...(patch.gateway ?? {}) }),
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
    const next = parsed.data;
    const partProblem = this.deps.validateParts(next);
    if (partProblem) {
      return {
        ok: false,
        code: 'INVALID_SETTINGS',
        message: { en: `These settings are not valid: ${partProblem}`, zh: `设置无效：${partProblem}` },
        issues: partProblem,
      };
    }
    const changed = changedKeys(previous, next);
    if (
      changed.some(
        (k) =>
          k.startsWith('gateway.region') ||
          k.startsWith('gateway.baseUrl') ||
          k.startsWith('gateway.mNumber'),
      )
    ) {
      const blocker = this.deps.gatewaySwitchBlocker();
      if (blocker) {
        return {
          ok: false,
          code: 'GATEWAY_BUSY',
          message: {
            en: 'The payment gateway cannot be changed while sales or refunds are still being checked. Settle them first.',
            zh: '仍有交易或退款在查询中，暂不能更换支付网关，请先处理完。',
          },
          issues: blocker,
        };
      }
    }
    saveConfig(this.deps.dataDir, next);
    this.config = next;
    await this.deps.apply(next, previous);
    return { ok: true, view: this.view(), changed };
  }

  async setSecret(secret: string): Promise<void> {
    this.deps.secretStore.write(secret);
    await this.deps.apply(this.config, this.config);
  }

  /** GetExchangeRate with the given or stored credentials; explains failures in plain words. */
  async testConnection(args: {
    region?: GatewayRegion;
    baseUrl?: string;
    mNumber?: string;
    secretKey?: string;
  }): Promise<ConnectionTestResult> {
    const region = args.region ?? this.view().gateway.region;
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
      mNumber = args.mNumber ?? this.config.gateway.mNumber;
      secretKey = args.secretKey ?? this.deps.secretStore.read() ?? undefined;
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
