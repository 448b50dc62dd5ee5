/**
 * A sale's state as the cashier and manager read it: a paid sale that was refunded reads "Refunded" or "Partly
 * refunded (A$ x left)", never just "Paid". Every list and detail that shows a sale's state uses this badge.
 */
import type { SaleView } from '../../../preload/api';
import { formatAud } from '../i18n';
import { useT } from '../i18n/use-t';

export type RefundState = 'none' | 'partial' | 'full';

export function refundState(sale: Pick<SaleView, 'phase' | 'amountCents' | 'refundedCents'>): RefundState {
  if (sale.phase !== 'paid' || sale.refundedCents <= 0) return 'none';
  return sale.refundedCents >= sale.amountCents ? 'full' : 'partial';
}

export function SaleStateBadge({ sale, testId }: { sale: SaleView; testId?: string }) {
  const { t, language } = useT();
  const state = refundState(sale);
  if (state === 'full') {
    return (
      <span className="badge badge-refunded" data-testid={testId}>
        {t('phase.refunded')}
      </span>
    );
  }
  if (state === 'partial') {
    const left = formatAud(language, sale.amountCents - sale.refundedCents);
    return (
      // Two unbreakable halves: a narrow column wraps between them, never inside a word.
      <span className="badge badge-partly-refunded" data-testid={testId}>
        <span className="badge-line">{t('phase.partlyRefunded')}</span>{' '}
        <span className="badge-line">{t('phase.refundLeft', { left })}</span>
      </span>
    );
  }
  return (
    <span className={`badge badge-${sale.phase}`} data-testid={testId}>
      {t(`phase.${sale.phase}`)}
    </span>
  );
}
