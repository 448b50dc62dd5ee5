/**
 * Refunds: find the sale (scan the receipt's QR, type an order no., or pick one of today's paid sales), see
 * what was paid and refunded, choose a full or partial amount and a reason, confirm exactly that, follow the
 * refund's status, print its receipt.
 */
import { useId, type FormEvent } from 'react';
import type { RefundView, SaleDetail } from '../../../../preload/api';
import { formatAud, formatTime, pick, refundWord } from '../../i18n';
import { refundWords } from '../../../../main/shared/refund-words';
import { useT } from '../../i18n/use-t';
import { usePos } from '../../store/context';
import { useManager, useManagerPick } from '../../store/manager-context';
import { refundBlocker, refundErrorHint, refundFormHidden, refundOutcome } from '../../store/refund-form';
import { CoreHtml } from '../../components/CoreHtml';
import { SaleStateBadge } from '../../components/SaleStateBadge';
import { Problem } from './Problem';
import { StoreSalesCard } from './StoreSalesCard';
import { RefundResult } from './RefundResult';
import { AmountInput, ReasonInput, TextInput } from '../../components/TextInputs';
import { TableHead } from '../../components/TableHead';
import { ConfirmStep } from '../../components/ConfirmStep';

function Lookup() {
  const { t, language } = useT();
  const id = useId();
  const { lookup, finding, recentPaid } = useManager((s) => s.refund);
  const { setLookup, findSale, openSale } = useManagerPick('setLookup', 'findSale', 'openSale');
  const timeZone = usePos((s) => s.terminal?.timeZone);

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    void findSale();
  }

  return (
    <div className="m-card m-lookup">
      <h3>{t('refund.find.heading')}</h3>
      <p className="lead">{t('refund.find.scanHint')}</p>
      <form onSubmit={onSubmit} className="m-form">
        <label htmlFor={id}>{t('refund.find.label')}</label>
        <div className="manual-code-row">
          <TextInput id={id} className="mono" maxLength={64} value={lookup} onValue={setLookup} />
          <button type="submit" className="button" disabled={finding}>
            {t('refund.find.submit')}
          </button>
        </div>
      </form>
      <h4>{t('refund.find.recent')}</h4>
      {recentPaid.length === 0 ? <p className="muted">{t('refund.find.noRecent')}</p> : null}
      <ul className="m-list">
        {recentPaid.map((sale) => (
          <li key={sale.id}>
            <button
              type="button"
              className="m-row"
              data-testid="m-paid-row"
              onClick={() => void openSale(sale.id)}
            >
              <span>{formatTime(language, sale.createdAt, timeZone)}</span>
              <strong>{formatAud(language, sale.amountCents)}</strong>
              <span>{sale.platform ? t(`platform.${sale.platform}`) : t('platform.unknown')}</span>
              <SaleStateBadge sale={sale} />
              <span className="mono m-row-order">{sale.orderNo ?? sale.outOrderNo ?? ''}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function RefundRows({ detail }: { detail: SaleDetail }) {
  const { t, language } = useT();
  const timeZone = usePos((s) => s.terminal?.timeZone);
  const { showRefundReceipt: showReceipt, printRefundReceipt: printReceipt } = useManagerPick(
    'showRefundReceipt',
    'printRefundReceipt',
  );
  if (detail.refunds.length === 0) return <p className="muted">{t('detail.noRefunds')}</p>;
  return (
    <table className="table" data-testid="m-refunds">
      <TableHead
        columns={[
          'history.col.time',
          'history.col.amount',
          'history.col.status',
          'detail.refund.reason',
          'refund.receipt',
        ]}
      />
      <tbody>
        {detail.refunds.map((r) => (
          <tr key={r.id} data-testid="m-refund-row" data-status={r.status}>
            <td>{formatTime(language, r.createdAt, timeZone)}</td>
            <td>{formatAud(language, r.amountCents)}</td>
            <td>
              <span className={`badge badge-refund-${refundOutcome(r)}`}>
                {refundWord(language, r.status)}
              </span>
              {r.message ? <span className="cell-note">{pick(r.message, language)}</span> : null}
            </td>
            <td className="cell-wrap">{r.reason}</td>
            <td>
              <div className="m-cell-actions">
                <button type="button" className="button button-quiet" onClick={() => void showReceipt(r.id)}>
                  {t('refund.showReceipt')}
                </button>
                <button type="button" className="button button-quiet" onClick={() => void printReceipt(r.id)}>
                  {t('refund.printReceipt')}
                </button>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function LastRefund({ refund }: { refund: RefundView }) {
  const { t, language } = useT();
  // The same word as the refund's row and receipt, and what it means (refund-words.ts).
  const words = refundWords(refund.status);
  return (
    <RefundResult refund={refund} testId="m-refund-result">
      <p className="m-result-title">
        {t('refund.result', {
          amount: formatAud(language, refund.amountCents),
          word: pick(words.word, language),
        })}
      </p>
      <p data-testid="m-refund-result-meaning">{pick(words.meaning, language)}</p>
      {refundOutcome(refund) === 'unknown' ? <p>{t('refund.result.unknownHint')}</p> : null}
      <p className="muted">{t('refund.result.outRefundNo', { no: refund.outRefundNo })}</p>
    </RefundResult>
  );
}

function RefundForm({ detail }: { detail: SaleDetail }) {
  const { t, language } = useT();
  const amountId = useId();
  const reasonId = useId();
  const {
    refund: state,
    setRefundAmount: setAmount,
    setRefundFull: setFull,
    setRefundReason: setReason,
    reviewRefund: review,
    backToEdit: back,
    confirmRefund: confirm,
  } = useManagerPick(
    'refund',
    'setRefundAmount',
    'setRefundFull',
    'setRefundReason',
    'reviewRefund',
    'backToEdit',
    'confirmRefund',
  );
  const blocker = refundBlocker(detail);
  const platform = detail.sale.platform ? t(`platform.${detail.sale.platform}`) : t('platform.unknown');

  if (state.step !== 'edit' && state.confirmCents !== null) {
    const amount = formatAud(language, state.confirmCents);
    const sending = state.step === 'sending';
    return (
      <ConfirmStep
        className="m-confirm"
        role="group"
        testId="m-refund-confirm"
        heading={t('refund.confirm.heading')}
        level={4}
        actionsClassName="m-actions"
        confirm={{
          label: sending ? t('refund.confirm.sending') : t('refund.confirm.submit', { amount }),
          className: 'button button-primary button-wide',
          onClick: () => void confirm(),
        }}
        back={{ label: t('refund.confirm.back'), onClick: back }}
        busy={sending}
      >
        <p className="m-confirm-text" data-testid="m-confirm-text">
          {t('refund.confirm.text', {
            amount,
            paid: formatAud(language, detail.sale.amountCents),
            platform,
            orderNo: detail.sale.orderNo ?? '—',
          })}
        </p>
        <p>
          {state.reason.trim() === ''
            ? t('refund.confirm.noReason')
            : t('refund.confirm.reason', { reason: state.reason.trim() })}
        </p>
        <p className="muted">
          {t('refund.confirm.after', {
            left: formatAud(language, detail.refundableCents - state.confirmCents),
          })}
        </p>
      </ConfirmStep>
    );
  }

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    review();
  }

  const blocked = blocker ? (
    <p className="warn-text" role="status" data-testid="m-refund-blocked">
      {t(blocker)}
    </p>
  ) : null;
  // "Full: A$ 0.00" and a disabled Review under "refunded in full" offer nothing: only the reason is shown.
  if (refundFormHidden(detail)) return blocked;

  return (
    <form className="m-form" onSubmit={onSubmit} data-testid="m-refund-form">
      {blocked}
      <label htmlFor={amountId}>{t('refund.amountLabel')}</label>
      <div className="manual-code-row">
        <AmountInput id={amountId} value={state.amount} disabled={blocker !== null} onValue={setAmount} />
        <button type="button" className="button" disabled={blocker !== null} onClick={setFull}>
          {t('refund.full', { amount: formatAud(language, detail.refundableCents) })}
        </button>
      </div>
      <label htmlFor={reasonId}>{t('refund.reasonLabel')}</label>
      <ReasonInput id={reasonId} value={state.reason} disabled={blocker !== null} onValue={setReason} />
      <button type="submit" className="button button-primary button-wide" disabled={blocker !== null}>
        {t('refund.review')}
      </button>
    </form>
  );
}

function SalePanel({ detail }: { detail: SaleDetail }) {
  const { t, language } = useT();
  const { refund: state, clearRefund: clear } = useManagerPick('refund', 'clearRefund');
  const { sale } = detail;
  const problem = state.problem;
  const hint = problem?.source === 'core' ? refundErrorHint(problem.error.code) : null;
  return (
    <div className="m-card m-sale" data-testid="m-refund-sale">
      <header className="detail-head">
        <h3>{t('refund.sale.heading', { amount: formatAud(language, sale.amountCents) })}</h3>
        <SaleStateBadge sale={sale} testId="m-sale-state" />
      </header>
      <dl className="fields">
        <div className="field">
          <dt>{t('refund.sale.paid')}</dt>
          <dd data-testid="m-paid">{formatAud(language, sale.amountCents)}</dd>
        </div>
        <div className="field">
          <dt>{t('detail.refunded')}</dt>
          <dd data-testid="m-refunded">{formatAud(language, sale.refundedCents)}</dd>
        </div>
        <div className="field">
          <dt>{t('detail.refundable')}</dt>
          <dd data-testid="m-refundable">{formatAud(language, detail.refundableCents)}</dd>
        </div>
        <div className="field">
          <dt>{t('detail.platform')}</dt>
          <dd>{sale.platform ? t(`platform.${sale.platform}`) : t('platform.unknown')}</dd>
        </div>
        <div className="field">
          <dt>{t('detail.orderNo')}</dt>
          <dd className="mono" data-testid="m-order-no">
            {sale.orderNo ?? '—'}
          </dd>
        </div>
        <div className="field">
          <dt>{t('detail.outOrderNo')}</dt>
          <dd className="mono">{sale.outOrderNo ?? '—'}</dd>
        </div>
      </dl>
      {state.last ? <LastRefund refund={state.last} /> : null}
      <Problem problem={problem} hint={hint} testId="m-refund-problem" />
      <RefundForm detail={detail} />
      <h4>{t('detail.refunds')}</h4>
      <RefundRows detail={detail} />
      <div className="m-actions">
        <button type="button" className="button button-quiet" onClick={clear}>
          {t('refund.another')}
        </button>
      </div>
    </div>
  );
}

export function RefundPanel() {
  const { t } = useT();
  const { detail, problem, receiptHtml } = useManager((s) => s.refund);
  // Not a sale of this till, but the store server found it at another: that is the answer, not an error.
  const elsewhere = useManager((s) => s.refund.store.result?.sales.some((x) => !x.own) ?? false);
  const hideNotFound = elsewhere && problem?.source === 'core' && problem.error.code === 'SALE_NOT_FOUND';
  return (
    <div className="m-split" data-testid="m-refunds-panel">
      <div>
        <Lookup />
        {detail === null && !hideNotFound ? <Problem problem={problem} testId="m-refund-problem" /> : null}
        <StoreSalesCard />
      </div>
      <div>
        {detail ? <SalePanel detail={detail} /> : <p className="muted m-empty">{t('refund.noSale')}</p>}
        {receiptHtml ? (
          <div className="m-receipt">
            <CoreHtml html={receiptHtml} label={t('receipt.refundTitle')} testId="m-refund-receipt" />
          </div>
        ) : null}
      </div>
    </div>
  );
}
