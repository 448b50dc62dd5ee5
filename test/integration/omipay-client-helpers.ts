/**
 * The Omipay client against the embedded sandbox, shared set-up: two sandboxes on real HTTP on loopback (one with
 * default options, one "special" with limits, registered tills, a custom rate and the document's spellings), a
 * client per merchant, and helpers that wait on sandbox events. Each test file calls useClientSandboxes() once.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import {
  cashierMessage,
  GatewayError,
  OmipayClient,
  TransportError,
  type OmipayClientOptions,
  type OmipayCredentials,
  type Platform,
} from '../../main/omipay';
import { startSandbox, type SandboxHandle, type SandboxOrderStatus } from '../../main/sandbox';

export const MERCHANT_A: OmipayCredentials = {
  mNumber: '100001',
  secretKey: 'sandbox-secret-merchant-a-000001',
};
export const MERCHANT_B: OmipayCredentials = {
  mNumber: '200002',
  secretKey: 'sandbox-secret-merchant-b-000002',
};
const TIME_SCALE = 0.02; // USERPAYING resolves after 100 ms, scenario 0006 replies after 1.2 s, refunds step every 40 ms

// Live bindings: assigned by the hooks useClientSandboxes() registers, read by the tests that import them.
export let sandbox: SandboxHandle;
/** A second sandbox with non-default options: limits, registered tills, a custom rate, the document's spellings. */
export let special: SandboxHandle;
const clients: OmipayClient[] = [];

export function clientFor(s: SandboxHandle, extra: Partial<OmipayClientOptions> = {}): OmipayClient {
  const c = new OmipayClient({ baseUrl: s.url, credentials: MERCHANT_A, ...extra });
  clients.push(c);
  return c;
}

export let a: OmipayClient;
export let b: OmipayClient;

export function useClientSandboxes(): void {
  beforeAll(async () => {
    sandbox = await startSandbox({ timeScale: TIME_SCALE, merchants: [MERCHANT_A, MERCHANT_B] });
    special = await startSandbox({
      timeScale: TIME_SCALE,
      merchants: [MERCHANT_A],
      registeredPosNos: ['POS-1'],
      amountLimits: { minCents: 100, maxCents: 10_000 },
      exchangeRates: { WECHATPAY: '5.01540000' },
      paidStatusSpelling: 'PAYED',
      refundNoKeyQuirk: true,
    });
    a = clientFor(sandbox);
    b = clientFor(sandbox, { credentials: MERCHANT_B });
  });

  afterAll(async () => {
    for (const c of clients.splice(0)) c.close();
    await Promise.all([sandbox.close(), special.close()]);
  });

  afterEach(() => {
    sandbox.control.clearFaults();
    sandbox.control.setClockOffset(0);
  });
}

let seq = 0;
export const outNo = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;
export const code = (platform: Platform, suffix: string) =>
  `${platform === 'WECHATPAY' ? '13' : '28'}000000000000${suffix}`;

/** MakeQROrder under a fresh out_order_no: for tests that need an order, whatever its number. */
export function qrOrder(
  c: OmipayClient,
  order: Omit<Parameters<OmipayClient['makeQROrder']>[0], 'outOrderNo'>,
) {
  return c.makeQROrder({ ...order, outOrderNo: outNo('QR') });
}

export function scan(
  c: OmipayClient,
  qrcode: string,
  extra: { outOrderNo?: string; amount?: number; posNo?: string; timeoutMs?: number } = {},
) {
  const outOrderNo = extra.outOrderNo ?? outNo('SALE');
  return {
    outOrderNo,
    result: c.makeScanOrder(
      {
        orderName: 'Counter sale',
        amount: extra.amount ?? 1250,
        qrcode,
        posNo: extra.posNo ?? 'POS-1',
        outOrderNo,
      },
      extra.timeoutMs === undefined ? undefined : { timeoutMs: extra.timeoutMs },
    ),
  };
}

export async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    (v) => {
      throw new Error(
        `expected a rejection, got ${JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))}`,
      );
    },
    (e: unknown) => e,
  );
}

export async function gatewayError(p: Promise<unknown>, expectedCode: string): Promise<GatewayError> {
  const e = await rejection(p);
  expect(e).toBeInstanceOf(GatewayError);
  expect((e as GatewayError).code).toBe(expectedCode);
  expect((e as GatewayError).cashier).toEqual(cashierMessage(expectedCode));
  return e as GatewayError;
}

export async function transportError(p: Promise<unknown>): Promise<TransportError> {
  const e = await rejection(p);
  expect(e).toBeInstanceOf(TransportError);
  return e as TransportError;
}

/** Resolves when the sandbox order reaches `status` (event driven, no polling sleeps). */
export function orderReaches(s: SandboxHandle, orderNo: string, status: SandboxOrderStatus): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (s.control.getOrder(orderNo)?.status === status) {
        s.control.events.off('order-status', check);
        resolve();
      }
    };
    s.control.events.on('order-status', check);
    check();
  });
}

export function refundReaches(s: SandboxHandle, refundNo: string, status: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (s.control.listRefunds().find((r) => r.refundNo === refundNo)?.status === status) {
        s.control.events.off('refund-status', check);
        resolve();
      }
    };
    s.control.events.on('refund-status', check);
    check();
  });
}

export function orderNoFor(s: SandboxHandle, outOrderNo: string): string {
  const o = s.control.findOrderByOutOrderNo(MERCHANT_A.mNumber, outOrderNo);
  if (!o) throw new Error(`sandbox has no order ${outOrderNo}`);
  return o.orderNo;
}
