// Plain-fetch helpers for the sandbox tests: they sign requests themselves (main/omipay/sign.ts only) so the
// sandbox is tested against the document, not against the client library built on top of it.
import { once } from 'node:events';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { makeNonce, omipaySign } from '../../main/omipay/sign';
import {
  startSandbox,
  type OrderStatusEvent,
  type RefundStatusEvent,
  type SandboxControl,
  type SandboxHandle,
  type SandboxMerchant,
  type SandboxOptions,
  type SandboxOrderStatus,
  type SandboxRefundStatus,
} from '../../main/sandbox';

export const wechatCode = (suffix: string): string => `13000000000000${suffix}`;
export const alipayCode = (suffix: string): string => `28000000000000${suffix}`;

export interface CallOptions {
  merchant: SandboxMerchant;
  /** Timestamp to sign with (default Date.now()). */
  now?: number;
  nonce?: string;
  /** Overrides the computed sign. */
  sign?: string;
  method?: 'GET' | 'POST';
  /** Signing parameters to leave out. */
  omit?: string[];
  /** Default 'EN'; null sends no language. */
  language?: string | null;
  path?: string;
}

export interface CallResult {
  status: number;
  text: string;
  json: Record<string, unknown>;
  headers: Headers;
}

export function signedQuery(params: Record<string, string>, o: CallOptions): URLSearchParams {
  const ts = o.now ?? Date.now();
  const nonce = o.nonce ?? makeNonce();
  const q = new URLSearchParams();
  const auth: Record<string, string> = {
    m_number: o.merchant.mNumber,
    timestamp: String(ts),
    nonce_str: nonce,
    sign: o.sign ?? omipaySign(o.merchant.mNumber, ts, nonce, o.merchant.secretKey),
  };
  for (const [k, v] of Object.entries(auth)) if (!o.omit?.includes(k)) q.set(k, v);
  if (o.language !== null) q.set('language', o.language ?? 'EN');
  for (const [k, v] of Object.entries(params)) q.set(k, v);
  return q;
}

export async function callApi(
  baseUrl: string,
  api: string,
  params: Record<string, string>,
  o: CallOptions,
): Promise<CallResult> {
  const path = o.path ?? `/omipay/api/v2/${api}`;
  const res = await fetch(`${baseUrl}${path}?${signedQuery(params, o).toString()}`, {
    method: o.method ?? 'GET',
    headers: { 'content-type': 'application/json' },
    redirect: 'manual',
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Left empty: tests that care look at text.
  }
  return { status: res.status, text, json, headers: res.headers };
}

let outCounter = 0;
export function outNo(prefix = 'T'): string {
  outCounter += 1;
  return `${prefix}${process.pid}-${outCounter}-${Date.now().toString(36)}`;
}

export function scanParams(
  qrcode: string,
  amount = 1000,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    order_name: 'Sandbox test',
    currency: 'AUD',
    amount: String(amount),
    qrcode,
    pos_no: 'POS-1',
    out_order_no: outNo(),
    ...extra,
  };
}

/** Resolves when the order reaches `status` (immediately if it already has). */
export async function orderReaches(
  control: SandboxControl,
  orderNo: string,
  status: SandboxOrderStatus,
): Promise<void> {
  if (control.getOrder(orderNo)?.status === status) return;
  for (;;) {
    const [event] = (await once(control.events, 'order-status')) as [OrderStatusEvent];
    if (event.orderNo === orderNo && event.status === status) return;
    if (control.getOrder(orderNo)?.status === status) return;
  }
}

const REFUND_PROGRESSION: readonly string[] = [
  'Applied',
  'MerchantConfirmed',
  'OrganizationConfirmed',
  'OrganizationPayback',
  'Closed',
];

/** Resolves when the refund has reached `status` or a later one of the normal progression. */
export async function refundReaches(
  control: SandboxControl,
  refundNo: string,
  status: SandboxRefundStatus,
): Promise<void> {
  const target = REFUND_PROGRESSION.indexOf(status);
  const reached = (): boolean => {
    const current = control.listRefunds().find((r) => r.refundNo === refundNo)?.status;
    if (current === status) return true;
    return target >= 0 && current !== undefined && REFUND_PROGRESSION.indexOf(current) >= target;
  };
  while (!reached()) {
    const [event] = (await once(control.events, 'refund-status')) as [RefundStatusEvent];
    if (event.refundNo === refundNo && event.status === status) return;
  }
}

async function callResult(res: Response): Promise<CallResult> {
  const text = await res.text();
  return {
    status: res.status,
    text,
    json: JSON.parse(text) as Record<string, unknown>,
    headers: res.headers,
  };
}

export async function postControl(baseUrl: string, path: string, body?: unknown): Promise<CallResult> {
  const res = await fetch(`${baseUrl}/_sandbox${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? '{}' : JSON.stringify(body),
  });
  return callResult(res);
}

export async function getControl(baseUrl: string, path: string): Promise<CallResult> {
  return callResult(await fetch(`${baseUrl}/_sandbox${path}`));
}

/** A scan order paid at once (scenario 0000), then refunded: its order_no and the Refund reply. */
export async function refundOfPaidOrder(
  baseUrl: string,
  merchant: SandboxMerchant,
  refund: { out_refund_no: string; amount: string },
): Promise<{ orderNo: string; refund: CallResult }> {
  const order = await callApi(baseUrl, 'MakeScanOrder', scanParams(wechatCode('0000')), { merchant });
  const orderNo = order.json.order_no as string;
  return {
    orderNo,
    refund: await callApi(baseUrl, 'Refund', { order_no: orderNo, ...refund }, { merchant }),
  };
}

/** A QR order (MakeQROrder) of `amount` cents under `outOrderNo`: the reply. */
export async function makeQrOrder(
  baseUrl: string,
  merchant: SandboxMerchant,
  outOrderNo: string,
  amount: string,
): Promise<CallResult> {
  return callApi(
    baseUrl,
    'MakeQROrder',
    { order_name: 'QR', amount, out_order_no: outOrderNo },
    { merchant },
  );
}

/**
 * One sandbox for the calling test file, reset before each test; `ready` receives it and its first merchant.
 */
/** The file's sandbox and its first merchant, set by `useSandbox` before the file's tests. */
export let sb: SandboxHandle;
export let me: SandboxMerchant;

/** Starts the file's sandbox before its tests (`sb`, `me`), resets it before each and closes it after them. */
export function useSandbox(options: SandboxOptions): void {
  let sandbox: SandboxHandle | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox(options);
    [sb, me] = [sandbox, sandbox.merchants[0] as SandboxMerchant];
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  beforeEach(() => sandbox?.control.reset());
}
