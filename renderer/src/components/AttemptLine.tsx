/** One payment attempt of a sale, as the history and the unresolved list show it. */
import type { ReactNode } from 'react';
import type { SaleDetail } from '../../../preload/api';
import { formatTime, pick, translateCode } from '../i18n';
import { useT } from '../i18n/use-t';
import { usePos } from '../store/context';

/** "••••••••••••••0003" → "•••• 0003": the last digits are what a person compares. */
function shortMask(masked: string): string {
  return masked.replace(/^[•*]{4,}/, '•••• ');
}

/**
 * Its number, when, the wallet, the customer's code (masked, when `showCode`), how it ended and what the
 * screen adds (children); then the gateway's message, if any.
 */
export function AttemptLine({
  attempt,
  showCode = false,
  children,
}: {
  attempt: SaleDetail['attempts'][number];
  showCode?: boolean;
  children?: ReactNode;
}) {
  const { t, language } = useT();
  const timeZone = usePos((s) => s.terminal?.timeZone);
  return (
    <>
      <p className="attempt-line">
        <strong>{t('detail.attempt.number', { seq: attempt.seq })}</strong>
        <span>{formatTime(language, attempt.createdAt, timeZone)}</span>
        <span>{attempt.platform ? t(`platform.${attempt.platform}`) : t('platform.unknown')}</span>
        {showCode && attempt.maskedCode ? (
          <span className="mono">{shortMask(attempt.maskedCode)}</span>
        ) : null}
        <span className={`badge badge-attempt-${attempt.status}`}>
          {translateCode(language, 'attempt', attempt.status)}
        </span>
        {children}
      </p>
      {attempt.message ? <p className="attempt-note">{pick(attempt.message, language)}</p> : null}
    </>
  );
}
