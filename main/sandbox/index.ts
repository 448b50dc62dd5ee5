export { startSandbox } from './sandbox';
export { SandboxStateError } from './ledger';
export {
  DEFAULT_CLI_PORT,
  DEFAULT_EXCHANGE_RATES,
  DEFAULT_AMOUNT_LIMITS,
  DEFAULT_GATEWAY_TIME_ZONE,
  DEFAULT_HOST,
  DEFAULT_MERCHANT,
  DEFAULT_REFUND_STEP_MS,
} from './options';
export { API_NAMES, type ApiName } from './faults';
export { DEFAULT_SWITCHES, SWITCH_NAMES, type SandboxSwitches } from './switches';
export { USERPAYING_RESOLVE_MS, SLOW_REPLY_MS } from './scenarios';
export { NOTIFY_RETRY_DELAYS_MS, type NotificationAttemptEvent } from './notifier';
// Every type of the sandbox's public surface (types.ts holds nothing else).
export type * from './types';
