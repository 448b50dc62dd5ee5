/** How old the store server's staff list is (a till offline keeps the list it had, and says since when). */
import type { PeopleState } from '../../../preload/api';
import { formatDateTime } from '../i18n';
import { useT } from '../i18n/use-t';
import { usePos } from '../store/context';

export function ServerListAge({ people, now }: { people: PeopleState; now: number }) {
  const { t, language } = useT();
  const timeZone = usePos((s) => s.terminal?.timeZone);
  const list = people.serverList;
  if (list === null) return null;
  if (list.syncedAt === null) {
    return (
      <p className="muted" data-testid="server-list-age">
        {t('people.signIn.serverListNever')}
      </p>
    );
  }
  return (
    <p className="muted" data-testid="server-list-age">
      {t('people.signIn.serverListAge', {
        time: formatDateTime(language, list.syncedAt, timeZone),
        minutes: Math.max(0, Math.floor((now - list.syncedAt) / 60_000)),
      })}
    </p>
  );
}
