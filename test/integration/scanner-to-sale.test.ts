/**
 * A serial scanner on a real pty feeds the sale engine through the runtime: the scanned payment code charges the
 * waiting sale once (a double read within 2 s counts once), a product barcode is explained, a scan with no sale
 * waiting is held for the cashier to confirm the amount, and a scanned receipt order number is offered for lookup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PosEvent } from '../../preload/api';
import { createPtyPair, type PtyPair } from '../helpers/pty-pair';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { until } from '../helpers/wait-for';

let pty: PtyPair;
let h: Harness;

beforeAll(async () => {
  pty = await createPtyPair();
  h = await startHarness({ scanner: { kind: 'serial', port: { path: pty.a }, framing: { mode: 'cr' } } });
  await until(
    'the scanner to connect',
    async () => unwrap(await h.runtime.api.getSnapshot()).scanner.state === 'connected',
    5_000,
  );
});
afterAll(async () => {
  await h?.close();
  await pty?.close();
});

function waitForEvent(match: (e: PosEvent) => boolean, timeoutMs = 5_000): Promise<PosEvent> {
  const seen = h.events.find(match);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('event not seen')), timeoutMs);
    const off = h.runtime.api.onEvent((e) => {
      if (match(e)) {
        clearTimeout(timer);
        off();
        resolve(e);
      }
    });
  });
}

describe('serial scanner → sale', () => {
  it('charges the waiting sale once even when the scanner reads the code twice', async () => {
    const sale = unwrap(await h.runtime.api.startSale({ amount: '18.80' }));
    const code = scenario('wechat', '0000');
    await pty.write(`${code}\r${code}\r`);
    const paid = await h.waitForSale(sale.id, (s) => s.phase === 'paid');
    expect(paid.platform).toBe('WECHATPAY');
    expect(paid.attempts).toBe(1);
    expect(
      h.runtime.sandbox!.control.listOrders().filter((o) => o.outOrderNo === paid.outOrderNo),
    ).toHaveLength(1);
  });

  it('explains a product barcode and keeps the sale waiting', async () => {
    const sale = unwrap(await h.runtime.api.startSale({ amount: '2.00' }));
    await pty.write('9300633603120\r');
    const rejected = await waitForEvent((e) => e.type === 'scan-rejected' && e.code === 'product_barcode');
    expect(rejected.type === 'scan-rejected' && rejected.message.zh).toMatch(/条形码/);
    const detail = unwrap(await h.runtime.api.getSaleDetail({ saleId: sale.id }));
    expect(detail.sale.phase).toBe('awaiting_code');
    unwrap(await h.runtime.api.clearSale({ saleId: sale.id }));
  });

  it('holds a code scanned before the amount is charged, sends nothing until the cashier confirms', async () => {
    const code = scenario('alipay', '0000');
    const ordersBefore = h.runtime.sandbox!.control.listOrders().length;
    await pty.write(`${code}\r`);
    const held = await waitForEvent((e) => e.type === 'scan-held');
    if (held.type !== 'scan-held') throw new Error('not a held scan');
    expect(held.platform).toBe('ALIPAY');
    expect(held.maskedCode.endsWith('0000')).toBe(true);
    expect(held.maskedCode).not.toContain(code.slice(0, 6));
    expect(held.expiresAt).toBeGreaterThan(Date.now());
    // Held, not sent: the gateway has not seen it.
    expect(h.runtime.sandbox!.control.listOrders()).toHaveLength(ordersBefore);

    // A bad amount changes nothing and keeps the hold.
    const bad = await h.runtime.api.startSale({ amount: 'abc', heldScanId: held.holdId });
    expect(bad.ok).toBe(false);
    const sale = unwrap(await h.runtime.api.startSale({ amount: '4.40', heldScanId: held.holdId }));
    const paid = await h.waitForSale(sale.id, (s) => s.phase === 'paid');
    expect(paid.amountCents).toBe(440);
    expect(paid.platform).toBe('ALIPAY');
    expect(h.runtime.sandbox!.control.listOrders()).toHaveLength(ordersBefore + 1);

    // The hold is used once: a second charge with it is refused and starts nothing.
    const again = await h.runtime.api.startSale({ amount: '4.40', heldScanId: held.holdId });
    expect(again.ok).toBe(false);
    expect(!again.ok && again.error.code).toBe('HELD_SCAN_EXPIRED');
    expect(unwrap(await h.runtime.api.getSnapshot()).activeSale?.id).toBe(sale.id);
  });

  it('offers a scanned receipt order number for lookup', async () => {
    await pty.write('0123456789abcdef0123456789abcdef\r');
    const ref = await waitForEvent((e) => e.type === 'reference-scanned');
    expect(ref.type === 'reference-scanned' && ref.reference).toBe('0123456789abcdef0123456789abcdef');
  });
});
