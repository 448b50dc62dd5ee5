/** Money may be moving: sending, checking, or the customer typing their password. */
import { useEffect, useState } from 'react';
import type { SaleView } from '../../../preload/api';
import { AmountBig } from '../components/AmountDisplay';
import { Countdown } from '../components/Countdown';
import { Spinner } from '../components/Spinner';
import { StopWaitingButton } from '../components/StopWaitingButton';
import { StorageNote } from '../components/StorageNote';
import { VoidButton } from '../components/VoidButton';
import { useT } from '../i18n/use-t';
import { usePos } from '../store/context';

function ScanSeen() {
  const { t } = useT();
  const scan = usePos((s) => s.scan);
  if (!scan) return null;
  return (
    <p className="platform-seen" data-testid="scan-platform">
      {t('scan.platformSeen', { platform: t(`platform.${scan.platform}`), code: scan.maskedCode })}
    </p>
  );
}

/** After this long without an answer the cashier is told what is going on and what to do. */
export const SLOW_AFTER_MS = 8_000;

/** Seconds since this screen first showed the sale: every wait is visible to the cashier. */
function useElapsedSeconds(saleId: string): number {
  const [since] = useState(() => ({ id: saleId, at: Date.now() }));
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, Math.floor((now - since.at) / 1000));
}

export function ProgressScreen({ sale }: { sale: SaleView }) {
  const { t } = useT();
  const checking = sale.phase === 'checking';
  const elapsed = useElapsedSeconds(sale.id);
  const slow = elapsed * 1000 >= SLOW_AFTER_MS;
  return (
    <section className="screen screen-progress" aria-busy="true">
      <AmountBig cents={sale.amountCents} />
      <ScanSeen />
      <Spinner label={t(checking ? 'progress.checking' : 'progress.submitting')} />
      <p className="progress-elapsed" data-testid="progress-elapsed">
        {t('progress.elapsed', { seconds: elapsed })}
      </p>
      {checking ? <p className="lead">{t('progress.checkingHint')}</p> : null}
      <StorageNote sale={sale} />
      {slow ? (
        <p className="lead progress-slow" data-testid="progress-slow">
          {t('progress.slowHint')}
        </p>
      ) : null}
      <div className="screen-actions stacked">
        <VoidButton />
      </div>
    </section>
  );
}

export function WaitingScreen({ sale }: { sale: SaleView }) {
  const { t } = useT();
  return (
    <section className="screen screen-waiting" aria-labelledby="waiting-heading">
      <AmountBig cents={sale.amountCents} />
      <ScanSeen />
      <div className="waiting-body">
        <span className="phone-icon" aria-hidden="true" />
        <h2 id="waiting-heading">{t('waiting.heading')}</h2>
        {sale.waitDeadline !== null ? <Countdown deadline={sale.waitDeadline} /> : null}
        <StorageNote sale={sale} />
      </div>
      <div className="screen-actions stacked">
        <StopWaitingButton />
        <VoidButton />
      </div>
    </section>
  );
}
