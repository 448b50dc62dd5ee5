/**
 * The Terminal API where it meets the cashier and other programs, over real HTTP against a running till (real
 * core, SQLite on disk, the embedded sandbox): the cashier's typed amount and own sale make the till busy and are
 * never replaced (unless the shop opted in), a payment belongs to the key that created it, identical requests
 * stay identical whatever their text's encoding, a long-poll whose caller hung up ends at once, and pairing
 * codes burn after five wrong tries whatever address they come from.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHub, type HubHandle } from '../../main/hub';
import { TerminalApiStore } from '../../main/terminal-api/store';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { apiClient, pairPos, uuid } from '../helpers/terminal-api-http';
import { until } from '../helpers/until';
import { connectRaw, hubOrigin, socketUrl } from '../helpers/hub-client';
import { postJsonFrom } from '../helpers/post-from';

const PIN = '4826';
let dataDir: string;
let h: Harness;
let api: ReturnType<typeof apiClient>;
let base: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pos-terminal-seams-'));
  h = await startHarness({ dataDir, terminalApi: { port: 0, rate: { burst: 1000, perSecond: 500 } } });
  base = h.runtime.terminalApi!.url;
  api = apiClient(base);
  unwrap(await h.runtime.api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
});
afterAll(async () => {
  await h?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

type Payment = { id: string; saleId: string; state: string; reference: string | null };
type ApiErrorBody = {
  error: {
    code: string;
    message: { en: string; zh: string };
    tillActivity?: string;
    activePaymentId?: string;
  };
};

async function abortPayment(id: string, key?: string) {
  return api.call('POST', `/payments/${id}/abort`, {}, key ? { Authorization: `Bearer ${key}` } : {});
}

const pair = (name: string) => pairPos(api, h.events, name);

describe('the cashier comes first', () => {
  let hub: HubHandle;
  beforeAll(async () => {
    hub = await startHub({ runtime: h.runtime });
  });
  afterAll(() => hub.close());

  /** A POS asks for a new payment of A$ 1.11 while the till is busy: the refusal it gets. */
  const newPaymentRefused = () =>
    api.post<ApiErrorBody>('/payments', { id: uuid(), amountCents: 111, currency: 'AUD' });

  it('from the first digit typed (reported by the screen) the till is busy; the screen going frees it', async () => {
    const screen = await connectRaw(socketUrl(hub.url), hubOrigin(hub.url));
    expect((await screen.request('reportKeypad', { hasAmount: true })).ok).toBe(true);
    const refused = await newPaymentRefused();
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'TILL_BUSY', tillActivity: 'cashier_typing' });
    expect(refused.body.error.message.en).toContain('entering an amount');
    expect(refused.body.error.message.zh).toContain('输入金额');
    expect(unwrap(await h.runtime.api.getSnapshot()).activeSale).toBeNull();

    // The page is reloaded or closed: its keypad no longer holds anything.
    screen.close();
    const id = uuid();
    const created = await until('the till free again', async () => {
      const r = await api.post<Payment>('/payments', { id, amountCents: 111, currency: 'AUD' });
      return r.status === 201 ? r : null;
    });
    expect(created.body.state).toBe('awaiting_code');
    expect((await abortPayment(id)).status).toBe(200);
  });

  it('the cashier’s own sale waiting for a code is never replaced; it blocks until it ends', async () => {
    const sale = unwrap(await h.runtime.api.startSale({ amount: '6.00' }));
    const refused = await newPaymentRefused();
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'TILL_BUSY', tillActivity: 'cashier_sale' });
    expect(refused.body.error.message.en).toContain('A$ 6.00');
    const still = unwrap(await h.runtime.api.getSnapshot()).activeSale;
    expect(still).toMatchObject({ id: sale.id, amountCents: 600, phase: 'awaiting_code' });

    // The customer pays the cashier's sale; once it has ended the API may start.
    unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code: scenario('wechat', '0000') }));
    await h.waitForSale(sale.id, (s) => s.phase === 'paid');
    const id = uuid();
    expect((await api.post('/payments', { id, amountCents: 111, currency: 'AUD' })).status).toBe(201);
    expect((await abortPayment(id)).status).toBe(200);
  });
});

describe('a payment belongs to the key that created it', () => {
  it('another paired POS (or a keyless local one) cannot abort or refund it; its owner can', async () => {
    const odoo = await pair('Odoo');
    const square = await pair('Square');
    const asOdoo = { Authorization: `Bearer ${odoo.apiKey}` };
    const asSquare = { Authorization: `Bearer ${square.apiKey}` };

    const id = uuid();
    const created = await api.call<Payment>(
      'POST',
      '/payments',
      { id, amountCents: 250, currency: 'AUD' },
      asOdoo,
    );
    expect(created.status).toBe(201);
    const foreign = await api.call<ApiErrorBody>('POST', `/payments/${id}/abort`, {}, asSquare);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('NOT_YOUR_PAYMENT');
    expect((await abortPayment(id)).status).toBe(403);
    expect(unwrap(await h.runtime.api.getSnapshot()).activeSale?.phase).toBe('awaiting_code');

    // The customer pays; Square cannot refund Odoo's payment, Odoo can.
    unwrap(await h.runtime.api.submitCode({ saleId: created.body.saleId, code: scenario('alipay', '0000') }));
    await h.waitForSale(created.body.saleId, (s) => s.phase === 'paid');
    const refund = { paymentId: id, amountCents: 100, reason: 'Returned', managerPin: PIN };
    const byOrderNo = unwrap(await h.runtime.api.getSaleDetail({ saleId: created.body.saleId })).sale.orderNo;
    for (const body of [refund, { ...refund, paymentId: undefined, orderNo: byOrderNo }]) {
      const r = await api.call<ApiErrorBody>('POST', '/refunds', { id: uuid(), ...body }, asSquare);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('NOT_YOUR_PAYMENT');
    }
    expect(unwrap(await h.runtime.api.getSaleDetail({ saleId: created.body.saleId })).refunds).toEqual([]);
    const mine = await api.call('POST', '/refunds', { id: uuid(), ...refund }, asOdoo);
    expect(mine.status).toBe(201);
  });
});

describe('text is normalised once at the edge', () => {
  it('a reference ending in a lone surrogate, or in decomposed form, is the same request when sent again', async () => {
    const id = uuid();
    // Raw JSON: the escape is a lone high surrogate, as some runtimes send a cut string.
    const body = `{"id":"${id}","amountCents":120,"currency":"AUD","reference":"INV-7\\ud83d"}`;
    const first = await api.post<Payment>('/payments', body);
    expect(first.status).toBe(201);
    expect(first.body.reference).toBe('INV-7\ufffd');
    const again = await api.post<Payment>('/payments', body);
    expect(again.status).toBe(200);
    expect(again.body.saleId).toBe(first.body.saleId);
    // The stored value is what was compared: NFC and NFD spellings of the same text are one request too.
    expect((await abortPayment(id)).status).toBe(200);
    const cafe = uuid();
    const cafeIn = (reference: string) =>
      api.post<Payment>('/payments', { id: cafe, amountCents: 130, currency: 'AUD', reference });
    const nfd = await cafeIn('Cafe\u0301');
    expect(nfd.status).toBe(201);
    expect(nfd.body.reference).toBe('Caf\u00e9');
    expect((await cafeIn('Caf\u00e9')).status).toBe(200);
    expect((await abortPayment(cafe)).status).toBe(200);
  });
});

describe('a long-poll whose caller hung up', () => {
  it('stops waiting at once: its call is logged as the caller going, not 30 s later', async () => {
    const id = uuid();
    expect((await api.post('/payments', { id, amountCents: 140, currency: 'AUD' })).status).toBe(201);
    // Hang up once the server holds the reply: from the moment it asks the service to wait, a closed
    // connection ends that wait.
    const waits = vi.spyOn(h.runtime.terminalApi!.api, 'waitPayment');
    const url = new URL(`${base}/payments/${id}?wait=30`);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search });
    req.on('error', () => undefined);
    req.end();
    await until('the server to hold the long-poll', async () =>
      waits.mock.calls.some(([paymentId]) => paymentId === id) ? true : null,
    );
    waits.mockRestore();
    const hungUpAt = Date.now();
    req.destroy();
    const store = new TerminalApiStore(join(dataDir, 'journal.sqlite'));
    try {
      const logged = await until('the long-poll logged', async () => {
        const call = store.listCalls(20).find((c) => c.subject === id && c.method === 'GET');
        return call ?? null;
      });
      expect(logged.code).toBe('CALLER_GONE');
      expect(logged.status).toBe(499);
      expect(logged.at - hungUpAt).toBeLessThan(1_000);
    } finally {
      store.close();
    }
    expect((await abortPayment(id)).status).toBe(200);
  });
});

describe('pairing codes', () => {
  /** A POST from a chosen loopback address: a guesser has a whole /8 of them. */
  async function postFrom(
    address: string,
    path: string,
    body: unknown,
  ): Promise<{ status: number; code: string }> {
    const { status, text } = await postJsonFrom(base + path, address, body);
    const parsed = JSON.parse(text) as { error?: { code: string } };
    return { status, code: parsed.error?.code ?? '' };
  }

  it('five wrong tries from five addresses burn the code; another POS cannot replace a live code', async () => {
    const seen = h.events.length;
    expect((await api.post('/pairing/start', { name: 'Front' })).status).toBe(200);
    const code = h.events
      .slice(seen)
      .flatMap((e) => (e.type === 'api-request' && e.request.kind === 'pairing' ? [e.request.code] : []))[0]!;
    // A guesser cannot swap in a fresh code (with fresh tries) while this one is on screen.
    const swap = await postFrom('127.0.0.9', '/pairing/start', { name: 'Guesser' });
    expect(swap).toEqual({ status: 409, code: 'PAIRING_BUSY' });

    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 2; i <= 6; i++) {
      const guess = await postFrom(`127.0.0.${i}`, '/pairing', { name: 'Front', code: wrong });
      expect(guess).toEqual({ status: 403, code: 'PAIRING_FAILED' });
    }
    // Burned: the right code no longer works, and the till's screen said why.
    const right = await postFrom('127.0.0.7', '/pairing', { name: 'Front', code });
    expect(right).toEqual({ status: 403, code: 'PAIRING_FAILED' });
    const ended = h.events
      .slice(seen)
      .find((e) => e.type === 'api-request' && e.request.kind === 'pairing-ended');
    expect(ended).toBeDefined();
  });
});

describe('a shop that lets the API take over an idle keypad', () => {
  it('with terminalApi.takeOverIdleKeypad the request replaces the cashier’s sale still waiting for a code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pos-terminal-takeover-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ terminalApi: { takeOverIdleKeypad: true } }));
    const till = await startHarness({ dataDir: dir, terminalApi: { port: 0 } });
    try {
      const own = unwrap(await till.runtime.api.startSale({ amount: '6.00' }));
      unwrap(await till.runtime.api.reportKeypad({ hasAmount: true }));
      const created = await apiClient(till.runtime.terminalApi!.url).post<Payment>('/payments', {
        id: uuid(),
        amountCents: 111,
        currency: 'AUD',
      });
      expect(created.status).toBe(201);
      expect(unwrap(await till.runtime.api.getSaleDetail({ saleId: own.id })).sale.phase).toBe('abandoned');
      unwrap(
        await till.runtime.api.submitCode({ saleId: created.body.saleId, code: scenario('wechat', '0000') }),
      );
      await till.waitForSale(created.body.saleId, (s) => s.phase === 'paid');
    } finally {
      await till.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
