/** Add or change one person: name, role, a PIN set or reset (typed twice), disabled. */
import { useId, type FormEvent } from 'react';
import { ROLES } from '../../../../../main/people/permissions';
import { useT } from '../../../i18n/use-t';
import { useManager, useManagerPick } from '../../../store/manager-context';
import { PinInput, TextInput } from '../../../components/TextInputs';

export function PersonForm() {
  const { t } = useT();
  const { draft, busy } = useManager((s) => s.people);
  const { setDraft, savePerson, cancelEdit } = useManagerPick('setDraft', 'savePerson', 'cancelEdit');
  const nameId = useId();
  const roleId = useId();
  const pinId = useId();
  const repeatId = useId();
  const disabledId = useId();
  if (!draft) return null;
  const readOnly = draft.source === 'server';
  const isNew = draft.id === null;

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    void savePerson();
  }

  return (
    <section className="m-card" aria-labelledby="m-person-form-title" data-testid="m-person-form">
      <h3 id="m-person-form-title">
        {isNew ? t('people.form.headingNew') : t('people.form.headingEdit', { name: draft.name })}
      </h3>
      {readOnly ? <p className="m-hint">{t('people.form.readOnly')}</p> : null}
      <form className="m-form m-person-form" onSubmit={onSubmit}>
        <div className="m-field">
          <label htmlFor={nameId}>{t('people.form.name')}</label>
          <TextInput
            id={nameId}
            maxLength={60}
            value={draft.name}
            disabled={readOnly}
            onValue={(name) => setDraft({ name })}
          />
        </div>
        <div className="m-field">
          <label htmlFor={roleId}>{t('people.form.role')}</label>
          <select
            id={roleId}
            className="text-input"
            value={draft.role}
            disabled={readOnly}
            onChange={(e) => setDraft({ role: e.target.value as (typeof ROLES)[number] })}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`people.role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        {readOnly ? null : (
          <div className="m-gate-pair">
            <div className="m-field">
              <label htmlFor={pinId}>{t(isNew ? 'people.form.pin' : 'people.form.resetPin')}</label>
              <PinInput id={pinId} value={draft.newPin} onValue={(newPin) => setDraft({ newPin })} />
            </div>
            <div className="m-field">
              <label htmlFor={repeatId}>{t('people.form.repeat')}</label>
              <PinInput id={repeatId} value={draft.repeat} onValue={(repeat) => setDraft({ repeat })} />
            </div>
          </div>
        )}
        {isNew || readOnly ? null : (
          <div className="m-field m-check">
            <input
              id={disabledId}
              type="checkbox"
              checked={draft.disabled}
              onChange={(e) => setDraft({ disabled: e.target.checked })}
            />
            <label htmlFor={disabledId}>{t('people.form.disabled')}</label>
          </div>
        )}
        <div className="m-actions">
          {readOnly ? null : (
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('people.form.save')}
            </button>
          )}
          <button type="button" className="button" onClick={cancelEdit}>
            {t('people.form.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
