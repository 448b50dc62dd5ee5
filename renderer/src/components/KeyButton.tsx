/** A sale screen's action: its words, the key that does the same, and no second press while the till is busy. */
import type { ReactNode } from 'react';
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
