/** The printer: its kind and where it is, paper width, Chinese text, the cash drawer, and a test print. */
import type { Translate } from '../../../i18n';
import { useT } from '../../../i18n/use-t';
import type { MessageKey } from '../../../i18n/en';
import { useManager } from '../../../store/manager-context';
import type { PrinterKind } from '../../../store/settings-form';
import { CheckField, choicesUnder, SelectField, SettingsProblem, TextField, type Choice } from './fields';

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

/**
 * Where the test page went, named: the saved printer the core sent it to (device path, address, printer name),
 * or the print dialog — where a PDF is saved wherever the manager chooses, since this till writes no file itself.
 */
function testPrintedWords(
  t: Translate,
  via: 'core' | 'dialog',
  printer: Record<string, unknown> | null,
): string {
  const text = (k: string) => (typeof printer?.[k] === 'string' ? (printer[k] as string) : '');
  if (via === 'dialog') {
    return t(printer?.kind === 'pdf' ? 'settings.printer.testPdf' : 'settings.printer.testDialog');
  }
  const where =
    printer?.kind === 'escpos-tcp'
      ? `${text('host')}:${String(printer.port ?? '')}`
      : printer?.kind === 'system'
        ? text('name')
        : text('path');
  return t('settings.printer.testSentTo', { printer: where });
}

export function PrinterSettings() {
  const { t } = useT();
  const { draft, busy, testPrinted } = useManager((s) => s.settings);
  const testPrint = useManager((s) => s.testPrint);
  const savedPrinter = useManager((s) => s.settings.view?.printer ?? null);
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
      <SettingsProblem near="printer" testId="m-print-problem" />
      {testPrinted ? (
        <p className="m-ok" role="status" data-testid="m-test-printed">
          {testPrintedWords(t, testPrinted, savedPrinter)}
        </p>
      ) : null}
    </fieldset>
  );
}
