/**
 * Tax invoices and adjustment notes through the real core (embedded sandbox over HTTP, SQLite journal): the
 * receipt settings refuse a bad ABN and save nothing; a paid sale's receipt HTML and ESC/POS (read back by the
 * independent reader, from a TCP printer on loopback) carry the tax invoice lines; a refunded sale's refund receipt
 * is an adjustment note with the GST adjusted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { configPath } from '../../main/config/config';
import { scenario, unwrap } from '../helpers/runtime-harness';
import { waitFor } from '../helpers/wait-for';
import { usePrintingCore } from '../helpers/tcp-printer';
import { printedText, readEscPos } from '../unit/receipts/escpos-reader';

const PIN = '8642';
const core = usePrintingCore(PIN);
const paidSale = (amount: string) => core.paidSale(amount);

async function printed(saleId: string, refundId?: string): Promise<string> {
  const before = core.printer.received.length;
  unwrap(await core.h.runtime.api.printReceipt(refundId ? { saleId, refundId } : { saleId }));
  await waitFor(() => core.printer.received.length > before, { what: 'the print job to reach the printer' });
  return printedText(readEscPos(core.printer.received[before]!));
}

const settingsFile = () => readFileSync(configPath(core.h.dataDir), 'utf8');

describe('receipt settings', () => {
  it.each([
    ['51 824 753 557', 'ABN_INVALID', 'not a valid ABN', '不是有效的 ABN'],
    ['5182475355', 'ABN_WRONG_LENGTH', 'this one has 10', '10 位'],
    ['51 824 753 55O', 'ABN_INVALID', 'cannot contain letters', '不能包含字母'],
  ])('refuses ABN %j with %s in words, and saves nothing of the patch', async (abn, code, en, zh) => {
    unwrap(await core.h.runtime.api.updateSettings({ pin: PIN, patch: { merchantName: 'Before' } }));
    const file = settingsFile();
    const r = await core.h.runtime.api.updateSettings({
      pin: PIN,
      patch: { merchantName: 'After', receipt: { abn, businessName: 'Harbour Tea Pty Ltd' } },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message.en).toContain(en);
      expect(r.error.message.zh).toContain(zh);
      expect(r.error.message.en).toContain('Nothing was saved');
    }
    expect(settingsFile()).toBe(file);
    const view = unwrap(await core.h.runtime.api.getSettings());
    expect(view.merchantName).toBe('Before');
    expect(view.receipt).toMatchObject({ abn: null, businessName: '', taxInvoice: false });
  });

  it('refuses tax invoices without a business name and ABN, and a name with printer commands', async () => {
    const file = settingsFile();
    const r = await core.h.runtime.api.updateSettings({ pin: PIN, patch: { receipt: { taxInvoice: true } } });
    expect(r.ok ? null : r.error.code).toBe('TAX_INVOICE_INCOMPLETE');
    const bad = await core.h.runtime.api.updateSettings({
      pin: PIN,
      patch: { receipt: { businessName: 'Tea\u001bi Pty Ltd' } },
    });
    expect(bad.ok ? null : bad.error.message.en).toContain('cannot be printed');
    expect(settingsFile()).toBe(file);
  });

  it('saves a good ABN typed with spaces as its 11 digits', async () => {
    const view = unwrap(
      await core.h.runtime.api.updateSettings({
        pin: PIN,
        patch: {
          receipt: {
            businessName: 'Harbour Tea Pty Ltd',
            abn: ' 51 824 753 556 ',
            taxInvoice: true,
            pricesIncludeGst: true,
          },
        },
      }),
    );
    expect(view.receipt).toMatchObject({ abn: '51824753556', taxInvoice: true, pricesIncludeGst: true });
    expect(JSON.parse(settingsFile()).receipt.abn).toBe('51824753556');
  });
});

describe('tax invoice receipts', () => {
  beforeAll(async () => {
    unwrap(
      await core.h.runtime.api.updateSettings({
        pin: PIN,
        patch: {
          merchantName: 'Harbour Tea',
          orderName: 'Tea and snacks',
          printer: { kind: 'escpos-tcp', host: '127.0.0.1', port: core.printer.port, widthMm: 80 },
          receipt: { businessName: 'Harbour Tea Pty Ltd', abn: '51 824 753 556', taxInvoice: true },
        },
      }),
    );
  });

  it('prints a paid sale as a tax invoice: title, business, ABN, date, item, amount, GST (HTML and ESC/POS)', async () => {
    const sale = await paidSale('12.50');
    const { html } = unwrap(await core.h.runtime.api.getReceiptHtml({ saleId: sale.id }));
    for (const text of ['TAX INVOICE', '税务发票', 'Harbour Tea Pty Ltd', 'ABN 51 824 753 556']) {
      expect(html).toContain(text);
    }
    expect(html).toContain('Date of issue');
    expect(html).toContain('Tea and snacks');
    expect(html).toContain('Total includes GST');
    expect(html).toContain('A$1.14'); // 1250 / 11 = 113.6 c
    expect(html).not.toContain('PAYMENT RECEIPT');
    expect(html).not.toContain('Buyer');
    const text = await printed(sale.id);
    expect(text).toContain('TAX INVOICE');
    expect(text).toContain('税务发票');
    expect(text).toContain('ABN 51 824 753 556');
    expect(text).toMatch(/Total includes GST 总额含 GST\s+A\$1\.14/);
    expect(text).toContain(sale.outOrderNo!);
  });

  it('asks for the buyer from A$1,000.00', async () => {
    const sale = await paidSale('1000.00');
    const { html } = unwrap(await core.h.runtime.api.getReceiptHtml({ saleId: sale.id }));
    expect(html).toContain('Buyer&#39;s name or ABN: ________');
    expect(html).toContain('A$90.91');
    const under = await paidSale('999.99');
    const below = unwrap(await core.h.runtime.api.getReceiptHtml({ saleId: under.id }));
    expect(below.html).not.toContain('Buyer');
  });

  it('prints no GST line when prices do not include GST', async () => {
    unwrap(
      await core.h.runtime.api.updateSettings({ pin: PIN, patch: { receipt: { pricesIncludeGst: false } } }),
    );
    const sale = await paidSale('22.00');
    const { html } = unwrap(await core.h.runtime.api.getReceiptHtml({ saleId: sale.id }));
    expect(html).toContain('TAX INVOICE');
    expect(html).not.toContain('GST');
    unwrap(
      await core.h.runtime.api.updateSettings({ pin: PIN, patch: { receipt: { pricesIncludeGst: true } } }),
    );
  });

  it("titles a refunded sale's refund receipt an adjustment note, with the GST adjusted", async () => {
    const sale = await paidSale('33.00');
    const refund = unwrap(
      await core.h.runtime.api.refund({ saleId: sale.id, amount: '11.00', reason: '', pin: PIN }),
    );
    await waitFor(
      async () => {
        const d = unwrap(await core.h.runtime.api.getSaleDetail({ saleId: sale.id }));
        return d.refunds.find((r) => r.id === refund.id)?.final;
      },
      { what: 'the refund to be final' },
    );
    const { html } = unwrap(
      await core.h.runtime.api.getReceiptHtml({ saleId: sale.id, refundId: refund.id }),
    );
    expect(html).toContain('ADJUSTMENT NOTE');
    expect(html).toContain('调整单');
    expect(html).toContain('ABN 51 824 753 556');
    expect(html).toContain('GST adjusted');
    expect(html).toContain('-A$1.00');
    expect(html).toContain('Refund of the original payment');
    expect(html).not.toContain('TAX INVOICE');
    const text = await printed(sale.id, refund.id);
    expect(text).toContain('ADJUSTMENT NOTE');
    expect(text).toMatch(/GST adjusted GST 调整\s+-A\$1\.00/);
  });

  it('a voided sale the customer paid anyway sold nothing: its automatic refund is no adjustment note', async () => {
    const started = unwrap(await core.h.runtime.api.startSale({ amount: '44.00' }));
    unwrap(await core.h.runtime.api.submitCode({ saleId: started.id, code: scenario('alipay', '0007') }));
    const sale = await core.h.waitForSale(
      started.id,
      (s) => s.phase === 'waiting_customer' && s.orderNo !== null,
    );
    unwrap(await core.h.runtime.api.voidSale({ saleId: sale.id }));
    core.h.runtime.sandbox!.control.payOrder(sale.orderNo!);
    await core.h.waitForSale(sale.id, (s) => s.phase === 'late_refunded', 10_000);
    const detail = unwrap(await core.h.runtime.api.getSaleDetail({ saleId: sale.id }));
    const refundId = detail.refunds[0]!.id;
    const view = unwrap(await core.h.runtime.api.getReceipt({ saleId: sale.id, refundId }));
    expect(view.taxInvoice ?? null).toBeNull();
    const { html } = unwrap(await core.h.runtime.api.getReceiptHtml({ saleId: sale.id, refundId }));
    expect(html).toContain('REFUND RECEIPT');
    expect(html).not.toContain('ADJUSTMENT NOTE');
    expect(html).not.toContain('GST');
  });

  it('"Print who served": the first name of who took the sale; no line for older sales or the no-sign-in till', async () => {
    const api = core.h.runtime.api;
    unwrap(await api.updateSettings({ pin: PIN, patch: { receipt: { printServedBy: true } } }));
    // In no-sign-in mode the till sells as its built-in cashier, who names nobody.
    const counter = await paidSale('8.00');
    // Mei signs in and takes a sale.
    const mei = unwrap(
      await api.savePerson({ pin: PIN, person: { name: ' Mei Lin Chen ', role: 'cashier', newPin: '4826' } }),
    );
    unwrap(await api.signIn({ personId: mei.id, pin: '4826' }));
    const taken = await paidSale('7.00');
    const older = await paidSale('6.00');
    unwrap(await api.signOut());
    // A sale from before people existed: its person column is empty (as an older till wrote it).
    const db = new Database(join(core.h.dataDir, 'journal.sqlite'));
    try {
      db.pragma('busy_timeout = 5000');
      db.prepare('UPDATE sales SET person_id = NULL WHERE id = ?').run(older.id);
    } finally {
      db.close();
    }
    const served = unwrap(await core.h.runtime.api.getReceiptHtml({ saleId: taken.id })).html;
    expect(served).toMatch(/Served by 服务人员[\s\S]*>Mei</);
    expect(served).not.toContain('Chen');
    expect(await printed(taken.id)).toMatch(/Served by 服务人员\s+Mei\n/);
    for (const sale of [older, counter]) {
      expect(unwrap(await core.h.runtime.api.getReceipt({ saleId: sale.id })).servedBy ?? null).toBeNull();
      expect(unwrap(await core.h.runtime.api.getReceiptHtml({ saleId: sale.id })).html).not.toContain(
        'Served by',
      );
    }
    unwrap(
      await core.h.runtime.api.updateSettings({ pin: PIN, patch: { receipt: { printServedBy: false } } }),
    );
    const off = unwrap(await core.h.runtime.api.getReceiptHtml({ saleId: taken.id })).html;
    expect(off).not.toContain('Served by');
  });

  it('prints ordinary receipts again once tax invoices are off', async () => {
    unwrap(await core.h.runtime.api.updateSettings({ pin: PIN, patch: { receipt: { taxInvoice: false } } }));
    const sale = await paidSale('5.00');
    const { html } = unwrap(await core.h.runtime.api.getReceiptHtml({ saleId: sale.id }));
    expect(html).toContain('PAYMENT RECEIPT');
    expect(html).not.toContain('TAX INVOICE');
    expect(html).not.toContain('ABN');
  });
});
