/** The scanner: its kind, device and framing, and a live test that lists what it reads. */
import { pick } from '../../../i18n';
import { useT } from '../../../i18n/use-t';
import { useManager, useManagerPick } from '../../../store/manager-context';
import { usePos } from '../../../store/context';
import { wedgeWorking } from '../../../scanner/wedge-working';
import type { Framing, ScannerKind } from '../../../store/settings-form';
import { choicesUnder, FieldRow, SelectField } from './fields';
import { TableHead } from '../../../components/TableHead';
import { ScannerPace } from './ScannerPace';

const SCANNER_KINDS = choicesUnder('settings.scanner.', [
  'serial',
  'hid',
  'wedge',
  'none',
] satisfies ScannerKind[]);
const FRAMINGS = choicesUnder('settings.framing.', ['eol', 'cr', 'lf', 'crlf'] satisfies Framing[]);

export function ScannerSettings() {
  const { t } = useT();
  const { draft, devices, scannerTest: testOn, scans } = useManager((s) => s.settings);
  const {
    setScannerTest: setTest,
    loadDevices,
    editSettings: edit,
  } = useManagerPick('setScannerTest', 'loadDevices', 'editSettings');
  const { language } = useT();
  // The core flags a keyboard scanner once one of its scans is seen, whatever type is saved here.
  const keyboardWorking = usePos((s) => wedgeWorking(s.scanner));
  if (!draft) return null;
  const deviceOptions =
    draft.scannerKind === 'serial'
      ? (devices?.serial ?? []).map((d) => ({
          value: d.path,
          label: d.manufacturer ? `${d.path} (${d.manufacturer})` : d.path,
        }))
      : draft.scannerKind === 'hid'
        ? (devices?.hid ?? []).map((d) => ({
            value: `${d.vendorId.toString(16).padStart(4, '0')}:${d.productId.toString(16).padStart(4, '0')}`,
            label: `${d.product ?? d.path} (${d.vendorId.toString(16)}:${d.productId.toString(16)})`,
          }))
        : [];
  return (
    <fieldset className="m-card m-fieldset" data-testid="m-scanner-settings">
      <legend>{t('settings.scanner')}</legend>
      <SelectField label="settings.scanner.kind" field="scannerKind" choices={SCANNER_KINDS} />
      {keyboardWorking && (draft.scannerKind === 'none' || draft.scannerKind === 'wedge') ? (
        <p className="hint" data-testid="m-scanner-wedge-working">
          {t('settings.scanner.wedgeWorking')}
        </p>
      ) : null}
      {draft.scannerKind === 'serial' || draft.scannerKind === 'hid' ? (
        <>
          <FieldRow label="settings.scanner.device" field="scannerDevice">
            {(id, errorId) => (
              // A list to pick from, or any path typed (a device the list does not show, a udev symlink).
              <>
                <input
                  id={id}
                  className="text-input"
                  list={`${id}-devices`}
                  value={draft.scannerDevice}
                  placeholder={t('settings.scanner.pick')}
                  autoComplete="off"
                  spellCheck={false}
                  aria-invalid={errorId ? true : undefined}
                  aria-describedby={errorId}
                  onChange={(e) => edit({ scannerDevice: e.target.value })}
                />
                <datalist id={`${id}-devices`} data-testid="m-scanner-devices">
                  {deviceOptions.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </datalist>
              </>
            )}
          </FieldRow>
          <button type="button" className="button button-quiet" onClick={() => void loadDevices()}>
            {t('settings.scanner.refresh')}
          </button>
          {devices?.messages.map((m, i) => (
            <p key={i} className="hint">
              {pick(m, language)}
            </p>
          ))}
        </>
      ) : null}
      {draft.scannerKind === 'serial' ? (
        <SelectField label="settings.scanner.framing" field="scannerFraming" choices={FRAMINGS} />
      ) : null}
      {draft.scannerKind === 'wedge' ? <ScannerPace /> : null}
      <div className="m-scanner-test">
        <button type="button" className="button" aria-pressed={testOn} onClick={() => void setTest(!testOn)}>
          {t(testOn ? 'settings.scanner.testStop' : 'settings.scanner.testStart')}
        </button>
        {testOn ? (
          <p className="lead" role="status">
            {t('settings.scanner.testHint')}
          </p>
        ) : null}
        {scans.length > 0 ? (
          <table className="table" data-testid="m-scanner-test">
            <TableHead columns={['settings.scanner.decoded', 'settings.scanner.raw']} />
            <tbody>
              {scans.map((s, i) => (
                <tr key={`${s.at}-${i}`}>
                  <td className="mono" data-testid="m-scan-decoded">
                    {s.decoded ?? t('settings.scanner.notDecoded')}
                  </td>
                  <td className="mono m-raw">{s.rawHex}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </fieldset>
  );
}
