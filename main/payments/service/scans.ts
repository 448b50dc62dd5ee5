/** Scans from the hardware (serial, HID) and the keyboard wedge, routed to the sale waiting for a code. */
import { recognisePaymentCode } from '../../scanner/payment-code';
import { looksLikeBadge } from '../../people/badges';
import { maskCode } from '../ids';
import { msg } from '../messages';
import type { ServiceContext } from './context';
import { toPosError } from './results';

/**
 * What became of a scan: `taken` when it went to a sale, was held for the amount or named a sale to find;
 * `refused` when the cashier was told it was not used. A refused code must not count as seen by the scanner's
 * duplicate filter: the cashier's next scan of it, once the reason is gone, has to work.
 */
export type ScanOutcome = 'taken' | 'refused';

/** A scan from any hardware source (serial, HID) after the scanner service's de-duplication. */
export function handleScan(ctx: ServiceContext, raw: string): ScanOutcome {
  // A staff badge is recognised before anything else: it signs its owner in and never touches a sale.
  if (looksLikeBadge(raw)) {
    const v = ctx.people.signInBadge(raw);
    if (v.ok) return 'taken';
    ctx.emit({ type: 'scan-rejected', code: v.code, message: v.message });
    return 'refused';
  }
  const onHold = ctx.deps.engine.salesHeld;
  if (onHold) {
    // Not even held for the amount: no sale can start until the till may sell, so say why now.
    ctx.emit({ type: 'scan-rejected', code: onHold.code, message: onHold.message });
    return 'refused';
  }
  const recognised = recognisePaymentCode(raw);
  if (!recognised.ok) {
    const sale = ctx.deps.engine.activeSale;
    const awaitingCode = sale !== null && (sale.status === 'open' || sale.status === 'declined');
    if (recognised.kind === 'receipt_order_no' && recognised.orderNo && !awaitingCode) {
      ctx.emit({ type: 'reference-scanned', reference: recognised.orderNo });
      return 'taken';
    }
    ctx.emit({ type: 'scan-rejected', code: recognised.kind, message: recognised.message });
    return 'refused';
  }
  const sale = ctx.deps.engine.activeSale;
  const waitingForCode = sale !== null && (sale.status === 'open' || sale.status === 'declined');
  if (sale?.status === 'in_progress' || (waitingForCode && sale.kind !== 'scan')) {
    const message = sale.status === 'in_progress' ? msg.saleBusy : msg.saleNotAcceptingCode;
    ctx.emit({ type: 'scan-ignored', message });
    return 'refused';
  }
  if (!sale || !waitingForCode) {
    // No sale is waiting for a code (the amount may be typed but not charged yet): hold it for the screen to
    // confirm the amount, rather than guess what the cashier meant.
    const held = ctx.held.hold(recognised.code, recognised.platform);
    ctx.emit({ type: 'scan-held', ...held, maskedCode: maskCode(recognised.code) ?? '' });
    return 'taken';
  }
  // The scanner feeds a sale like the code field does: with nobody signed in the code is not taken (a rescan
  // once someone signs in works, since a refused scan is not counted as seen).
  const gate = ctx.people.requireSignedIn('submitCode');
  if (gate) {
    ctx.emit({ type: 'scan-rejected', code: gate.code, message: gate.message });
    return 'refused';
  }
  try {
    ctx.deps.engine.submitCode(sale.id, recognised.code);
    ctx.emit({
      type: 'scan-accepted',
      platform: recognised.platform,
      maskedCode: maskCode(recognised.code) ?? '',
    });
    return 'taken';
  } catch (err) {
    const stored = ctx.storage.note(err);
    const e = stored ?? toPosError(err);
    ctx.emit({ type: 'scan-rejected', code: e.code, message: e.message });
    return 'refused';
  }
}
