/** The terminal: merchant name, POS number, time zone, language, sound, amounts, late payments, Terminal API. */
import { useT } from '../../../i18n/use-t';
import { useManager } from '../../../store/manager-context';
import type { Language } from '../../../../../preload/api';
import type { MessageKey } from '../../../i18n/en';
import { CheckField, choicesUnder, SelectField, TextField } from './fields';

const LANGUAGES: ReadonlyArray<readonly [Language, MessageKey]> = [
  ['en', 'nav.english'],
  ['zh', 'nav.chinese'],
];
const LATE_PAYMENTS = choicesUnder('settings.latePayments.', ['refund', 'ask_manager']);
const AMOUNT_ENTRY = choicesUnder('settings.amountEntry.', ['cents', 'decimal']);
const API_REACH = choicesUnder('settings.terminalApi.', ['local', 'lan']);

export function TerminalSettings() {
  const { t } = useT();
  // Until someone chooses it, the zone shown is the computer's own and config.json does not record it.
  const zoneChosen = useManager((s) => s.settings.view?.timeZoneChosen ?? true);
  return (
    <fieldset className="m-card m-fieldset">
      <legend>{t('settings.terminal')}</legend>
      <TextField label="settings.merchantName" field="merchantName" />
      <TextField label="settings.posNo" field="posNo" hint={t('settings.posNoHint')} />
      <TextField
        label="settings.timeZone"
        field="timeZone"
        hint={t(zoneChosen ? 'settings.timeZoneHint' : 'settings.timeZoneUnchosen')}
      />
      <SelectField label="settings.language" field="language" choices={LANGUAGES} />
      <CheckField label="settings.sound" field="soundOn" />
      <TextField label="settings.maxAmount" field="maxAmount" inputMode="decimal" />
      <SelectField label="settings.latePayments" field="latePayments" choices={LATE_PAYMENTS} />
      <SelectField label="settings.amountEntry" field="amountEntry" choices={AMOUNT_ENTRY} />
      <TextField
        label="settings.largeAmount"
        field="largeAmount"
        inputMode="decimal"
        hint={t('settings.largeAmountHint')}
      />
      <CheckField label="settings.terminalApi" field="terminalApiEnabled" />
      <SelectField label="settings.terminalApi.reach" field="terminalApiReach" choices={API_REACH} />
      <p className="m-hint">{t('settings.terminalApi.hint')}</p>
    </fieldset>
  );
}
