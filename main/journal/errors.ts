import type { Bilingual } from '../shared/bilingual';
import { bilingual } from '../shared/bilingual';

export type JournalErrorCode =
  /** A value failed validation at the journal's edge (type, range, format). Nothing was written. */
  | 'invalid_input'
  /** The row an update or reference points at does not exist. */
  | 'not_found'
  /** SQLite refused the write (unique, foreign key, check, trigger). Nothing was written. */
  | 'constraint'
  /** A change that would rewrite money history (e.g. a paid sale leaving `paid`). */
  | 'invalid_transition'
  /** A refund that would take more than the sale's remaining refundable amount. */
  | 'refund_limit'
  /** A refund of a sale (or attempt) that is not paid. */
  | 'not_refundable'
  /** The same business date was already closed (Z). */
  | 'day_already_closed'
  /** The session asked for is not the open one (already closed, or never existed). */
  | 'session_not_open'
  /** The 5-digit daily sequence ran out (99,999 numbers in one day on one terminal). */
  | 'sequence_exhausted'
  /** The file was written by a newer version of the app. */
  | 'schema_too_new'
  /** The file could not be opened or is not a journal. */
  | 'open_failed';

const MESSAGES: Record<JournalErrorCode, Bilingual> = {
  invalid_input: bilingual(
    'The sales record was not saved: a value is not valid.',
    '交易记录未保存：有一项数值无效。',
  ),
  not_found: bilingual('That record was not found in the sales journal.', '在交易日志中找不到该记录。'),
  constraint: bilingual(
    'The sales journal refused this change; nothing was saved.',
    '交易日志拒绝了此更改，未保存任何内容。',
  ),
  invalid_transition: bilingual(
    'This change would alter a completed payment and was refused.',
    '此更改会修改已完成的付款，已被拒绝。',
  ),
  refund_limit: bilingual(
    'The refund is more than what is left to refund on this sale.',
    '退款金额超过该交易的可退余额。',
  ),
  not_refundable: bilingual('Only a paid sale can be refunded.', '只有已付款的交易才能退款。'),
  day_already_closed: bilingual('This day has already been closed.', '该营业日已经结账。'),
  session_not_open: bilingual(
    'That shift is already closed; there is nothing to close.',
    '该班次已经结账，没有可结账的内容。',
  ),
  sequence_exhausted: bilingual(
    'No more order numbers are available today on this terminal.',
    '本终端今天的订单号已用完。',
  ),
  schema_too_new: bilingual(
    'The sales journal was written by a newer version of this app. Update the app before opening it.',
    '交易日志由更新版本的程序创建，请先更新程序再打开。',
  ),
  open_failed: bilingual('The sales journal could not be opened.', '无法打开交易日志。'),
};

/**
 * Every failure the journal reports. `message` is for logs (never holds a secret or a PIN); `userMessage` is what
 * a cashier or manager may be shown.
 */
export class JournalError extends Error {
  readonly userMessage: Bilingual;

  constructor(
    readonly code: JournalErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'JournalError';
    this.userMessage = MESSAGES[code];
  }
}

export function isJournalError(e: unknown, code?: JournalErrorCode): e is JournalError {
  return e instanceof JournalError && (code === undefined || e.code === code);
}
