/** A manager-area problem: the core's bilingual message (with its code and detail) or a screen message. */
import { pick } from '../../i18n';
import { useT } from '../../i18n/use-t';
import type { MessageKey } from '../../i18n/en';
import type { ManagerProblem } from '../../store/manager-store';

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
  if (!problem) return null;
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
    </div>
  );
}
