/** zod schemas for frames arriving at the hub; see ./protocol for the protocol itself. */
import { z } from 'zod';

export const hubRequestSchema = z
  .object({
    id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    method: z.string().min(1).max(64),
    args: z.unknown().optional(),
  })
  .strict();

export type ParsedFrame =
  { ok: true; id: number; method: string; args: unknown } | { ok: false; id: number | null; detail: string };

/** Parses one text frame. Never throws; `id` is recovered when possible so the caller's promise settles. */
export function parseHubFrame(text: string): ParsedFrame {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, id: null, detail: 'frame is not JSON' };
  }
  const parsed = hubRequestSchema.safeParse(raw);
  if (parsed.success)
    return { ok: true, id: parsed.data.id, method: parsed.data.method, args: parsed.data.args };
  return { ok: false, id: recoverId(raw), detail: describeIssues(parsed.error) };
}

function recoverId(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const id: unknown = Object.prototype.hasOwnProperty.call(raw, 'id') ? (raw as { id: unknown }).id : null;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(frame)'}: ${i.message}`)
    .join('; ')
    .slice(0, 300);
}
