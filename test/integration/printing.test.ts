/**
 * Receipts through PosService: HTML for the screen and print dialog, ESC/POS to a network printer played by a
 * TCP listener on loopback, and the printer settings validated — against the real core.
 */
import { describe, expect, it } from 'vitest';
import { unwrap } from '../helpers/runtime-harness';
import { until } from '../helpers/wait-for';
import { usePrintingCore } from '../helpers/tcp-printer';

const PIN = '8642';
const core = usePrintingCore(PIN);
const paidSale = (amount: string) => core.paidSale(amount);

describe('printing', () => {
  it('renders the receipt as HTML with the order number and amount', async () => {
    unwrap(
      await core.h.runtime.api.updateSettings({ pin: PIN, patch: { merchantName: 'Tom & <Jerry> 商店' } }),
    );
    const sale = await paidSale('42.10');
    const { html } = unwrap(await core.h.runtime.api.getReceiptHtml({ saleId: sale.id }));
    expect(html).toContain(sale.orderNo!);
    expect(html).toContain('42.10');
    expect(html).toContain('Tom &amp; &lt;Jerry&gt; 商店');
    expect(html).not.toContain('<Jerry>');
    expect(html).not.toMatch(/<script|<style/i);
  });

  it('a printer the print dialog serves (PDF, system) answers UNAVAILABLE, which the screens print themselves', async () => {
    unwrap(
      await core.h.runtime.api.updateSettings({ pin: PIN, patch: { printer: { kind: 'pdf', widthMm: 80 } } }),
    );
    const sale = await paidSale('3.30');
    for (const r of [
      await core.h.runtime.api.printReceipt({ saleId: sale.id }),
      await core.h.runtime.api.testPrint({ pin: PIN }),
      await core.h.runtime.api.printReport({ kind: 'X' }),
    ]) {
      expect(r.ok ? null : r.error).toMatchObject({ code: 'UNAVAILABLE', detail: 'print dialog' });
      if (!r.ok) expect(r.error.message.en).not.toContain('Use Print');
    }
  });

  it('refuses an invalid printer configuration with the reason', async () => {
    const r = await core.h.runtime.api.updateSettings({
      pin: PIN,
      patch: { printer: { kind: 'escpos-tcp', port: 99999 } },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message.en).toMatch(/printer/);
  });

  it('sends the receipt as ESC/POS to a network printer, and a test page', async () => {
    unwrap(
      await core.h.runtime.api.updateSettings({
        pin: PIN,
        patch: { printer: { kind: 'escpos-tcp', host: '127.0.0.1', port: core.printer.port, widthMm: 58 } },
      }),
    );
    const sale = await paidSale('9.90');
    unwrap(await core.h.runtime.api.printReceipt({ saleId: sale.id }));
    await until('the first print job', () => core.printer.received.length >= 1, 5_000);
    const bytes = core.printer.received[0]!;
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1b, 0x40])); // ESC @ initialise
    expect(bytes.includes(Buffer.from(sale.orderNo!))).toBe(true);
    expect(bytes.includes(Buffer.from('9.90'))).toBe(true);
    unwrap(await core.h.runtime.api.testPrint({ pin: PIN }));
    await until('the second print job', () => core.printer.received.length >= 2, 5_000);
  });

  it('explains an unreachable printer', async () => {
    await core.printer.close();
    const sale = await paidSale('1.20');
    const r = await core.h.runtime.api.printReceipt({ saleId: sale.id });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('PRINT_FAILED');
      expect(r.error.message.zh.length).toBeGreaterThan(3);
    }
  });
});
