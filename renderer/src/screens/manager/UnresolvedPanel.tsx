/** Sales whose outcome is not final: each with its attempts and checks, "check now", and what to do. */
import type { SaleDetail, SaleView } from '../../../../preload/api';
import { formatAud, formatDateTime, formatTime, pick, type Translate } from '../../i18n';
import { useT } from '../../i18n/use-t';
import { usePos } from '../../store/context';
import { useManager, useManagerPick } from '../../store/manager-context';
import { Problem } from './Problem';
import { AttemptLine } from '../../components/AttemptLine';

/** Who did it, in words: the cashier, the manager, the terminal itself or Omipay. */
function actorName(t: Translate, actor: string): string {
  switch (actor) {
    case 'cashier':
      return t('actor.cashier');
    case 'manager':
      return t('actor.manager');
    case 'gateway':
      return t('actor.gateway');
    default:
      return t('actor.system');
  }
}

/** A payment that landed after the sale was given up: refund it (the first offer) or keep it. */
const LATE_CHOICES = [
  {
    decision: 'refund',
    className: 'button button-primary',
    testId: 'm-late-refund',
    label: 'unresolved.refundLate',
  },
  { decision: 'keep', className: 'button', testId: 'm-late-keep', label: 'unresolved.keepLate' },
] as const;

function UnresolvedDetail({ detail }: { detail: SaleDetail }) {
  const { t, language } = useT();
  const timeZone = usePos((s) => s.terminal?.timeZone);
  const { checking, problem } = useManager((s) => s.unresolved);
  const { checkNow, voidUnresolved, decideLatePayment } = useManagerPick(
    'checkNow',
    'voidUnresolved',
    'decideLatePayment',
  );
  const { sale } = detail;
  const voidable =
    sale.phase === 'unresolved' || sale.phase === 'checking' || sale.phase === 'waiting_customer';
  return (
    <div className="m-card" data-testid="m-unresolved-detail">
      <header className="detail-head">
        <h3>{t('detail.heading', { amount: formatAud(language, sale.amountCents) })}</h3>
        <span className={`badge badge-${sale.phase}`}>{t(`phase.${sale.phase}`)}</span>
      </header>
      {sale.message ? <p className="muted">{pick(sale.message, language)}</p> : null}
      <Problem problem={problem} testId="m-unresolved-problem" />
      <div className="m-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={checking === sale.id}
          onClick={() => void checkNow(sale.id)}
        >
          {checking === sale.id ? t('unresolved.checking') : t('detail.checkNow')}
        </button>
        {voidable ? (
          <button
            type="button"
            className="button"
            data-testid="m-void"
            onClick={() => void voidUnresolved(sale.id)}
          >
            {t('unresolved.void')}
          </button>
        ) : null}
        {sale.phase === 'late_paid' ? (
          <>
            {LATE_CHOICES.map(({ decision, className, testId, label }) => (
              <button
                key={decision}
                type="button"
                className={className}
                data-testid={testId}
                onClick={() => void decideLatePayment(sale.id, decision)}
              >
                {t(label)}
              </button>
            ))}
          </>
        ) : null}
      </div>
      <h4>{t('detail.attempts')}</h4>
      <ol className="attempts">
        {detail.attempts.map((a) => (
          <li key={a.id} className="attempt">
            <AttemptLine attempt={a}>
              <span>{t('detail.attempt.checks', { count: a.checkCount })}</span>
            </AttemptLine>
            <p className="attempt-ids">
              <span className="mono">{a.outOrderNo}</span>
              {a.lastCheckedAt !== null ? (
                <span>
                  {t('unresolved.lastChecked', { time: formatTime(language, a.lastCheckedAt, timeZone) })}
                </span>
              ) : null}
            </p>
          </li>
        ))}
      </ol>
      <h4>{t('unresolved.history')}</h4>
      <ol className="m-history" data-testid="m-check-history">
        {detail.history.map((h, i) => (
          <li key={`${h.at}-${i}`}>
            <span className="m-history-time">{formatDateTime(language, h.at, timeZone)}</span>
            <span className="m-history-actor">{actorName(t, h.actor)}</span>
            <span data-testid="m-history-words">{h.words ? pick(h.words, language) : h.type}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

export function UnresolvedPanel() {
  const { t } = useT();
  const { unresolved: state, loadUnresolved: reload } = useManagerPick('unresolved', 'loadUnresolved');
  return (
    <div className="m-split" data-testid="m-unresolved-panel">
      <div className="m-card">
        <h3>{t('unresolved.heading')}</h3>
        <div className="m-guidance">
          <p>{t('unresolved.guide1')}</p>
          <p>{t('unresolved.guide2')}</p>
          <p>{t('unresolved.guide3')}</p>
        </div>
        <div className="m-actions">
          <button type="button" className="button button-quiet" onClick={() => void reload()}>
            {t('unresolved.reload')}
          </button>
        </div>
        {!state.loading && state.rows.length === 0 ? (
          <p className="muted" data-testid="m-unresolved-empty">
            {t('unresolved.none')}
          </p>
        ) : null}
        <ul className="m-list">
          {state.rows.map((sale) => (
            <UnresolvedRow key={sale.id} sale={sale} />
          ))}
        </ul>
        <h3>{t('unresolved.late')}</h3>
        {state.late.length === 0 ? (
          <p className="muted" data-testid="m-late-empty">
            {t('unresolved.lateNone')}
          </p>
        ) : null}
        <ul className="m-list" data-testid="m-late-list">
          {state.late.map((sale) => (
            <UnresolvedRow key={sale.id} sale={sale} />
          ))}
        </ul>
      </div>
      <div>{state.detail ? <UnresolvedDetail detail={state.detail} /> : null}</div>
    </div>
  );
}

function UnresolvedRow({ sale }: { sale: SaleView }) {
  const { t, language } = useT();
  const timeZone = usePos((s) => s.terminal?.timeZone);
  const current = useManager((s) => s.unresolved.detail?.sale.id);
  const open = useManager((s) => s.openUnresolved);
  return (
    <li>
      <button
        type="button"
        className="m-row"
        data-testid="m-unresolved-row"
        aria-current={current === sale.id ? 'true' : undefined}
        onClick={() => void open(sale.id)}
      >
        <span>{formatDateTime(language, sale.createdAt, timeZone)}</span>
        <strong>{formatAud(language, sale.amountCents)}</strong>
        <span className={`badge badge-${sale.phase}`}>{t(`phase.${sale.phase}`)}</span>
        <span>{t('unresolved.attempts', { count: sale.attempts })}</span>
      </button>
    </li>
  );
}
