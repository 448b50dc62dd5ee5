import type { EventEmitter } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import { formatGatewayTime } from './gateway-time';
import { safeEmit, type OrderRecord } from './ledger';
import { convertCents } from './money';
import type { Scheduler } from './scheduler';
import { gatewayNonce, gatewaySignature } from './signing';
import type { SandboxSwitches } from './switches';
import type { SandboxMerchant, SandboxNotificationAttempt, SandboxNotificationRecord } from './types';

/** Base delays before the 1st, 2nd and 3rd retry (scaled by timeScale). */
export const NOTIFY_RETRY_DELAYS_MS = [1_000, 2_000, 4_000] as const;
const ATTEMPT_TIMEOUT_MS = 10_000;
const MAX_REPLY_BYTES = 64 * 1024;

export interface NotificationAttemptEvent {
  orderNo: string;
  url: string;
  attempt: number;
  delivered: boolean;
}

export interface NotifierDeps {
  scheduler: Scheduler;
  clock: () => number;
  events: EventEmitter;
  timeScale: () => number;
  timeZone: string;
  merchant: (mNumber: string) => SandboxMerchant | undefined;
  switches: () => SandboxSwitches;
  log: (line: string) => void;
}

interface PostResult {
  delivered: boolean;
  attempt: SandboxNotificationAttempt;
}

/**
 * Section 2.6: POST a signed JSON notification when an order with notify_url is paid; retry up to three
 * times until the reply parses to return_code SUCCESS. Each attempt carries a fresh nonce and timestamp.
 */
export class Notifier {
  private readonly records: SandboxNotificationRecord[] = [];
  private readonly inflight = new Set<http.ClientRequest>();
  private generation = 0;

  constructor(private readonly deps: NotifierDeps) {}

  notifyPaid(order: OrderRecord): void {
    if (!order.notifyUrl) return;
    const record: SandboxNotificationRecord = {
      orderNo: order.orderNo,
      url: order.notifyUrl,
      attempts: 0,
      delivered: false,
      history: [],
    };
    this.records.push(record);
    void this.deliver(order, record, this.generation);
  }

  private async deliver(
    order: OrderRecord,
    record: SandboxNotificationRecord,
    generation: number,
  ): Promise<void> {
    for (let attempt = 0; attempt <= NOTIFY_RETRY_DELAYS_MS.length; attempt++) {
      if (attempt > 0) {
        const base = NOTIFY_RETRY_DELAYS_MS[attempt - 1] ?? 0;
        await this.deps.scheduler.sleep(base * this.deps.timeScale());
      }
      if (generation !== this.generation) return;
      const body = this.body(order);
      if (!body) return;
      record.attempts += 1;
      const { delivered, attempt: detail } = await this.post(record.url, body);
      if (generation !== this.generation) return;
      record.delivered = delivered;
      record.history.push(detail);
      this.deps.log(
        `notify ${order.orderNo} attempt ${record.attempts} ${delivered ? 'delivered' : 'not accepted'}`,
      );
      const event: NotificationAttemptEvent = {
        orderNo: order.orderNo,
        url: record.url,
        attempt: record.attempts,
        delivered,
      };
      safeEmit(this.deps.events, 'notification', event);
      if (delivered) return;
    }
  }

  /**
   * 'field' (the default): what public handlers receive (return_code, total_amount,
   * no pay_currency). 'document': the fields of the 2.6 table. Numbers go as JSON numbers or, with
   * notificationNumbersAsStrings, as strings.
   */
  private body(order: OrderRecord): string | undefined {
    const merchant = this.deps.merchant(order.mNumber);
    if (!merchant) return undefined;
    const sw = this.deps.switches();
    const num = (n: number): number | string => (sw.notificationNumbersAsStrings ? String(n) : n);
    const now = this.deps.clock();
    const nonce = gatewayNonce(32);
    const tz = this.deps.timeZone;
    const field = sw.notificationFormat === 'field';
    return JSON.stringify({
      ...(field ? { return_code: 'SUCCESS' } : {}),
      nonce_str: nonce,
      timestamp: num(now),
      sign: gatewaySignature(merchant.mNumber, now, nonce, merchant.secretKey),
      order_no: order.orderNo,
      out_order_no: order.outOrderNo,
      currency: 'AUD',
      [field ? 'total_amount' : 'amount']: num(order.amount),
      order_time: formatGatewayTime(order.createdAt, tz),
      pay_time: order.paidAt === undefined ? '' : formatGatewayTime(order.paidAt, tz),
      exchange_rate: num(Number(order.rate.scaled)),
      ...(field ? {} : { pay_currency: 'CNY' }),
      cny_amount: num(convertCents(order.amount, order.rate)),
    });
  }

  /** True when the receiver answered with a JSON body whose return_code is SUCCESS. */
  private post(url: string, body: string): Promise<PostResult> {
    return new Promise((resolve) => {
      const at = this.deps.clock();
      const failed = (error: string): PostResult => ({
        delivered: false,
        attempt: { at, result: 'failed', error },
      });
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        resolve(failed('not a URL'));
        return;
      }
      const transport = target.protocol === 'https:' ? https : http;
      let settled = false;
      let httpStatus: number | undefined;
      let error = 'connection closed without a reply';
      const finish = (ok: boolean | 'no-reply'): void => {
        if (settled) return;
        settled = true;
        this.inflight.delete(req);
        if (ok === 'no-reply') return resolve(failed(error));
        const attempt: SandboxNotificationAttempt = {
          at,
          result: ok ? 'delivered' : 'refused',
          ...(httpStatus === undefined ? {} : { httpStatus }),
        };
        resolve({ delivered: ok, attempt });
      };
      const req = transport.request(
        target,
        {
          method: 'POST',
          agent: false,
          timeout: ATTEMPT_TIMEOUT_MS,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(body),
            connection: 'close',
          },
        },
        (res) => {
          httpStatus = res.statusCode;
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_REPLY_BYTES) {
              req.destroy();
              finish(false);
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => finish(isSuccessReply(Buffer.concat(chunks).toString('utf8'))));
          res.on('error', () => finish(false));
        },
      );
      this.inflight.add(req);
      req.on('timeout', () => {
        error = 'timed out';
        req.destroy();
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (error !== 'timed out') error = err.code ?? err.name;
        finish(httpStatus === undefined ? 'no-reply' : false);
      });
      req.on('close', () => finish(httpStatus === undefined ? 'no-reply' : false));
      req.end(body);
    });
  }

  list(): SandboxNotificationRecord[] {
    return this.records.map((r) => ({ ...r, history: r.history.map((a) => ({ ...a })) }));
  }

  /** Stops every delivery in flight; records stay readable. */
  stop(): void {
    this.generation += 1;
    for (const req of this.inflight) req.destroy();
    this.inflight.clear();
  }

  /** Stops every delivery in flight and forgets the records. */
  reset(): void {
    this.stop();
    this.records.length = 0;
  }
}

function isSuccessReply(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return (
      typeof parsed === 'object' &&
      parsed !== null &&
      (parsed as { return_code?: unknown }).return_code === 'SUCCESS'
    );
  } catch {
    return false;
  }
}
