/** What the Terminal API's operations are built on: the core's engines, the PosService and the API's own store. */
import type { Logger } from 'pino';
import type { ApiRequestNotice } from '../../../preload/api';
import type { Journal } from '../../journal/types';
import type { ManagerAuth } from '../../payments/manager-auth';
import type { PosService } from '../../payments/pos-service';
import type { RefundEngine } from '../../payments/refund-engine';
import type { SaleEngine } from '../../payments/sale-engine';
import type { TerminalApiStore } from '../store';

export type RefundApproval = 'pin' | 'on_screen';

/** What the till's screen is told about the API (a banner): a payment request or a pairing code. */
export type ApiScreenNotice = ApiRequestNotice;

export interface TerminalApiServiceDeps {
  journal: Journal;
  engine: SaleEngine;
  refunds: RefundEngine;
  auth: ManagerAuth;
  service: PosService;
  store: TerminalApiStore;
  refundApproval: () => RefundApproval;
  showOnScreen: (notice: ApiScreenNotice) => void;
  /** Some screen holds an amount typed and not charged (PosService.keypad). */
  keypadHasAmount?: () => boolean;
  /** config terminalApi.takeOverIdleKeypad: a request may replace the cashier's idle amount or sale. */
  takeOverIdleKeypad?: () => boolean;
  now?: () => number;
  log?: Logger;
}
