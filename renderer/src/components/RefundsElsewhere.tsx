/**
 * A sale's refunds made at other tills of the store (refund anywhere), as the store server last told this till:
 * where, when, how much and what each is now. While the link is down it says the list is the last known one and
 * how old that is, so nobody takes it for live.
 */
import type { RefundElsewhereView, SaleDetail } from '../../../preload/api';
import { REFUND_WORDS, type RefundState } from '../../../main/shared/refund-words';
import { formatAud, formatDateTime, formatTime, pick } from '../i18n';
import { useT } from '../i18n/use-t';
import { usePos } from '../store/context';
import { TableHead } from './TableHead';

/**
 * The refund vocabulary's word for each state (main/shared/refund-words.ts): requested is still being sent,
 * pending is Omipay processing it; a withdrawn one moved no money, as a failed one (its line says which).
 */
const WORD: Record<RefundElsewhereView['state'], RefundState> = {
  requested: 'sending',
  pending: 'processing',
  refunded: 'refunded',
  failed: 'failed',
  cancelled: 'failed',
};

/** Refunded (the money went back) and still being refunded, from both lists: the detail's two figures. */
export function refundFigures(detail: SaleDetail): { doneCents: number; goingCents: number } {
  let doneCents = 0;
  let goingCents = 0;
  for (const r of detail.refunds) {
    if (r.succeeded) doneCents += r.amountCents;
    else if (!r.final) goingCents += r.amountCents;
  }
  for (const r of detail.refundsElsewhere ?? []) {
    if (r.state === 'refunded') doneCents += r.amountCents;
    else if (r.state === 'requested' || r.state === 'pending') goingCents += r.amountCents;
  }
  return { doneCents, goingCents };
}

export function RefundsElsewhere({ detail }: { detail: SaleDetail }) {
  const { t, language } = useT();
  const timeZone = usePos((s) => s.terminal?.timeZone);
  const rows = detail.refundsElsewhere ?? [];
  const known = detail.elsewhereKnown;
  if (rows.length === 0 && (!known || known.live)) return null;
  const syncedAt = known?.syncedAt ?? null;
  return (
    <>
      <h4>{t('detail.elsewhere')}</h4>
      {known && !known.live ? (
        <p className="warn-text" data-testid="detail-elsewhere-stale">
          {syncedAt === null
            ? t('detail.elsewhere.never')
            : t('detail.elsewhere.stale', {
                time: formatDateTime(language, syncedAt, timeZone),
                minutes: String(Math.max(0, Math.floor((Date.now() - syncedAt) / 60_000))),
              })}
        </p>
      ) : null}
      {rows.length > 0 ? (
        <table className="table" data-testid="detail-refunds-elsewhere">
          <TableHead
            columns={[
              'history.col.time',
              'detail.elsewhere.till',
              'history.col.amount',
              'history.col.status',
            ]}
          />
          <tbody>
            {rows.map((r) => (
              <tr key={r.outRefundNo} data-state={r.state}>
                <td>{formatTime(language, r.requestedAt, timeZone)}</td>
                <td>{r.tillName}</td>
                <td>{formatAud(language, r.amountCents)}</td>
                <td>
                  {pick(REFUND_WORDS[WORD[r.state]].word, language)}
                  <span className="cell-note">{pick(r.message, language)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
