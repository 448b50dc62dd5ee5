/**
 * What the method table (./methods) gives every side of the boundary: the PosApi type the screens call and
 * PosService implements, the method list, the Electron channel names and a way to build the methods from one
 * `call`. Nothing here is written per method.
 */
import type { z } from 'zod/mini';
import type { posContract, Returns } from './methods';
import { POS_METHOD_NAMES } from './method-names';
import type { PosEvent, PosResult } from './views';

type Contract = typeof posContract;

/** The methods that are invoked as request/response (everything but onEvent). */
export type PosMethod = keyof Contract;
/** A method's argument as a caller writes it. */
export type PosArgs<M extends PosMethod> = z.input<Contract[M]['args']>;
/** A method's argument as the handler receives it, after the edge's check. */
export type PosCheckedArgs<M extends PosMethod> = z.output<Contract[M]['args']>;
/** A method's value on success. */
export type PosValue<M extends PosMethod> = Contract[M]['result'] extends Returns<infer T> ? T : never;
export type PosReturn<M extends PosMethod> = PosResult<PosValue<M>>;

/** Methods whose argument may be left out take an optional one. */
type MethodOf<M extends PosMethod> =
  undefined extends PosArgs<M>
    ? (args?: PosArgs<M>) => Promise<PosReturn<M>>
    : (args: PosArgs<M>) => Promise<PosReturn<M>>;

export type PosMethods = { [M in PosMethod]: MethodOf<M> };

/**
 * The one contract between the POS core and any screen: every method of the table, plus the event stream.
 * Main (PosService), the Electron preload, the hub's WebSocket bridge and the renderer all use this type.
 */
export interface PosApi extends PosMethods {
  /** Subscribe to pushed events; returns the unsubscribe function (kept on the calling side). */
  onEvent(listener: (event: PosEvent) => void): () => void;
}

export const POS_METHODS: readonly PosMethod[] = Object.freeze([...POS_METHOD_NAMES]);
const METHOD_SET: ReadonlySet<string> = new Set(POS_METHOD_NAMES);

export function isPosMethod(name: unknown): name is PosMethod {
  return typeof name === 'string' && METHOD_SET.has(name);
}

export type PosCall = <M extends PosMethod>(method: M, args: PosArgs<M>) => Promise<PosReturn<M>>;

/**
 * Every request/response method routed through one `call` — how the Electron preload, the hub's browser client
 * and PosService build their methods without listing them again.
 */
export function posMethodsVia(call: PosCall): PosMethods {
  const api: Record<string, (args?: unknown) => Promise<unknown>> = {};
  for (const method of POS_METHODS) {
    api[method] = (args?: unknown) => call(method, args as never);
  }
  return api as unknown as PosMethods;
}

/** Electron IPC: one invoke channel per method, one channel for pushed events. */
export const POS_EVENT_CHANNEL = 'pos:event';

export function posInvokeChannel<M extends PosMethod>(method: M): `pos:call:${M}` {
  return `pos:call:${method}`;
}

/** Id of the JSON data block in which the hub's page carries the core's snapshot for the first paint. */
export const BOOT_SNAPSHOT_ID = 'pos-boot';
