/** The sale is open: the cashier scans the customer's code (or types it when the scanner fails). */
import type { SaleView } from '../../../preload/api';
import { AmountBig } from '../components/AmountDisplay';
import { SaleActionButton } from '../components/KeyButton';
import { ManualCodeForm } from '../components/ManualCodeForm';
import { pick } from '../i18n';
import { useT } from '../i18n/use-t';
import { usePos } from '../store/context';

export function ScanNotice() {
  const { language } = useT();
  const notice = usePos((s) => s.scanNotice);
  if (!notice) return null;
  return (
    <p className="scan-notice" role="alert" data-testid="scan-notice">
      {pick(notice.message, language)}
    </p>
  );
}

export function ScanPromptScreen({ sale }: { sale: SaleView }) {
  const { t } = useT();
  const scanner = usePos((s) => s.scanner);
  const scannerDown =
    scanner !== null &&
    (scanner.kind === 'serial' || scanner.kind === 'hid') &&
    scanner.state !== 'connected';

  return (
    <section className="screen screen-scan" aria-labelledby="scan-heading">
      <AmountBig cents={sale.amountCents} />
      <div className="scan-prompt">
        <span className="scan-icon" aria-hidden="true" />
        <h2 id="scan-heading">{t('scan.heading')}</h2>
        <p className="lead">{t('scan.instructions')}</p>
        {scannerDown ? <p className="warn-text">{t('scan.scannerDown')}</p> : null}
        {scanner?.testMode ? (
          <p className="warn-text" role="alert" data-testid="scanner-test-mode">
            {t('status.scanner.testMode')}
          </p>
        ) : null}
        <ScanNotice />
      </div>
      <ManualCodeForm />
      <div className="screen-actions">
        <SaleActionButton action="cancelSale" className="button button-quiet" />
      </div>
    </section>
  );
}
