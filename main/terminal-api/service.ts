/**
 * The Terminal API's behaviour, independent of HTTP: payments started for a POS, their states, abort, refunds,
 * receipts, status and pairing. It maps every call onto the core (SaleEngine, RefundEngine, PosService), so the
 * API gets the lifecycle's guarantees — void with its closed loop, one out_order_no per attempt, refunds under
 * the journal's limit — and adds the caller's ids (kept in the journal file, so they survive a restart).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { ApiRefundDecision, ApiRequestNotice, PosApi, PosEvent, SaleDetail } from '../../preload/api';
import { cashierMessage } from '../omipay';
import type { Journal } from '../journal/types';
import { FAILED_REFUND_STATUSES, OPEN_ATTEMPT_STATUSES } from '../journal/status';
import type { ManagerAuth } from '../payments/manager-auth';
import type { PosService } from '../payments/pos-service';
import type { RefundEngine } from '../payments/refund-engine';
import { EngineError, type SaleEngine } from '../payments/sale-engine';
import { ApiError } from './errors';
import type { CreatePayment, CreateRefund, Payment, PaymentState, Refund } from './schemas';
import type { ApiPaymentRow, ApiRefundRow, TerminalApiStore } from './store';
import { assertOwner } from './ownership';
import { PairingCodes } from './pairing-codes';
import { tillBusy } from './till-busy';

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

/** How far after the reservation a sale may have been created, when a crash left the two unlinked. */
const LINK_WINDOW_MS = 5_000;

export class TerminalApiService {
  private readonly now: () => number;
  private readonly saleToPayment = new Map<string, string>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly unsubscribe: () => void;
  private readonly pairing: PairingCodes;

  /** The PosApi contract's types (PosService's own method types are erased by its dispatcher). */
  private readonly pos: PosApi;

  constructor(private readonly deps: TerminalApiServiceDeps) {
    this.pos = deps.service;
    this.now = deps.now ?? Date.now;
    this.pairing = new PairingCodes({
      now: () => this.now(),
      show: deps.showOnScreen,
      ...(deps.log ? { log: deps.log } : {}),
    });
    this.unsubscribe = deps.service.onEvent((e: PosEvent) => {
      if (e.type !== 'sale') return;
      const id = this.paymentIdForSale(e.sale.id);
      if (id) this.changed(id);
    });
  }

  close(): void {
    this.unsubscribe();
    for (const set of this.listeners.values()) for (const l of set) l();
    this.listeners.clear();
  }

  /**
   * After a restart: a reservation whose sale was created but not yet linked when the till stopped is linked to
   * that sale (same amount, created just after), so the caller's GET tells the truth about it.
   */
  recover(): void {
    const { journal, store } = this.deps;
    for (const row of store.unlinkedPayments()) {
      const candidates = journal
        .searchSales({ from: row.createdAt, to: row.createdAt + LINK_WINDOW_MS, limit: 20 })
        .filter((s) => s.amountCents === row.amountCents && store.paymentBySale(s.id) === null);
      const sale = candidates.sort((a, b) => a.createdAt - b.createdAt)[0];
      if (sale) store.linkPayment(row.id, sale.id);
    }
    for (const row of store.unlinkedRefunds()) {
      const linked = store.linkedRefundIds(row.saleId);
      const refund = journal
        .listRefunds(row.saleId)
        .filter(
          (r) =>
            r.amountCents === row.amountCents &&
            r.createdAt >= row.createdAt &&
            r.createdAt <= row.createdAt + LINK_WINDOW_MS &&
            !linked.has(r.id),
        )
        .sort((a, b) => a.createdAt - b.createdAt)[0];
      if (refund) store.linkRefund(row.id, refund.id);
      else store.dropRefund(row.id);
    }
  }

  // ——— payments ———

  async createPayment(
    req: CreatePayment,
    client: string,
    keyId: string | null = null,
  ): Promise<{ created: boolean; payment: Payment }> {
    const { store, engine } = this.deps;
    const existing = store.getPayment(req.id);
    if (existing) return { created: false, payment: await this.samePayment(existing, req) };

    const current = engine.activeSale;
    const refusal = tillBusy({
      activePaymentId: this.activePaymentId(),
      cashierSale: current && !store.paymentBySale(current.id) ? current : null,
      keypadHasAmount: this.deps.keypadHasAmount?.() ?? false,
      takeOverIdleKeypad: this.deps.takeOverIdleKeypad?.() ?? false,
    });
    if (refusal) throw refusal;

    const at = this.now();
    const reserved = store.reservePayment({
      id: req.id,
      amountCents: req.amountCents,
      currency: 'AUD',
      mode: req.mode,
      reference: req.reference ?? null,
      description: req.description ?? null,
      client,
      createdAt: at,
    });
    // Another request with this id got in first (same tick or another connection): answer with that one.
    if (!reserved) {
      const row = store.getPayment(req.id);
      if (row) return { created: false, payment: await this.samePayment(row, req) };
    }

    let saleId: string;
    let qr: Promise<unknown> | null = null;
    try {
      if (req.mode === 'qr') {
        const before = engine.activeSale?.id ?? null;
        qr = engine.startQrSale(req.amountCents, req.platform, 'qr');
        const sale = engine.activeSale;
        if (!sale || sale.id === before) {
          await qr; // it failed before creating the sale: this throws the reason
          throw new ApiError('INTERNAL', 'the QR sale did not start');
        }
        saleId = sale.id;
      } else {
        saleId = engine.startSale(req.amountCents).id;
      }
    } catch (err) {
      store.dropPayment(req.id);
      throw engineToApi(err);
    }
    store.linkPayment(req.id, saleId);
    this.saleToPayment.set(saleId, req.id);
    this.deps.journal.appendEvent({
      at,
      actor: 'system',
      type: 'sale.api_requested',
      entity: 'sale',
      entityId: saleId,
      // keyId: the payment belongs to that key (./ownership); null for a keyless caller on this machine.
      data: { paymentId: req.id, client, reference: req.reference ?? null, keyId },
    });
    this.deps.showOnScreen({
      kind: 'payment',
      saleId,
      posName: client,
      amountCents: req.amountCents,
      reference: req.reference ?? null,
    });
    // A QR order is created at the gateway in the background; its outcome reaches the caller as state changes.
    if (qr) qr.catch(() => this.changed(req.id));
    return { created: true, payment: await this.payment(req.id) };
  }

  private async samePayment(row: ApiPaymentRow, req: CreatePayment): Promise<Payment> {
    if (
      row.amountCents !== req.amountCents ||
      row.mode !== req.mode ||
      row.reference !== (req.reference ?? null)
    ) {
      throw new ApiError(
        'IDEMPOTENCY_CONFLICT',
        `payment ${row.id} was requested for ${row.amountCents} cents (${row.mode})`,
      );
    }
    return this.paymentView(row);
  }

  async payment(id: string): Promise<Payment> {
    const row = this.deps.store.getPayment(id);
    if (!row) throw new ApiError('PAYMENT_NOT_FOUND');
    return this.paymentView(row);
  }

  /** Long-poll: resolves when the state differs from `known` (default: the state now), it is final, or time is up. */
  async waitPayment(
    id: string,
    waitSeconds: number,
    known?: PaymentState,
    /** Aborted when the caller hangs up: the wait ends at once (CALLER_GONE). */
    signal?: AbortSignal,
  ): Promise<Payment> {
    const first = await this.payment(id);
    const baseline = known ?? first.state;
    if (first.final || first.state !== baseline || waitSeconds <= 0) return first;
    if (signal?.aborted) throw new ApiError('CALLER_GONE');
    return new Promise<Payment>((resolve, reject) => {
      let done = false;
      const stop = () => {
        done = true;
        clearTimeout(timer);
        off();
        signal?.removeEventListener('abort', hungUp);
      };
      const finish = () => {
        if (done) return;
        stop();
        this.payment(id).then(resolve, reject);
      };
      const hungUp = () => {
        if (done) return;
        stop();
        reject(new ApiError('CALLER_GONE'));
      };
      signal?.addEventListener('abort', hungUp);
      const off = this.subscribe(id, () => {
        void this.payment(id).then((p) => {
          if (p.final || p.state !== baseline) finish();
        }, reject);
      });
      const timer = setTimeout(finish, waitSeconds * 1000);
    });
  }

  /** Calls `listener` whenever the payment may have changed; returns the unsubscribe function. */
  subscribe(id: string, listener: () => void): () => void {
    let set = this.listeners.get(id);
    if (!set) {
      set = new Set();
      this.listeners.set(id, set);
    }
    set.add(listener);
    return () => {
      const s = this.listeners.get(id);
      s?.delete(listener);
      if (s && s.size === 0) this.listeners.delete(id);
    };
  }

  async abort(id: string, keyId: string | null = null): Promise<Payment> {
    const current = await this.payment(id);
    if (current.saleId !== null) assertOwner(this.deps.journal, current.saleId, keyId);
    if (current.saleId === null || ['voided', 'abandoned', 'failed'].includes(current.state)) return current;
    if (current.state.startsWith('late_')) return current;
    if (current.state === 'paid') throw new ApiError('ALREADY_PAID');
    const result = await this.pos.voidSale({ saleId: current.saleId });
    if (!result.ok) {
      if (result.error.code === 'SALE_NOT_VOIDABLE') {
        const again = await this.payment(id);
        if (again.state === 'paid') throw new ApiError('ALREADY_PAID');
        throw new ApiError('NOT_ABORTABLE', result.error.detail, { message: result.error.message });
      }
      throw new ApiError(result.error.code, result.error.detail, {
        status: 409,
        message: result.error.message,
      });
    }
    return this.payment(id);
  }

  /** The API payment the till is busy with, if any (journal statuses only: cheap enough for every POST). */
  activePaymentId(): string | null {
    for (const row of this.deps.store.recentPayments(this.now() - 24 * 3600_000)) {
      if (row.saleId === null) continue;
      const status = this.deps.journal.getSale(row.saleId)?.status;
      if (status === 'open' || status === 'in_progress' || status === 'declined') return row.id;
    }
    return null;
  }

  private async paymentView(row: ApiPaymentRow): Promise<Payment> {
    const base = {
      id: row.id,
      amountCents: row.amountCents,
      currency: 'AUD' as const,
      mode: row.mode,
      reference: row.reference,
      description: row.description,
      createdAt: row.createdAt,
    };
    if (row.saleId === null) {
      return {
        ...base,
        saleId: null,
        state: 'abandoned',
        final: true,
        platform: null,
        orderNo: null,
        outOrderNo: null,
        refundedCents: 0,
        paidAt: null,
        message: {
          en: 'The till stopped before this payment started. Nothing was charged.',
          zh: '收银机在付款开始前停止。未扣款。',
        },
        errorCode: null,
        qrcode: null,
        payUrl: null,
      };
    }
    this.saleToPayment.set(row.saleId, row.id);
    const detail = await this.detail(row.saleId);
    const s = detail.sale;
    return {
      ...base,
      saleId: s.id,
      state: s.phase,
      final: isFinal(detail),
      platform: s.platform,
      orderNo: s.orderNo,
      outOrderNo: s.outOrderNo,
      refundedCents: s.refundedCents,
      paidAt: s.paidAt,
      message: s.message,
      errorCode: s.errorCode,
      qrcode: s.qrcode,
      payUrl: s.payUrl,
    };
  }

  private async detail(saleId: string): Promise<SaleDetail> {
    const d = await this.pos.getSaleDetail({ saleId });
    if (!d.ok) throw new ApiError('INTERNAL', d.error.detail ?? d.error.code);
    return d.value;
  }

  private paymentIdForSale(saleId: string): string | null {
    const cached = this.saleToPayment.get(saleId);
    if (cached) return cached;
    const row = this.deps.store.paymentBySale(saleId);
    if (row) this.saleToPayment.set(saleId, row.id);
    return row?.id ?? null;
  }

  private changed(paymentId: string): void {
    const set = this.listeners.get(paymentId);
    if (set) for (const l of [...set]) l();
  }

  // ——— refunds ———

  async createRefund(
    req: CreateRefund,
    client: string,
    keyId: string | null = null,
  ): Promise<{ created: boolean; refund: Refund }> {
    const { store, refunds, journal } = this.deps;
    const saleId = await this.resolveSale(req);
    assertOwner(journal, saleId, keyId);
    const existing = store.getRefund(req.id);
    if (existing) {
      if (existing.saleId !== saleId || existing.amountCents !== req.amountCents) {
        throw new ApiError(
          'IDEMPOTENCY_CONFLICT',
          `refund ${existing.id} was requested for ${existing.amountCents} cents of sale ${existing.saleId}`,
        );
      }
      return { created: false, refund: this.refundView(existing) };
    }
    const onScreen = this.deps.refundApproval() === 'on_screen';
    if (!onScreen) this.approve(req.managerPin);
    const sale = journal.getSale(saleId);
    if (!sale || sale.status !== 'paid') throw new ApiError('NOT_PAID');
    const left = refunds.refundableCents(saleId);
    if (req.amountCents > left) {
      throw new ApiError('AMOUNT_OVER_LIMIT', `refundable ${left} cents, asked ${req.amountCents}`);
    }

    const at = this.now();
    if (
      !store.reserveRefund({
        id: req.id,
        saleId,
        amountCents: req.amountCents,
        reason: req.reason,
        client,
        createdAt: at,
        approval: onScreen ? 'awaiting' : null,
      })
    ) {
      const row = store.getRefund(req.id);
      if (row) return { created: false, refund: this.refundView(row) };
    }
    if (onScreen) {
      // Journalled as awaiting; the manager approves it with the PIN on the till (PosApi approveApiRefund).
      this.deps.showOnScreen({
        kind: 'refund',
        requestId: req.id,
        posName: client,
        saleId,
        amountCents: req.amountCents,
        reason: req.reason.trim(),
      });
      this.deps.log?.info({ requestId: req.id, client }, 'api refund awaiting approval on screen');
      const row = store.getRefund(req.id);
      if (!row) throw new ApiError('INTERNAL', 'refund reservation vanished');
      return { created: true, refund: this.refundView(row) };
    }
    await this.send(req.id, saleId, req.amountCents, req.reason);
    const row = store.getRefund(req.id);
    if (!row) throw new ApiError('INTERNAL', 'refund reservation vanished');
    return { created: true, refund: this.refundView(row) };
  }

  /**
   * The manager's decision on the till's screen (the PIN is checked by PosService before this is called). The
   * request is claimed once, so two approvals never send two refunds; approval runs the PIN mode's refund path.
   * Null when no request by that id awaits a decision.
   */
  async decideRefund(requestId: string, approve: boolean): Promise<ApiRefundDecision | null> {
    const { store } = this.deps;
    const row = store.getRefund(requestId);
    if (!row || row.approval !== 'awaiting') return null;
    if (!store.decideRefund(requestId, approve ? 'approved' : 'declined')) return null;
    try {
      if (approve) await this.send(row.id, row.saleId, row.amountCents, row.reason);
    } catch (err) {
      // Refused before anything was journalled (no longer refundable): the request ends declined.
      store.setApproval(requestId, 'declined');
      throw err;
    } finally {
      this.deps.showOnScreen({ kind: 'refund-decided', requestId, approved: approve });
    }
    const view = this.refund(requestId);
    this.deps.log?.info({ requestId, approve }, 'api refund decided on screen');
    return {
      requestId,
      state: view.state === 'awaiting_approval' ? 'pending' : view.state,
      refundId: view.refundId,
    };
  }

  /** Sends the refund for a reserved request and links the caller's id to the journal's refund. */
  private async send(requestId: string, saleId: string, amountCents: number, reason: string): Promise<void> {
    const { store, refunds } = this.deps;
    // The refund row is journalled synchronously inside refund() before its first await; its id is announced
    // at once, so the caller's id is linked before anything reaches the gateway.
    let refundId: string | null = null;
    const off = refunds.on((id) => {
      refundId ??= id;
    });
    const sending = refunds.refund(saleId, amountCents, reason.trim(), 'manager');
    off();
    if (refundId) store.linkRefund(requestId, refundId);
    try {
      await sending;
    } catch (err) {
      if (!refundId) {
        // A PIN-mode reservation is dropped (the caller may retry); an on-screen request keeps its row.
        if (store.getRefund(requestId)?.approval === null) store.dropRefund(requestId);
        throw engineToApi(err);
      }
    }
  }

  refund(id: string): Refund {
    const row = this.deps.store.getRefund(id);
    if (!row) throw new ApiError('REFUND_NOT_FOUND');
    return this.refundView(row);
  }

  private approve(pin: string | undefined): void {
    if (this.deps.refundApproval() === 'on_screen') {
      // Not offered yet: the store must pass the manager PIN (see docs/terminal-api.md).
      throw new ApiError('APPROVAL_REQUIRED', 'on-screen approval is not available on this version', {
        status: 501,
        message: {
          en: 'On-screen refund approval is not available yet. Set refund approval to "manager PIN from the POS".',
          zh: '暂不支持在收银机屏幕上批准退款。请将退款批准方式设为“由 POS 提供经理密码”。',
        },
      });
    }
    if (!pin) throw new ApiError('APPROVAL_REQUIRED');
    const verdict = this.deps.auth.verify(pin, this.now(), 'api_refund');
    if (verdict.ok) return;
    const code =
      verdict.reason === 'locked' ? 'PIN_LOCKED' : verdict.reason === 'no_pin' ? 'NO_PIN' : 'WRONG_PIN';
    throw new ApiError(code, undefined, {
      ...(verdict.lockedUntil ? { extra: { retryAfter: verdict.lockedUntil } } : {}),
    });
  }

  private async resolveSale(req: CreateRefund): Promise<string> {
    if (req.paymentId) {
      const p = this.deps.store.getPayment(req.paymentId);
      if (!p?.saleId) throw new ApiError('SALE_NOT_FOUND', 'no payment with that paymentId');
      return p.saleId;
    }
    if (req.saleId) {
      if (!this.deps.journal.getSale(req.saleId)) throw new ApiError('SALE_NOT_FOUND');
      return req.saleId;
    }
    const found = this.deps.journal.searchSales({ orderNo: req.orderNo!, limit: 2 });
    const sale = found[0];
    if (!sale) throw new ApiError('SALE_NOT_FOUND', 'no sale with that order number');
    return sale.id;
  }

  private refundView(row: ApiRefundRow): Refund {
    const r = row.refundId ? this.deps.journal.getRefund(row.refundId) : undefined;
    const payment = this.deps.store.paymentBySale(row.saleId);
    const succeeded = r?.status === 'CLOSED';
    const failed = r ? isFailedRefundStatus(r.status) : false;
    const declined = row.approval === 'declined' && !r;
    const awaiting = row.approval === 'awaiting';
    return {
      id: row.id,
      refundId: r?.id ?? null,
      saleId: row.saleId,
      paymentId: payment?.id ?? null,
      amountCents: row.amountCents,
      reason: row.reason,
      state: awaiting
        ? 'awaiting_approval'
        : declined
          ? 'declined'
          : succeeded
            ? 'succeeded'
            : failed
              ? 'failed'
              : 'pending',
      final: succeeded || failed || declined,
      refundNo: r?.refundNo ?? null,
      outRefundNo: r?.outRefundNo ?? null,
      message: r?.errorCode ? cashierMessage(r.errorCode) : null,
      createdAt: row.createdAt,
    };
  }

  // ——— pairing and keys ———

  startPairing(posName: string): { expiresAt: number } {
    return this.pairing.start(posName);
  }

  completePairing(posName: string, code: string): { keyId: string; apiKey: string; name: string } {
    this.pairing.complete(posName, code);
    const apiKey = `omk_${randomBytes(32).toString('base64url')}`;
    const keyId = `K${randomBytes(6).toString('hex')}`;
    this.deps.store.addKey({ id: keyId, name: posName, keyHash: hashKey(apiKey), createdAt: this.now() });
    this.deps.showOnScreen({ kind: 'paired', posName });
    return { keyId, apiKey, name: posName };
  }

  /** The paired POS a bearer key belongs to, or null (unknown or revoked). */
  authenticate(apiKey: string): { id: string; name: string } | null {
    if (!/^omk_[A-Za-z0-9_-]{43}$/.test(apiKey)) return null;
    const row = this.deps.store.keyByHash(hashKey(apiKey));
    if (!row || row.revokedAt !== null) return null;
    this.deps.store.touchKey(row.id, this.now());
    return { id: row.id, name: row.name };
  }

  listKeys() {
    return this.deps.store.listKeys().map(({ keyHash: _hash, ...rest }) => rest);
  }

  revokeKey(id: string): boolean {
    return this.deps.store.revokeKey(id, this.now());
  }

  // ——— status ———

  async status(session: { client: string; paired: boolean }) {
    const snap = await this.pos.getSnapshot();
    if (!snap.ok) throw new ApiError('INTERNAL');
    const s = snap.value;
    return {
      api: { version: 'v1' as const, refundApproval: this.deps.refundApproval() },
      till: {
        posNo: s.terminal.posNo,
        merchantName: s.terminal.merchantName,
        ready: true,
        unresolvedCount: s.unresolvedCount,
      },
      scanner: { kind: s.scanner.kind, state: s.scanner.state, reason: s.scanner.reason },
      gateway: {
        mode: s.gateway.mode,
        region: s.gateway.region,
        online: s.gateway.online,
        problem: s.gateway.problem,
      },
      currentSale: s.activeSale
        ? { saleId: s.activeSale.id, state: s.activeSale.phase, amountCents: s.activeSale.amountCents }
        : null,
      activePaymentId: this.activePaymentId(),
      session,
    };
  }
}

/** sha256 of a 256-bit random key: a slow hash adds nothing against guessing a key of that size. */
export function hashKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

function isFinal(detail: SaleDetail): boolean {
  const phase = detail.sale.phase;
  const open = detail.attempts.some((a) => (OPEN_ATTEMPT_STATUSES as readonly string[]).includes(a.status));
  if (phase === 'paid' || phase === 'abandoned' || phase === 'failed' || phase === 'late_refunded')
    return true;
  return phase === 'voided' && !open;
}

function isFailedRefundStatus(status: string): boolean {
  return (FAILED_REFUND_STATUSES as readonly string[]).includes(status);
}

function engineToApi(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof EngineError) {
    const map: Record<string, string> = {
      SALE_BUSY: 'TILL_BUSY',
      AMOUNT_TOO_LARGE: 'AMOUNT_TOO_LARGE',
      AMOUNT_INVALID: 'BAD_REQUEST',
      AMOUNT_OVER_LIMIT: 'AMOUNT_OVER_LIMIT',
      ORDER_NOT_PAID: 'NOT_PAID',
      SALE_NOT_FOUND: 'SALE_NOT_FOUND',
    };
    const code = map[err.code];
    if (code) return new ApiError(code, err.message, { message: err.userMessage });
    return new ApiError(err.code, err.message, { status: 409, message: err.userMessage });
  }
  return new ApiError('INTERNAL', err instanceof Error ? err.message : String(err));
}
