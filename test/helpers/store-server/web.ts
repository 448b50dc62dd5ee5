/**
 * For the managers' pages' tests: a store server with two stores and three people (head office, one manager per
 * store), tills enrolled over the real till API and fed records in the journal's row shape through
 * POST /api/till/v1/events, and a browser-like client (cookies, Origin, the form token).
 */
import type { StoreServerHandle } from '../../../main/store-server/server';
import { createUser } from '../../../main/store-server/users';
import type { ReplicatedRecord } from '../../../main/shared/store-link-protocol';
import type { DatabaseTarget } from './databases';
import { newStore, startServer } from './server';
import { call, enrolTill } from './till-api';

export const PASSWORD = 'Tr4mline-Kettle-9';
export const DAY = '2026-12-01';
/** 13:00 in Sydney on DAY. */
export const T0 = Date.UTC(2026, 11, 1, 2, 0, 0);

export interface WebWorld {
  server: StoreServerHandle;
  clock: { now: number };
  storeA: string;
  storeB: string;
}

export async function startWorld(
  target: DatabaseTarget,
  o: { publicUrl?: string; gatewayBaseUrl?: string; trustedProxies?: string[] } = {},
): Promise<WebWorld> {
  const clock = { now: T0 };
  const server = await startServer(target.fresh(), {
    now: () => clock.now,
    ...(o.publicUrl ? { publicUrl: o.publicUrl } : {}),
    ...(o.gatewayBaseUrl ? { gatewayBaseUrl: o.gatewayBaseUrl } : {}),
    ...(o.trustedProxies ? { trustedProxies: o.trustedProxies } : {}),
  });
  const storeA = await newStore(server, 'Main St', clock.now);
  const storeB = await newStore(server, 'Harbour', clock.now);
  const user = (username: string, role: 'head_office' | 'store_manager', storeId?: string) =>
    createUser(
      server.db,
      {
        username,
        displayName: username.toUpperCase(),
        role,
        ...(storeId ? { storeId } : {}),
        password: PASSWORD,
      },
      clock.now,
    );
  await user('ho', 'head_office');
  await user('mgr-a', 'store_manager', storeA);
  await user('mgr-b', 'store_manager', storeB);
  return { server, clock, storeA, storeB };
}

/** A till enrolled over HTTP that pushes hand-made journal rows, numbered 1, 2, 3, … like its outbox. */
export class FeedTill {
  private seq = 0;
  constructor(
    readonly world: WebWorld,
    readonly tillId: string,
    readonly name: string,
    readonly posNo: string,
    private readonly credential: string,
  ) {}

  static async enrol(world: WebWorld, storeId: string, name: string, posNo: string): Promise<FeedTill> {
    const till = await enrolTill({ server: world.server, storeId, clock: world.clock }, name, posNo);
    return new FeedTill(world, till.tillId, name, posNo, till.credential);
  }

  async push(...items: [entity: string, entityId: string, data: Record<string, unknown>][]): Promise<void> {
    // The sequence moves on only when the server took the push, as a till's outbox cursor does.
    const records: ReplicatedRecord[] = items.map(([entity, entityId, data], i) => ({
      seq: this.seq + i + 1,
      v: 1,
      at: this.world.clock.now,
      entity,
      entityId,
      op: entity === 'event' ? 'append' : 'upsert',
      data,
    }));
    const res = await call(this.world.server, 'POST', '/events', {
      credential: this.credential,
      body: { records },
    });
    if (res.status !== 200) throw new Error(`push: ${res.status} ${JSON.stringify(res.body)}`);
    this.seq += records.length;
  }

  /** A sale with its one attempt, in the state given; returns the records to push. */
  sale(
    id: string,
    o: {
      status: 'paid' | 'voided' | 'unresolved' | 'in_progress' | 'declined';
      cents: number;
      platform?: 'WECHATPAY' | 'ALIPAY';
      /** The attempt took the money (a late payment for a voided sale). */
      paid?: boolean;
      attemptStatus?: string;
      orderNo?: string | null;
      outOrderNo?: string;
      at?: number;
      businessDate?: string;
      /** The CNY the gateway reported for the payment, in fen. */
      cny?: number | null;
      /** Who took the sale (a till person id). */
      personId?: string;
    },
  ): [string, string, Record<string, unknown>][] {
    const at = o.at ?? this.world.clock.now;
    const paid = o.paid ?? o.status === 'paid';
    const platform = o.platform ?? 'WECHATPAY';
    const attemptId = `${id}-a1`;
    const outOrderNo = o.outOrderNo ?? `${this.posNo}-${id}`;
    const attempt = {
      id: attemptId,
      sale_id: id,
      seq: 1,
      kind: 'scan',
      out_order_no: outOrderNo,
      platform,
      status: o.attemptStatus ?? (paid ? 'paid' : o.status === 'declined' ? 'declined' : 'unknown'),
      order_no: o.orderNo === undefined ? `ON${id.replace(/[^A-Za-z0-9]/g, '')}` : o.orderNo,
      error_code: null,
      error_detail: null,
      order_time: at,
      pay_time: paid ? at + 1000 : null,
      exchange_rate_scaled: null,
      pay_currency: null,
      cny_amount: o.cny ?? null,
      qrcode: null,
      pay_url: null,
      created_at: at,
      updated_at: at + 1000,
      last_checked_at: null,
      next_check_at: null,
      check_count: 0,
      resolved_by: null,
      sale_created_at: at,
    };
    const sale = {
      id,
      pos_no: this.posNo,
      kind: 'scan',
      amount_cents: o.cents,
      currency: 'AUD',
      order_name: `Goods ${id}`,
      platform,
      status: o.status,
      paid_attempt_id: paid ? attemptId : null,
      created_at: at,
      updated_at: at + 1000,
      paid_at: paid ? at + 1000 : null,
      business_date: o.businessDate ?? DAY,
      status_reason: null,
      ...(o.personId ? { person_id: o.personId } : {}),
    };
    return [
      ['attempt', attemptId, attempt],
      ['sale', id, sale],
    ];
  }

  refund(
    id: string,
    saleId: string,
    cents: number,
    status: string,
    o: {
      at?: number;
      businessDate?: string;
      reason?: string;
      requestedBy?: string;
      approvedBy?: string;
    } = {},
  ): [string, string, Record<string, unknown>] {
    const at = o.at ?? this.world.clock.now;
    return [
      'refund',
      id,
      {
        id,
        sale_id: saleId,
        attempt_id: `${saleId}-a1`,
        order_no: `ON${saleId.replace(/[^A-Za-z0-9]/g, '')}`,
        out_refund_no: `${this.posNo}-R-${id}`,
        amount_cents: cents,
        reason: o.reason ?? 'customer asked',
        status,
        refund_no: status === 'CLOSED' ? `RN${id}` : null,
        error_code: null,
        error_detail: null,
        refund_time: at,
        success_time: status === 'CLOSED' ? at + 2000 : null,
        created_at: at,
        updated_at: at + 2000,
        last_checked_at: null,
        next_check_at: null,
        check_count: 0,
        business_date: o.businessDate ?? DAY,
        ...(o.requestedBy ? { requested_by: o.requestedBy } : {}),
        ...(o.approvedBy ? { approved_by: o.approvedBy } : {}),
      },
    ];
  }

  /** A refund this till sent for another till's sale (refund anywhere). */
  remoteRefund(
    id: string,
    sale: { till: FeedTill; saleId: string },
    cents: number,
    status: string,
    o: { at?: number; businessDate?: string; reason?: string } = {},
  ): [string, string, Record<string, unknown>] {
    const at = o.at ?? this.world.clock.now;
    return [
      'remote_refund',
      id,
      {
        id,
        reservation_id: `res-${id}`,
        sale_till_id: sale.till.tillId,
        sale_id: sale.saleId,
        owner_till_name: sale.till.name,
        out_order_no: `${sale.till.posNo}-${sale.saleId}`,
        order_no: `ON${sale.saleId.replace(/[^A-Za-z0-9]/g, '')}`,
        out_refund_no: `SRV-${id}`,
        amount_cents: cents,
        reason: o.reason ?? 'came back to another counter',
        status,
        refund_no: null,
        error_code: null,
        error_detail: null,
        refund_time: at,
        success_time: status === 'CLOSED' ? at + 2000 : null,
        created_at: at,
        updated_at: at,
        last_checked_at: null,
        next_check_at: null,
        check_count: 0,
        business_date: o.businessDate ?? DAY,
      },
    ];
  }

  session(
    id: number,
    o: { closedAt?: number; report?: Record<string, unknown> } = {},
  ): [string, string, Record<string, unknown>] {
    return [
      'session',
      String(id),
      {
        id,
        business_date: DAY,
        seq: id,
        opened_at: T0 - 3_600_000,
        closed_at: o.closedAt ?? null,
        report: o.report ?? null,
        unresolved_count: o.closedAt ? 0 : null,
        forced: 0,
      },
    ];
  }

  /** A person of this till (made at the till, or the server's staff as the till got them). */
  person(
    id: string,
    name: string,
    role = 'cashier',
    source: 'till' | 'server' = 'till',
  ): [string, string, Record<string, unknown>] {
    return ['person', id, { id, name, role, source, disabled_at: null }];
  }

  member(saleId: string, sessionId: number): [string, string, Record<string, unknown>] {
    return ['sale_session', saleId, { sale_id: saleId, session_id: sessionId, carried_from: null }];
  }

  refundMember(refundId: string, sessionId: number): [string, string, Record<string, unknown>] {
    return ['refund_session', refundId, { refund_id: refundId, session_id: sessionId, carried_from: null }];
  }
}

/** A client that behaves like a browser on the pages: keeps the cookie, sends Origin, reads the form token. */
export class WebClient {
  cookie: string | null = null;
  lang: string | null = null;
  constructor(
    readonly base: string,
    readonly origin: string = base,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookies = [this.cookie, this.lang ? `lang=${this.lang}` : null].filter(Boolean).join('; ');
    return { ...(cookies ? { cookie: cookies } : {}), ...extra };
  }

  async get(path: string): Promise<Response> {
    return fetch(`${this.base}${path}`, { headers: this.headers(), redirect: 'manual' });
  }

  async json(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await this.get(path);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  async post(
    path: string,
    /** Name-value pairs when a name repeats (check boxes). */
    fields: Record<string, string> | [string, string][],
    o: { origin?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const origin = o.origin === undefined ? this.origin : o.origin;
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: this.headers({
        'content-type': 'application/x-www-form-urlencoded',
        ...(origin !== null ? { origin } : {}),
        ...o.headers,
      }),
      body: new URLSearchParams(fields).toString(),
    });
    const set = res.headers.get('set-cookie');
    if (set) {
      const [pair] = set.split(';');
      const [name, value] = pair!.split('=');
      if (name === 'lang') this.lang = value ?? null;
      else this.cookie = value ? pair! : null;
    }
    return res;
  }

  async signIn(
    username: string,
    password = PASSWORD,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return this.post('/web/sign-in', { username, password }, { headers });
  }

  /** The form token of the signed-in session, read from a page as a browser would. */
  async csrf(): Promise<string> {
    const html = await (await this.get('/web/live')).text();
    const m = /name="csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error('no form token on the page');
    return m[1]!;
  }
}
