/**
 * The Terminal API's behaviour, independent of HTTP: payments started for a POS, their states, abort, refunds,
 * receipts, status and pairing. It maps every call onto the core (SaleEngine, RefundEngine, PosService), so the
 * API gets the lifecycle's guarantees — void with its closed loop, one out_order_no per attempt, refunds under
 * the journal's limit — and adds the caller's ids (kept in the journal file, so they survive a restart). Each
 * operation area lives in ./ops/; this class is their one face for the HTTP layer and the runtime.
 */
import type { ApiRefundDecision } from '../../preload/api';
import type { CreatePayment, CreateRefund, Payment, PaymentState, Refund } from './schemas';
import type { TerminalApiServiceDeps } from './ops/deps';
import { ApiPayments } from './ops/payments';
import { ApiRefunds } from './ops/refunds';
import { ApiPairing } from './ops/pairing';
import { tillStatus } from './ops/status';

export type { ApiScreenNotice, RefundApproval, TerminalApiServiceDeps } from './ops/deps';
export { hashKey } from './ops/pairing';

export class TerminalApiService {
  private readonly payments: ApiPayments;
  private readonly refunds: ApiRefunds;
  private readonly pairing: ApiPairing;

  constructor(private readonly deps: TerminalApiServiceDeps) {
    this.payments = new ApiPayments(deps);
    this.refunds = new ApiRefunds(deps);
    this.pairing = new ApiPairing(deps);
  }

  close(): void {
    this.payments.close();
  }

  /** After a restart: reservations the till had not linked yet are linked (or dropped when nothing started). */
  recover(): void {
    this.payments.recover();
    this.refunds.recover();
  }

  // ——— payments (ops/payments.ts) ———

  /** `keyId`: the paired key asking (null: a keyless caller on this machine); the payment belongs to it. */
  createPayment(
    req: CreatePayment,
    client: string,
    keyId: string | null = null,
  ): Promise<{ created: boolean; payment: Payment }> {
    return this.payments.createPayment(req, client, keyId);
  }

  payment(id: string): Promise<Payment> {
    return this.payments.payment(id);
  }

  /** Long-poll: resolves when the state differs from `known` (default: the state now), it is final, or time is up. */
  waitPayment(id: string, waitSeconds: number, known?: PaymentState, signal?: AbortSignal): Promise<Payment> {
    return this.payments.waitPayment(id, waitSeconds, known, signal);
  }

  /** Calls `listener` whenever the payment may have changed; returns the unsubscribe function. */
  subscribe(id: string, listener: () => void): () => void {
    return this.payments.subscribe(id, listener);
  }

  /** Only the key that created the payment may abort it (../ownership). */
  abort(id: string, keyId: string | null = null): Promise<Payment> {
    return this.payments.abort(id, keyId);
  }

  /** The API payment the till is busy with, if any. */
  activePaymentId(): string | null {
    return this.payments.activePaymentId();
  }

  // ——— refunds (ops/refunds.ts) ———

  /** A payment the API started is refunded only by the key that created it (../ownership). */
  createRefund(
    req: CreateRefund,
    client: string,
    keyId: string | null = null,
  ): Promise<{ created: boolean; refund: Refund }> {
    return this.refunds.createRefund(req, client, keyId);
  }

  /** The manager's decision on the till's screen; null when no request by that id awaits one. */
  decideRefund(
    requestId: string,
    approve: boolean,
    approvedBy?: string | null,
  ): Promise<ApiRefundDecision | null> {
    return this.refunds.decideRefund(requestId, approve, approvedBy ?? null);
  }

  refund(id: string): Refund {
    return this.refunds.refund(id);
  }

  // ——— pairing and keys (ops/pairing.ts) ———

  startPairing(posName: string): { expiresAt: number } {
    return this.pairing.startPairing(posName);
  }

  completePairing(posName: string, code: string): { keyId: string; apiKey: string; name: string } {
    return this.pairing.completePairing(posName, code);
  }

  /** The paired POS a bearer key belongs to, or null (unknown or revoked). */
  authenticate(apiKey: string): { id: string; name: string } | null {
    return this.pairing.authenticate(apiKey);
  }

  listKeys() {
    return this.pairing.listKeys();
  }

  revokeKey(id: string): boolean {
    return this.pairing.revokeKey(id);
  }

  // ——— status (ops/status.ts) ———

  status(session: { client: string; paired: boolean }) {
    return tillStatus(
      this.deps.service,
      () => this.deps.refundApproval(),
      () => this.payments.activePaymentId(),
      session,
    );
  }
}
