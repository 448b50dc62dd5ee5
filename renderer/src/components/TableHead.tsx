/** A table's column headings, one message key each (null: an unnamed column, e.g. for buttons). */
import type { MessageKey } from '../i18n/en';
import { useT } from '../i18n/use-t';

export function TableHead({ columns }: { columns: readonly (MessageKey | null)[] }) {
  const { t } = useT();
  return (
    <thead>
      <tr>
        {columns.map((key, i) => (
          <th key={key ?? i} scope="col">
            {key ? t(key) : null}
          </th>
        ))}
      </tr>
    </thead>
  );
}
