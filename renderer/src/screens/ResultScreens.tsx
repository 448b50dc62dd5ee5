/** How the sale ended, what it means and what to do next. */
import type { SaleView } from '../../../preload/api';
import { AmountBig } from '../components/AmountDisplay';
import { KeyButton } from '../components/KeyButton';
import { ManualCodeForm } from '../components/ManualCodeForm';
import { Receipt } from '../components/Receipt';
import { Spinner } from '../components/Spinner';
import { VoidButton } from '../components/VoidButton';
import { formatCny, formatTime, pick, type MessageKey } from '../i18n';
import { useT } from '../i18n/use-t';
import { scaledRateToText } from '../store/amount-entry';
import { usePos } from '../store/context';
import { ScanNotice } from './ScanPromptScreen';
import { StorageNote } from '../components/StorageNote';

function NewSaleButton({ primary }: { primary?: boolean }) {
  const { t } = useT();
  const newSale = usePos((s) => s.newSale);
  return (
    <KeyButton
      label={t('result.newSale')}
      hint={t('result.newSaleHint')}
      className={`button button-wide ${primary ? 'button-primary' : ''}`}
      onClick={() => void newSale()}
    />
  );
}

/** The top of every outcome: its mark, what happened, and the amount. */
function ResultHead({
  id,
  mark,
  title,
  cents,
}: {
  /** The screen's name: its heading is `${id}-heading`, what the section is labelled by. */
  id: string;
  mark: 'ok' | 'bad' | 'warn';
  title: string;
  cents: number;
}) {
  return (
    <>
      <span className={`result-mark mark-${mark}`} aria-hidden="true" />
      <h2 id={`${id}-heading`} className="result-title" data-testid="result-title">
        {title}
      </h2>
      <AmountBig cents={cents} />
    </>
  );
}

/** What the cashier does next, in order. */
function NextSteps({ steps }: { steps: MessageKey[] }) {
  const { t } = useT();
  return (
    <>
      <h3>{t('result.nextSteps')}</h3>
      <ol className="next-steps">
        {steps.map((step) => (
          <li key={step}>{t(step)}</li>
        ))}
      </ol>
    </>
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
        <ResultHead id="paid" mark="ok" title={t('result.paid')} cents={sale.amountCents} />
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
  const cancelSale = usePos((s) => s.cancelSale);
  return (
    <section className="screen screen-result result-declined" aria-labelledby="declined-heading">
      <div className="result-main">
        <ResultHead id="declined" mark="bad" title={t('result.declined')} cents={sale.amountCents} />
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
        <NextSteps steps={['result.nextFreshCode', 'result.nextOtherMethod']} />
        <ManualCodeForm />
        <div className="screen-actions">
          <KeyButton
            label={t('scan.cancel')}
            hint={t('scan.cancelHint')}
            className="button button-wide"
            onClick={() => void cancelSale()}
          />
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
        <ResultHead id="unresolved" mark="warn" title={t('result.unresolved')} cents={sale.amountCents} />
        <p className="reason" data-testid="result-reason">
          {sale.message ? pick(sale.message, language) : t('result.unresolvedMeaning')}
        </p>
      </div>
      <div className="result-side">
        <NextSteps steps={['result.unresolvedNoCharge', 'result.unresolvedManager']} />
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
        <ResultHead
          id="failed"
          mark="bad"
          title={t(
            sale.phase in ENDED_TITLES
              ? ENDED_TITLES[sale.phase as keyof typeof ENDED_TITLES]
              : 'result.notPaid',
          )}
          cents={sale.amountCents}
        />
        {sale.message ? <p className="reason">{pick(sale.message, language)}</p> : null}
        <StorageNote sale={sale} />
        <div className="screen-actions">
          <NewSaleButton primary />
        </div>
      </div>
    </section>
  );
}
