/** Amount entry: keyboard or keypad, big AUD amount, CNY estimate, then charge or show a QR. */
import { useId } from 'react';
import type { Platform } from '../../../preload/api';
import { AmountEntryDisplay } from '../components/AmountDisplay';
import { Keypad } from '../components/Keypad';
import { Segmented } from '../components/Segmented';
import { useNow } from '../components/useNow';
import { formatAud, formatCny } from '../i18n';
import { useT } from '../i18n/use-t';
import { amountTextToCents, cnyEstimates, displayRate } from '../store/amount-entry';
import { QR_ENTER_PLATFORM } from '../store/cashier-keys';
import { usePos, usePosPick } from '../store/context';
import { ScanNotice } from './ScanPromptScreen';

const PLATFORMS: Platform[] = ['WECHATPAY', 'ALIPAY'];

function CnyEstimate({ cents }: { cents: number | null }) {
  const { t, language } = useT();
  const rates = usePos((s) => s.rates);
  const estimates = cnyEstimates(cents, rates);
  if (estimates.length === 0) return <p className="cny-estimate" aria-hidden="true" />;
  // The wallet is not known yet: each estimate names whose rate it uses.
  const text = estimates
    .map((e) =>
      t('entry.cnyEstimate', {
        cny: formatCny(language, e.fen),
        platform: t(`platform.${e.platform}`),
        rate: displayRate(e.rate),
      }),
    )
    .join(t('entry.cnyEstimateJoin'));
  return (
    <p className="cny-estimate" data-testid="cny-estimate">
      {text}
    </p>
  );
}

function SecondsLeft({ until }: { until: number }) {
  const { t } = useT();
  const now = useNow(250);
  return <span>{t('held.secondsLeft', { seconds: Math.max(0, Math.ceil((until - now) / 1000)) })}</span>;
}

/** A scan came before Enter: say exactly what Enter and Esc will do with it. */
function HeldScanPrompt({ cents }: { cents: number | null }) {
  const { t, language } = useT();
  const held = usePos((s) => s.heldScan);
  if (!held || cents === null) return null;
  return (
    <div className="entry-confirm" role="alert" data-testid="held-scan">
      <p className="entry-confirm-title">
        {t('held.title', { platform: t(`platform.${held.platform}`), code: held.maskedCode.slice(-4) })}
      </p>
      <p>{t('held.confirm', { amount: formatAud(language, cents) })}</p>
      <p className="entry-confirm-keys">
        <kbd>{t('entry.chargeHint')}</kbd> {t('held.enter')} · <kbd>{t('entry.clearHint')}</kbd>{' '}
        {t('held.esc')} · <SecondsLeft until={held.expiresAt} />
      </p>
    </div>
  );
}

/** A large amount asks for a second Enter before it is charged. */
function LargeAmountConfirm({ cents }: { cents: number | null }) {
  const { t, language } = useT();
  const confirm = usePos((s) => s.confirmLarge);
  if (confirm === null || cents !== confirm) return null;
  return (
    <div className="entry-confirm entry-confirm-large" role="alert" data-testid="large-amount-confirm">
      <p className="entry-confirm-title">{t('large.title', { amount: formatAud(language, cents) })}</p>
      <p>{t('large.again')}</p>
    </div>
  );
}

export function AmountEntryScreen() {
  const { t, language } = useT();
  const labelId = useId();
  const {
    amount,
    entryMode: mode,
    busy,
    pressAmountKey: pressKey,
    clearAmount,
    setEntryMode: setMode,
    charge,
    startQrSale,
  } = usePosPick(
    'amount',
    'entryMode',
    'busy',
    'pressAmountKey',
    'clearAmount',
    'setEntryMode',
    'charge',
    'startQrSale',
  );
  const maxCents = usePos((s) => s.terminal?.maxAmountCents);
  const entryMode = usePos((s) => s.terminal?.amountEntry ?? 'cents');
  const cents = amountTextToCents(amount);

  return (
    <section className="screen screen-entry" aria-labelledby={labelId}>
      <div className="entry-main">
        <h2 id={labelId} className="screen-label">
          {t('entry.amountLabel')}
        </h2>
        <AmountEntryDisplay text={amount} labelId={labelId} />
        <CnyEstimate cents={cents} />
        <HeldScanPrompt cents={cents} />
        <LargeAmountConfirm cents={cents} />
        <ScanNotice />
        <Segmented
          label={t('entry.modeLabel')}
          className="segmented segmented-wide"
          value={mode}
          options={[
            { value: 'scan', label: t('entry.modeScan') },
            { value: 'qr', label: t('entry.modeQr') },
          ]}
          onChoose={setMode}
        />
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
                {p === QR_ENTER_PLATFORM ? <kbd>{t('entry.chargeHint')}</kbd> : null}
              </button>
            ))
          )}
        </div>
        <p className="hint" data-testid="entry-hint">
          {t(entryMode === 'cents' ? 'entry.keyboardHintCents' : 'entry.keyboardHint')}
        </p>
        {maxCents !== undefined ? (
          <p className="hint">{t('entry.maxAmount', { amount: formatAud(language, maxCents) })}</p>
        ) : null}
      </div>
      <div className="entry-side">
        <Keypad onKey={(k) => pressKey(k)} disabled={busy} mode={entryMode} />
        <button type="button" className="button button-quiet button-wide" onClick={clearAmount}>
          {t('entry.clear')} <kbd>{t('entry.clearHint')}</kbd>
        </button>
      </div>
    </section>
  );
}
