/**
 * Which replicated refund statuses are final, on the server side. The same lists as the till's journal
 * (main/journal/status.ts), which the server must read the same way: a refund that failed held no money back.
 */
import { FAILED_REFUND_STATUSES, refundOutcome } from '../../journal/status';

export { refundOutcome };

/** Omipay's own word for "the money went back". */
export const REFUND_SUCCESS_STATUS = 'CLOSED';

export const FAILED_STATUSES: readonly string[] = FAILED_REFUND_STATUSES;
