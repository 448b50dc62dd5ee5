/** "Stop waiting, keep following": the screen stops waiting, the sale stays the customer's (a later payment is kept). */
import { useT } from '../i18n/use-t';
import { usePos, usePosPick } from '../store/context';

export function StopWaitingButton() {
  const { t } = useT();
  const { busy, stopWaiting } = usePosPick('busy', 'stopWaiting');
  // While the void question is open its "Keep the sale" (Esc) is the way back: one question on screen at a time.
  const confirming = usePos((s) => s.confirmVoid !== null && s.confirmVoid === s.sale?.id);
  if (confirming) return null;
  return (
    <>
      <button
        type="button"
        className="button button-wide"
        data-testid="stop-waiting"
        disabled={busy}
        onClick={() => void stopWaiting()}
      >
        {t('waiting.stop')} <kbd>{t('scan.cancelHint')}</kbd>
      </button>
      <p className="hint">{t('waiting.stopHint')}</p>
    </>
  );
}
