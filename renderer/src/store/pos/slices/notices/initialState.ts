import type { ApiRequestNotice, NoticeView } from '../../../../../../preload/api';

export type ApiRefundRequest = Extract<ApiRequestNotice, { kind: 'refund' }>;

export interface NoticesState {
  /** Sales that settled in the background (and late payments), newest first, until dismissed. */
  saleNotices: NoticeView[];
  /** The Terminal API's last word for the cashier: a POS asked for a payment, or shows a pairing code. */
  apiRequest: ApiRequestNotice | null;
  /** Refunds a POS asked for that wait for the manager's PIN on this screen (refundApproval on_screen). */
  apiRefunds: ApiRefundRequest[];
}

export function initialNotices(): NoticesState {
  return { saleNotices: [], apiRequest: null, apiRefunds: [] };
}
