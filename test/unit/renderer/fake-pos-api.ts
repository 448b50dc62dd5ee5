/**
 * A throwaway in-memory PosApi for the store's unit tests. It is a mock on purpose: these tests pin down how
 * the store reacts to orderings the real core produces only by chance (a late event, a bridge that throws, a
 * slow search overtaken by a newer one). Real behaviour end to end is covered by store-runtime.test.ts (real
 * PosService) and the Playwright suite (real hub + runtime).
 */
import { POS_METHODS } from '../../../preload/api';
import type {
  Bilingual,
  PosApi,
  PosEvent,
  PosMethod,
  PosResult,
  PosSnapshot,
  TerminalInfo,
} from '../../../preload/api';

type Handler = (args: unknown) => Promise<PosResult<unknown>> | PosResult<unknown>;

export interface Call {
  method: PosMethod;
  args: unknown;
}

export interface FakePosApi extends PosApi {
  calls: Call[];
  /** Replace one method's behaviour. */
  on<M extends PosMethod>(
    method: M,
    handler: (args: Parameters<PosApi[M]>[0]) => Awaited<ReturnType<PosApi[M]>> | ReturnType<PosApi[M]>,
  ): void;
  emit(event: PosEvent): void;
  listenerCount(): number;
  callsOf(method: PosMethod): unknown[];
}

export const TERMINAL: TerminalInfo = {
  posNo: 'T01',
  merchantName: 'Harbour Dumplings',
  timeZone: 'Australia/Sydney',
  language: 'en',
  soundOn: true,
  hasManagerPin: true,
  maxAmountCents: 1_000_000,
  // These tests type amounts with the point; cents-first entry has its own tests.
  amountEntry: 'decimal',
};

export function snapshot(overrides: Partial<PosSnapshot> = {}): PosSnapshot {
  return {
    terminal: TERMINAL,
    activeSale: null,
    scanner: { kind: 'serial', state: 'connected', device: '/dev/ttyACM0', reason: null },
    gateway: { mode: 'sandbox', region: 'sandbox', online: true, problem: null, clockSkewMs: null },
    unresolvedCount: 0,
    people: {
      mode: 'no_sign_in',
      current: {
        id: 'counter',
        name: 'Cashier',
        role: 'cashier',
        hasBadge: false,
        disabled: false,
        source: 'till',
      },
      roster: [],
      idleSignOutMinutes: null,
      serverList: null,
    },
    ...overrides,
  };
}

export { saleView as sale } from '../../helpers/view-fixtures';

export const bi = (en: string): Bilingual => ({ en, zh: `中:${en}` });

export function fail(code: string, en: string): PosResult<never> {
  return { ok: false, error: { code, message: bi(en) } };
}

export function ok<T>(value: T): PosResult<T> {
  return { ok: true, value };
}

export function createFakePosApi(): FakePosApi {
  const listeners = new Set<(e: PosEvent) => void>();
  const handlers = new Map<PosMethod, Handler>();
  const calls: Call[] = [];
  handlers.set('getSnapshot', () => ok(snapshot()));
  handlers.set('getExchangeRate', (args) => {
    const { platform } = args as { platform: 'WECHATPAY' | 'ALIPAY' };
    return ok({ platform, rate: platform === 'WECHATPAY' ? '4.7123' : '4.70', fetchedAt: 1 });
  });

  const invoke = (method: PosMethod) => async (args: unknown) => {
    calls.push({ method, args });
    const handler = handlers.get(method);
    if (!handler) return fail('NOT_IMPLEMENTED', `${method} not set up in this test`);
    return handler(args);
  };

  const api = {
    calls,
    on(method: PosMethod, handler: Handler) {
      handlers.set(method, handler);
    },
    emit(event: PosEvent) {
      for (const l of [...listeners]) l(event);
    },
    listenerCount: () => listeners.size,
    callsOf: (method: PosMethod) => calls.filter((c) => c.method === method).map((c) => c.args),
    onEvent(listener: (e: PosEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  // Every request/response method of the contract, so the fake follows PosApi as it grows.
  const methods = Object.fromEntries(POS_METHODS.map((m) => [m, invoke(m)]));
  return { ...api, ...methods } as unknown as FakePosApi;
}

/** Lets queued promise callbacks (the store's awaits) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Starts a store (its first snapshot load and event subscription) and lets that load land. */
export async function started(store: { getState(): { start(): unknown } }): Promise<void> {
  store.getState().start();
  await settle();
}
