/** The terminal: merchant name, POS number, time zone, language, sound, amounts, late payments, Terminal API. */
import { useT } from '../../../i18n/use-t';
import type { Language } from '../../../../../preload/api';
import type { MessageKey } from '../../../i18n/en';
import { CheckField, SelectField, TextField } from './fields';

const LANGUAGES: ReadonlyArray<readonly [Language, MessageKey]> = [
  ['en', 'nav.english'],
  ['zh', 'nav.chinese'],
];

export function TerminalSettings() {
  const { t } = useT();
  return (
    <fieldset className="m-card m-fieldset">
      <legend>{t('settings.terminal')}</legend>
      <TextField label="settings.merchantName" field="merchantName" />
      <TextField label="settings.posNo" field="posNo" hint={t('settings.posNoHint')} />
      <TextField label="settings.timeZone" field="timeZone" hint={t('settings.timeZoneHint')} />
      <SelectField label="settings.language" field="language" choices={LANGUAGES} />
      <CheckField label="settings.sound" field="soundOn" />
      <TextField label="settings.maxAmount" field="maxAmount" inputMode="decimal" />
      <SelectField
        label="settings.latePayments"
        field="latePayments"
        choices={[
          ['refund', 'settings.latePayments.refund'],
          ['ask_manager', 'settings.latePayments.ask_manager'],
        ]}
      />
      <SelectField
        label="settings.amountEntry"
        field="amountEntry"
        choices={[
          ['cents', 'settings.amountEntry.cents'],
          ['decimal', 'settings.amountEntry.decimal'],
        ]}
      />
      <TextField
        label="settings.largeAmount"
        field="largeAmount"
        inputMode="decimal"
        hint={t('settings.largeAmountHint')}
      />
      <CheckField label="settings.terminalApi" field="terminalApiEnabled" />
      <SelectField
        label="settings.terminalApi.reach"
        field="terminalApiReach"
        choices={[
          ['local', 'settings.terminalApi.local'],
          ['lan', 'settings.terminalApi.lan'],
        ]}
      />
      <p className="m-hint">{t('settings.terminalApi.hint')}</p>
    </fieldset>
  );
}
