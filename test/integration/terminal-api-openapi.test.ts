/**
 * The OpenAPI document served by a running till is a well-formed 3.1 document covering every operation, and it
 * matches the handlers: each operation is called over HTTP and its reply validated against the document's own
 * schema (read back from the JSON, not from the zod source), errors against the shared Error schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OPERATIONS } from '../../main/terminal-api/operations';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { apiClient, readEvents, uuid } from '../helpers/terminal-api-http';

const PIN = '4826';
let h: Harness;
let api: ReturnType<typeof apiClient>;
let doc: {
  openapi: string;
  paths: Record<string, Record<string, OperationDoc>>;
  components: { schemas: Record<string, unknown> };
};
interface OperationDoc {
  operationId: string;
  responses: Record<string, { content: Record<string, { schema: Record<string, unknown> }> }>;
  requestBody?: { content: { 'application/json': { schema: Record<string, unknown> } } };
}

beforeAll(async () => {
  h = await startHarness({ terminalApi: { port: 0 } });
  api = apiClient(h.runtime.terminalApi!.url);
  unwrap(await h.runtime.api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
  const res = await fetch(`${h.runtime.terminalApi!.url}/openapi.json`);
  doc = (await res.json()) as typeof doc;
});
afterAll(async () => {
  await h?.close();
});

function operation(id: string): { path: string; method: string; op: OperationDoc } {
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods))
      if (op.operationId === id) return { path, method, op };
  }
  throw new Error(`operation ${id} is not in the document`);
}

function resolveRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(resolveRefs);
  if (schema && typeof schema === 'object') {
    const o = schema as Record<string, unknown>;
    if (typeof o.$ref === 'string') {
      const name = o.$ref.replace('#/components/schemas/', '');
      return resolveRefs(doc.components.schemas[name]);
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolveRefs(v)]));
  }
  return schema;
}

const checked = new Set<string>();

/** Validates a reply against the document's schema for that operation and status. */
function conforms(id: string, reply: { status: number; body: unknown }): void {
  const { op } = operation(id);
  const response = op.responses[String(reply.status)];
  expect(response, `${id} documents status ${reply.status}`).toBeDefined();
  const schema = resolveRefs(response!.content['application/json']!.schema) as Record<string, unknown>;
  const validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  const result = validator.safeParse(reply.body);
  expect(result.success, `${id} ${reply.status}: ${result.success ? '' : result.error.message}`).toBe(true);
  checked.add(id);
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with every operation, each with response schemas and an error schema', () => {
    expect(doc.openapi).toBe('3.1.0');
    const ids = Object.values(doc.paths).flatMap((m) => Object.values(m).map((o) => o.operationId));
    expect(ids.sort()).toEqual(OPERATIONS.map((o) => o.id).sort());
    for (const o of OPERATIONS) {
      const { op } = operation(o.id);
      const statuses = Object.keys(op.responses);
      expect(
        statuses.some((s) => s.startsWith('2')),
        o.id,
      ).toBe(true);
      for (const s of statuses) {
        const content = op.responses[s]!.content;
        expect(Object.keys(content).length, `${o.id} ${s}`).toBeGreaterThan(0);
        for (const media of Object.values(content)) expect(media.schema, `${o.id} ${s}`).toBeTruthy();
      }
      if (o.body) expect(op.requestBody?.content['application/json'].schema, o.id).toBeTruthy();
    }
  });

  it('matches what every operation answers', async () => {
    conforms('getStatus', await api.get('/status'));

    const id = uuid();
    const created = await api.post<{ saleId: string }>('/payments', {
      id,
      amountCents: 1200,
      currency: 'AUD',
    });
    conforms('createPayment', created);
    conforms('createPayment', await api.post('/payments', { id, amountCents: 1200, currency: 'AUD' }));
    conforms('createPayment', await api.post('/payments', { id, amountCents: 1, currency: 'AUD' }));
    conforms('createPayment', await api.post('/payments', { id: uuid(), amountCents: 5, currency: 'AUD' }));
    conforms('createPayment', await api.post('/payments', { id: 'x' }));
    const events = readEvents(`${h.runtime.terminalApi!.url}/payments/${id}/events`, (p) => p.final === true);
    unwrap(await h.runtime.api.submitCode({ saleId: created.body.saleId, code: scenario('wechat', '0000') }));
    const streamed = await events;
    expect(streamed.length).toBeGreaterThan(0);
    for (const p of streamed) conforms('getPayment', { status: 200, body: p });
    checked.add('paymentEvents');
    conforms('getPayment', await api.get(`/payments/${id}?wait=5&known=awaiting_code`));
    conforms('getPayment', await api.get(`/payments/${uuid()}`));
    conforms('getPaymentReceipt', await api.get(`/payments/${id}/receipt`));
    conforms('abortPayment', await api.post(`/payments/${id}/abort`));

    const refundId = uuid();
    const refund = await api.post('/refunds', {
      id: refundId,
      paymentId: id,
      amountCents: 200,
      reason: 'Broken',
      managerPin: PIN,
    });
    conforms('createRefund', refund);
    conforms(
      'createRefund',
      await api.post('/refunds', {
        id: uuid(),
        paymentId: id,
        amountCents: 5000,
        reason: 'x',
        managerPin: PIN,
      }),
    );
    conforms('getRefund', await api.get(`/refunds/${refundId}`));
    await expect
      .poll(async () => (await api.get<{ state: string }>(`/refunds/${refundId}`)).body.state, {
        timeout: 10_000,
      })
      .toBe('succeeded');
    conforms('getRefundReceipt', await api.get(`/refunds/${refundId}/receipt`));

    const other = uuid();
    await api.post('/payments', { id: other, amountCents: 300, currency: 'AUD' });
    conforms('abortPayment', await api.post(`/payments/${other}/abort`));

    conforms('startPairing', await api.post('/pairing/start', { name: 'Odoo' }));
    const code = h.events
      .flatMap((e) => (e.type === 'api-request' && e.request.kind === 'pairing' ? [e.request.code] : []))
      .at(-1)!;
    const paired = await api.post<{ keyId: string }>('/pairing', { name: 'Odoo', code });
    conforms('completePairing', paired);
    conforms('completePairing', await api.post('/pairing', { name: 'Odoo', code }));
    conforms('listKeys', await api.get('/keys'));
    conforms('revokeKey', await api.call('DELETE', `/keys/${paired.body.keyId}`));
    conforms('revokeKey', await api.call('DELETE', `/keys/${paired.body.keyId}`));

    expect([...checked].sort()).toEqual(OPERATIONS.map((o) => o.id).sort());
  });
});
