/**
 * What makes a receipt an Australian tax invoice, or a refund's an adjustment note, decided once for the printed
 * layouts (layout.ts) and the receipt on the cashier's screen. Browser-safe. Which ATO requirement each line
 * meets is listed in docs/receipts.md.
 */
import type { Bilingual, ReceiptView } from '../../preload/api';
import { formatAbn } from '../shared/abn';
import { BUYER_IDENTITY_FROM_CENTS, gstIncludedCents } from '../shared/gst';
import { refundState } from '../shared/refund-words';
import { LABELS } from './labels';

/** The words a tax invoice or adjustment note adds (labels.ts, with every other receipt word). */
export const TAX_WORDS = {
  taxInvoice: LABELS.taxInvoice,
  adjustmentNote: LABELS.adjustmentNote,
  dateOfIssue: LABELS.dateOfIssue,
  description: LABELS.item,
  gstIncluded: LABELS.gstIncluded,
  gstAdjusted: LABELS.gstAdjusted,
  buyer: LABELS.buyer,
  /** An adjustment note says why it was issued; a refund without a typed reason still has this one. */
  reason: LABELS.adjustmentReason,
  servedBy: LABELS.servedBy,
} satisfies Record<string, Bilingual>;

export interface TaxDocument {
  kind: 'tax_invoice' | 'adjustment_note';
  title: Bilingual;
  businessName: string;
  /** "ABN 51 824 753 556". */
  abnLine: string;
  description: string;
  /** The GST line: included in a sale (positive), or the decrease a refund makes (negative); null without GST. */
  gst: { label: Bilingual; cents: number } | null;
  /** The ATO's rule from A$1,000: a blank for the buyer's name or ABN. */
  buyerLine: boolean;
}

/**
 * The tax invoice or adjustment note a receipt view is, or null for an ordinary receipt. A refund is an adjustment
 * note only once refunded: while it is in flight or failed no money went back, and its receipt keeps the
 * "not yet made / not made" titles.
 */
export function taxDocumentOf(view: ReceiptView): TaxDocument | null {
  const tax = view.taxInvoice;
  if (!tax) return null;
  const common = {
    businessName: tax.businessName,
    abnLine: `ABN ${formatAbn(tax.abn)}`,
    description: tax.description,
    buyerLine: tax.saleAmountCents >= BUYER_IDENTITY_FROM_CENTS,
  };
  if (view.kind === 'sale') {
    const gst = tax.pricesIncludeGst
      ? { label: TAX_WORDS.gstIncluded, cents: gstIncludedCents(view.amountCents) }
      : null;
    return { kind: 'tax_invoice', title: TAX_WORDS.taxInvoice, gst, ...common };
  }
  if (!view.refund || refundState(view.refund.status) !== 'refunded') return null;
  const gst = tax.pricesIncludeGst
    ? { label: TAX_WORDS.gstAdjusted, cents: -gstIncludedCents(view.amountCents) }
    : null;
  return { kind: 'adjustment_note', title: TAX_WORDS.adjustmentNote, gst, ...common };
}

/** "Served by" prints the first name only: enough for the customer, no full name on paper. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}
