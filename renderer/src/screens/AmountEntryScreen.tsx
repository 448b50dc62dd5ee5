/** Amount entry: keyboard or keypad, big AUD amount, CNY estimate, then charge or show a QR. */
import { useId } from 'react';
import type { Platform } from '../../../preload/api';
import { AmountEntryDisplay } from '../components/AmountDisplay';
import { Keypad } from '../components/Keypad';
import { formatAud, formatCny } from '../i18n';
import { useT } from '../i18n/use-t';
import { amountTextToCents, displayRate, estimateCnyFen } from '../store/amount-entry';
import { usePos } from '../store/context';
import { ScanNotice } from './ScanPromptScreen';

const PLATFORMS: Platform[] = ['WECHATPAY', 'ALIPAY'];

function CnyEstimate({ cents }: { cents: number | null }) {
  const { t, language } = useT();
  const rates = usePos((s) => s.rates);
  const rate = rates.WECHATPAY ?? rates.ALIPAY;
  if (!rate || cents === null) return <p className="cny-estimate" aria-hidden="true" />;
  const fen = estimateCnyFen(cents, rate.rate);
  if (fen === null) return <p className="cny-estimate" aria-hidden="true" />;
  return (
    <p className="cny-estimate" data-testid="cny-estimate">
      {t('entry.cnyEstimate', { cny: formatCny(language, fen), rate: displayRate(rate.rate) })}
    </p>
  );
}

export function AmountEntryScreen() {
  const { t, language } = useT();
  const labelId = useId();
  const amount = usePos((s) => s.amount);
  const mode = usePos((s) => s.entryMode);
  const busy = usePos((s) => s.busy);
  const maxCents = usePos((s) => s.terminal?.maxAmountCents);
  const pressKey = usePos((s) => s.pressAmountKey);
  const clearAmount = usePos((s) => s.clearAmount);
  const setMode = usePos((s) => s.setEntryMode);
  const charge = usePos((s) => s.charge);
  const startQrSale = usePos((s) => s.startQrSale);
  const cents = amountTextToCents(amount);

  return (
    <section className="screen screen-entry" aria-labelledby={labelId}>
      <div className="entry-main">
        <h2 id={labelId} className="screen-label">
          {t('entry.amountLabel')}
        </h2>
        <AmountEntryDisplay text={amount} labelId={labelId} />
        <CnyEstimate cents={cents} />
        <ScanNotice />
        <div className="segmented segmented-wide" role="group" aria-label={t('entry.modeLabel')}>
          <button type="button" aria-pressed={mode === 'scan'} onClick={() => setMode('scan')}>
            {t('entry.modeScan')}
          </button>
          <button type="button" aria-pressed={mode === 'qr'} onClick={() => setMode('qr')}>
            {t('entry.modeQr')}
          </button>
        </div>
        <div className="entry-actions">
          {mode === 'scan' ? (
            <button
              type="button"
              className="button button-primary button-huge"
              disabled={busy || cents === null}
              onClick={() => void charge()}
            >
              {t('entry.charge')}
              {cents !== null ? <span className="button-amount">{formatAud(language, cents)}</span> : null}
              <kbd>{t('entry.chargeHint')}</kbd>
            </button>
          ) : (
            PLATFORMS.map((p) => (
              <button
                key={p}
                type="button"
                className={`button button-primary button-huge platform-${p.toLowerCase()}`}
                disabled={busy || cents === null}
                onClick={() => void startQrSale(p)}
              >
                {t('entry.qrWith', { platform: t(`platform.${p}`) })}
              </button>
            ))
          )}
        </div>
        <p className="hint">{t('entry.keyboardHint')}</p>
        {maxCents !== undefined ? (
          <p className="hint">{t('entry.maxAmount', { amount: formatAud(language, maxCents) })}</p>
        ) : null}
      </div>
      <div className="entry-side">
        <Keypad onKey={(k) => pressKey(k)} disabled={busy} />
        <button type="button" className="button button-quiet button-wide" onClick={clearAmount}>
          {t('entry.clear')} <kbd>{t('entry.clearHint')}</kbd>
        </button>
      </div>
    </section>
  );
}
