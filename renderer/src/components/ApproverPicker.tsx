/**
 * "Who approves": the person whose PIN is typed next, so the core checks that person's PIN, lockout and
 * permission (people-spec: every PIN entry passes `personId`). Shown only when the till has people.
 */
import { useId } from 'react';
import type { ApproverChoice } from './useApprover';
import { useT } from '../i18n/use-t';
import '../styles/sign-in.css';

export function ApproverPicker({
  choice,
  onChosen,
  testId = 'approver',
}: {
  choice: ApproverChoice;
  /** Called after a person is chosen (the caller may clear its "choose who approves" line). */
  onChosen?: () => void;
  testId?: string;
}) {
  const { t } = useT();
  const id = useId();
  const { people, personId: value } = choice;
  if (!choice.shown) return null;
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
        onChange={(e) => {
          choice.choose(e.target.value === '' ? null : e.target.value);
          onChosen?.();
        }}
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
