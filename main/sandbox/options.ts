import { z } from 'zod';
import { parseDecimalRate, type ScaledRate } from './money';
import { faultRuleSchema } from './faults';
import { DEFAULT_SWITCHES, parseSwitches, type SandboxSwitches } from './switches';
import type { FaultRule, SandboxMerchant, SandboxOptions, SandboxPlatform } from './types';

export const DEFAULT_MERCHANT: Readonly<SandboxMerchant> = Object.freeze({
  mNumber: '100001',
  secretKey: 'sandboxsecret0000000000000000000',
});
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_CLI_PORT = 8787;
export const DEFAULT_EXCHANGE_RATES = Object.freeze({ WECHATPAY: '4.71230000', ALIPAY: '4.70980000' });
export const DEFAULT_AMOUNT_LIMITS = Object.freeze({ minCents: 1, maxCents: 5_000_000 });
export const DEFAULT_REFUND_STEP_MS = 2000;
export const DEFAULT_GATEWAY_TIME_ZONE = 'Australia/Sydney';

export interface ResolvedOptions {
  host: string;
  port: number;
  merchants: SandboxMerchant[];
  timeScale: number;
  clockOffsetMs: number;
  registeredPosNos: ReadonlySet<string>;
  amountLimits: { minCents: number; maxCents: number };
  exchangeRates: Record<SandboxPlatform, ScaledRate>;
  refundStepMs: number;
  gatewayTimeZone: string;
  logger: (line: string) => void;
  /** Mutable: POST /_sandbox/switches changes them while the sandbox runs. */
  switches: SandboxSwitches;
  publicUrl: string | undefined;
  rejectReplayedNonces: boolean;
  faults: FaultRule[];
}

const rateText = z
  .string()
  .refine((s) => parseDecimalRate(s) !== null, 'a decimal rate with at most 8 decimals');

const optionsSchema = z
  .object({
    host: z.string().min(1).optional(),
    port: z.number().int().min(0).max(65535).optional(),
    merchants: z
      .array(
        z.object({
          mNumber: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'm_number: 1–32 of [A-Za-z0-9_-]'),
          secretKey: z.string().min(1).max(256),
        }),
      )
      .min(1)
      .optional(),
    timeScale: z.number().finite().min(0).optional(),
    clockOffsetMs: z.number().int().optional(),
    registeredPosNos: z.array(z.string().min(1)).optional(),
    amountLimits: z
      .object({ minCents: z.number().int().min(1), maxCents: z.number().int().min(1) })
      .refine((l) => l.minCents <= l.maxCents, 'minCents must not exceed maxCents')
      .optional(),
    exchangeRates: z.object({ WECHATPAY: rateText.optional(), ALIPAY: rateText.optional() }).optional(),
    refundStepMs: z.number().finite().min(0).optional(),
    gatewayTimeZone: z
      .string()
      .refine((tz) => isValidTimeZone(tz), 'an IANA time zone')
      .optional(),
    logger: z.custom<(line: string) => void>((v) => typeof v === 'function', 'a function').optional(),
    paidStatusSpelling: z.enum(['PAID', 'PAYED']).optional(),
    refundNoKeyQuirk: z.boolean().optional(),
    publicUrl: z
      .string()
      .refine((u) => /^https?:\/\/[^/?#]+$/.test(u.replace(/\/+$/, '')), 'http(s)://host[:port]')
      .optional(),
    rejectReplayedNonces: z.boolean().optional(),
    faults: z.array(faultRuleSchema).optional(),
    switches: z.unknown().optional(),
  })
  .strict();

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-AU', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function resolveOptions(input: SandboxOptions = {}): ResolvedOptions {
  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(
      `Invalid sandbox option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const o = parsed.data;
  const merchants = (o.merchants ?? [DEFAULT_MERCHANT]).map((m) => ({
    mNumber: m.mNumber,
    secretKey: m.secretKey,
  }));
  if (new Set(merchants.map((m) => m.mNumber)).size !== merchants.length) {
    throw new TypeError('Invalid sandbox option merchants: duplicate mNumber');
  }
  const wechat = parseDecimalRate(o.exchangeRates?.WECHATPAY ?? DEFAULT_EXCHANGE_RATES.WECHATPAY);
  const alipay = parseDecimalRate(o.exchangeRates?.ALIPAY ?? DEFAULT_EXCHANGE_RATES.ALIPAY);
  if (!wechat || !alipay) throw new TypeError('Invalid sandbox option exchangeRates');
  return {
    host: o.host ?? DEFAULT_HOST,
    port: o.port ?? 0,
    merchants,
    timeScale: o.timeScale ?? 1,
    clockOffsetMs: o.clockOffsetMs ?? 0,
    registeredPosNos: new Set(o.registeredPosNos ?? []),
    amountLimits: o.amountLimits ?? { ...DEFAULT_AMOUNT_LIMITS },
    exchangeRates: { WECHATPAY: wechat, ALIPAY: alipay },
    refundStepMs: o.refundStepMs ?? DEFAULT_REFUND_STEP_MS,
    gatewayTimeZone: o.gatewayTimeZone ?? DEFAULT_GATEWAY_TIME_ZONE,
    logger: o.logger ?? (() => {}),
    switches: {
      ...DEFAULT_SWITCHES,
      // The two switches that predate `switches` stay accepted as top-level options.
      ...(o.paidStatusSpelling === undefined ? {} : { paidStatusSpelling: o.paidStatusSpelling }),
      ...(o.refundNoKeyQuirk === undefined ? {} : { refundNoKeyQuirk: o.refundNoKeyQuirk }),
      ...parseSwitches(o.switches ?? {}),
    },
    publicUrl: o.publicUrl?.replace(/\/+$/, ''),
    rejectReplayedNonces: o.rejectReplayedNonces ?? true,
    faults: o.faults ?? [],
  };
}
