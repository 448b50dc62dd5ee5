/** "Customer pays another way": voids the sale on screen; a payment that still lands is refunded by the core. */
import { useT } from '../i18n/use-t';
import { usePos } from '../store/context';

export function VoidButton() {
  const { t } = useT();
  const busy = usePos((s) => s.busy);
  const voidSale = usePos((s) => s.voidSale);
  return (
    <>
      <button
        type="button"
        className="button button-wide button-void"
        data-testid="void-sale"
        disabled={busy}
        onClick={() => void voidSale()}
      >
        {t('void.button')} <kbd>{t('void.key')}</kbd>
      </button>
      <p className="hint">{t('void.hint')}</p>
    </>
  );
}
