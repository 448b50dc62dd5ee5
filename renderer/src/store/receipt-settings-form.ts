/**
 * The Receipts card of the settings form: tax invoice details and "Print who served". The ABN is checked here as
 * typed (the words appear beside the field at once); the core checks it again and refuses to save a bad one.
 */
import type { SettingsPatch, SettingsView } from '../../../preload/api';
import { checkAbn, formatAbn } from '../../../main/shared/abn';
import type { MessageKey } from '../i18n/en';

export interface ReceiptDraft {
  businessName: string;
  /** As typed; shown grouped 2-3-3-3 when loaded. */
  abn: string;
  pricesIncludeGst: boolean;
  taxInvoice: boolean;
  printServedBy: boolean;
}

export function receiptDraft(view: SettingsView): ReceiptDraft {
  const r = view.receipt;
  return {
    businessName: r?.businessName ?? '',
    abn: r?.abn ? formatAbn(r.abn) : '',
    pricesIncludeGst: r?.pricesIncludeGst ?? true,
    taxInvoice: r?.taxInvoice ?? false,
    printServedBy: r?.printServedBy ?? false,
  };
}

export function receiptErrors(d: ReceiptDraft): Partial<Record<keyof ReceiptDraft, MessageKey>> {
  const errors: Partial<Record<keyof ReceiptDraft, MessageKey>> = {};
  const abn = d.abn.trim();
  if (abn !== '') {
    const checked = checkAbn(abn);
    if (!checked.ok) {
      errors.abn =
        checked.code === 'ABN_WRONG_LENGTH'
          ? 'settings.error.abnLength'
          : /^[0-9 ]*$/.test(abn)
            ? 'settings.error.abnInvalid'
            : 'settings.error.abnDigits';
    }
  }
  if (d.taxInvoice && (d.businessName.trim() === '' || abn === '')) {
    errors.taxInvoice = 'settings.error.taxInvoiceNeeds';
  }
  return errors;
}

/** The receipt part of the patch; absent when the core has no receipt settings to change. */
export function receiptPatch(d: ReceiptDraft, original: SettingsView): SettingsPatch['receipt'] {
  if (!original.receipt) return undefined;
  return {
    businessName: d.businessName.trim(),
    abn: d.abn.trim() === '' ? null : d.abn.trim(),
    pricesIncludeGst: d.pricesIncludeGst,
    taxInvoice: d.taxInvoice,
    printServedBy: d.printServedBy,
  };
}
