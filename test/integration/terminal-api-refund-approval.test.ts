/**
 * Refunds approved on the till's screen (refundApproval "on_screen"), over real HTTP against a running till and
 * the sandbox: the POST is journalled as awaiting approval (202), the till is told, the manager approves with the
 * PIN on the till (PosApi approveApiRefund) or declines, and the caller's GET follows. Repeating the POST with the
 * same id returns the same request; a wrong PIN approves nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { apiClient, uuid } from '../helpers/terminal-api-http';
import { until } from '../helpers/wait-for';

const PIN = '4826';
let dataDir: string;
let h: Harness;
let api: ReturnType<typeof apiClient>;

type Refund = { id: string; state: string; final: boolean; refundId: string | null; amountCents: number };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pos-terminal-approval-'));
  h = await startHarness({ dataDir, terminalApi: { port: 0, rate: { burst: 1000, perSecond: 500 } } });
  api = apiClient(h.runtime.terminalApi!.url);
  unwrap(await h.runtime.api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
  unwrap(
    await h.runtime.api.updateSettings({ pin: PIN, patch: { terminalApi: { refundApproval: 'on_screen' } } }),
  );
});
afterAll(async () => {
  await h?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function paidSale(amountCents: number): Promise<string> {
  const id = uuid();
  const created = await api.post<{ saleId: string }>('/payments', { id, amountCents, currency: 'AUD' });
  expect(created.status).toBe(201);
  unwrap(await h.runtime.api.submitCode({ saleId: created.body.saleId, code: scenario('wechat', '0000') }));
  let state = 'awaiting_code';
  for (let i = 0; i < 5 && state !== 'paid'; i++) {
    state = (await api.get<{ state: string }>(`/payments/${id}?wait=10&known=${state}`)).body.state;
  }
  expect(state).toBe('paid');
  return created.body.saleId;
}

function shownRefundRequests(from: number) {
  return h.events
    .slice(from)
    .flatMap((e) => (e.type === 'api-request' && e.request.kind === 'refund' ? [e.request] : []));
}

const journalRefunds = async (saleId: string) =>
  unwrap(await h.runtime.api.getSaleDetail({ saleId })).refunds.length;

describe('refund approval on the till’s screen', () => {
  it('awaits approval (202), a wrong PIN approves nothing, the manager’s PIN runs the refund', async () => {
    const saleId = await paidSale(1000);
    const seen = h.events.length;
    const body = { id: uuid(), saleId, amountCents: 400, reason: 'Damaged' };
    const posted = await api.post<Refund>('/refunds', body);
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({
      id: body.id,
      state: 'awaiting_approval',
      final: false,
      refundId: null,
    });

    const shown = shownRefundRequests(seen);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ requestId: body.id, saleId, amountCents: 400, posName: 'Test POS' });

    // The same id again is the same request (no second one on the screen, nothing refunded).
    const again = await api.post<Refund>('/refunds', body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: body.id, state: 'awaiting_approval' });
    expect(shownRefundRequests(seen)).toHaveLength(1);
    expect((await api.get<Refund>(`/refunds/${body.id}`)).body.state).toBe('awaiting_approval');

    const wrong = await h.runtime.api.approveApiRefund({ pin: '9173', requestId: body.id, approve: true });
    expect(wrong.ok ? null : wrong.error.code).toBe('WRONG_PIN');
    expect(await journalRefunds(saleId)).toBe(0);
    expect((await api.get<Refund>(`/refunds/${body.id}`)).body.state).toBe('awaiting_approval');

    const decided = unwrap(
      await h.runtime.api.approveApiRefund({ pin: PIN, requestId: body.id, approve: true }),
    );
    expect(decided.requestId).toBe(body.id);
    expect(decided.refundId).not.toBeNull();
    expect(await journalRefunds(saleId)).toBe(1);

    const refund = await until('the refund to be final', async () => {
      const r = (await api.get<Refund>(`/refunds/${body.id}`)).body;
      return r.final ? r : null;
    });
    expect(refund).toMatchObject({ state: 'succeeded', final: true, refundId: decided.refundId });
    expect(h.events.slice(seen)).toContainEqual({
      type: 'api-request',
      request: { kind: 'refund-decided', requestId: body.id, approved: true },
    });

    // Decided once: a second approval sends nothing, and the POST still returns the same refund.
    const twice = await h.runtime.api.approveApiRefund({ pin: PIN, requestId: body.id, approve: true });
    expect(twice.ok ? null : twice.error.code).toBe('API_REFUND_NOT_FOUND');
    expect(await journalRefunds(saleId)).toBe(1);
    const replay = await api.post<Refund>('/refunds', body);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ state: 'succeeded', refundId: decided.refundId });
  });

  it('declined on the screen: nothing is refunded and the caller sees declined', async () => {
    const saleId = await paidSale(700);
    const body = { id: uuid(), saleId, amountCents: 700, reason: 'Changed mind' };
    expect((await api.post<Refund>('/refunds', body)).status).toBe(202);

    const decided = unwrap(
      await h.runtime.api.approveApiRefund({ pin: PIN, requestId: body.id, approve: false }),
    );
    expect(decided).toEqual({ requestId: body.id, state: 'declined', refundId: null });
    expect(await journalRefunds(saleId)).toBe(0);
    const got = await api.get<Refund>(`/refunds/${body.id}`);
    expect(got.body).toMatchObject({ state: 'declined', final: true, refundId: null });
    const replay = await api.post<Refund>('/refunds', body);
    expect(replay.status).toBe(200);
    expect(replay.body.state).toBe('declined');
    // Still refundable in full through a new request.
    const next = await api.post<Refund>('/refunds', { ...body, id: uuid() });
    expect(next.status).toBe(202);
  });
});
