/**
 * What the Terminal API tells the cashier: which POS asked for the payment on screen (and for how much), or the
 * pairing code a POS is waiting for. Shown only while it applies.
 */
import { formatCents } from '../../../main/shared/money';
import { useT } from '../i18n/use-t';
import { usePosPick } from '../store/context';
import { isFinalPhase } from '../store/sale-merge';

export function ApiRequestBanner() {
  const { t } = useT();
  const { apiRequest: request, sale } = usePosPick('apiRequest', 'sale');
  if (!request) return null;
  let text: string;
  if (request.kind === 'payment') {
    // While the request is live, and on its paid screen; a given-up sale needs no reminder of who asked.
    if (sale?.id !== request.saleId || (isFinalPhase(sale.phase) && sale.phase !== 'paid')) return null;
    text = t('api.paymentRequested', {
      pos: request.posName,
      amount: t('money.aud', { amount: formatCents(request.amountCents) }),
    });
    if (request.reference) text += ` · ${t('api.reference', { reference: request.reference })}`;
  } else if (request.kind === 'pairing') {
    if (request.expiresAt < Date.now()) return null;
    text = t('api.pairingCode', { pos: request.posName, code: request.code });
  } else if (request.kind === 'paired') {
    text = t('api.paired', { pos: request.posName });
  } else if (request.kind === 'pairing-ended') {
    text = t('api.pairingBurned', { pos: request.posName });
  } else {
    // Refund requests have their own banner with Approve / Decline (ApiRefundRequest).
    return null;
  }
  return (
    <div className="notice api-request" role="status" data-testid="api-request">
      <p className="notice-text">{text}</p>
    </div>
  );
}
