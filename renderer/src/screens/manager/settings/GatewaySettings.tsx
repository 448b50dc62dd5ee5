/**
 * The gateway and its credentials: region, merchant number, the secret key (write-only: only whether one is
 * stored is shown), timeouts, and "Test connection" with its result.
 */
import { useId, useState } from 'react';
import type { ConnectionTestResult, GatewayRegion } from '../../../../../preload/api';
import { pick } from '../../../i18n';
import { useT } from '../../../i18n/use-t';
import { useManager, useManagerPick } from '../../../store/manager-context';
import { BOUNDS } from '../../../store/settings-form';
import { choicesUnder, SelectField, SettingsProblem, TextField } from './fields';

const REGIONS = choicesUnder('settings.region.', ['AU', 'CN', 'sandbox', 'custom'] satisfies GatewayRegion[]);

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

export function GatewaySettings() {
  const { t, language } = useT();
  const secretId = useId();
  const [secret, setSecret] = useState('');
  const { view, draft, busy, secretSaved, connection } = useManager((s) => s.settings);
  const { saveSecretKey: saveSecret, testConnection } = useManagerPick('saveSecretKey', 'testConnection');
  if (!view || !draft) return null;
  return (
    <fieldset className="m-card m-fieldset">
      <legend>{t('settings.gateway')}</legend>
      <SelectField label="settings.region" field="region" choices={REGIONS} />
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
        <SettingsProblem near="secret" testId="m-secret-problem" />
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
