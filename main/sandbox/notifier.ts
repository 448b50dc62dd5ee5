import type { EventEmitter } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import { makeNonce, omipaySign } from '../omipay/sign';
import { formatGatewayTime } from './gateway-time';
import { safeEmit, type OrderRecord } from './ledger';
import { convertCents } from './money';
import type { Scheduler } from './scheduler';
import type { SandboxMerchant, SandboxNotificationRecord } from './types';

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
  log: (line: string) => void;
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
      const delivered = await this.post(record.url, body);
      if (generation !== this.generation) return;
      record.delivered = delivered;
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

  private body(order: OrderRecord): string | undefined {
    const merchant = this.deps.merchant(order.mNumber);
    if (!merchant) return undefined;
    const now = this.deps.clock();
    const nonce = makeNonce(32);
    const tz = this.deps.timeZone;
    return JSON.stringify({
      nonce_str: nonce,
      timestamp: now,
      sign: omipaySign(merchant.mNumber, now, nonce, merchant.secretKey),
      order_no: order.orderNo,
      out_order_no: order.outOrderNo,
      currency: 'AUD',
      total_amount: order.amount,
      order_time: formatGatewayTime(order.createdAt, tz),
      pay_time: order.paidAt === undefined ? '' : formatGatewayTime(order.paidAt, tz),
      exchange_rate: Number(order.rate.scaled),
      pay_currency: 'CNY',
      cny_amount: convertCents(order.amount, order.rate),
    });
  }

  /** True when the receiver answered with a JSON body whose return_code is SUCCESS. */
  private post(url: string, body: string): Promise<boolean> {
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        resolve(false);
        return;
      }
      const transport = target.protocol === 'https:' ? https : http;
      let settled = false;
      const finish = (ok: boolean): void => {
        if (settled) return;
        settled = true;
        this.inflight.delete(req);
        resolve(ok);
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
      req.on('timeout', () => req.destroy());
      req.on('error', () => finish(false));
      req.on('close', () => finish(false));
      req.end(body);
    });
  }

  list(): SandboxNotificationRecord[] {
    return this.records.map((r) => ({ ...r }));
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
