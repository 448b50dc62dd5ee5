import type { Bilingual, Platform, ReceiptView, SaleView } from '../../../../../../preload/api';

export type EntryMode = 'scan' | 'qr';

/** A scan the core holds until the cashier confirms the amount on screen (see main/payments/held-scan.ts). */
export interface HeldScan {
  holdId: string;
  platform: Platform;
  maskedCode: string;
  expiresAt: number;
}

export interface ScanInfo {
  platform: Platform;
  maskedCode: string;
  at: number;
}

/** Large amounts at or above this ask for a second Enter unless the terminal says otherwise. */
export const DEFAULT_LARGE_AMOUNT_CENTS = 50_000;

export interface SaleState {
  entryMode: EntryMode;
  /** The amount being typed, as text (see amount-entry.ts). */
  amount: string;
  /** The sale on screen (scan or merchant QR); null while entering an amount. */
  sale: SaleView | null;
  /** Set when the cashier stopped waiting in the foreground for this sale id. */
  stoppedWaitingFor: string | null;
  /** Last scan the core accepted for the sale on screen: its platform shows before the gateway answers. */
  scan: ScanInfo | null;
  /** Why the last scan was not used (not a payment code, no sale open …). */
  scanNotice: { message: Bilingual; at: number } | null;
  /** Receipt of the paid sale on screen. */
  receipt: ReceiptView | null;
  /** A scan that came before Enter: the screen asks the cashier to confirm the amount with one key. */
  heldScan: HeldScan | null;
  /** The large amount (cents) the cashier has been asked to confirm with a second Enter. */
  confirmLarge: number | null;
  /** The sale whose void waits for one confirming key or tap: a void may end in a refund. */
  confirmVoid: string | null;
  /**
   * The sale whose void the core refused for the person at the counter (NOT_ALLOWED): the void question now
   * asks who approves and their PIN.
   */
  voidNeedsPin: string | null;
  /**
   * The sale the cashier left with "New sale": the customer display keeps its last words (thank you, cancelled
   * …) until the next amount is keyed, then the core is told the counter moved on.
   */
  leftSale: string | null;
}

export function initialSale(): SaleState {
  return {
    entryMode: 'scan',
    amount: '',
    sale: null,
    stoppedWaitingFor: null,
    scan: null,
    scanNotice: null,
    receipt: null,
    heldScan: null,
    confirmLarge: null,
    confirmVoid: null,
    voidNeedsPin: null,
    leftSale: null,
  };
}
