/**
 * Manager → People: everyone this till knows (name, role, badge, disabled or locked, and whether they come from
 * the store server, read-only here, with the list's age), the add / edit form, badges, what each role may do,
 * and how people sign in. Every change is the manager's (`manage_people`).
 */
import { formatTime } from '../../../i18n';
import { useT } from '../../../i18n/use-t';
import { usePos } from '../../../store/context';
import { useManager, useManagerPick } from '../../../store/manager-context';
import { ServerListAge } from '../../../components/ServerListAge';
import { TableHead } from '../../../components/TableHead';
import { Problem } from '../Problem';
import '../../../styles/people.css';
import { BadgeCard } from './BadgeCard';
import { PeopleModeCard } from './PeopleModeCard';
import { PersonForm } from './PersonForm';
import { RolesEditor } from './RolesEditor';
import type { PersonDetail } from '../../../../../preload/api';

function StateCell({ person }: { person: PersonDetail }) {
  const { t, language } = useT();
  const timeZone = usePos((s) => s.terminal?.timeZone);
  if (person.disabled) return <span className="badge badge-failed">{t('people.state.disabled')}</span>;
  if (person.lockedUntil !== null && person.lockedUntil > Date.now())
    return (
      <span className="badge badge-unresolved">
        {t('people.state.locked', { time: formatTime(language, person.lockedUntil, timeZone) })}
      </span>
    );
  if (!person.hasPin) return <span className="muted">{t('people.state.noPin')}</span>;
  return <span>{t('people.state.active')}</span>;
}

function PersonRow({ person }: { person: PersonDetail }) {
  const { t } = useT();
  const {
    editPerson: edit,
    issueBadge: issue,
    revokeBadge: revoke,
  } = useManagerPick('editPerson', 'issueBadge', 'revokeBadge');
  const busy = useManager((s) => s.people.busy);
  return (
    <tr data-testid="m-person" data-person-id={person.id}>
      <th scope="row" className="cell-wrap">
        {person.name}
      </th>
      <td>{t(`people.role.${person.role}`)}</td>
      <td data-testid="m-person-badge">{t(person.hasBadge ? 'people.yes' : 'people.no')}</td>
      <td className="cell-wrap" data-testid="m-person-state">
        <StateCell person={person} />
      </td>
      <td>{t(person.source === 'server' ? 'people.source.server' : 'people.source.till')}</td>
      <td className="m-person-actions">
        <button type="button" className="button" disabled={busy} onClick={() => edit(person.id)}>
          {t('people.edit')}
        </button>
        {person.disabled ? null : (
          <button type="button" className="button" disabled={busy} onClick={() => void issue(person.id)}>
            {t(person.hasBadge ? 'people.badge.replace' : 'people.badge.issue')}
          </button>
        )}
        {person.hasBadge ? (
          <button type="button" className="button" disabled={busy} onClick={() => void revoke(person.id)}>
            {t('people.badge.revoke')}
          </button>
        ) : null}
      </td>
    </tr>
  );
}

export function PeoplePanel() {
  const { t } = useT();
  const { people: admin, editPerson: edit } = useManagerPick('people', 'editPerson');
  const counter = usePos((s) => s.people);
  const done = admin.done;
  return (
    <div className="m-people" data-testid="m-people">
      <section className="m-card" aria-labelledby="m-people-title">
        <h3 id="m-people-title">{t('people.panel.heading')}</h3>
        {counter ? <ServerListAge people={counter} now={Date.now()} /> : null}
        {admin.list !== null && admin.list.length === 0 ? <p className="m-hint">{t('people.none')}</p> : null}
        {admin.list !== null && admin.list.length > 0 ? (
          <table className="table m-people-table" data-testid="m-people-table">
            <TableHead
              columns={[
                'people.col.name',
                'people.col.role',
                'people.col.badge',
                'people.col.state',
                'people.col.source',
                null,
              ]}
            />
            <tbody>
              {admin.list.map((p) => (
                <PersonRow key={p.id} person={p} />
              ))}
            </tbody>
          </table>
        ) : null}
        {done ? (
          <p className="m-done" role="status" data-testid="m-people-done">
            {t(done.key, done.role ? { role: t(`people.role.${done.role}`) } : done.vars)}
          </p>
        ) : null}
        <Problem problem={admin.problem} testId="m-people-problem" />
        {admin.draft === null ? (
          <button type="button" className="button button-primary" onClick={() => edit(null)}>
            {t('people.add')}
          </button>
        ) : null}
      </section>
      {admin.badge ? <BadgeCard /> : null}
      {admin.draft ? <PersonForm /> : null}
      {admin.settings ? <PeopleModeCard settings={admin.settings} /> : null}
      {admin.settings ? <RolesEditor settings={admin.settings} /> : null}
    </div>
  );
}
