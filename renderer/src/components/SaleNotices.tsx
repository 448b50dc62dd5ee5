/**
 * Sales that settled after they left the screen (paid or failed in the background, late payments after a void):
 * each says which sale — amount, time, platform — and what happened, until the cashier dismisses it.
 */
import { formatTime, pick } from '../i18n';
import { useT } from '../i18n/use-t';
import { usePos, usePosPick } from '../store/context';

export function SaleNotices() {
  const { t, language } = useT();
  const { saleNotices: notices, dismissSaleNotice: dismiss } = usePosPick('saleNotices', 'dismissSaleNotice');
  const onScreen = usePos((s) => (s.view === 'sale' ? (s.sale?.id ?? null) : null));
  const timeZone = usePos((s) => s.terminal?.timeZone);
  // The sale on screen already shows its own outcome.
  const shown = notices.filter((n) => n.saleId !== onScreen);
  if (shown.length === 0) return null;
  return (
    <section className="sale-notices" aria-label={t('saleNotice.label')} aria-live="polite">
      {shown.map((n) => {
        const good = n.kind === 'paid_in_background';
        return (
          <div
            key={n.id}
            className={`sale-notice ${good ? 'sale-notice-ok' : 'sale-notice-warn'}`}
            data-testid="sale-notice"
            data-kind={n.kind}
          >
            <p className="sale-notice-text">
              <span className="sale-notice-time">{formatTime(language, n.at, timeZone)}</span>{' '}
              {pick(n.message, language)}
            </p>
            <button type="button" className="button button-quiet" onClick={() => dismiss(n.id)}>
              {t('notice.dismiss')}
            </button>
          </div>
        );
      })}
    </section>
  );
}
