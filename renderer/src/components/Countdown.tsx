/** Live countdown to an epoch-ms deadline, redrawn four times a second. */
import { formatCountdown } from '../i18n';
import { useT } from '../i18n/use-t';
import { useNow } from './useNow';

export function Countdown({ deadline }: { deadline: number }) {
  const { t } = useT();
  const now = useNow(250);
  const left = formatCountdown(deadline - now);
  return (
    <p className="countdown" role="timer" aria-label={t('waiting.countdownLabel')} data-testid="countdown">
      <span className="countdown-value">{left}</span>
      <span className="countdown-caption">{t('waiting.countdown', { time: left })}</span>
    </p>
  );
}
