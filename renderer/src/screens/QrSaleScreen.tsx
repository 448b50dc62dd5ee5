/** Merchant-presented QR: the customer scans the terminal's code; the status follows the sale live. */
import type { SaleView } from '../../../preload/api';
import { AmountBig } from '../components/AmountDisplay';
import { Countdown } from '../components/Countdown';
import { KeyButton } from '../components/KeyButton';
import { QrImage } from '../components/QrImage';
import { Spinner } from '../components/Spinner';
import { StopWaitingButton } from '../components/StopWaitingButton';
import { VoidButton } from '../components/VoidButton';
import { formatAud, pick } from '../i18n';
import { useT } from '../i18n/use-t';
import { usePos } from '../store/context';
import { isBusyPhase } from '../store/sale-merge';

export function QrSaleScreen({ sale }: { sale: SaleView }) {
  const { t, language } = useT();
  const closeQr = usePos((s) => s.closeQr);
  const code = sale.qrcode ?? sale.payUrl;
  const platform = sale.platform
    ? t(`platform.${sale.platform}`)
    : `${t('platform.WECHATPAY')} / ${t('platform.ALIPAY')}`;

  return (
    <section className="screen screen-qr" aria-labelledby="qr-heading">
      <div className="result-main">
        <h2 id="qr-heading">{t('qr.heading')}</h2>
        <AmountBig cents={sale.amountCents} />
        <p className="lead">{t('qr.instructions', { platform })}</p>
        <p className="qr-status" role="status" data-testid="qr-status">
          {sale.phase === 'waiting_customer'
            ? t('waiting.qrHeading')
            : t('qr.status', { status: t(`phase.${sale.phase}`) })}
        </p>
        {sale.phase === 'declined' && sale.message ? (
          <p className="reason" data-testid="result-reason">
            {pick(sale.message, language)}
          </p>
        ) : null}
        {sale.phase === 'waiting_customer' && sale.waitDeadline !== null ? (
          <Countdown deadline={sale.waitDeadline} />
        ) : null}
        <div className="screen-actions stacked">
          {isBusyPhase(sale.phase) ? (
            // The QR may still be paid: only the two named actions leave it.
            <>
              <StopWaitingButton />
              <VoidButton />
            </>
          ) : (
            <KeyButton label={t('qr.close')} hint={t('scan.cancelHint')} onClick={() => void closeQr()} />
          )}
        </div>
      </div>
      <div className="result-side qr-side">
        {code ? (
          <QrImage
            text={code}
            alt={t('qr.imageAlt', { amount: formatAud(language, sale.amountCents) })}
            className="qr qr-large"
          />
        ) : sale.phase === 'declined' ? null : (
          <Spinner label={t('qr.creating')} />
        )}
      </div>
    </section>
  );
}
