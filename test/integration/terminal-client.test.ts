/**
 * The reference client against a running till: pay() posts and long-polls to the final state while the cashier
 * scans; a repeat pay() with the same id after the caller "crashed" returns the same payment; a PIN-approved
 * refund and the receipt text; errors arrive as TerminalApiError with the stable code.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TerminalApiError, TerminalClient } from '../../main/terminal-api/client';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { uuid } from '../helpers/terminal-api-http';

let h: Harness;
let client: TerminalClient;

beforeAll(async () => {
  h = await startHarness({ terminalApi: { port: 0 } });
  unwrap(await h.runtime.api.setManagerPin({ newPin: '4826', setupCode: h.runtime.setupCode() ?? '' }));
  client = new TerminalClient({ baseUrl: h.runtime.terminalApi!.url, posName: 'Client test' });
});
afterAll(async () => {
  await h?.close();
});

it('pays, recovers by id, refunds and prints', async () => {
  const id = uuid();
  const states: string[] = [];
  const paying = client.pay(
    { id, amountCents: 1550, reference: 'ORD-9' },
    { onState: (p) => states.push(p.state) },
  );
  await expect.poll(() => states.length).toBeGreaterThan(0);
  const sale = unwrap(await h.runtime.api.getSnapshot()).activeSale!;
  unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code: scenario('alipay', '0000') }));
  const paid = await paying;
  expect(paid).toMatchObject({ state: 'paid', final: true, amountCents: 1550 });
  expect(states[0]).toBe('awaiting_code');

  // The POS crashed after paying and starts over with the id it kept: the same payment, no new sale.
  const again = await client.pay({ id, amountCents: 1550, reference: 'ORD-9' });
  expect(again.saleId).toBe(paid.saleId);

  const refund = await client.createRefund({
    id: uuid(),
    paymentId: id,
    amountCents: 550,
    reason: 'Wrong size',
    managerPin: '4826',
  });
  expect(refund.refundId).toBeTruthy();
  expect(await client.receiptText(id, 48)).toContain('15.50');

  await expect(client.createPayment({ id, amountCents: 1 })).rejects.toMatchObject({
    status: 409,
    code: 'IDEMPOTENCY_CONFLICT',
  });
  const err = await client.getPayment(uuid()).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TerminalApiError);
  expect((err as TerminalApiError).code).toBe('PAYMENT_NOT_FOUND');
});

it('the manager turns the Terminal API on from settings (applies at the next start)', async () => {
  const before = unwrap(await h.runtime.api.getSettings());
  expect(before.terminalApi).toMatchObject({ enabled: false, host: '127.0.0.1', refundApproval: 'pin' });
  const updated = unwrap(
    await h.runtime.api.updateSettings({
      pin: '4826',
      patch: { terminalApi: { enabled: true, host: '0.0.0.0' } },
    }),
  );
  expect(updated.terminalApi).toMatchObject({ enabled: true, host: '0.0.0.0', port: 8788 });
  const bad = await h.runtime.api.updateSettings({ pin: '4826', patch: { terminalApi: { port: 80 } } });
  expect(bad.ok).toBe(false);
  expect(unwrap(await h.runtime.api.getSettings()).terminalApi?.port).toBe(8788);
});

it('a Terminal API that cannot listen does not stop the till', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'pos-api-port-'));
  const port = h.runtime.terminalApi!.port; // already taken by the running till
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ terminalApi: { enabled: true, port } }));
  const other = await startHarness({ dataDir: dir });
  try {
    expect(other.runtime.terminalApi).toBeNull();
    expect(unwrap(await other.runtime.api.getSnapshot()).terminal.posNo).toBe('POS01');
  } finally {
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
