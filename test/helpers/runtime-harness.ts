/**
 * Starts the real POS core (embedded sandbox over real HTTP, SQLite journal in a temp dir) with fast timings,
 * and offers small waits over its PosApi events.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { PosEvent, PosResult, SaleView } from '../../preload/api';
import { startPosRuntime, type PosRuntime, type PosRuntimeOptions } from '../../main/runtime';
import { startHub, type HubHandle, type HubOptions } from '../../main/hub';
import type { Cleanup } from './cleanups';

export const TIME_SCALE = 0.02; // sandbox: 5 s → 100 ms, 60 s → 1.2 s
/** The harness's fast timings; a test that changes one setting spreads these first. */
export const HARNESS_TUNING = {
  maxWaitMs: 3_000,
  pollScale: 0.05,
  backgroundFirstMs: 100,
  callTimeoutMs: 600,
};

export interface Harness {
  runtime: PosRuntime;
  dataDir: string;
  events: PosEvent[];
  waitForSale(saleId: string, predicate: (s: SaleView) => boolean, timeoutMs?: number): Promise<SaleView>;
  /** Starts a sale of `amount`, the customer's `code` scanned, and waits until `until` holds (default: paid). */
  sell(amount: string, code: string, until?: (s: SaleView) => boolean): Promise<SaleView>;
  close(): Promise<void>;
}

/** The environment of a till that pays through `gateway` (a sandbox started apart) as its first merchant. */
export function gatewayEnv(gateway: {
  url: string;
  merchants: ReadonlyArray<{ mNumber: string; secretKey: string }>;
}): Record<string, string> {
  const merchant = gateway.merchants[0]!;
  return {
    OMIPAY_M_NUMBER: merchant.mNumber,
    OMIPAY_SECRET_KEY: merchant.secretKey,
    OMIPAY_BASE_URL: gateway.url,
  };
}

export async function startHarness(overrides: Partial<PosRuntimeOptions> = {}): Promise<Harness> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'pos-test-'));
  const runtime = await startPosRuntime({
    dataDir,
    env: {},
    sandbox: { timeScale: TIME_SCALE, refundStepMs: 500 },
    tuning: HARNESS_TUNING,
    log: pino({ level: 'silent' }),
    ...overrides,
  });
  const events: PosEvent[] = [];
  runtime.api.onEvent((e) => events.push(e));
  let closing: Promise<void> | null = null;
  const harness: Harness = {
    runtime,
    dataDir,
    events,
    waitForSale(saleId, predicate, timeoutMs = 8_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          void runtime.api
            .getSaleDetail({ saleId })
            .then((d) =>
              reject(
                new Error(
                  `sale ${saleId} did not reach the expected state; now ${d.ok ? d.value.sale.phase : '?'}`,
                ),
              ),
            );
        }, timeoutMs);
        const check = (s: SaleView) => {
          if (s.id === saleId && predicate(s)) {
            clearTimeout(timer);
            off();
            resolve(s);
          }
        };
        const off = runtime.api.onEvent((e) => {
          if (e.type === 'sale') check(e.sale);
        });
        void runtime.api.getSaleDetail({ saleId }).then((d) => {
          if (d.ok) check(d.value.sale);
        });
      });
    },
    async sell(amount, code, until = (s) => s.phase === 'paid') {
      const sale = unwrap(await runtime.api.startSale({ amount }));
      unwrap(await runtime.api.submitCode({ saleId: sale.id, code }));
      return harness.waitForSale(sale.id, until);
    },
    // Once: a test that restarts a till closes it itself, and its clean-up may close it again.
    close() {
      closing ??= (async () => {
        await runtime.close();
        if (!overrides.dataDir) rmSync(dataDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
  return harness;
}

/** startHarness for one test: its close joins `cleanups` (useCleanups), run after the test whatever happened. */
export async function startHarnessFor(
  cleanups: Cleanup[],
  overrides: Partial<PosRuntimeOptions> = {},
): Promise<Harness> {
  const h = await startHarness(overrides);
  cleanups.push(() => h.close());
  return h;
}

export interface HubHarness {
  h: Harness;
  hub: HubHandle;
  /** Closes the hub, then the core. */
  close(): Promise<void>;
}

/** The harness (with `overrides`) and a hub in front of it: what a counter's page talks to. */
export async function startHubHarness(
  overrides: Partial<PosRuntimeOptions>,
  hubOptions: Omit<HubOptions, 'runtime'>,
): Promise<HubHarness> {
  const h = await startHarness(overrides);
  const hub = await startHub({ runtime: h.runtime, ...hubOptions });
  return {
    h,
    hub,
    async close() {
      await hub.close();
      await h.close();
    },
  };
}

/** A harness whose first manager PIN is already set, with the one-time setup code. */
export async function startHarnessWithPin(
  pin: string,
  overrides: Partial<PosRuntimeOptions> = {},
): Promise<Harness> {
  const h = await startHarness(overrides);
  unwrap(await h.runtime.api.setManagerPin({ newPin: pin, setupCode: h.runtime.setupCode() ?? '' }));
  return h;
}

export function unwrap<T>(result: PosResult<T>): T {
  if (!result.ok)
    throw new Error(
      `PosApi error ${result.error.code}: ${result.error.message.en} ${result.error.detail ?? ''}`,
    );
  return result.value;
}

export function scenario(platform: 'wechat' | 'alipay', suffix: string): string {
  return `${platform === 'wechat' ? '13' : '28'}000000000000${suffix}`;
}
