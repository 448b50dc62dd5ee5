/**
 * The outside client of the conformance suite, written only from the document (omipay-webapi-v2.txt): its own raw
 * HTTP (node:http with the exact request target on the wire) and its own MD5 signing. It imports nothing from
 * main/omipay or the sandbox's internals: the sandbox is started, then driven only over HTTP, its control endpoint
 * included. Also the document's facts the suite checks against (error lists, statuses).
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';

// ——— the outside client ———

export interface Credentials {
  mNumber: string;
  secretKey: string;
}

export interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: Record<string, unknown>;
}

/** Section 1.3: uppercase hex MD5 of m_number&timestamp&nonce_str&secret_key. */
export function docSign(mNumber: string, timestamp: string, nonce: string, secretKey: string): string {
  return createHash('md5')
    .update(`${mNumber}&${timestamp}&${nonce}&${secretKey}`, 'utf8')
    .digest('hex')
    .toUpperCase();
}

/** Section 1.2 (5): 10–32 characters of a-z A-Z 0-9. */
export function docNonce(): string {
  return randomBytes(16).toString('hex');
}

export function raw(base: string, target: string, method = 'GET', body?: string): Promise<RawReply> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: target,
        method,
        agent: false,
        headers: {
          'content-type': 'application/json',
          ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // Not JSON (a page, a redirect): tests that care read text.
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface SignOptions {
  timestamp?: number;
  sign?: string;
  mNumber?: string;
  language?: string | null;
  method?: 'GET' | 'POST';
  /** A nonce in a client's own style (default docNonce()). */
  nonce?: string;
}

/** Signing parameters first, then the business parameters, every value URL-encoded. */
export function signedTarget(
  api: string,
  params: Record<string, string>,
  who: Credentials,
  o: SignOptions = {},
): string {
  const timestamp = String(o.timestamp ?? Date.now());
  const nonce = o.nonce ?? docNonce();
  const mNumber = o.mNumber ?? who.mNumber;
  const all: Record<string, string> = {
    m_number: mNumber,
    timestamp,
    nonce_str: nonce,
    sign: o.sign ?? docSign(mNumber, timestamp, nonce, who.secretKey),
    ...(o.language === null ? {} : { language: o.language ?? 'EN' }),
    ...params,
  };
  const query = Object.entries(all)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  const path = api === 'GetUserInfo' ? '/omipay/api/auth/GetUserInfo' : `/omipay/api/v2/${api}`;
  return `${path}?${query}`;
}

// ——— the document's facts ———

export const COMMON = [
  'PARAMETER_INVALID',
  'SIGN_TIMEOUT',
  'MERCHANTNO_INVALID',
  'SIGN_ERROR',
  'SYSTEM_ERROR',
];
/** Each API's "Error code list". MakeScanOrder's USERPAYING is in its text (Addition comments, step 5). */
export const ERROR_LISTS: Record<string, readonly string[]> = {
  GetExchangeRate: COMMON,
  MakeQROrder: COMMON,
  MakeJSAPIOrder: [...COMMON, 'WECHAT_STORE_NOT_EXISTS'],
  MakeScanOrder: [
    ...COMMON,
    'ORDER_PAID',
    'POS_NOT_REGISTERED',
    'NOT_ENOUGH',
    'CARD_NOT_SUPPORT',
    'ORDER_CLOSED',
    'QRCODE_EXPIRED',
    'QRCODE_ERROR',
    'AMOUNT_INVALID',
    'USERPAYING',
  ],
  QueryOrder: [...COMMON, 'PERMISSION_ERROR'],
  Refund: [...COMMON, 'PERMISSION_ERROR', 'ORDER_NO_ERROR', 'ORDER_NOT_PAID', 'AMOUNT_OVER_LIMIT'],
  QueryRefund: [...COMMON, 'PERMISSION_ERROR', 'REFUND_NO_ERROR'],
  GetUserInfo: COMMON,
};
export const ORDER_STATUSES = ['READY', 'PAYING', 'PAID', 'CLOSED', 'CANCELLED', 'FAILED'];
export const REFUND_STATUSES = [
  'Applied',
  'MerchantConfirmed',
  'OrganizationConfirmed',
  'OrganizationPayback',
  'Closed',
  'MerchantRejected',
  'TimeoutClosed',
  'OrganizationFailed',
  'CustomerCancelled',
];
/** The 2.6 table's fields, in its order. */
export const NOTIFICATION_TABLE_KEYS = [
  'nonce_str',
  'timestamp',
  'sign',
  'order_no',
  'out_order_no',
  'currency',
  'amount',
  'order_time',
  'pay_time',
  'exchange_rate',
  'pay_currency',
  'cny_amount',
] as const;
export const GATEWAY_TIME = /^\d{14}$/;

// ——— the sandbox under test ———

export const A: Credentials = { mNumber: '100001', secretKey: 'conformance-secret-a-000000000001' };
export const B: Credentials = { mNumber: '200002', secretKey: 'conformance-secret-b-000000000002' };

export function expectFail(r: RawReply, code: string): void {
  expect(r.status).toBe(200);
  expect(r.json).toMatchObject({ return_code: 'FAIL', error_code: code });
  expect(typeof r.json.error_msg).toBe('string');
}

export const wechat = (s: string): string => `13000000000000${s}`;

export async function until(check: () => Promise<boolean>, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface ConformanceSandbox {
  url: () => string;
  /** Every error code seen per API over the whole file: checked against the lists at its end. */
  seen: Record<string, Set<string>>;
  call: (
    api: string,
    params: Record<string, string>,
    who?: Credentials,
    o?: SignOptions,
  ) => Promise<RawReply>;
  control: (path: string, body?: unknown) => Promise<RawReply>;
  getControl: (path: string) => Promise<RawReply>;
  out: (prefix?: string) => string;
  scanParams: (qrcode: string, extra?: Record<string, string>) => Record<string, string>;
  paidOrder: (amount?: number, who?: Credentials) => Promise<string>;
}

/**
 * Starts the suite's sandbox (merchants A and B, POS-1 registered) for the calling file, resets it before each
 * test, and gives the outside client bound to it.
 */
export function useConformanceSandbox(): ConformanceSandbox {
  let sb: SandboxHandle | undefined;
  const url = (): string => sb?.url ?? '';
  const seen: Record<string, Set<string>> = {};
  let seq = 0;
  const out = (p = 'C'): string => `${p}${Date.now().toString(36)}${++seq}`;
  const call = async (
    api: string,
    params: Record<string, string>,
    who: Credentials = A,
    o: SignOptions = {},
  ): Promise<RawReply> => {
    const reply = await raw(url(), signedTarget(api, params, who, o), o.method ?? 'GET');
    const code = reply.json.error_code;
    if (reply.json.return_code === 'FAIL' && typeof code === 'string') (seen[api] ??= new Set()).add(code);
    return reply;
  };
  const control = (path: string, body: unknown = {}): Promise<RawReply> =>
    raw(url(), `/_sandbox${path}`, 'POST', JSON.stringify(body));
  const getControl = (path: string): Promise<RawReply> => raw(url(), `/_sandbox${path}`);
  const scanParams = (qrcode: string, extra: Record<string, string> = {}): Record<string, string> => ({
    order_name: 'Conformance',
    currency: 'AUD',
    amount: '1000',
    qrcode,
    pos_no: 'POS-1',
    out_order_no: out('S'),
    ...extra,
  });
  const paidOrder = async (amount = 1000, who: Credentials = A): Promise<string> => {
    const r = await call('MakeScanOrder', scanParams(wechat('0000'), { amount: String(amount) }), who);
    expect(r.json.return_code).toBe('SUCCESS');
    return r.json.order_no as string;
  };

  beforeAll(async () => {
    sb = await startSandbox({
      timeScale: 0.01,
      merchants: [A, B],
      registeredPosNos: ['POS-1'],
      refundStepMs: 1000,
    });
  });
  afterAll(async () => {
    await sb?.close();
  });
  beforeEach(async () => {
    expect((await control('/reset')).status).toBe(200);
  });
  return { url, seen, call, control, getControl, out, scanParams, paidOrder };
}

export interface NotificationReceiver {
  url: string;
  /** Every JSON body received, oldest first. */
  bodies: Record<string, unknown>[];
  close: () => Promise<void>;
}

/** A merchant's notify_url on loopback: answers each delivery with the next of `answers` (then SUCCESS). */
export async function notificationReceiver(answers: string[] = []): Promise<NotificationReceiver> {
  const bodies: Record<string, unknown>[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      expect(req.headers['content-type']).toMatch(/^application\/json/);
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(answers.shift() ?? '{"return_code":"SUCCESS"}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/n`,
    bodies,
    close: async () => {
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    },
  };
}
