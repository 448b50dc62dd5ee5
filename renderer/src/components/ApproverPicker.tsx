/**
 * "Who approves": the person whose PIN is typed next, so the core checks that person's PIN, lockout and
 * permission (people-spec: every PIN entry passes `personId`). Shown only when the till has people.
 */
import { useId } from 'react';
import type { PersonRef } from '../../../preload/api';
import { useT } from '../i18n/use-t';
import '../styles/sign-in.css';

export function ApproverPicker({
  people,
  value,
  onChange,
  testId = 'approver',
}: {
  people: PersonRef[];
  value: string | null;
  onChange(personId: string | null): void;
  testId?: string;
}) {
  const { t } = useT();
  const id = useId();
  if (people.length === 0) {
    return (
      <p className="warn-text" data-testid={`${testId}-none`}>
        {t('people.approver.noOne')}
      </p>
    );
  }
  return (
    <div className="approver">
      <label htmlFor={id}>{t('people.approver.label')}</label>
      <select
        id={id}
        className="text-input approver-select"
        data-testid={testId}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
      >
        {value === null ? <option value="">{t('people.approver.choose')}</option> : null}
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {`${p.name} · ${t(`people.role.${p.role}`)}`}
          </option>
        ))}
      </select>
    </div>
  );
}
