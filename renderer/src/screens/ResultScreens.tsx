/** How the sale ended, what it means and what to do next. */
import type { ReactNode } from 'react';
import type { SaleView } from '../../../preload/api';
import { AmountBig } from '../components/AmountDisplay';
import { SaleActionButton } from '../components/KeyButton';
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

/**
 * Every outcome's layout: its mark, what happened and the amount, then what it means (children); what to do
 * next goes beside it (side). The screen's name (id) names its section, heading and style.
 */
function ResultLayout({
  id,
  mark,
  title,
  cents,
  side,
  children,
}: {
  id: 'paid' | 'declined' | 'unresolved' | 'failed';
  mark: 'ok' | 'bad' | 'warn';
  title: string;
  cents: number;
  side?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className={`screen screen-result result-${id}`} aria-labelledby={`${id}-heading`}>
      <div className="result-main">
        <span className={`result-mark mark-${mark}`} aria-hidden="true" />
        <h2 id={`${id}-heading`} className="result-title" data-testid="result-title">
          {title}
        </h2>
        <AmountBig cents={cents} />
        {children}
      </div>
      {side ? <div className="result-side">{side}</div> : null}
    </section>
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
  const side = receipt ? <Receipt receipt={receipt} /> : <Spinner label={t('receipt.loading')} />;
  return (
    <ResultLayout id="paid" mark="ok" title={t('result.paid')} cents={sale.amountCents} side={side}>
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
        <SaleActionButton action="newSale" className="button button-wide button-primary" />
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
    </ResultLayout>
  );
}

export function DeclinedScreen({ sale }: { sale: SaleView }) {
  const { t, language } = useT();
  const side = (
    <>
      <NextSteps steps={['result.nextFreshCode', 'result.nextOtherMethod']} />
      <ManualCodeForm />
      <div className="screen-actions">
        <SaleActionButton action="cancelSale" className="button button-wide" />
      </div>
    </>
  );
  return (
    <ResultLayout id="declined" mark="bad" title={t('result.declined')} cents={sale.amountCents} side={side}>
      {sale.message ? (
        <p className="reason" data-testid="result-reason">
          {pick(sale.message, language)}
        </p>
      ) : null}
      {sale.errorCode ? <p className="muted">{t('result.errorCode', { code: sale.errorCode })}</p> : null}
      <StorageNote sale={sale} />
      <ScanNotice />
    </ResultLayout>
  );
}

export function UnresolvedScreen({ sale }: { sale: SaleView }) {
  const { t, language } = useT();
  const side = (
    <>
      <NextSteps steps={['result.unresolvedNoCharge', 'result.unresolvedManager']} />
      <div className="screen-actions stacked">
        <SaleActionButton action="newSale" className="button button-wide button-primary" />
        <VoidButton />
      </div>
    </>
  );
  return (
    <ResultLayout
      id="unresolved"
      mark="warn"
      title={t('result.unresolved')}
      cents={sale.amountCents}
      side={side}
    >
      <p className="reason" data-testid="result-reason">
        {sale.message ? pick(sale.message, language) : t('result.unresolvedMeaning')}
      </p>
    </ResultLayout>
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
  const title = t(
    sale.phase in ENDED_TITLES ? ENDED_TITLES[sale.phase as keyof typeof ENDED_TITLES] : 'result.notPaid',
  );
  return (
    <ResultLayout id="failed" mark="bad" title={title} cents={sale.amountCents}>
      {sale.message ? <p className="reason">{pick(sale.message, language)}</p> : null}
      <StorageNote sale={sale} />
      <div className="screen-actions">
        <SaleActionButton action="newSale" className="button button-wide button-primary" />
      </div>
    </ResultLayout>
  );
}
