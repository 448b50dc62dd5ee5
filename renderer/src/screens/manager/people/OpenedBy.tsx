/** Whose PIN opened the manager area (every action here is theirs), and a way to hand it to someone else. */
import { useT } from '../../../i18n/use-t';
import { usePos } from '../../../store/context';
import { useManagerPick } from '../../../store/manager-context';
import '../../../styles/people.css';

export function OpenedBy() {
  const { t } = useT();
  const { personId, switchPerson } = useManagerPick('personId', 'switchPerson');
  const person = usePos((s) => s.people?.roster.find((p) => p.id === personId) ?? null);
  if (person === null) return null;
  return (
    <p className="m-opened-by" data-testid="m-opened-by">
      <span>
        {t('people.approver.openedBy', { name: person.name, role: t(`people.role.${person.role}`) })}
      </span>
      <button type="button" className="button button-quiet" onClick={switchPerson}>
        {t('people.approver.change')}
      </button>
    </p>
  );
}
