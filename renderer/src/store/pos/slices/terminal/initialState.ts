import type {
  GatewayStatus,
  Language,
  Platform,
  RateView,
  ScannerStatus,
  StoreLinkStatus,
  TerminalInfo,
} from '../../../../../../preload/api';
import type { CustomerDisplayStatus } from '../../../../../../preload/customer-display';

export type Connection = 'connecting' | 'open' | 'closed';

export interface TerminalState {
  status: 'loading' | 'ready' | 'error';
  /** The link to the POS core (hub socket); always 'open' in Electron. */
  connection: Connection;
  terminal: TerminalInfo | null;
  scanner: ScannerStatus | null;
  gateway: GatewayStatus | null;
  unresolvedCount: number;
  /** The customer-facing display: on/off and how many are showing (null: the core does not say). */
  customerDisplay: CustomerDisplayStatus | null;
  /** The store server link (null: the core does not say; state 'off': not enrolled). */
  storeLink: StoreLinkStatus | null;
  /** Language shown; follows the terminal setting, defaults to English until the snapshot arrives. */
  language: Language;
  soundOn: boolean;
  rates: Partial<Record<Platform, RateView>>;
}

export function initialTerminal(): TerminalState {
  return {
    status: 'loading',
    connection: 'open',
    terminal: null,
    scanner: null,
    gateway: null,
    unresolvedCount: 0,
    customerDisplay: null,
    storeLink: null,
    language: 'en',
    soundOn: true,
    rates: {},
  };
}
