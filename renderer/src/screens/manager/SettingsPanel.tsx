/**
 * Settings: terminal, gateway and credentials (the secret key is write-only), scanner with a live test,
 * printer with a test print, receipts (tax invoices), the customer display, paired POS systems, the store server, the manager PIN.
 * The core validates every value; its reason is shown beside the field. One component per area in
 * settings/.
 */
import type { FormEvent } from 'react';
import { useT } from '../../i18n/use-t';
import { useManager } from '../../store/manager-context';
import { SettingsProblem } from './settings/fields';
import { CustomerDisplaySettings } from './settings/CustomerDisplaySettings';
import { GatewaySettings } from './settings/GatewaySettings';
import { PollScheduleCard } from './settings/PollScheduleCard';
import { PairedPosKeys } from './settings/PairedPosKeys';
import { PinChange } from './settings/PinChange';
import { PrinterSettings } from './settings/PrinterSettings';
import { ReceiptSettings } from './settings/ReceiptSettings';
import { ScannerSettings } from './settings/ScannerSettings';
import { StoreServerSettings } from './settings/StoreServerSettings';
import { TerminalSettings } from './settings/TerminalSettings';

/** Save, with what came of the last save (done, or the problem not placed beside a field). */
function SaveBar() {
  const { t } = useT();
  const { saved, busy } = useManager((s) => s.settings);
  return (
    <div className="m-savebar">
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('settings.save')}
      </button>
      {saved ? (
        <p className="m-ok" role="status" data-testid="m-settings-saved">
          {t('settings.saved')}
        </p>
      ) : null}
      <SettingsProblem near={null} testId="m-settings-problem" />
    </div>
  );
}

export function SettingsPanel() {
  const { t } = useT();
  const draft = useManager((s) => s.settings.draft);
  const save = useManager((s) => s.saveSettings);
  if (!draft) return <p className="muted">{t('history.loading')}</p>;

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    void save();
  }

  return (
    <div className="m-settings" data-testid="m-settings-panel">
      <form className="m-settings-form" onSubmit={onSubmit} noValidate>
        <SaveBar />
        <TerminalSettings />
        <GatewaySettings />
        <PollScheduleCard />
        <ScannerSettings />
        <PrinterSettings />
        <ReceiptSettings />
        <CustomerDisplaySettings />
      </form>
      <PairedPosKeys />
      <StoreServerSettings />
      <PinChange />
    </div>
  );
}
