/** Calling PosService by method name, shared by the hub's socket and the Electron IPC handlers. */
import type { PosApi, PosMethod, PosResult } from '../../preload/api';
import { checkPosArgs } from '../shared/pos-api-schemas';
import { hubError } from './protocol';

/**
 * `api[method]` is a union of twenty function types, which TypeScript cannot call with one argument type; the
 * caller has validated the argument against that very method's schema, so the widening cast is sound.
 */
export function callPosMethod(api: PosApi, method: PosMethod, args: unknown): Promise<PosResult<unknown>> {
  const fn = api[method] as (this: PosApi, args: unknown) => Promise<PosResult<unknown>>;
  return fn.call(api, args);
}

/**
 * Validates `rawArgs` with checkPosArgs, then calls PosService. Never rejects: a refused argument becomes
 * INVALID_ARGUMENT, a core that throws despite its contract becomes INTERNAL_ERROR.
 */
export async function dispatchPosCall(
  api: PosApi,
  method: PosMethod,
  rawArgs: unknown,
  onThrow?: (err: unknown) => void,
): Promise<PosResult<unknown>> {
  const checked = checkPosArgs(method, rawArgs);
  if (!checked.ok) return { ok: false, error: hubError('INVALID_ARGUMENT', checked.issues.slice(0, 300)) };
  try {
    return await callPosMethod(api, method, checked.value);
  } catch (err) {
    onThrow?.(err);
    return { ok: false, error: hubError('INTERNAL_ERROR') };
  }
}
