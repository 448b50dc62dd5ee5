/** Today's sales, search, and one sale's detail (attempts, refunds) with check-now and reprint. */
import { useId, useLayoutEffect, useState, type FormEvent } from 'react';
import type { SaleDetail, SaleView } from '../../../preload/api';
import {
  formatAud,
  formatDateTime,
  formatShopDate,
  formatTime,
  pick,
  refundWord,
  type MessageKey,
} from '../i18n';
import { businessDateOf } from '../../../main/shared/business-date';
import { HistoryRange, readRange } from './HistoryRange';
import { useT } from '../i18n/use-t';
import { usePos, usePosPick } from '../store/context';
import { isBusyPhase } from '../store/sale-merge';
import '../styles/history.css';
import { useManagerStore } from '../store/manager-context';
import { AttemptLine } from '../components/AttemptLine';
import { SaleStateBadge } from '../components/SaleStateBadge';
import { TextInput } from '../components/TextInputs';
import { TableHead } from '../components/TableHead';
import { RefundsElsewhere, refundFigures } from '../components/RefundsElsewhere';

function HistoryRow({ sale, selected }: { sale: SaleView; selected: boolean }) {
  const { t, language } = useT();
  const timeZone = usePos((s) => s.terminal?.timeZone);
  const openDetail = usePos((s) => s.openDetail);
  const time = formatTime(language, sale.createdAt, timeZone);
  const amount = formatAud(language, sale.amountCents);
  // A search reaches past today: a bare time would pass an older sale off as today's.
  const today = businessDateOf(Date.now(), timeZone) === businessDateOf(sale.createdAt, timeZone);
  return (
    <li>
      <button
        type="button"
        className={`history-row ${sale.phase === 'unresolved' ? 'row-unresolved' : ''}`}
        aria-current={selected ? 'true' : undefined}
        aria-label={t('history.open', { amount, time })}
        data-testid="history-row"
        data-sale-id={sale.id}
        onClick={() => void openDetail(sale.id)}
      >
        <span className="col-time">
          {today ? null : (
            <span className="row-date" data-testid="history-row-date">
              {formatShopDate(language, sale.createdAt, timeZone)}
            </span>
          )}
          {time}
        </span>
        <span className="col-amount">{amount}</span>
        <span className="col-platform">
          {sale.platform ? t(`platform.${sale.platform}`) : t('platform.unknown')}
        </span>
        <span className="col-status">
          <SaleStateBadge sale={sale} testId="history-state" />
        </span>
        <span className="col-order mono">{sale.orderNo ?? sale.outOrderNo ?? ''}</span>
        {sale.personName ? (
          <span className="col-person" data-testid="history-row-person">
            {t('history.servedBy', { name: sale.personName })}
          </span>
        ) : null}
      </button>
    </li>
  );
}

function Field({
  label,
  value,
  testId,
  wide,
}: {
  label: string;
  value: string;
  testId?: string;
  wide?: boolean;
}) {
  return (
    <div className={wide ? 'field field-wide' : 'field'}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

/** Who asked for a refund and who approved it, as each refund row names them. */
const REFUND_PEOPLE: [MessageKey, string, (r: SaleDetail['refunds'][number]) => string | null | undefined][] =
  [
    ['detail.refund.requestedBy', 'refund-requested-by', (r) => r.requestedByName],
    ['detail.refund.approvedBy', 'refund-approved-by', (r) => r.approvedByName],
  ];

function DetailPanel({ detail }: { detail: SaleDetail }) {
  const { t, language } = useT();
  const timeZone = usePos((s) => s.terminal?.timeZone);
  const { busy, closeDetail, checkNow, reprint, showView } = usePosPick(
    'busy',
    'closeDetail',
    'checkNow',
    'reprint',
    'showView',
  );
  const manager = useManagerStore();
  const { sale } = detail;
  const checkable = sale.phase === 'unresolved' || isBusyPhase(sale.phase);
  const at = (ms: number) => formatDateTime(language, ms, timeZone);
  const figures = refundFigures(detail);
  return (
    <section className="detail" aria-labelledby="detail-heading" data-testid="sale-detail">
      <header className="detail-head">
        <h3 id="detail-heading">{t('detail.heading', { amount: formatAud(language, sale.amountCents) })}</h3>
        <SaleStateBadge sale={sale} testId="detail-state" />
      </header>
      {sale.phase === 'unresolved' ? <p className="warn-text">{t('detail.unresolvedNote')}</p> : null}
      {sale.message && sale.phase !== 'paid' ? <p className="muted">{pick(sale.message, language)}</p> : null}
      <dl className="fields">
        <Field label={t('detail.created')} value={at(sale.createdAt)} />
        {sale.paidAt !== null ? (
          <Field label={t('detail.paidAt')} value={at(sale.paidAt)} testId="detail-paid-at" />
        ) : null}
        {sale.paidAt !== null &&
        detail.paidRecordedAt !== undefined &&
        detail.paidRecordedAt !== null &&
        Math.abs(detail.paidRecordedAt - sale.paidAt) >= 1000 ? (
          <Field
            label={t('detail.paidRecordedAt')}
            value={at(detail.paidRecordedAt)}
            testId="detail-paid-recorded"
          />
        ) : null}
        {sale.personName ? (
          <Field label={t('detail.servedBy')} value={sale.personName} testId="detail-served-by" />
        ) : null}
        <Field
          label={t('detail.platform')}
          value={sale.platform ? t(`platform.${sale.platform}`) : t('platform.unknown')}
        />
        <Field label={t('detail.orderNo')} value={sale.orderNo ?? '—'} testId="detail-order-no" wide />
        <Field
          label={t('detail.outOrderNo')}
          value={sale.outOrderNo ?? '—'}
          testId="detail-out-order-no"
          wide
        />
        {sale.phase === 'paid' ? (
          <>
            {/* "Refunded" is money that went back; what Omipay has not finished is said apart. */}
            <Field
              label={t('detail.refunded')}
              value={formatAud(language, figures.doneCents)}
              testId="detail-refunded"
            />
            {figures.goingCents > 0 ? (
              <Field
                label={t('detail.beingRefunded')}
                value={formatAud(language, figures.goingCents)}
                testId="detail-being-refunded"
              />
            ) : null}
            <Field
              label={t('detail.refundable')}
              value={formatAud(language, detail.refundableCents)}
              testId="detail-refundable"
            />
          </>
        ) : null}
      </dl>
      <div className="detail-actions">
        {checkable ? (
          <button type="button" className="button" disabled={busy} onClick={() => void checkNow(sale.id)}>
            {t('detail.checkNow')}
          </button>
        ) : null}
        {sale.phase === 'paid' ? (
          <button type="button" className="button" onClick={() => void reprint(sale.id)}>
            {t('detail.reprint')}
          </button>
        ) : null}
        {sale.phase === 'paid' && sale.orderNo && detail.refundableCents > 0 ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              manager.getState().openRefundFor(sale.orderNo ?? '');
              showView('manager');
            }}
          >
            {t('detail.refundThis')}
          </button>
        ) : null}
        <button type="button" className="button button-quiet" onClick={closeDetail}>
          {t('detail.close')}
        </button>
      </div>

      <h4>{t('detail.attempts')}</h4>
      <ol className="attempts" data-testid="detail-attempts">
        {detail.attempts.map((a) => (
          <li key={a.id} className="attempt">
            <AttemptLine attempt={a} showCode />
            <p className="attempt-ids">
              <span>
                {t('detail.orderNo')}: <span className="mono">{a.orderNo ?? '—'}</span>
              </span>
              <span>
                {t('detail.outOrderNo')}: <span className="mono">{a.outOrderNo}</span>
              </span>
              <span>{t('detail.attempt.checks', { count: a.checkCount })}</span>
            </p>
          </li>
        ))}
      </ol>

      <h4>{t('detail.refunds')}</h4>
      {detail.refunds.length === 0 ? (
        <p className="muted">
          {t((detail.refundsElsewhere ?? []).length > 0 ? 'detail.noRefundsHere' : 'detail.noRefunds')}
        </p>
      ) : (
        <table className="table" data-testid="detail-refunds">
          <TableHead
            columns={['history.col.time', 'history.col.amount', 'history.col.status', 'detail.refund.reason']}
          />
          <tbody>
            {detail.refunds.map((r) => (
              <tr key={r.id}>
                <td>{formatTime(language, r.createdAt, timeZone)}</td>
                <td>{formatAud(language, r.amountCents)}</td>
                <td>
                  {refundWord(language, r.status)}
                  {r.message ? <span className="cell-note">{pick(r.message, language)}</span> : null}
                </td>
                {/* Who asked and who approved under the reason: a fifth column does not fit beside the list. */}
                <td className="cell-wrap">
                  {r.reason}
                  {REFUND_PEOPLE.map(([label, testId, name]) => (
                    <span key={testId} className="cell-note">
                      {t(label)}: <span data-testid={testId}>{name(r) ?? t('people.unknownName')}</span>
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RefundsElsewhere detail={detail} />
    </section>
  );
}

export function HistoryScreen() {
  const { t } = useT();
  const inputId = useId();
  const { history, searchHistory } = usePosPick('history', 'searchHistory');
  const [text, setText] = useState(history.text);
  const { language } = useT();
  const timeZone = usePos((s) => s.terminal?.timeZone);
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');
  const range = readRange(fromText, toText, language, timeZone);

  // The search in force changed elsewhere: the field shows it in the same commit, not a frame later.
  useLayoutEffect(() => setText(history.text), [history.text]);

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    if (range.error) return;
    void searchHistory(text, { from: range.from, to: range.to });
  }

  const searching = history.text.trim() !== '' || history.ranged || history.onlyUnresolved;

  return (
    <section className="screen screen-history" aria-labelledby="history-heading">
      <div className="history-list">
        <h2 id="history-heading">{t(searching ? 'history.headingSearch' : 'history.heading')}</h2>
        <form className="history-search" role="search" onSubmit={onSubmit}>
          <label htmlFor={inputId}>{t('history.searchLabel')}</label>
          <div className="manual-code-row">
            <TextInput id={inputId} type="search" maxLength={64} value={text} onValue={setText} />
            <button type="submit" className="button">
              {t('history.search')}
            </button>
          </div>
          <HistoryRange
            from={fromText}
            to={toText}
            error={range.error}
            onFrom={setFromText}
            onTo={setToText}
          />
          <div className="history-filters">
            <button
              type="button"
              className="button button-quiet"
              aria-pressed={!searching}
              onClick={() => {
                setText('');
                setFromText('');
                setToText('');
                void searchHistory('');
              }}
            >
              {t('history.showAll')}
            </button>
            <button
              type="button"
              className="button button-quiet"
              aria-pressed={history.onlyUnresolved}
              onClick={() => void searchHistory('', { onlyUnresolved: true })}
            >
              {t('history.onlyUnresolved')}
            </button>
          </div>
        </form>
        <div className="history-head" aria-hidden="true">
          <span className="col-time">{t('history.col.time')}</span>
          <span className="col-amount">{t('history.col.amount')}</span>
          <span className="col-platform">{t('history.col.platform')}</span>
          <span className="col-status">{t('history.col.status')}</span>
        </div>
        {history.loading && history.rows.length === 0 ? (
          <p className="muted">{t('history.loading')}</p>
        ) : null}
        {!history.loading && history.rows.length === 0 ? <p className="muted">{t('history.empty')}</p> : null}
        <ul className="history-rows" aria-label={t('history.resultsLabel')} aria-busy={history.loading}>
          {history.rows.map((sale) => (
            <HistoryRow key={sale.id} sale={sale} selected={history.detail?.sale.id === sale.id} />
          ))}
        </ul>
      </div>
      <div className="history-detail">{history.detail ? <DetailPanel detail={history.detail} /> : null}</div>
    </section>
  );
}
