/** A receipt as printed: everything a customer or a manager needs to find the payment again. */
import type { ReceiptView } from '../../../preload/api';
import { aud, cny, receiptDateTime } from '../../../main/receipts/format';
import { REFUND_RECEIPT_HEADINGS, refundState } from '../../../main/shared/refund-words';
import { firstName, TAX_WORDS, taxDocumentOf } from '../../../main/receipts/tax-invoice';
import { pick } from '../i18n';
import { useT } from '../i18n/use-t';
import { QrImage } from './QrImage';
import '../styles/receipt.css';

function Line({
  label,
  value,
  testId,
  long,
}: {
  label: string;
  value: string;
  testId: string;
  long?: boolean;
}) {
  // Order numbers go under their label: split across two columns they could not be read back or typed.
  return (
    <div className={long ? 'receipt-line receipt-line-long' : 'receipt-line'}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

export function Receipt({ receipt }: { receipt: ReceiptView }) {
  const { t, language } = useT();
  // The same date and amount formats as the printed sale, refund and report receipts (main/receipts/format.ts).
  const platform = receipt.platform ? t(`platform.${receipt.platform}`) : t('platform.unknown');
  // A tax invoice or adjustment note carries the printed receipt's words (main/receipts/tax-invoice.ts).
  const tax = taxDocumentOf(receipt);
  // A refund in flight or failed is not titled a refund receipt (the printed receipt's words, refund-words.ts).
  const title = tax
    ? pick(tax.title, language)
    : receipt.kind !== 'refund'
      ? t('receipt.title')
      : receipt.refund
        ? pick(REFUND_RECEIPT_HEADINGS[refundState(receipt.refund.status)].title, language)
        : t('receipt.refundTitle');
  const servedBy = receipt.kind === 'sale' && receipt.servedBy ? firstName(receipt.servedBy) : '';
  return (
    <article className="receipt" aria-label={t('receipt.label')} data-testid="receipt">
      {receipt.test ? (
        <p className="receipt-test" data-testid="receipt-test">
          {t('receipt.testMark')}
        </p>
      ) : null}
      <header className="receipt-head">
        <h3 className="receipt-merchant" data-testid="receipt-merchant">
          {tax ? tax.businessName : receipt.merchantName}
        </h3>
        {tax ? <p data-testid="receipt-abn">{tax.abnLine}</p> : null}
        <p className="receipt-title" data-testid="receipt-title">
          {title}
        </p>
      </header>
      <dl className="receipt-lines">
        <Line label={t('receipt.terminal')} value={receipt.posNo} testId="receipt-terminal" />
        <Line
          label={tax ? pick(TAX_WORDS.dateOfIssue, language) : t('receipt.date')}
          value={receiptDateTime(language, receipt.at, receipt.timeZone)}
          testId="receipt-date"
        />
        {tax ? (
          <Line label={pick(TAX_WORDS.description, language)} value={tax.description} testId="receipt-item" />
        ) : null}
        {servedBy ? (
          <Line label={pick(TAX_WORDS.servedBy, language)} value={servedBy} testId="receipt-served-by" />
        ) : null}
        <Line label={t('receipt.amount')} value={aud(receipt.amountCents)} testId="receipt-amount" />
        {tax?.gst ? (
          <Line label={pick(tax.gst.label, language)} value={aud(tax.gst.cents)} testId="receipt-gst" />
        ) : null}
        {receipt.cnyAmount !== null ? (
          <Line label={t('receipt.cny')} value={cny(receipt.cnyAmount)} testId="receipt-cny" />
        ) : null}
        {receipt.exchangeRate !== null ? (
          <Line
            label={t('receipt.rate')}
            value={`1 AUD = ${receipt.exchangeRate} CNY`}
            testId="receipt-rate"
          />
        ) : null}
        <Line label={t('receipt.platform')} value={platform} testId="receipt-platform" />
        <Line label={t('receipt.orderNo')} value={receipt.orderNo} testId="receipt-order-no" long />
        <Line label={t('receipt.outOrderNo')} value={receipt.outOrderNo} testId="receipt-out-order-no" long />
      </dl>
      {receipt.orderNo ? (
        <figure className="receipt-qr">
          <QrImage
            text={receipt.orderNo}
            alt={t('receipt.qrAlt', { orderNo: receipt.orderNo })}
            className="receipt-qr-img"
          />
          <figcaption>{t('receipt.qrHint')}</figcaption>
        </figure>
      ) : null}
      {tax?.buyerLine ? <p data-testid="receipt-buyer">{pick(TAX_WORDS.buyer, language)}</p> : null}
      <p className="receipt-thanks">{t('receipt.thanks')}</p>
      {receipt.test ? <p className="receipt-test">{t('receipt.testMark')}</p> : null}
    </article>
  );
}
