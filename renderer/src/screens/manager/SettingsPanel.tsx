/**
 * Settings: terminal, gateway and credentials (the secret key is write-only), scanner with a live test,
 * printer with a test print, the manager PIN, and "Test connection". The core validates every value; its
 * reason is shown beside the form.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { ConnectionTestResult, GatewayRegion } from '../../../../preload/api';
import { formatDateTime, pick } from '../../i18n';
import { useT } from '../../i18n/use-t';
import type { MessageKey } from '../../i18n/en';
import { useManager } from '../../store/manager-context';
import { usePos } from '../../store/context';
import {
  BOUNDS,
  type DraftField,
  type Framing,
  type PrinterKind,
  type ScannerKind,
  type SettingsDraft,
} from '../../store/settings-form';
import { Problem } from './Problem';

function FieldRow({
  label,
  field,
  children,
  hint,
}: {
  label: MessageKey;
  field: DraftField;
  children: (id: string, errorId: string | undefined) => ReactNode;
  hint?: string;
}) {
  const { t } = useT();
  const id = useId();
  const errorId = useId();
  const error = useManager((s) => s.settings.fieldErrors[field]);
  const coreError = useManager((s) => s.settings.coreFieldErrors[field]);
  const text = error ? t(error) : coreError ? t('settings.error.core', { reason: coreError }) : null;
  return (
    <div className={text ? 'm-field m-field-error' : 'm-field'}>
      <label htmlFor={id}>{t(label)}</label>
      {children(id, text ? errorId : undefined)}
      {hint ? <p className="hint">{hint}</p> : null}
      {text ? (
        <p className="m-field-message" id={errorId} role="alert" data-testid={`error-${field}`}>
          {text}
        </p>
      ) : null}
    </div>
  );
}

function TextField({
  label,
  field,
  hint,
  inputMode,
}: {
  label: MessageKey;
  field: Exclude<DraftField, 'soundOn' | 'printerDrawerKick' | 'customerDisplayOn'>;
  hint?: string;
  inputMode?: 'numeric' | 'decimal' | 'text' | 'url';
}) {
  const value = useManager((s) => s.settings.draft?.[field] ?? '');
  const edit = useManager((s) => s.editSettings);
  return (
    <FieldRow label={label} field={field} hint={hint}>
      {(id, errorId) => (
        <input
          id={id}
          className="text-input"
          type="text"
          inputMode={inputMode}
          autoComplete="off"
          value={String(value)}
          aria-invalid={errorId ? true : undefined}
          aria-describedby={errorId}
          onChange={(e) => edit({ [field]: e.target.value } as Partial<SettingsDraft>)}
        />
      )}
    </FieldRow>
  );
}

function SelectField<V extends string>({
  label,
  field,
  options,
}: {
  label: MessageKey;
  field: DraftField;
  options: Array<{ value: V; label: string }>;
}) {
  const value = useManager((s) => s.settings.draft?.[field] ?? '');
  const edit = useManager((s) => s.editSettings);
  return (
    <FieldRow label={label} field={field}>
      {(id) => (
        <select
          id={id}
          className="text-input"
          value={String(value)}
          onChange={(e) => edit({ [field]: e.target.value } as Partial<SettingsDraft>)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldRow>
  );
}

function CheckField({
  label,
  field,
}: {
  label: MessageKey;
  field: 'soundOn' | 'printerDrawerKick' | 'customerDisplayOn' | 'terminalApiEnabled';
}) {
  const { t } = useT();
  const id = useId();
  const value = useManager((s) => s.settings.draft?.[field] ?? false);
  const edit = useManager((s) => s.editSettings);
  return (
    <div className="m-field m-check">
      <input id={id} type="checkbox" checked={value} onChange={(e) => edit({ [field]: e.target.checked })} />
      <label htmlFor={id}>{t(label)}</label>
    </div>
  );
}

/** The POS systems paired with the Terminal API: name and last use, and a Revoke button per key. */
function PairedPosKeys() {
  const { t, language } = useT();
  const keys = useManager((s) => s.settings.apiKeys);
  const problem = useManager((s) => s.settings.apiKeysProblem);
  const timeZone = useManager((s) => s.settings.view?.timeZone);
  const revoke = useManager((s) => s.revokeApiKey);
  return (
    <section className="m-card m-fieldset" data-testid="m-api-keys" aria-labelledby="m-api-keys-title">
      <h3 id="m-api-keys-title">{t('settings.apiKeys')}</h3>
      {keys && keys.length === 0 ? <p className="m-hint">{t('settings.apiKeys.none')}</p> : null}
      {keys && keys.length > 0 ? (
        <ul className="m-list">
          {keys.map((k) => (
            <li key={k.id} data-testid={`m-api-key-${k.id}`}>
              <strong>{k.name}</strong>{' '}
              <span>
                {k.lastUsedAt === null
                  ? t('settings.apiKeys.neverUsed')
                  : t('settings.apiKeys.lastUsed', {
                      time: formatDateTime(language, k.lastUsedAt, timeZone),
                    })}
              </span>{' '}
              <button type="button" className="button" onClick={() => void revoke(k.id)}>
                {t('settings.apiKeys.revoke')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <Problem problem={problem} testId="m-api-keys-problem" />
    </section>
  );
}

/**
 * The store server (docs/store-server.md): enrol with an address and the one-time code a manager created on
 * the server, or show the link and unlink. The credential never reaches this page.
 */
function StoreServerSettings() {
  const { t, language } = useT();
  const urlId = useId();
  const codeId = useId();
  const [url, setUrl] = useState('');
  const [code, setCode] = useState('');
  const link = usePos((s) => s.storeLink);
  const timeZone = useManager((s) => s.settings.view?.timeZone);
  const busy = useManager((s) => s.settings.storeLinkBusy);
  const problem = useManager((s) => s.settings.storeLinkProblem);
  const enrol = useManager((s) => s.enrolStoreServer);
  const unlink = useManager((s) => s.unlinkStoreServer);
  const enrolled = link !== null && link.state !== 'off';
  function onEnrol(e: FormEvent): void {
    e.preventDefault();
    void enrol(url, code).then((ok) => {
      if (ok) setCode('');
    });
  }
  return (
    <section
      className="m-card m-fieldset"
      data-testid="m-store-server"
      aria-labelledby="m-store-server-title"
    >
      <h3 id="m-store-server-title">{t('settings.storeServer')}</h3>
      {enrolled ? (
        <>
          <p data-testid="m-store-server-linked">
            {t('settings.storeServer.linked', {
              store: link.storeName ?? '',
              till: link.tillName ?? '',
              url: link.url ?? '',
            })}
          </p>
          <p className="m-hint" data-testid="m-store-server-state">
            {t(`status.storeLink.${link.state === 'off' ? 'connecting' : link.state}`)}
            {' · '}
            {link.backlog > 0
              ? t('status.storeLink.backlog', { count: link.backlog })
              : t('settings.storeServer.upToDate')}
            {link.lastSyncAt !== null
              ? ` · ${t('settings.storeServer.lastSync', { time: formatDateTime(language, link.lastSyncAt, timeZone) })}`
              : ''}
          </p>
          {link.problem ? <p className="m-hint">{pick(link.problem, language)}</p> : null}
          <button type="button" className="button" disabled={busy} onClick={() => void unlink()}>
            {t('settings.storeServer.unlink')}
          </button>
        </>
      ) : (
        <form className="m-form" onSubmit={onEnrol} noValidate>
          <p className="m-hint">{t('settings.storeServer.hint')}</p>
          <label htmlFor={urlId}>{t('settings.storeServer.url')}</label>
          <input
            id={urlId}
            className="text-input"
            type="url"
            autoComplete="off"
            placeholder={t('settings.storeServer.urlExample')}
            maxLength={200}
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
          <label htmlFor={codeId}>{t('settings.storeServer.code')}</label>
          <input
            id={codeId}
            className="text-input"
            autoComplete="off"
            spellCheck={false}
            maxLength={40}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('settings.storeServer.enrol')}
          </button>
        </form>
      )}
      <Problem problem={problem} testId="m-store-server-problem" />
    </section>
  );
}

/** On/off, and (in the Electron shell) which screen; in hub mode the display is a browser on /customer. */
function CustomerDisplaySettings() {
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
          options={[
            { value: '', label: t('settings.customerDisplay.auto') },
            ...displays.map((d) => ({
              value: String(d.id),
              label: d.primary ? `${d.label} (${t('settings.customerDisplay.primary')})` : d.label,
            })),
          ]}
        />
      ) : (
        <p className="hint">{t('settings.customerDisplay.hubHint')}</p>
      )}
    </fieldset>
  );
}

function ConnectionResult({ result }: { result: ConnectionTestResult }) {
  const { t, language } = useT();
  const skewMin = result.clockSkewMs === null ? null : Math.round(result.clockSkewMs / 60_000);
  return (
    <div
      className={`m-result ${result.ok ? 'm-result-refunded' : 'm-result-failed'}`}
      role={result.ok ? 'status' : 'alert'}
      data-testid="m-connection-result"
    >
      <p className="m-result-title">
        {t(result.ok ? 'settings.connection.ok' : 'settings.connection.failed')}
      </p>
      <p>{pick(result.message, language)}</p>
      {result.code ? <p className="muted">{t('manager.errorCode', { code: result.code })}</p> : null}
      {result.clockSkewMs !== null ? (
        <p data-testid="m-clock-skew">
          {t('settings.connection.skew', {
            seconds: Math.round(result.clockSkewMs / 1000),
            minutes: skewMin ?? 0,
          })}
        </p>
      ) : null}
      <p className="muted">{t('settings.connection.latency', { ms: result.latencyMs })}</p>
    </div>
  );
}

function Credentials() {
  const { t, language } = useT();
  const problem = useManager((s) => s.settings.problem);
  const problemNear = useManager((s) => s.settings.problemNear);
  const secretId = useId();
  const [secret, setSecret] = useState('');
  const view = useManager((s) => s.settings.view);
  const draft = useManager((s) => s.settings.draft);
  const busy = useManager((s) => s.settings.busy);
  const secretSaved = useManager((s) => s.settings.secretSaved);
  const connection = useManager((s) => s.settings.connection);
  const saveSecret = useManager((s) => s.saveSecretKey);
  const testConnection = useManager((s) => s.testConnection);
  if (!view || !draft) return null;
  const regions: Array<{ value: GatewayRegion; label: string }> = [
    { value: 'AU', label: t('settings.region.AU') },
    { value: 'CN', label: t('settings.region.CN') },
    { value: 'sandbox', label: t('settings.region.sandbox') },
    { value: 'custom', label: t('settings.region.custom') },
  ];
  return (
    <fieldset className="m-card m-fieldset">
      <legend>{t('settings.gateway')}</legend>
      <SelectField label="settings.region" field="region" options={regions} />
      {draft.region === 'custom' ? (
        <TextField label="settings.baseUrl" field="baseUrl" inputMode="url" />
      ) : null}
      <TextField label="settings.mNumber" field="mNumber" />
      {view.gatewayHeldBack ? (
        <div className="m-problem" role="alert" data-testid="m-gateway-held-back">
          <p className="m-problem-text">{pick(view.gatewayHeldBack.message, language)}</p>
          <ul className="notice-detail">
            {view.gatewayHeldBack.blockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="m-field">
        <label htmlFor={secretId}>{t('settings.secretKey')}</label>
        <p className="m-secret-state" data-testid="m-secret-state">
          {t(view.gateway.hasSecretKey ? 'settings.secret.stored' : 'settings.secret.notStored')}
          {view.secretStorage === 'env' ? ` ${t('settings.secret.env')}` : ''}
        </p>
        {view.secretStorage === 'basic_text' ? (
          <p className="warn-text" role="alert" data-testid="m-secret-warning">
            {t('settings.secret.basicText')}
          </p>
        ) : null}
        <div className="manual-code-row">
          <input
            id={secretId}
            className="text-input"
            type="password"
            autoComplete="new-password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
          />
          <button
            type="button"
            className="button"
            disabled={busy || secret.trim() === ''}
            onClick={() => {
              void saveSecret(secret).then((ok) => {
                if (ok) setSecret('');
              });
            }}
          >
            {t('settings.secret.save')}
          </button>
        </div>
        <p className="hint">{t('settings.secret.hint')}</p>
        <Problem problem={problemNear === 'secret' ? problem : null} testId="m-secret-problem" />
        {secretSaved ? (
          <p className="m-ok" role="status">
            {t('settings.secret.saved')}
          </p>
        ) : null}
      </div>
      <TextField label="settings.gatewayTimeZone" field="gatewayTimeZone" />
      <TextField
        label="settings.callTimeout"
        field="callTimeoutSeconds"
        inputMode="numeric"
        hint={t('settings.bounds', BOUNDS.callTimeoutSeconds)}
      />
      <TextField
        label="settings.maxWait"
        field="maxWaitSeconds"
        inputMode="numeric"
        hint={t('settings.bounds', BOUNDS.maxWaitSeconds)}
      />
      <div className="m-actions">
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void testConnection(secret === '' ? undefined : secret)}
        >
          {t('settings.connection.test')}
        </button>
      </div>
      <p className="hint">{t('settings.connection.hint')}</p>
      {connection ? <ConnectionResult result={connection} /> : null}
    </fieldset>
  );
}

function ScannerSettings() {
  const { t } = useT();
  const draft = useManager((s) => s.settings.draft);
  const devices = useManager((s) => s.settings.devices);
  const testOn = useManager((s) => s.settings.scannerTest);
  const scans = useManager((s) => s.settings.scans);
  const setTest = useManager((s) => s.setScannerTest);
  const loadDevices = useManager((s) => s.loadDevices);
  const edit = useManager((s) => s.editSettings);
  const { language } = useT();
  if (!draft) return null;
  const kinds: Array<{ value: ScannerKind; label: string }> = [
    { value: 'serial', label: t('settings.scanner.serial') },
    { value: 'hid', label: t('settings.scanner.hid') },
    { value: 'wedge', label: t('settings.scanner.wedge') },
    { value: 'none', label: t('settings.scanner.none') },
  ];
  const framings: Array<{ value: Framing; label: string }> = [
    { value: 'eol', label: t('settings.framing.eol') },
    { value: 'cr', label: t('settings.framing.cr') },
    { value: 'lf', label: t('settings.framing.lf') },
    { value: 'crlf', label: t('settings.framing.crlf') },
  ];
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
      <SelectField label="settings.scanner.kind" field="scannerKind" options={kinds} />
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
        <SelectField label="settings.scanner.framing" field="scannerFraming" options={framings} />
      ) : null}
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
            <thead>
              <tr>
                <th scope="col">{t('settings.scanner.decoded')}</th>
                <th scope="col">{t('settings.scanner.raw')}</th>
              </tr>
            </thead>
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

function PrinterSettings() {
  const { t } = useT();
  const draft = useManager((s) => s.settings.draft);
  const busy = useManager((s) => s.settings.busy);
  const testPrinted = useManager((s) => s.settings.testPrinted);
  const problem = useManager((s) => s.settings.problem);
  const problemNear = useManager((s) => s.settings.problemNear);
  const testPrint = useManager((s) => s.testPrint);
  if (!draft) return null;
  const kinds: Array<{ value: PrinterKind; label: string }> = [
    { value: 'dialog', label: t('settings.printer.dialog') },
    { value: 'system', label: t('settings.printer.system') },
    { value: 'pdf', label: t('settings.printer.pdf') },
    { value: 'escpos-serial', label: t('settings.printer.serial') },
    { value: 'escpos-device', label: t('settings.printer.device') },
    { value: 'escpos-tcp', label: t('settings.printer.tcp') },
  ];
  const escpos = draft.printerKind.startsWith('escpos');
  return (
    <fieldset className="m-card m-fieldset">
      <legend>{t('settings.printer')}</legend>
      <SelectField label="settings.printer.kind" field="printerKind" options={kinds} />
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
        <SelectField
          label="settings.printer.width"
          field="printerWidth"
          options={[
            { value: '80', label: t('settings.printer.width80') },
            { value: '58', label: t('settings.printer.width58') },
          ]}
        />
      ) : null}
      {escpos ? (
        <>
          <SelectField
            label="settings.printer.cjk"
            field="printerCjk"
            options={[
              { value: 'gb18030', label: t('settings.printer.cjkOn') },
              { value: 'none', label: t('settings.printer.cjkOff') },
            ]}
          />
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

function PinChange() {
  const { t } = useT();
  const currentId = useId();
  const nextId = useId();
  const repeatId = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const changed = useManager((s) => s.settings.pinChanged);
  const changePin = useManager((s) => s.changePin);
  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    void changePin(current, next, repeat).then((ok) => {
      if (ok) {
        setCurrent('');
        setNext('');
        setRepeat('');
      }
    });
  }
  const pinInput = (id: string, value: string, set: (v: string) => void) => (
    <input
      id={id}
      className="text-input pin-input"
      type="password"
      inputMode="numeric"
      autoComplete="off"
      maxLength={8}
      value={value}
      onChange={(e) => set(e.target.value.replace(/\D/g, ''))}
    />
  );
  return (
    <form className="m-card m-fieldset m-form" onSubmit={onSubmit}>
      <h3>{t('settings.pin')}</h3>
      <label htmlFor={currentId}>{t('settings.pin.current')}</label>
      {pinInput(currentId, current, setCurrent)}
      <label htmlFor={nextId}>{t('manager.gate.newPin')}</label>
      {pinInput(nextId, next, setNext)}
      <label htmlFor={repeatId}>{t('manager.gate.repeatPin')}</label>
      {pinInput(repeatId, repeat, setRepeat)}
      <button type="submit" className="button">
        {t('settings.pin.change')}
      </button>
      {changed ? (
        <p className="m-ok" role="status">
          {t('settings.pin.changed')}
        </p>
      ) : null}
    </form>
  );
}

export function SettingsPanel() {
  const { t } = useT();
  const draft = useManager((s) => s.settings.draft);
  const problem = useManager((s) => s.settings.problem);
  const problemNear = useManager((s) => s.settings.problemNear);
  const saved = useManager((s) => s.settings.saved);
  const busy = useManager((s) => s.settings.busy);
  const save = useManager((s) => s.saveSettings);
  if (!draft) return <p className="muted">{t('history.loading')}</p>;

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    void save();
  }

  const saveBar = (
    <div className="m-savebar">
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('settings.save')}
      </button>
      {saved ? (
        <p className="m-ok" role="status" data-testid="m-settings-saved">
          {t('settings.saved')}
        </p>
      ) : null}
      <Problem problem={problemNear === null ? problem : null} testId="m-settings-problem" />
    </div>
  );

  return (
    <div className="m-settings" data-testid="m-settings-panel">
      <form className="m-settings-form" onSubmit={onSubmit} noValidate>
        {saveBar}
        <fieldset className="m-card m-fieldset">
          <legend>{t('settings.terminal')}</legend>
          <TextField label="settings.merchantName" field="merchantName" />
          <TextField label="settings.posNo" field="posNo" hint={t('settings.posNoHint')} />
          <TextField label="settings.timeZone" field="timeZone" hint={t('settings.timeZoneHint')} />
          <SelectField
            label="settings.language"
            field="language"
            options={[
              { value: 'en', label: t('nav.english') },
              { value: 'zh', label: t('nav.chinese') },
            ]}
          />
          <CheckField label="settings.sound" field="soundOn" />
          <TextField label="settings.maxAmount" field="maxAmount" inputMode="decimal" />
          <SelectField
            label="settings.latePayments"
            field="latePayments"
            options={[
              { value: 'refund', label: t('settings.latePayments.refund') },
              { value: 'ask_manager', label: t('settings.latePayments.ask_manager') },
            ]}
          />
          <SelectField
            label="settings.amountEntry"
            field="amountEntry"
            options={[
              { value: 'cents', label: t('settings.amountEntry.cents') },
              { value: 'decimal', label: t('settings.amountEntry.decimal') },
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
            options={[
              { value: 'local', label: t('settings.terminalApi.local') },
              { value: 'lan', label: t('settings.terminalApi.lan') },
            ]}
          />
          <p className="m-hint">{t('settings.terminalApi.hint')}</p>
        </fieldset>
        <Credentials />
        <ScannerSettings />
        <PrinterSettings />
        <CustomerDisplaySettings />
      </form>
      <PairedPosKeys />
      <StoreServerSettings />
      <PinChange />
    </div>
  );
}
