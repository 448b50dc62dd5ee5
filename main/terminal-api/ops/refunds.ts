/**
 * Refunds a POS asks for through the API: approved by the manager PIN it sends, or on the till's screen; sent
 * through the core's refund engine (the journal's limit applies) and linked to the caller's id.
 */
import type { ApiRefundDecision } from '../../../preload/api';
import { refundWords } from '../../shared/refund-words';
import { cashierMessage } from '../../omipay';
import { FAILED_REFUND_STATUSES } from '../../journal/status';
import { ApiError } from '../errors';
import type { CreateRefund, Refund } from '../schemas';
import type { ApiRefundRow } from '../store';
import type { TerminalApiServiceDeps } from './deps';
import { engineToApi } from './engine-errors';
import { assertOwner } from '../ownership';
import { holdersOf } from '../../people/counter-people';
import { rolesFromSetting, ROLES_SETTING } from '../../people/permissions';

/** How far after the reservation a refund may have been journalled, when a crash left the two unlinked. */
const LINK_WINDOW_MS = 5_000;

export class ApiRefunds {
  private readonly now: () => number;

  constructor(private readonly deps: TerminalApiServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** After a restart: a reservation whose refund was journalled is linked to it; one that never started is dropped. */
  recover(): void {
    const { journal, store } = this.deps;
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
    const approvedBy = onScreen ? null : this.approve(req.managerPin);
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
    await this.send(req.id, saleId, req.amountCents, req.reason, approvedBy);
    const row = store.getRefund(req.id);
    if (!row) throw new ApiError('INTERNAL', 'refund reservation vanished');
    return { created: true, refund: this.refundView(row) };
  }

  /**
   * The manager's decision on the till's screen (the PIN is checked by PosService before this is called). The
   * request is claimed once, so two approvals never send two refunds; approval runs the PIN mode's refund path.
   * Null when no request by that id awaits a decision.
   */
  async decideRefund(
    requestId: string,
    approve: boolean,
    approvedBy: string | null = null,
  ): Promise<ApiRefundDecision | null> {
    const { store } = this.deps;
    const row = store.getRefund(requestId);
    if (!row || row.approval !== 'awaiting') return null;
    if (!store.decideRefund(requestId, approve ? 'approved' : 'declined')) return null;
    try {
      if (approve) await this.send(row.id, row.saleId, row.amountCents, row.reason, approvedBy);
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
  private async send(
    requestId: string,
    saleId: string,
    amountCents: number,
    reason: string,
    approvedBy: string | null,
  ): Promise<void> {
    const { store, refunds } = this.deps;
    // The refund row is journalled synchronously inside refund() before its first await; its id is announced
    // at once, so the caller's id is linked before anything reaches the gateway.
    let refundId: string | null = null;
    const off = refunds.on((id) => {
      refundId ??= id;
    });
    // Asked for by the POS system; approved by the person whose PIN it sent (or who approved on screen).
    const sending = refunds.refund(saleId, amountCents, reason.trim(), 'manager', undefined, {
      requestedBy: approvedBy,
      approvedBy,
    });
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

  /** The PIN the POS system sent: of someone who may approve API refunds. Returns who. */
  private approve(pin: string | undefined): string {
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
    const { journal, auth } = this.deps;
    const table = rolesFromSetting(journal.getSetting<unknown>(ROLES_SETTING));
    const verdict = auth.pins.verify(
      holdersOf(journal, table, ['approve_api_refund']),
      pin,
      this.now(),
      'api_refund',
    );
    if (verdict.ok) return verdict.person.id;
    const code =
      verdict.reason === 'locked' ? 'PIN_LOCKED' : verdict.reason === 'no_pin' ? 'NO_PIN' : 'WRONG_PIN';
    // The same words as the till's screen: how many tries are left before the lock, or until when it is locked.
    throw new ApiError(code, undefined, {
      ...(code === 'NO_PIN' ? {} : { message: verdict.message }),
      extra: {
        ...(verdict.attemptsLeft !== undefined ? { attemptsLeft: verdict.attemptsLeft } : {}),
        ...(verdict.lockedUntil ? { retryAfter: verdict.lockedUntil } : {}),
      },
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
      words: r ? refundWords(r.status).word : null,
      final: succeeded || failed || declined,
      refundNo: r?.refundNo ?? null,
      outRefundNo: r?.outRefundNo ?? null,
      message: r?.errorCode ? cashierMessage(r.errorCode) : null,
      createdAt: row.createdAt,
    };
  }
}

function isFailedRefundStatus(status: string): boolean {
  return (FAILED_REFUND_STATUSES as readonly string[]).includes(status);
}
