/** How people sign in at this till: no sign-in or sign-in, the idle minutes, and the first name on the customer display. */
import { useId, useState, type FormEvent } from 'react';
import type { PeopleSettingsView } from '../../../../../preload/api';
import { useT } from '../../../i18n/use-t';
import { useManager } from '../../../store/manager-context';

const MODES = ['no_sign_in', 'sign_in'] as const;

/** Minutes as typed: empty is never; else a whole number from 1 to 720 (null when not one). */
function readMinutes(text: string): number | 'never' | null {
  const s = text.trim();
  if (s === '') return 'never';
  if (!/^\d{1,3}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= 720 ? n : null;
}

export function PeopleModeCard({ settings }: { settings: PeopleSettingsView }) {
  const { t } = useT();
  const save = useManager((s) => s.savePeopleMode);
  const busy = useManager((s) => s.people.busy);
  const [mode, setMode] = useState(settings.mode);
  const [idle, setIdle] = useState(
    settings.idleSignOutMinutes === null ? '' : String(settings.idleSignOutMinutes),
  );
  const [showName, setShowName] = useState(settings.showNameOnCustomerDisplay);
  const [idleWrong, setIdleWrong] = useState(false);
  const base = useId();

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    const minutes = readMinutes(idle);
    if (minutes === null) return setIdleWrong(true);
    setIdleWrong(false);
    void save(mode, minutes === 'never' ? null : minutes, showName);
  }

  return (
    <section className="m-card" aria-labelledby={`${base}-title`} data-testid="m-people-mode">
      <h3 id={`${base}-title`}>{t('people.mode.heading')}</h3>
      <form className="m-form" onSubmit={onSubmit}>
        <fieldset className="m-radios">
          <legend className="visually-hidden">{t('people.mode.heading')}</legend>
          {MODES.map((m) => (
            <div key={m} className="m-field m-check">
              <input
                id={`${base}-${m}`}
                type="radio"
                name={`${base}-mode`}
                checked={mode === m}
                onChange={() => setMode(m)}
              />
              <label htmlFor={`${base}-${m}`}>{t(`people.mode.${m}`)}</label>
            </div>
          ))}
        </fieldset>
        <div className={idleWrong ? 'm-field m-field-error' : 'm-field'}>
          <label htmlFor={`${base}-idle`}>{t('people.mode.idle')}</label>
          <input
            id={`${base}-idle`}
            className="text-input m-amount-input"
            inputMode="numeric"
            maxLength={3}
            autoComplete="off"
            value={idle}
            onChange={(e) => setIdle(e.target.value)}
          />
          {idleWrong ? (
            <p className="m-field-message" role="alert">
              {t('people.mode.idleInvalid')}
            </p>
          ) : null}
        </div>
        <div className="m-field m-check">
          <input
            id={`${base}-name`}
            type="checkbox"
            checked={showName}
            onChange={(e) => setShowName(e.target.checked)}
          />
          <label htmlFor={`${base}-name`}>{t('people.mode.customerName')}</label>
        </div>
        <div className="m-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('people.mode.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
