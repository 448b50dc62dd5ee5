import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../preload/api';
import { receiptDraft, receiptErrors, receiptPatch } from '../../../renderer/src/store/receipt-settings-form';

const draft = {
  businessName: 'Harbour Tea Pty Ltd',
  abn: '51 824 753 556',
  pricesIncludeGst: true,
  taxInvoice: true,
  printServedBy: false,
};

describe('the Receipts card of the settings form', () => {
  it('shows a saved ABN grouped 2-3-3-3 and sends it as typed', () => {
    const view = {
      receipt: { ...draft, abn: '51824753556' },
    } as unknown as SettingsView;
    expect(receiptDraft(view).abn).toBe('51 824 753 556');
    expect(receiptPatch({ ...draft, abn: ' 51 824 753 556 ' }, view)).toMatchObject({
      abn: '51 824 753 556',
    });
    expect(receiptPatch({ ...draft, abn: '', taxInvoice: false }, view)).toMatchObject({ abn: null });
  });

  it.each([
    ['51 824 753 556', undefined],
    ['', undefined],
    ['5182475355', 'settings.error.abnLength'],
    ['51 824 753 557', 'settings.error.abnInvalid'],
    ['51 824 753 55O', 'settings.error.abnDigits'],
  ])('ABN %j → %s', (abn, error) => {
    expect(receiptErrors({ ...draft, abn, taxInvoice: false }).abn).toBe(error);
  });

  it('asks for the name and ABN before tax invoices', () => {
    expect(receiptErrors({ ...draft, abn: '' }).taxInvoice).toBe('settings.error.taxInvoiceNeeds');
    expect(receiptErrors({ ...draft, businessName: ' ' }).taxInvoice).toBe('settings.error.taxInvoiceNeeds');
    expect(receiptErrors(draft)).toEqual({});
  });
});
