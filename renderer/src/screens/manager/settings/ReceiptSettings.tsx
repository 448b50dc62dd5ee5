/** Receipts: the business name and ABN a tax invoice prints, GST-inclusive prices, tax invoices on, who served. */
import { useT } from '../../../i18n/use-t';
import { CheckField, TextField } from './fields';

export function ReceiptSettings() {
  const { t } = useT();
  return (
    <fieldset className="m-card m-fieldset" data-testid="m-receipt-settings">
      <legend>{t('settings.receipts')}</legend>
      <TextField label="settings.receipts.businessName" field="businessName" />
      <TextField
        label="settings.receipts.abn"
        field="abn"
        inputMode="numeric"
        hint={t('settings.receipts.abnHint')}
      />
      <CheckField label="settings.receipts.pricesIncludeGst" field="pricesIncludeGst" />
      <CheckField label="settings.receipts.taxInvoice" field="taxInvoice" />
      <CheckField label="settings.receipts.servedBy" field="printServedBy" />
      <p className="hint">{t('settings.receipts.hint')}</p>
    </fieldset>
  );
}
