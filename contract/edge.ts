/**
 * The edge: where a call from outside the main process (hub socket, Electron IPC) is checked, once, before the
 * core sees it. Both paths use these two functions, so a hostile argument is refused with the same error on each.
 */
import { z } from 'zod/mini';
import { isPosMethod, type PosApi, type PosMethod } from './api';
import { contractError } from './errors';
import { posContract } from './methods';
import type { PosError, PosResult } from './views';

// zod/mini ships without messages (it keeps the browser and preload bundles small); the edge runs in the main
// process, where the refusal's detail should say what was wrong in words.
z.config(z.locales.en());

export type CheckedCall = { ok: true; method: PosMethod; args: unknown } | { ok: false; error: PosError };

/** Refuses unknown methods (UNKNOWN_METHOD) and arguments that fail the method's schema (INVALID_ARGUMENT). */
export function checkCall(method: unknown, args: unknown): CheckedCall {
  if (!isPosMethod(method)) {
    const name = typeof method === 'string' ? JSON.stringify(method.slice(0, 40)) : typeof method;
    return { ok: false, error: contractError('UNKNOWN_METHOD', `unknown method ${name}`) };
  }
  const parsed = posContract[method].args.safeParse(args);
  if (parsed.success) return { ok: true, method, args: parsed.data };
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(argument)'}: ${i.message}`)
    .join('; ')
    .slice(0, 300);
  return { ok: false, error: contractError('INVALID_ARGUMENT', issues) };
}

/**
 * Calls the checked method. Never rejects: a core that throws despite its contract becomes INTERNAL_ERROR
 * (`onThrow` hears why, for the log).
 */
export async function invokeChecked(
  api: PosApi,
  call: { method: PosMethod; args: unknown },
  onThrow?: (err: unknown) => void,
): Promise<PosResult<unknown>> {
  // `api[method]` is a union of every method's type, which TypeScript cannot call with one argument type; the
  // argument has just passed that very method's schema, so the widening cast is sound.
  const fn = api[call.method] as (this: PosApi, args: unknown) => Promise<PosResult<unknown>>;
  try {
    return await fn.call(api, call.args);
  } catch (err) {
    onThrow?.(err);
    return { ok: false, error: contractError('INTERNAL_ERROR') };
  }
}

/** checkCall, then invokeChecked: the whole edge for a transport that needs nothing in between. */
export async function dispatchPosCall(
  api: PosApi,
  method: unknown,
  args: unknown,
  onThrow?: (err: unknown) => void,
): Promise<PosResult<unknown>> {
  const checked = checkCall(method, args);
  if (!checked.ok) return { ok: false, error: checked.error };
  return invokeChecked(api, checked, onThrow);
}
