import { z } from 'zod';
import type { FaultRule, SandboxFault } from './types';

export const API_NAMES = [
  'GetExchangeRate',
  'MakeQROrder',
  'MakeJSAPIOrder',
  'MakeScanOrder',
  'QueryOrder',
  'Refund',
  'QueryRefund',
  'GetUserInfo',
] as const;
export type ApiName = (typeof API_NAMES)[number];

/** The document's request example says MakeQRCode where the heading says MakeQROrder; both reach the same API. */
export function canonicalApiName(name: string): ApiName | undefined {
  if (name === 'MakeQRCode') return 'MakeQROrder';
  return (API_NAMES as readonly string[]).includes(name) ? (name as ApiName) : undefined;
}

const faultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('delay'), ms: z.number().int().min(0).max(600_000) }).strict(),
  z.object({ kind: z.literal('http500') }).strict(),
  z.object({ kind: z.literal('malformed') }).strict(),
  z.object({ kind: z.literal('reset') }).strict(),
  z.object({ kind: z.literal('drop') }).strict(),
  z.object({ kind: z.literal('system_error') }).strict(),
]);

export const faultRuleSchema = z
  .object({
    fault: faultSchema,
    api: z
      .string()
      .refine((a) => canonicalApiName(a) !== undefined, { message: `one of ${API_NAMES.join(', ')}` })
      .optional(),
    times: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

interface ActiveRule {
  fault: SandboxFault;
  api: ApiName | undefined;
  remaining: number;
}

/** Rules are consumed in the order they were injected; each applies to `times` matching requests. */
export class FaultQueue {
  private rules: ActiveRule[] = [];

  add(input: unknown): void {
    const parsed = faultRuleSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TypeError(
        `Invalid fault rule ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      );
    }
    const rule: FaultRule = parsed.data;
    this.rules.push({
      fault: rule.fault,
      api: rule.api === undefined ? undefined : canonicalApiName(rule.api),
      remaining: rule.times ?? 1,
    });
  }

  /** Takes the first rule matching `api` (decrementing it), or undefined. */
  take(api: ApiName): SandboxFault | undefined {
    const index = this.rules.findIndex((r) => r.api === undefined || r.api === api);
    if (index < 0) return undefined;
    const rule = this.rules[index];
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.splice(index, 1);
    return rule.fault;
  }

  clear(): void {
    this.rules = [];
  }

  get size(): number {
    return this.rules.length;
  }
}
