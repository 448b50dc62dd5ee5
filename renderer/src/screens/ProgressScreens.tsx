/** Money may be moving: sending, checking, or the customer typing their password. */
import type { SaleView } from '../../../preload/api';
import { AmountBig } from '../components/AmountDisplay';
import { Countdown } from '../components/Countdown';
import { Spinner } from '../components/Spinner';
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

export function ProgressScreen({ sale }: { sale: SaleView }) {
  const { t } = useT();
  const checking = sale.phase === 'checking';
  return (
    <section className="screen screen-progress" aria-busy="true">
      <AmountBig cents={sale.amountCents} />
      <ScanSeen />
      <Spinner label={t(checking ? 'progress.checking' : 'progress.submitting')} />
      {checking ? <p className="lead">{t('progress.checkingHint')}</p> : null}
      <div className="screen-actions stacked">
        <VoidButton />
      </div>
    </section>
  );
}

export function WaitingScreen({ sale }: { sale: SaleView }) {
  const { t } = useT();
  const busy = usePos((s) => s.busy);
  const stopWaiting = usePos((s) => s.stopWaiting);
  return (
    <section className="screen screen-waiting" aria-labelledby="waiting-heading">
      <AmountBig cents={sale.amountCents} />
      <ScanSeen />
      <div className="waiting-body">
        <span className="phone-icon" aria-hidden="true" />
        <h2 id="waiting-heading">{t('waiting.heading')}</h2>
        {sale.waitDeadline !== null ? <Countdown deadline={sale.waitDeadline} /> : null}
      </div>
      <div className="screen-actions stacked">
        <button
          type="button"
          className="button button-wide"
          disabled={busy}
          onClick={() => void stopWaiting()}
        >
          {t('waiting.stop')} <kbd>{t('scan.cancelHint')}</kbd>
        </button>
        <p className="hint">{t('waiting.stopHint')}</p>
        <VoidButton />
      </div>
    </section>
  );
}
