/**
 * Payments a POS starts through the API: each one reserved under the caller's id, then a sale on the core's engine;
 * their states as the caller sees them, long-polls on a change, and abort (a void, with its closed loop).
 */
import type { PosApi, PosEvent, SaleDetail } from '../../../preload/api';
import { OPEN_ATTEMPT_STATUSES } from '../../journal/status';
import { ApiError } from '../errors';
import type { CreatePayment, Payment, PaymentState } from '../schemas';
import type { ApiPaymentRow } from '../store';
import type { TerminalApiServiceDeps } from './deps';
import { engineToApi } from './engine-errors';
import { assertOwner } from '../ownership';
import { tillBusy } from '../till-busy';

/** How far after the reservation a sale may have been created, when a crash left the two unlinked. */
const LINK_WINDOW_MS = 5_000;

export class ApiPayments {
  private readonly now: () => number;
  private readonly saleToPayment = new Map<string, string>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly unsubscribe: () => void;
  /** The PosApi contract's types (PosService's own method types are erased by its dispatcher). */
  private readonly pos: PosApi;

  constructor(private readonly deps: TerminalApiServiceDeps) {
    this.pos = deps.service;
    this.now = deps.now ?? Date.now;
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
  }

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
      // keyId: the payment belongs to that key (../ownership); null for a keyless caller on this machine.
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
}

function isFinal(detail: SaleDetail): boolean {
  const phase = detail.sale.phase;
  const open = detail.attempts.some((a) => (OPEN_ATTEMPT_STATUSES as readonly string[]).includes(a.status));
  if (phase === 'paid' || phase === 'abandoned' || phase === 'failed' || phase === 'late_refunded')
    return true;
  return phase === 'voided' && !open;
}
