/** The till's status as a paired POS sees it: ready, scanner, gateway, the sale in progress, its own session. */
import type { PosApi } from '../../../preload/api';
import { ApiError } from '../errors';
import type { RefundApproval } from './deps';

export async function tillStatus(
  pos: PosApi,
  refundApproval: () => RefundApproval,
  activePaymentId: () => string | null,
  session: { client: string; paired: boolean },
) {
  const snap = await pos.getSnapshot();
  if (!snap.ok) throw new ApiError('INTERNAL');
  const s = snap.value;
  return {
    api: { version: 'v1' as const, refundApproval: refundApproval() },
    till: {
      posNo: s.terminal.posNo,
      merchantName: s.terminal.merchantName,
      ready: true,
      unresolvedCount: s.unresolvedCount,
    },
    scanner: { kind: s.scanner.kind, state: s.scanner.state, reason: s.scanner.reason },
    gateway: {
      mode: s.gateway.mode,
      region: s.gateway.region,
      online: s.gateway.online,
      problem: s.gateway.problem,
    },
    currentSale: s.activeSale
      ? { saleId: s.activeSale.id, state: s.activeSale.phase, amountCents: s.activeSale.amountCents }
      : null,
    activePaymentId: activePaymentId(),
    session,
  };
}
