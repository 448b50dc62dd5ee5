/**
 * What each role may do: one column of checkboxes per role, and the refund limit in dollars (empty: no limit).
 * Each role is saved on its own; the core keeps `sell` for everyone and `manage_people` for managers whatever is
 * sent, and the boxes say so by being fixed.
 */
import { useId, useState, type FormEvent } from 'react';
import type { PeopleSettingsView, PersonPermission, PersonRole } from '../../../../../preload/api';
import { MAX_REFUND_LIMIT_CENTS, PERMISSIONS, ROLES } from '../../../../../main/people/permissions';
import { parseAmountToCents } from '../../../../../main/shared/money';
import { useT } from '../../../i18n/use-t';
import { useManager } from '../../../store/manager-context';
import { centsText } from '../../../store/manager/context';

function fixed(role: PersonRole, permission: PersonPermission): boolean {
  return permission === 'sell' || (role === 'manager' && permission === 'manage_people');
}

/** The limit as typed, exactly to cents: empty is no limit (null); undefined when it is not an amount. */
function readLimit(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  try {
    return parseAmountToCents(text, MAX_REFUND_LIMIT_CENTS);
  } catch {
    return undefined;
  }
}

function RoleForm({ role, settings }: { role: PersonRole; settings: PeopleSettingsView }) {
  const { t } = useT();
  const save = useManager((s) => s.saveRole);
  const busy = useManager((s) => s.people.busy);
  const stored = settings.roles[role];
  const [checked, setChecked] = useState<PersonPermission[]>(stored.permissions);
  const [limit, setLimit] = useState(
    stored.refundLimitCents === null ? '' : centsText(stored.refundLimitCents),
  );
  const [limitWrong, setLimitWrong] = useState(false);
  const limitId = useId();
  const base = useId();

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    const cents = readLimit(limit);
    if (cents === undefined) return setLimitWrong(true);
    setLimitWrong(false);
    void save(role, checked, cents);
  }

  return (
    <form className="m-role" onSubmit={onSubmit} data-testid={`m-role-${role}`}>
      <h4>{t(`people.role.${role}`)}</h4>
      {PERMISSIONS.map((p) => {
        const id = `${base}-${p}`;
        return (
          <div key={p} className="m-field m-check">
            <input
              id={id}
              type="checkbox"
              checked={fixed(role, p) || checked.includes(p)}
              disabled={fixed(role, p)}
              onChange={(e) =>
                setChecked(e.target.checked ? [...checked, p] : checked.filter((x) => x !== p))
              }
            />
            <label htmlFor={id}>{t(`people.perm.${p}`)}</label>
          </div>
        );
      })}
      <div className={limitWrong ? 'm-field m-field-error' : 'm-field'}>
        <label htmlFor={limitId}>{t('people.roles.limit')}</label>
        <input
          id={limitId}
          className="text-input m-amount-input"
          inputMode="decimal"
          maxLength={12}
          autoComplete="off"
          value={limit}
          disabled={!checked.includes('refund')}
          onChange={(e) => setLimit(e.target.value)}
        />
        {limitWrong ? (
          <p className="m-field-message" role="alert">
            {t('people.roles.limitInvalid')}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button" disabled={busy}>
        {t('people.roles.save', { role: t(`people.role.${role}`) })}
      </button>
    </form>
  );
}

export function RolesEditor({ settings }: { settings: PeopleSettingsView }) {
  const { t } = useT();
  return (
    <section className="m-card" aria-labelledby="m-roles-title" data-testid="m-roles">
      <h3 id="m-roles-title">{t('people.roles.heading')}</h3>
      <p className="m-hint">{t('people.roles.managerKeeps')}</p>
      <div className="m-roles">
        {ROLES.map((r) => (
          <RoleForm key={r} role={r} settings={settings} />
        ))}
      </div>
    </section>
  );
}
