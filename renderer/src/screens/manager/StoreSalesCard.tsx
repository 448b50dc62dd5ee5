/**
 * Refund anywhere: the refund screen's lookup asked of the store server too. Sales taken at other tills are
 * listed with their till's name and what is left to refund across the store; one is refunded here after the
 * server reserved its balance, and its refund is followed to a final status. Without the server it says why a
 * sale of another till cannot be found.
 */
import { useId, type FormEvent } from 'react';
import type { RemoteRefundView } from '../../../../preload/api';
import { formatAud, pick, refundWord } from '../../i18n';
import { useT } from '../../i18n/use-t';
import { useManager, useManagerPick } from '../../store/manager-context';
import { refundErrorHint } from '../../store/refund-form';
import { Problem } from './Problem';
import { RefundResult } from './RefundResult';
import { AmountInput, ReasonInput } from '../../components/TextInputs';

function RemoteResult({ refund }: { refund: RemoteRefundView }) {
  const { t, language } = useT();
  return (
    <RefundResult refund={refund} testId="m-store-refund-result" status={refund.status}>
      <p className="m-result-title">
        {t('store.refund.result', {
          amount: formatAud(language, refund.amountCents),
          till: refund.ownerTillName ?? '—',
          status: refundWord(language, refund.status),
        })}
      </p>
      {refund.message ? <p>{pick(refund.message, language)}</p> : null}
      <p className="muted">{t('refund.result.outRefundNo', { no: refund.outRefundNo })}</p>
    </RefundResult>
  );
}

function StoreRefundForm() {
  const { t, language } = useT();
  const amountId = useId();
  const reasonId = useId();
  const store = useManager((s) => s.refund.store);
  const {
    setStoreRefundAmount: setAmount,
    setStoreRefundReason: setReason,
    reviewStoreRefund: review,
    confirmStoreRefund: confirm,
    pickStoreSale: pickSale,
  } = useManagerPick(
    'setStoreRefundAmount',
    'setStoreRefundReason',
    'reviewStoreRefund',
    'confirmStoreRefund',
    'pickStoreSale',
  );
  const sale = store.selected;
  if (!sale) return null;

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    review();
  }

  return (
    <div className="m-card" data-testid="m-store-refund">
      <h4>
        {t('store.refund.heading', { amount: formatAud(language, sale.amountCents), till: sale.tillName })}
      </h4>
      <p>
        {t('store.refund.balance', {
          refunded: formatAud(language, sale.refundedCents + sale.reservedCents),
          left: formatAud(language, sale.refundableCents),
        })}
      </p>
      {store.confirming ? (
        <div className="m-confirm" role="group" data-testid="m-store-refund-confirm">
          <p className="m-confirm-text">
            {t('store.refund.confirm', { amount: store.amount.trim(), till: sale.tillName })}
          </p>
          <div className="m-actions">
            <button
              type="button"
              className="button button-primary button-wide"
              disabled={store.sending}
              onClick={() => void confirm()}
            >
              {store.sending ? t('refund.confirm.sending') : t('store.refund.submit')}
            </button>
            <button type="button" className="button" disabled={store.sending} onClick={() => pickSale(sale)}>
              {t('refund.confirm.back')}
            </button>
          </div>
        </div>
      ) : (
        <form className="m-form" onSubmit={onSubmit}>
          <label htmlFor={amountId}>{t('refund.amountLabel')}</label>
          <AmountInput id={amountId} value={store.amount} onValue={setAmount} />
          <label htmlFor={reasonId}>{t('refund.reasonLabel')}</label>
          <ReasonInput id={reasonId} value={store.reason} onValue={setReason} />
          <button
            type="submit"
            className="button button-primary button-wide"
            disabled={sale.refundableCents <= 0}
          >
            {t('refund.review')}
          </button>
        </form>
      )}
    </div>
  );
}

export function StoreSalesCard() {
  const { t, language } = useT();
  const store = useManager((s) => s.refund.store);
  const pickSale = useManager((s) => s.pickStoreSale);
  const result = store.result;
  const problem = store.problem;
  const hint = problem?.source === 'core' ? refundErrorHint(problem.error.code) : null;
  if (!result && !problem && !store.searching && !store.last) return null;
  const others = result?.sales.filter((s) => !s.own) ?? [];
  return (
    <div className="m-card" data-testid="m-store-sales" data-server={result?.server ?? ''}>
      <h3>{t('store.heading')}</h3>
      {store.searching ? <p className="muted">{t('store.searching')}</p> : null}
      {result && result.server !== 'ok' && result.message ? (
        <p className="warn-text" role="status" data-testid="m-store-unavailable">
          {pick(result.message, language)}
        </p>
      ) : null}
      {result?.server === 'ok' && others.length === 0 ? <p className="muted">{t('store.none')}</p> : null}
      <ul className="m-list">
        {others.map((sale) => (
          <li key={`${sale.tillId}/${sale.saleId}`}>
            <button
              type="button"
              className="m-row"
              data-testid="m-store-sale-row"
              aria-pressed={store.selected?.saleId === sale.saleId && store.selected.tillId === sale.tillId}
              onClick={() => pickSale(sale)}
            >
              <strong>{formatAud(language, sale.amountCents)}</strong>
              <span data-testid="m-store-sale-till">{t('store.till', { till: sale.tillName })}</span>
              <span>{t('store.left', { left: formatAud(language, sale.refundableCents) })}</span>
              <span className="mono m-row-order">{sale.orderNo ?? sale.outOrderNo}</span>
            </button>
          </li>
        ))}
      </ul>
      <Problem problem={problem} hint={hint} testId="m-store-refund-problem" />
      {store.last ? <RemoteResult refund={store.last} /> : null}
      <StoreRefundForm />
    </div>
  );
}
