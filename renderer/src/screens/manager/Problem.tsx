/** A manager-area problem: the core's bilingual message (with its code and detail) or a screen message. */
import { pick } from '../../i18n';
import { useT } from '../../i18n/use-t';
import type { MessageKey } from '../../i18n/en';
import type { ManagerProblem } from '../../store/manager-store';
import { useManager } from '../../store/manager-context';

/** Refusals another person's PIN can overcome: the area offers to let someone else approve. */
const ANOTHER_PERSON = new Set(['NOT_ALLOWED', 'REFUND_OVER_LIMIT']);

export function Problem({
  problem,
  hint,
  testId,
}: {
  problem: ManagerProblem | null;
  hint?: MessageKey | null;
  testId?: string;
}) {
  const { t, language } = useT();
  const unlocked = useManager((s) => s.pin !== null);
  const switchPerson = useManager((s) => s.switchPerson);
  if (!problem) return null;
  const another = unlocked && problem.source === 'core' && ANOTHER_PERSON.has(problem.error.code);
  return (
    <div className="m-problem" role="alert" data-testid={testId ?? 'm-problem'}>
      <p className="m-problem-text">
        {problem.source === 'core' ? pick(problem.error.message, language) : t(problem.key)}
      </p>
      {hint ? <p className="m-problem-hint">{t(hint)}</p> : null}
      {problem.source === 'core' && problem.error.detail ? (
        <p className="notice-detail">{t('notice.detail', { detail: problem.error.detail })}</p>
      ) : null}
      {problem.source === 'core' ? (
        <p className="notice-detail">{t('manager.errorCode', { code: problem.error.code })}</p>
      ) : null}
      {another ? (
        <button type="button" className="button" data-testid="approve-other" onClick={switchPerson}>
          {t('people.approver.other')}
        </button>
      ) : null}
    </div>
  );
}
