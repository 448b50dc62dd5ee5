/** How the sale ended, what it means and what to do next. */
import type { SaleView } from '../../../preload/api';
import { ManualCodeForm } from '../components/ManualCodeForm';
import { Receipt } from '../components/Receipt';
import { Spinner } from '../components/Spinner';
import { VoidButton } from '../components/VoidButton';
import { formatAud, formatCny, formatTime, pick } from '../i18n';
import { useT } from '../i18n/use-t';
import { scaledRateToText } from '../store/amount-entry';
import { usePos, usePosPick } from '../store/context';
import { ScanNotice } from './ScanPromptScreen';
import { StorageNote } from '../components/StorageNote';

function NewSaleButton({ primary }: { primary?: boolean }) {
  const { t } = useT();
  const { newSale, busy } = usePosPick('newSale', 'busy');
  return (
    <button
      type="button"
      className={`button button-wide ${primary ? 'button-primary' : ''}`}
      disabled={busy}
      onClick={() => void newSale()}
    >
      {t('result.newSale')} <kbd>{t('result.newSaleHint')}</kbd>
    </button>
  );
}

export function PaidScreen({ sale }: { sale: SaleView }) {
  const { t, language } = useT();
  const timeZone = usePos((s) => s.terminal?.timeZone);
  const receipt = usePos((s) => (s.receipt?.saleId === sale.id ? s.receipt : null));
  const printReceipt = usePos((s) => s.printReceipt);
  const rate = scaledRateToText(sale.exchangeRateScaled);
  return (
    <section className="screen screen-result result-paid" aria-labelledby="paid-heading">
      <div className="result-main">
        <span className="result-mark mark-ok" aria-hidden="true" />
        <h2 id="paid-heading" className="result-title" data-testid="result-title">
          {t('result.paid')}
        </h2>
        <p className="amount-big" data-testid="sale-amount">
          {formatAud(language, sale.amountCents)}
        </p>
        {sale.platform ? (
          <p className="lead" data-testid="paid-platform">
            {t('result.paidWith', { platform: t(`platform.${sale.platform}`) })}
          </p>
        ) : null}
        <p className="lead" data-testid="paid-time">
          {t('result.paidAt', { time: formatTime(language, sale.paidAt ?? sale.createdAt, timeZone) })}
        </p>
        {sale.cnyAmount !== null && rate !== null ? (
          <p className="muted" data-testid="paid-cny">
            {t('result.cnyPaid', { cny: formatCny(language, sale.cnyAmount), rate })}
          </p>
        ) : null}
        <StorageNote sale={sale} />
        <ScanNotice />
        <div className="screen-actions stacked">
          <NewSaleButton primary />
          <button
            type="button"
            className="button button-wide"
            disabled={!receipt}
            onClick={(e) => {
              // Let go of focus so the Enter that follows means "New sale", as the screen says.
              e.currentTarget.blur();
              if (receipt) void printReceipt(receipt);
            }}
          >
            {t('result.printReceipt')}
          </button>
        </div>
      </div>
      <div className="result-side">
        {receipt ? <Receipt receipt={receipt} /> : <Spinner label={t('receipt.loading')} />}
      </div>
    </section>
  );
}

export function DeclinedScreen({ sale }: { sale: SaleView }) {
  const { t, language } = useT();
  const { cancelSale, busy } = usePosPick('cancelSale', 'busy');
  return (
    <section className="screen screen-result result-declined" aria-labelledby="declined-heading">
      <div className="result-main">
        <span className="result-mark mark-bad" aria-hidden="true" />
        <h2 id="declined-heading" className="result-title" data-testid="result-title">
          {t('result.declined')}
        </h2>
        <p className="amount-big" data-testid="sale-amount">
          {formatAud(language, sale.amountCents)}
        </p>
        {sale.message ? (
          <p className="reason" data-testid="result-reason">
            {pick(sale.message, language)}
          </p>
        ) : null}
        {sale.errorCode ? <p className="muted">{t('result.errorCode', { code: sale.errorCode })}</p> : null}
        <StorageNote sale={sale} />
        <ScanNotice />
      </div>
      <div className="result-side">
        <h3>{t('result.nextSteps')}</h3>
        <ol className="next-steps">
          <li>{t('result.nextFreshCode')}</li>
          <li>{t('result.nextOtherMethod')}</li>
        </ol>
        <ManualCodeForm />
        <div className="screen-actions">
          <button
            type="button"
            className="button button-wide"
            disabled={busy}
            onClick={() => void cancelSale()}
          >
            {t('scan.cancel')} <kbd>{t('scan.cancelHint')}</kbd>
          </button>
        </div>
      </div>
    </section>
  );
}

export function UnresolvedScreen({ sale }: { sale: SaleView }) {
  const { t, language } = useT();
  return (
    <section className="screen screen-result result-unresolved" aria-labelledby="unresolved-heading">
      <div className="result-main">
        <span className="result-mark mark-warn" aria-hidden="true" />
        <h2 id="unresolved-heading" className="result-title" data-testid="result-title">
          {t('result.unresolved')}
        </h2>
        <p className="amount-big" data-testid="sale-amount">
          {formatAud(language, sale.amountCents)}
        </p>
        <p className="reason" data-testid="result-reason">
          {sale.message ? pick(sale.message, language) : t('result.unresolvedMeaning')}
        </p>
      </div>
      <div className="result-side">
        <h3>{t('result.nextSteps')}</h3>
        <ol className="next-steps">
          <li>{t('result.unresolvedNoCharge')}</li>
          <li>{t('result.unresolvedManager')}</li>
        </ol>
        <div className="screen-actions stacked">
          <NewSaleButton primary />
          <VoidButton />
        </div>
      </div>
    </section>
  );
}

const ENDED_TITLES = {
  abandoned: 'result.abandoned',
  voided: 'result.voided',
  late_paid: 'result.latePaid',
  late_refunding: 'result.lateRefunding',
  late_refunded: 'result.lateRefunded',
} as const;

export function NotPaidScreen({ sale }: { sale: SaleView }) {
  const { t, language } = useT();
  return (
    <section className="screen screen-result result-failed" aria-labelledby="failed-heading">
      <div className="result-main">
        <span className="result-mark mark-bad" aria-hidden="true" />
        <h2 id="failed-heading" className="result-title" data-testid="result-title">
          {t(
            sale.phase in ENDED_TITLES
              ? ENDED_TITLES[sale.phase as keyof typeof ENDED_TITLES]
              : 'result.notPaid',
          )}
        </h2>
        <p className="amount-big" data-testid="sale-amount">
          {formatAud(language, sale.amountCents)}
        </p>
        {sale.message ? <p className="reason">{pick(sale.message, language)}</p> : null}
        <StorageNote sale={sale} />
        <div className="screen-actions">
          <NewSaleButton primary />
        </div>
      </div>
    </section>
  );
}
