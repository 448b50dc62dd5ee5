/** The box that says how a refund ended: its colour and urgency follow the outcome (an unclear or failed one alerts). */
import type { ReactNode } from 'react';
import type { RefundView } from '../../../../preload/api';
import { refundOutcome } from '../../store/refund-form';

export function RefundResult({
  refund,
  testId,
  status,
  children,
}: {
  refund: RefundView;
  testId: string;
  /** The refund's status word for the tests to read (data-status), where the screen has one. */
  status?: string;
  children: ReactNode;
}) {
  const outcome = refundOutcome(refund);
  return (
    <div
      className={`m-result m-result-${outcome}`}
      role={outcome === 'unknown' || outcome === 'failed' ? 'alert' : 'status'}
      data-testid={testId}
      data-outcome={outcome}
      data-status={status}
    >
      {children}
    </div>
  );
}
