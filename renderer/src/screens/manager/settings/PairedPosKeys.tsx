/** The POS systems paired with the Terminal API: name and last use, and a Revoke button per key. */
import { formatDateTime } from '../../../i18n';
import { useT } from '../../../i18n/use-t';
import { useManager } from '../../../store/manager-context';
import { Problem } from '../Problem';

export function PairedPosKeys() {
  const { t, language } = useT();
  const { apiKeys: keys, apiKeysProblem: problem } = useManager((s) => s.settings);
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
