/**
 * The one error-code vocabulary of the contract. A `PosError.code` is always one of:
 *
 * - a **contract** code (ContractErrorCode, below): the call did not reach the core's logic, failed inside it
 *   unexpectedly, or its answer never came back. Produced by the edge check (./edge) on both the hub socket and
 *   Electron IPC, by the hub's frame reader, by the two clients (the preload, the browser's hub client) and by
 *   PosService for a handler that threw. Same code, same words, whichever path;
 * - a **core** code (CoreErrorCode): the core understood the call and refused it;
 * - an Omipay `error_code` (e.g. `ORDER_NOT_PAID`, `SIGN_TIMEOUT`) or one of the client's transport codes
 *   (`TRANSPORT_NOT_SENT`, `TRANSPORT_UNKNOWN`, …), passed through with a cashier message from main/omipay.
 *
 * docs/app-shell.md lists them all with what the screen should do.
 */
import type { Bilingual, PosError } from './views';

const CONTRACT_MESSAGES = {
  BAD_MESSAGE: {
    en: 'The POS could not read that request. Reload the page and try again.',
    zh: 'POS 无法读取该请求。请刷新页面后重试。',
  },
  UNKNOWN_METHOD: {
    en: 'The POS does not know that action. Reload the page and try again.',
    zh: 'POS 不支持该操作。请刷新页面后重试。',
  },
  INVALID_ARGUMENT: {
    en: 'Some of the details sent were not valid. Check them and try again.',
    zh: '提交的信息无效。请检查后重试。',
  },
  BUSY: {
    en: 'The POS is still working on earlier requests. Wait a moment and try again.',
    zh: 'POS 正在处理之前的请求。请稍候再试。',
  },
  INTERNAL_ERROR: {
    en: 'Something went wrong inside the POS. Check the sale in History before trying again.',
    zh: 'POS 内部出错。重试前请先在“历史记录”中查看该笔交易。',
  },
  FORBIDDEN: {
    en: 'This window may not use the POS. Restart the app.',
    zh: '此窗口无权使用 POS。请重新启动应用。',
  },
  IPC_FAILED: {
    en: 'The POS did not answer. Check the sale before trying again, or restart the app.',
    zh: 'POS 没有响应。重试前请先查看该笔交易，或重新启动应用。',
  },
  HUB_DISCONNECTED: {
    en: 'Lost the connection to the POS. The last action may still have gone through: check the sale before trying again.',
    zh: '与 POS 的连接已断开。上一步操作可能已经生效：重试前请先查看该笔交易。',
  },
  HUB_TIMEOUT: {
    en: 'The POS did not answer in time. The last action may still have gone through: check the sale before trying again.',
    zh: 'POS 未及时响应。上一步操作可能已经生效：重试前请先查看该笔交易。',
  },
} satisfies Record<string, Bilingual>;

export type ContractErrorCode = keyof typeof CONTRACT_MESSAGES;
export const CONTRACT_ERROR_CODES = Object.keys(CONTRACT_MESSAGES) as ContractErrorCode[];

/** The error for a contract code, with its bilingual message; `detail` says what exactly (never a secret). */
export function contractError(code: ContractErrorCode, detail?: string): PosError {
  const error: PosError = { code, message: CONTRACT_MESSAGES[code] };
  if (detail !== undefined) error.detail = detail;
  return error;
}

/** Codes the core (PosService and the engines) answers with; each carries its own bilingual message. */
export type CoreErrorCode =
  // input the core understood but cannot use
  | 'AMOUNT_INVALID'
  | 'AMOUNT_TOO_LARGE'
  | 'CODE_REJECTED'
  // the sale or refund named is not in a state for this
  | 'SALE_NOT_FOUND'
  | 'REFUND_NOT_FOUND'
  | 'API_KEY_NOT_FOUND'
  | 'API_REFUND_NOT_FOUND'
  | 'NO_ACTIVE_SALE'
  | 'SALE_BUSY'
  | 'SALE_PAID'
  | 'SALE_NOT_ACCEPTING_CODE'
  | 'ORDER_NOT_PAID'
  | 'NO_ORDER_NO'
  | 'REFUND_REJECTED'
  | 'DAY_CLOSED'
  | 'UNRESOLVED_SALES'
  | 'CLOSED'
  // the first-start time zone question (docs/screens.md): sales held until it is answered
  | 'SHOP_ZONE_NEEDED'
  | 'SHOP_ZONE_ANSWERED'
  | 'INVALID_TIME_ZONE'
  // the manager PIN
  | 'NO_PIN'
  | 'WRONG_PIN'
  | 'PIN_LOCKED'
  | 'INVALID_PIN'
  | 'CURRENT_PIN_REQUIRED'
  // people at the counter (docs/screens.md "People"): who may do what
  | 'NOT_ALLOWED'
  | 'REFUND_OVER_LIMIT'
  | 'PERSON_NOT_FOUND'
  | 'PERSON_DISABLED'
  | 'PERSON_READ_ONLY'
  | 'SIGN_IN_REQUIRED'
  | 'BADGE_REFUSED'
  // settings the manager sent, or the gateway they name
  | 'INVALID_SETTINGS'
  | 'MISSING_CREDENTIALS'
  | 'GATEWAY_BUSY'
  // a part of this terminal is missing or failed
  | 'UNAVAILABLE'
  | 'PRINT_FAILED';
