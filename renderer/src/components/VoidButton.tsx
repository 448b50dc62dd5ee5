/**
 * "Customer pays another way": voids the sale after one confirming key or tap, because a payment that still
 * lands is then refunded (or held for the manager), and says so before the cashier confirms.
 */
import { useT } from '../i18n/use-t';
import { usePos, usePosPick } from '../store/context';
import { VoidApproval } from './VoidApproval';
import { ConfirmStep } from './ConfirmStep';

export function VoidButton() {
  const { t } = useT();
  const { busy, askVoid, keepSale, voidSale } = usePosPick('busy', 'askVoid', 'keepSale', 'voidSale');
  const saleId = usePos((s) => s.sale?.id ?? null);
  const confirming = usePos((s) => s.confirmVoid !== null && s.confirmVoid === saleId);
  const askManager = usePos((s) => s.terminal?.latePayments === 'ask_manager');
  const needsPin = usePos((s) => s.voidNeedsPin !== null && s.voidNeedsPin === saleId);
  if (confirming && needsPin) {
    return (
      <div
        className="void-confirm"
        role="alertdialog"
        aria-labelledby="void-confirm-title"
        data-testid="void-confirm"
      >
        <h3 id="void-confirm-title">{t('void.confirmTitle')}</h3>
        <VoidApproval />
      </div>
    );
  }
  if (confirming) {
    return (
      <ConfirmStep
        className="void-confirm"
        role="alertdialog"
        testId="void-confirm"
        heading={t('void.confirmTitle')}
        level={3}
        actionsClassName="screen-actions"
        confirm={{
          label: (
            <>
              {t('void.confirm')} <kbd>{t('void.confirmKey')}</kbd>
            </>
          ),
          className: 'button button-void',
          testId: 'void-confirm-yes',
          onClick: () => void voidSale(),
        }}
        back={{
          label: (
            <>
              {t('void.keep')} <kbd>{t('scan.cancelHint')}</kbd>
            </>
          ),
          onClick: keepSale,
        }}
        busy={busy}
      >
        <p>{t(askManager ? 'void.confirmAskManager' : 'void.confirmRefund')}</p>
      </ConfirmStep>
    );
  }
  return (
    <>
      <button
        type="button"
        className="button button-wide button-void"
        data-testid="void-sale"
        disabled={busy}
        onClick={askVoid}
      >
        {t('void.button')} <kbd>{t('void.key')}</kbd>
      </button>
      <p className="hint">{t(askManager ? 'void.hintAskManager' : 'void.hint')}</p>
    </>
  );
}
