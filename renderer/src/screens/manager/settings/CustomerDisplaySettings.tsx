/** On/off, and (in the Electron shell) which screen; in hub mode the display is a browser on /customer. */
import { readPairingToken } from '../../../bridge';
import { useT } from '../../../i18n/use-t';
import { useManager } from '../../../store/manager-context';
import { CheckField, SelectField } from './fields';

export function CustomerDisplaySettings() {
  const { t } = useT();
  const displays = useManager((s) => s.settings.view?.customerDisplay?.displays ?? []);
  return (
    <fieldset className="m-card m-fieldset" data-testid="m-customer-display-settings">
      <legend>{t('settings.customerDisplay')}</legend>
      <CheckField label="settings.customerDisplay.on" field="customerDisplayOn" />
      {displays.length > 0 ? (
        <SelectField
          label="settings.customerDisplay.screen"
          field="customerDisplayId"
          choices={[['', 'settings.customerDisplay.auto']]}
          options={displays.map((d) => ({
            value: String(d.id),
            label: d.primary ? `${d.label} (${t('settings.customerDisplay.primary')})` : d.label,
          }))}
        />
      ) : (
        <p className="hint" data-testid="m-customer-display-hint">
          {/* A hub on loopback asks no token (and only this computer reaches it); a paired hub asks its token. */}
          {readPairingToken() === null
            ? t('settings.customerDisplay.hubHintLoopback', { url: `${window.location.origin}/customer` })
            : t('settings.customerDisplay.hubHintPaired', { url: `${window.location.origin}/customer` })}
        </p>
      )}
    </fieldset>
  );
}
