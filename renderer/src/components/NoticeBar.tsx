/** The last problem an action ran into, in the cashier's language, until dismissed or replaced. */
import { pick } from '../i18n';
import { useT } from '../i18n/use-t';
import { usePosPick } from '../store/context';

export function NoticeBar() {
  const { t, language } = useT();
  const { notice, dismissNotice: dismiss } = usePosPick('notice', 'dismissNotice');
  if (!notice) return null;
  const text = notice.source === 'core' ? pick(notice.message, language) : t(notice.key, notice.vars);
  return (
    <div className="notice" role="alert" data-testid="notice">
      <div>
        <p className="notice-text">{text}</p>
        {notice.source === 'core' && notice.detail ? (
          <p className="notice-detail">{t('notice.detail', { detail: notice.detail })}</p>
        ) : null}
      </div>
      <button type="button" className="button button-quiet" onClick={dismiss}>
        {t('notice.dismiss')}
      </button>
    </div>
  );
}
