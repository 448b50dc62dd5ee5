/** A sale screen's action: its words, the key that does the same, and no second press while the till is busy. */
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n';
import { useT } from '../i18n/use-t';
import { usePos } from '../store/context';

export function KeyButton({
  label,
  hint,
  className = 'button button-wide',
  testId,
  onClick,
}: {
  label: ReactNode;
  hint: string;
  className?: string;
  testId?: string;
  onClick(): void;
}) {
  const busy = usePos((s) => s.busy);
  return (
    <button type="button" className={className} data-testid={testId} disabled={busy} onClick={onClick}>
      {label} <kbd>{hint}</kbd>
    </button>
  );
}

/** The sale's own actions with their words and key: start the next sale, or cancel the open one (nothing taken). */
const SALE_ACTIONS: Record<'newSale' | 'cancelSale', [MessageKey, MessageKey]> = {
  newSale: ['result.newSale', 'result.newSaleHint'],
  cancelSale: ['scan.cancel', 'scan.cancelHint'],
};

export function SaleActionButton({
  action,
  className,
}: {
  action: keyof typeof SALE_ACTIONS;
  className: string;
}) {
  const { t } = useT();
  const run = usePos((s) => s[action]);
  const [label, hint] = SALE_ACTIONS[action];
  return <KeyButton label={t(label)} hint={t(hint)} className={className} onClick={() => void run()} />;
}
