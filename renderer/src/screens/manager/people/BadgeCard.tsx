/**
 * A badge just issued: its QR, shown this once (only its hash is kept), with "Print badge". Closing it forgets
 * the code; a lost or unprinted badge is replaced by issuing a new one, which stops the old.
 */
import { useT } from '../../../i18n/use-t';
import { useManager, useManagerPick } from '../../../store/manager-context';
import { QrImage } from '../../../components/QrImage';

export function BadgeCard() {
  const { t } = useT();
  const badge = useManager((s) => s.people.badge);
  const { printBadge: print, closeBadge: close } = useManagerPick('printBadge', 'closeBadge');
  if (!badge) return null;
  const title = t('people.badge.heading', { name: badge.name });
  return (
    <section className="m-card m-badge" aria-labelledby="m-badge-title" data-testid="m-badge">
      <h3 id="m-badge-title">{title}</h3>
      <p className="m-hint">{t('people.badge.once', { name: badge.name })}</p>
      <QrImage
        text={badge.code}
        alt={t('people.badge.qrAlt', { name: badge.name })}
        className="qr m-badge-qr"
      />
      <div className="m-actions">
        <button type="button" className="button button-primary" onClick={() => void print(title)}>
          {t('people.badge.print')}
        </button>
        <button type="button" className="button" onClick={close}>
          {t('people.badge.done')}
        </button>
      </div>
    </section>
  );
}
