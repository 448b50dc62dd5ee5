/**
 * The Terminal API's conformance suite, over real HTTP against a running till (the real core, SQLite journal on
 * disk, the embedded sandbox over HTTP): idempotency (repeated, concurrent, after a restart), busy, long-poll and
 * SSE, abort with the closed loop, refunds with the manager PIN, receipts, and hostile input to every endpoint.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { REFUND_WORDS } from '../../main/shared/refund-words';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaleView } from '../../preload/api';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { apiClient, openEvents, readEvents, uuid } from '../helpers/terminal-api-http';
import { until } from '../helpers/until';

const PIN = '4826';
let dataDir: string;
let h: Harness;
let api: ReturnType<typeof apiClient>;
let base: string;

async function startTill(): Promise<void> {
  h = await startHarness({ dataDir, terminalApi: { port: 0, rate: { burst: 1000, perSecond: 500 } } });
  base = h.runtime.terminalApi!.url;
  api = apiClient(base);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pos-terminal-api-'));
  await startTill();
  unwrap(await h.runtime.api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
});
afterAll(async () => {
  await h?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

type Payment = {
  id: string;
  saleId: string;
  state: string;
  final: boolean;
  amountCents: number;
  orderNo: string | null;
  refundedCents: number;
};

/** What the cashier does: scans the customer's code on the sale the API put on screen. */
async function cashierScans(saleId: string, code: string): Promise<void> {
  unwrap(await h.runtime.api.submitCode({ saleId, code }));
}

async function pay(amountCents: number, code = scenario('wechat', '0000')): Promise<Payment> {
  const id = uuid();
  const created = await api.post<Payment>('/payments', { id, amountCents, currency: 'AUD' });
  expect(created.status).toBe(201);
  await cashierScans(created.body.saleId, code);
  const paid = await api.get<Payment>(`/payments/${id}?wait=10&known=awaiting_code`);
  if (paid.body.state !== 'paid') {
    const again = await api.get<Payment>(`/payments/${id}?wait=10&known=${paid.body.state}`);
    return again.body;
  }
  return paid.body;
}

/** fetch cannot set Host: node:http can. */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const url = new URL(base + path);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'GET', headers },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function saleTotal(): Promise<number> {
  return unwrap(await h.runtime.api.searchHistory({ limit: 500 })).length;
}

describe('payments', () => {
  it('starts a sale on the till, shows who asked, and the cashier’s scan pays it', async () => {
    const id = uuid();
    const seen = h.events.length;
    const created = await api.post<Payment & { reference: string }>('/payments', {
      id,
      amountCents: 1250,
      currency: 'AUD',
      reference: 'INV-1001',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id, state: 'awaiting_code', amountCents: 1250, final: false });
    const snapshot = unwrap(await h.runtime.api.getSnapshot());
    expect(snapshot.activeSale?.id).toBe(created.body.saleId);
    expect(h.events.slice(seen)).toContainEqual({
      type: 'api-request',
      request: {
        kind: 'payment',
        saleId: created.body.saleId,
        posName: 'Test POS',
        amountCents: 1250,
        reference: 'INV-1001',
      },
    });

    await cashierScans(created.body.saleId, scenario('wechat', '0000'));
    const paid = await api.get<Payment>(`/payments/${id}?wait=10&known=awaiting_code`);
    // One long-poll may return on an intermediate state; the next sees paid.
    const final =
      paid.body.state === 'paid'
        ? paid.body
        : (await api.get<Payment>(`/payments/${id}?wait=10&known=${paid.body.state}`)).body;
    expect(final).toMatchObject({ state: 'paid', final: true });
    expect(final.orderNo).toBeTruthy();
  });

  it('the same id posted again, and concurrently, is one payment and one sale; a different amount is a conflict', async () => {
    const before = await saleTotal();
    const id = uuid();
    const body = { id, amountCents: 777, currency: 'AUD' };
    const replies = await Promise.all(Array.from({ length: 6 }, () => api.post<Payment>('/payments', body)));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(5);
    expect(new Set(replies.map((r) => r.body.saleId)).size).toBe(1);
    expect(await saleTotal()).toBe(before + 1);

    const conflict = await api.post('/payments', { ...body, amountCents: 778 });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ error: { code: 'IDEMPOTENCY_CONFLICT' } });
    expect((conflict.body as { error: { message: { zh: string } } }).error.message.zh).toBeTruthy();
    // Upper-case spelling of the same UUID is the same id.
    const upper = await api.post<Payment>('/payments', { ...body, id: id.toUpperCase() });
    expect(upper.status).toBe(200);
    expect(upper.body.saleId).toBe(replies[0]!.body.saleId);

    // One payment in progress per till: another id is told which one.
    const busy = await api.post('/payments', { id: uuid(), amountCents: 100, currency: 'AUD' });
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({ error: { code: 'TILL_BUSY', activePaymentId: id } });
    expect(await saleTotal()).toBe(before + 1);

    const aborted = await api.post<Payment>(`/payments/${id}/abort`);
    expect(aborted.status).toBe(200);
    expect(aborted.body).toMatchObject({ state: 'abandoned', final: true });
    // Abort is idempotent too.
    expect((await api.post<Payment>(`/payments/${id}/abort`)).body.state).toBe('abandoned');
  });

  it('SSE sends the state now and on every change, and ends when final', async () => {
    const id = uuid();
    const created = await api.post<Payment>('/payments', { id, amountCents: 450, currency: 'AUD' });
    const stream = openEvents(`${base}/payments/${id}/events`, (p) => p.final === true);
    expect((await stream.first).state).toBe('awaiting_code');
    await cashierScans(created.body.saleId, scenario('alipay', '0000'));
    const events = await stream.events;
    expect(events[0]!.state).toBe('awaiting_code');
    expect(events.at(-1)).toMatchObject({ state: 'paid', final: true });
  });

  it('abort while the customer confirms, then the customer pays: refunded automatically, and the caller sees it', async () => {
    const id = uuid();
    const created = await api.post<Payment>('/payments', { id, amountCents: 2345, currency: 'AUD' });
    await cashierScans(created.body.saleId, scenario('alipay', '0007'));
    await h.waitForSale(
      created.body.saleId,
      (s: SaleView) => s.phase === 'waiting_customer' && s.orderNo !== null,
    );
    const stream = readEvents(`${base}/payments/${id}/events`, (p) => p.state === 'late_refunded', 15_000);

    const aborted = await api.post<Payment>(`/payments/${id}/abort`);
    expect(aborted.body.state).toBe('voided');
    expect(aborted.body.final).toBe(false);
    h.runtime.sandbox!.control.payOrder(aborted.body.orderNo!);

    const events = await stream;
    expect(events.map((e) => e.state)).toContain('late_refunded');
    const after = await api.get<Payment>(`/payments/${id}`);
    expect(after.body).toMatchObject({ state: 'late_refunded', final: true });
    const refunds = h.runtime
      .sandbox!.control.listRefunds()
      .filter((r) => r.orderNo === aborted.body.orderNo);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.amount).toBe(2345);
  });

  it('mode qr shows the merchant QR code; the customer scans and pays it', async () => {
    const id = uuid();
    const created = await api.post<Payment & { qrcode: string | null }>('/payments', {
      id,
      amountCents: 660,
      currency: 'AUD',
      mode: 'qr',
      platform: 'ALIPAY',
    });
    expect(created.status).toBe(201);
    let p = created.body;
    while (p.qrcode === null || p.orderNo === null) {
      p = (await api.get<typeof p>(`/payments/${id}?wait=5&known=${p.state}`)).body;
    }
    expect(p.state).toBe('waiting_customer');
    h.runtime.sandbox!.control.payOrder(p.orderNo!);
    while (!p.final) p = (await api.get<typeof p>(`/payments/${id}?wait=10&known=${p.state}`)).body;
    expect(p.state).toBe('paid');
  });

  it('a paid payment cannot be aborted', async () => {
    const paid = await pay(300);
    const refused = await api.post(`/payments/${paid.id}/abort`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'ALREADY_PAID' } });
    expect((await api.get<Payment>(`/payments/${paid.id}`)).body.state).toBe('paid');
  });
});

describe('refunds', () => {
  it('need the manager PIN, are idempotent, and never exceed what is left', async () => {
    const paid = await pay(1000);
    const id = uuid();
    const body = { id, paymentId: paid.id, amountCents: 400, reason: 'Returned item' };

    const noPin = await api.post('/refunds', body);
    expect(noPin.status).toBe(403);
    expect(noPin.body).toMatchObject({ error: { code: 'APPROVAL_REQUIRED' } });
    const wrongPin = await api.post('/refunds', { ...body, managerPin: '1111' });
    expect(wrongPin.status).toBe(403);
    expect(wrongPin.body).toMatchObject({ error: { code: 'WRONG_PIN', attemptsLeft: 4 } });
    const wrongWords = (wrongPin.body as { error: { message: { en: string; zh: string } } }).error.message;
    expect(wrongWords.en).toMatch(/4 tries left/);
    expect(wrongWords.zh).toMatch(/4/);
    expect(unwrap(await h.runtime.api.getSaleDetail({ saleId: paid.saleId })).refunds).toHaveLength(0);

    const [first, second] = await Promise.all([
      api.post<{ refundId: string; state: string }>('/refunds', { ...body, managerPin: PIN }),
      api.post<{ refundId: string; state: string }>('/refunds', { ...body, managerPin: PIN }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(first.body.refundId).toBe(second.body.refundId);
    const again = await api.post<{ refundId: string }>('/refunds', { ...body, managerPin: PIN });
    expect(again.status).toBe(200);
    expect(again.body.refundId).toBe(first.body.refundId);
    expect(unwrap(await h.runtime.api.getSaleDetail({ saleId: paid.saleId })).refunds).toHaveLength(1);

    const conflict = await api.post('/refunds', { ...body, amountCents: 401, managerPin: PIN });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ error: { code: 'IDEMPOTENCY_CONFLICT' } });

    const over = await api.post('/refunds', {
      id: uuid(),
      saleId: paid.saleId,
      amountCents: 601,
      reason: 'Too much',
      managerPin: PIN,
    });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ error: { code: 'AMOUNT_OVER_LIMIT' } });
    expect(unwrap(await h.runtime.api.getSaleDetail({ saleId: paid.saleId })).refunds).toHaveLength(1);

    // By Omipay order number, the rest.
    const rest = await api.post<{ id: string; state: string }>('/refunds', {
      id: uuid(),
      orderNo: paid.orderNo,
      amountCents: 600,
      reason: 'Rest',
      managerPin: PIN,
    });
    expect(rest.status).toBe(201);
    await expect
      .poll(async () => (await api.get<{ state: string }>(`/refunds/${rest.body.id}`)).body.state, {
        timeout: 10_000,
      })
      .toBe('succeeded');
    // The words a person reads are the till's own for that refund state (main/shared/refund-words.ts).
    expect((await api.get<{ words: unknown }>(`/refunds/${rest.body.id}`)).body.words).toEqual(
      REFUND_WORDS.refunded.word,
    );
    expect((await api.get<Payment>(`/payments/${paid.id}`)).body.refundedCents).toBe(1000);

    const receipt = await api.get<string>(`/refunds/${rest.body.id}/receipt?format=text&columns=48`);
    expect(receipt.status).toBe(200);
    for (const line of receipt.body.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(48);
  });
});

describe('receipts', () => {
  it('as JSON, as text at 42 and 48 columns, and as ESC/POS bytes', async () => {
    const paid = await pay(1999);
    const json = await api.get<{ amountCents: number; orderNo: string; lines: string[] }>(
      `/payments/${paid.id}/receipt`,
    );
    expect(json.status).toBe(200);
    expect(json.body.amountCents).toBe(1999);
    expect(json.body.orderNo).toBe(paid.orderNo);
    for (const columns of [42, 48]) {
      const text = await api.get<string>(
        `/payments/${paid.id}/receipt?format=text&columns=${columns}&language=en`,
      );
      expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
      const lines = text.body.trimEnd().split('\n');
      expect(lines.some((l) => l.includes('19.99'))).toBe(true);
      // The date in the shop's order for English (en-AU): day first.
      expect(lines.some((l) => /^Date +\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}:\d{2}$/.test(l))).toBe(true);
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(columns);
    }
    const zh = await api.get<string>(`/payments/${paid.id}/receipt?format=text&columns=42&language=zh`);
    expect(zh.body).toMatch(/日期 +\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\n/);
    const escpos = await fetch(`${base}/payments/${paid.id}/receipt?format=escpos&columns=48`);
    const bytes = new Uint8Array(await escpos.arrayBuffer());
    expect(escpos.headers.get('content-type')).toBe('application/octet-stream');
    expect([...bytes.slice(0, 2)]).toEqual([0x1b, 0x40]); // ESC @: initialise
    expect(Buffer.from(bytes).toString('latin1')).toContain('19.99');
    const unpaid = await api.post<Payment>('/payments', { id: uuid(), amountCents: 5, currency: 'AUD' });
    expect((await api.get(`/payments/${unpaid.body.id}/receipt`)).status).toBe(409);
    await api.post(`/payments/${unpaid.body.id}/abort`);
  });
});

describe('status and the call log', () => {
  it('reports till, scanner, gateway and session; every call is logged without bodies or secrets', async () => {
    const status = await api.get<Record<string, unknown>>('/status');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      api: { version: 'v1', refundApproval: 'pin' },
      gateway: { mode: 'sandbox' },
      session: { client: 'Test POS', paired: false },
      activePaymentId: null,
    });
    const { TerminalApiStore } = await import('../../main/terminal-api/store');
    // The log line is written once the reply has gone, and earlier tests poll as often as the machine's pace
    // allows: wait for this call's own line, and read the whole log rather than a window of the latest lines.
    const calls = await until('the /status call in the log', async () => {
      const store = new TerminalApiStore(join(dataDir, 'journal.sqlite'));
      const all = store.listCalls(Number.MAX_SAFE_INTEGER);
      store.close();
      return all.some((c) => c.method === 'GET' && c.path === '/api/v1/status') ? all : null;
    });
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/refunds' && c.status === 403)).toBe(
      true,
    );
    const text = JSON.stringify(calls);
    // As a number of its own: the log's millisecond times may hold the same four digits by chance.
    expect(text).not.toMatch(new RegExp(`(?<![0-9])${PIN}(?![0-9])`));
    expect(text).not.toContain('130000000000');
    expect(text).not.toContain('280000000000');
  });
});

describe('hostile input', () => {
  const junk: unknown[] = [
    null,
    [],
    'text',
    42,
    { id: 'not-a-uuid', amountCents: 100, currency: 'AUD' },
    { id: uuid(), amountCents: -5, currency: 'AUD' },
    { id: uuid(), amountCents: 1.5, currency: 'AUD' },
    { id: uuid(), amountCents: '100', currency: 'AUD' },
    { id: uuid(), amountCents: 100, currency: 'USD' },
    { id: uuid(), amountCents: 1e12, currency: 'AUD' },
    { id: uuid(), amountCents: 100, currency: 'AUD', extra: true },
    { id: uuid(), amountCents: 100, currency: 'AUD', reference: 'a\u0000b' },
    { id: uuid(), amountCents: 100, currency: 'AUD', reference: 'x'.repeat(65) },
    { id: uuid(), amountCents: 100, currency: 'AUD', mode: 'cash' },
    { __proto__: { admin: true }, id: uuid(), amountCents: 100 },
    { id: uuid(), paymentId: uuid(), saleId: 'S1', amountCents: 1, reason: 'x', managerPin: PIN },
    { id: uuid(), amountCents: 1, reason: 'no target', managerPin: PIN },
    { id: uuid(), saleId: "'; DROP TABLE sales; --", amountCents: 1, reason: 'x' },
    { name: '' },
    { name: 'x'.repeat(41) },
    { name: 'POS', code: '12' },
  ];
  const posts = ['/payments', '/refunds', '/pairing/start', '/pairing'];

  it('every endpoint answers junk with the one error shape and changes nothing', async () => {
    const salesBefore = await saleTotal();
    const { TerminalApiStore } = await import('../../main/terminal-api/store');
    const store = new TerminalApiStore(join(dataDir, 'journal.sqlite'));
    const keysBefore = store.listKeys().length;
    const refundsBefore = (store as unknown as { db: { prepare(s: string): { get(): { n: number } } } }).db
      .prepare('SELECT count(*) AS n FROM api_refunds')
      .get().n;
    const check = (r: { status: number; body: unknown }, where: string) => {
      expect(r.status, where).toBeGreaterThanOrEqual(400);
      expect(r.status, where).toBeLessThan(500);
      const e = (r.body as { error?: { code?: unknown; message?: { en?: unknown; zh?: unknown } } }).error;
      expect(typeof e?.code, where).toBe('string');
      expect(typeof e?.message?.en, where).toBe('string');
      expect(typeof e?.message?.zh, where).toBe('string');
    };
    for (const path of posts) {
      for (const body of junk) {
        check(await api.call('POST', path, JSON.stringify(body)), `${path} ${JSON.stringify(body)}`);
      }
      check(await api.call('POST', path, '{"id":'), `${path} broken JSON`);
      check(
        await api.call('POST', path, 'a=1', { 'Content-Type': 'application/x-www-form-urlencoded' }),
        `${path} form`,
      );
      check(await api.call('POST', path, JSON.stringify({ pad: 'x'.repeat(20_000) })), `${path} large`);
    }
    const gets = [
      '/payments/not-an-id-%00',
      `/payments/${uuid()}`,
      `/payments/${uuid()}?wait=61`,
      `/payments/${uuid()}?wait=-1`,
      `/payments/${uuid()}?wait=abc`,
      `/payments/${uuid()}?bogus=1`,
      `/payments/${uuid()}/events`,
      `/payments/${uuid()}/receipt`,
      `/payments/${uuid()}/receipt?format=pdf`,
      `/refunds/${uuid()}`,
      `/refunds/${uuid()}/receipt`,
      '/status?x=1',
      '/nothing',
      '/payments/../../etc/passwd',
      `/payments/${'a'.repeat(65)}`,
    ];
    for (const path of gets) check(await api.get(path), `GET ${path}`);
    check(await api.post(`/payments/${uuid()}/abort`), 'abort unknown');
    check(await api.call('DELETE', '/payments'), 'DELETE /payments');
    check(await api.call('PUT', '/refunds', {}), 'PUT /refunds');
    check(await rawGet('/status', { Host: 'evil.example' }), 'rebinding Host');
    check(await api.call('GET', '/status', undefined, { Origin: 'http://evil.example' }), 'cross-origin');
    check(await api.call('GET', '/status', undefined, { Authorization: 'Bearer omk_nope' }), 'bad key');
    check(await api.call('DELETE', '/keys/Kdeadbeef'), 'revoke unknown key');

    expect(await saleTotal()).toBe(salesBefore);
    expect(store.listKeys().length).toBe(keysBefore);
    expect(
      (store as unknown as { db: { prepare(s: string): { get(): { n: number } } } }).db
        .prepare('SELECT count(*) AS n FROM api_refunds')
        .get().n,
    ).toBe(refundsBefore);
    store.close();
  });
});

describe('pairing', () => {
  it('a code shown on the till’s screen buys an API key (stored hashed), listed and revocable', async () => {
    const seen = h.events.length;
    const started = await api.post('/pairing/start', { name: 'Lightspeed' });
    expect(started.status).toBe(200);
    const shown = h.events
      .slice(seen)
      .flatMap((e) => (e.type === 'api-request' && e.request.kind === 'pairing' ? [e.request] : []));
    expect(shown).toHaveLength(1);
    const code = shown[0]!.code;
    const wrong = await api.post('/pairing', {
      name: 'Lightspeed',
      code: code === '000000' ? '000001' : '000000',
    });
    expect(wrong.status).toBe(403);
    const paired = await api.post<{ apiKey: string; keyId: string }>('/pairing', {
      name: 'Lightspeed',
      code,
    });
    expect(paired.status).toBe(201);
    const key = paired.body.apiKey;
    // The code works once.
    expect((await api.post('/pairing', { name: 'Lightspeed', code })).status).toBe(403);

    const withKey = await api.call<{ session: { client: string; paired: boolean } }>(
      'GET',
      '/status',
      undefined,
      {
        Authorization: `Bearer ${key}`,
      },
    );
    expect(withKey.body.session).toEqual({ client: 'Lightspeed', paired: true });
    const list = await api.get<{ keys: Array<{ id: string; name: string; lastUsedAt: number | null }> }>(
      '/keys',
    );
    const mine = list.body.keys.find((k) => k.id === paired.body.keyId)!;
    expect(mine.name).toBe('Lightspeed');
    expect(mine.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(key);

    const { TerminalApiStore } = await import('../../main/terminal-api/store');
    const store = new TerminalApiStore(join(dataDir, 'journal.sqlite'));
    const stored = JSON.stringify(
      (store as unknown as { db: { prepare(s: string): { all(): unknown[] } } }).db
        .prepare('SELECT * FROM api_keys')
        .all(),
    );
    store.close();
    expect(stored).not.toContain(key);

    expect((await api.call('DELETE', `/keys/${paired.body.keyId}`)).status).toBe(200);
    // Guessing codes is rate-limited: five well-formed tries, then 429.
    const tries = [];
    for (let i = 0; i < 6; i++)
      tries.push((await api.post('/pairing', { name: 'Guess', code: '123456' })).status);
    expect(tries).toContain(429);
    const revoked = await api.call('GET', '/status', undefined, { Authorization: `Bearer ${key}` });
    expect(revoked.status).toBe(401);
  });
});

describe('after a restart of the till', () => {
  it('the same id is still the same payment (no second charge), and GET tells the outcome', async () => {
    const paid = await pay(888);
    const pending = uuid();
    const created = await api.post<Payment>('/payments', { id: pending, amountCents: 999, currency: 'AUD' });
    expect(created.status).toBe(201);
    await h.close();
    await startTill();

    const again = await api.post<Payment>('/payments', { id: paid.id, amountCents: 888, currency: 'AUD' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ saleId: paid.saleId, state: 'paid' });
    const before = await saleTotal();
    const second = await api.post<Payment>('/payments', { id: pending, amountCents: 999, currency: 'AUD' });
    expect(second.status).toBe(200);
    expect(second.body.saleId).toBe(created.body.saleId);
    expect(await saleTotal()).toBe(before);
    await api.post(`/payments/${pending}/abort`);
  });
});
