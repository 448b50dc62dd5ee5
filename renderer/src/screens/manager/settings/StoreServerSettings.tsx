import { useId, useState, type FormEvent } from 'react';
import { formatDateTime, pick } from '../../../i18n';
import { useT } from '../../../i18n/use-t';
import { useManager, useManagerPick } from '../../../store/manager-context';
import { usePos } from '../../../store/context';
import { Problem } from '../Problem';
import { TextInput } from '../../../components/TextInputs';

/**
 * The store server (docs/store-server.md): enrol with an address and the one-time code a manager created on
 * the server, or show the link and unlink. The credential never reaches this page.
 */
export function StoreServerSettings() {
  const { t, language } = useT();
  const urlId = useId();
  const codeId = useId();
  const [url, setUrl] = useState('');
  const [code, setCode] = useState('');
  const link = usePos((s) => s.storeLink);
  const timeZone = useManager((s) => s.settings.view?.timeZone);
  const { storeLinkBusy: busy, storeLinkProblem: problem } = useManager((s) => s.settings);
  const { enrolStoreServer: enrol, unlinkStoreServer: unlink } = useManagerPick(
    'enrolStoreServer',
    'unlinkStoreServer',
  );
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
          <TextInput
            id={urlId}
            type="url"
            placeholder={t('settings.storeServer.urlExample')}
            maxLength={200}
            value={url}
            onValue={setUrl}
          />
          <label htmlFor={codeId}>{t('settings.storeServer.code')}</label>
          <TextInput id={codeId} spellCheck={false} maxLength={40} value={code} onValue={setCode} />
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('settings.storeServer.enrol')}
          </button>
        </form>
      )}
      <Problem problem={problem} testId="m-store-server-problem" />
    </section>
  );
}
