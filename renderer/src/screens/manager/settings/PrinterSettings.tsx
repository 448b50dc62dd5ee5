/** The printer: its kind and where it is, paper width, Chinese text, the cash drawer, and a test print. */
import { useT } from '../../../i18n/use-t';
import type { MessageKey } from '../../../i18n/en';
import { useManager } from '../../../store/manager-context';
import type { PrinterKind } from '../../../store/settings-form';
import { Problem } from '../Problem';
import { CheckField, choicesUnder, SelectField, TextField, type Choice } from './fields';

const PRINTER_KINDS: ReadonlyArray<readonly [PrinterKind, MessageKey]> = [
  ['dialog', 'settings.printer.dialog'],
  ['system', 'settings.printer.system'],
  ['pdf', 'settings.printer.pdf'],
  ['escpos-serial', 'settings.printer.serial'],
  ['escpos-device', 'settings.printer.device'],
  ['escpos-tcp', 'settings.printer.tcp'],
];
const WIDTHS = choicesUnder('settings.printer.width', ['80', '58']);
const CJK: readonly Choice[] = [
  ['gb18030', 'settings.printer.cjkOn'],
  ['none', 'settings.printer.cjkOff'],
];

export function PrinterSettings() {
  const { t } = useT();
  const draft = useManager((s) => s.settings.draft);
  const busy = useManager((s) => s.settings.busy);
  const testPrinted = useManager((s) => s.settings.testPrinted);
  const problem = useManager((s) => s.settings.problem);
  const problemNear = useManager((s) => s.settings.problemNear);
  const testPrint = useManager((s) => s.testPrint);
  if (!draft) return null;
  const escpos = draft.printerKind.startsWith('escpos');
  return (
    <fieldset className="m-card m-fieldset">
      <legend>{t('settings.printer')}</legend>
      <SelectField label="settings.printer.kind" field="printerKind" choices={PRINTER_KINDS} />
      {draft.printerKind === 'system' ? (
        <TextField label="settings.printer.name" field="printerName" />
      ) : null}
      {draft.printerKind === 'escpos-serial' || draft.printerKind === 'escpos-device' ? (
        <TextField label="settings.printer.path" field="printerPath" />
      ) : null}
      {draft.printerKind === 'escpos-tcp' ? (
        <>
          <TextField label="settings.printer.host" field="printerHost" />
          <TextField label="settings.printer.port" field="printerPort" inputMode="numeric" />
        </>
      ) : null}
      {draft.printerKind !== 'dialog' ? (
        <SelectField label="settings.printer.width" field="printerWidth" choices={WIDTHS} />
      ) : null}
      {escpos ? (
        <>
          <SelectField label="settings.printer.cjk" field="printerCjk" choices={CJK} />
          <CheckField label="settings.printer.drawer" field="printerDrawerKick" />
        </>
      ) : null}
      <div className="m-actions">
        <button type="button" className="button" disabled={busy} onClick={() => void testPrint()}>
          {t('settings.printer.test')}
        </button>
      </div>
      <p className="hint">{t('settings.printer.testHint')}</p>
      <Problem problem={problemNear === 'printer' ? problem : null} testId="m-print-problem" />
      {testPrinted ? (
        <p className="m-ok" role="status">
          {t('settings.printer.testSent')}
        </p>
      ) : null}
    </fieldset>
  );
}
