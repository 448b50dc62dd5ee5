/**
 * The only place sale and attempt statuses are written. Each call looks its transition up in the lifecycle table,
 * then writes the new status, the caller's extra fields and the transition's journal event in one transaction.
 * An illegal transition is logged and thrown before anything is written.
 */
import type { Logger } from 'pino';
import type { Actor, AttemptPatch, AttemptRow, Journal, SalePatch, SaleRow } from '../../journal/types';
import {
  LifecycleError,
  attemptTransition,
  saleTransition,
  type AttemptEvent,
  type SaleEvent,
} from './lifecycle';

export class SaleRecorder {
  constructor(
    private readonly journal: Journal,
    private readonly now: () => number,
    private readonly log?: Logger,
  ) {}

  sale(
    saleId: string,
    event: SaleEvent,
    actor: Actor,
    data: Record<string, unknown> = {},
    patch: Omit<SalePatch, 'status'> = {},
    /** Who did it, when not the person acting at the till (a void approved by another's PIN). */
    personId?: string,
  ): SaleRow {
    return this.journal.transaction(() => {
      const sale = this.requireSale(saleId);
      const t = this.guard(() => saleTransition(sale.status, event));
      const at = this.now();
      const row = this.journal.updateSale(saleId, { ...patch, status: t.to }, at);
      this.journal.appendEvent({
        at,
        actor,
        type: t.journal,
        entity: 'sale',
        entityId: saleId,
        data: { ...data, from: sale.status, to: t.to },
        ...(personId !== undefined ? { personId } : {}),
      });
      return row;
    });
  }

  attempt(
    attemptId: string,
    event: AttemptEvent,
    actor: Actor,
    data: Record<string, unknown> = {},
    patch: Omit<AttemptPatch, 'status'> = {},
  ): AttemptRow {
    return this.journal.transaction(() => {
      const attempt = this.requireAttempt(attemptId);
      const t = this.guard(() => attemptTransition(attempt.status, event));
      const at = this.now();
      const row = this.journal.updateAttempt(attemptId, { ...patch, status: t.to }, at);
      this.journal.appendEvent({
        at,
        actor,
        type: t.journal,
        entity: 'attempt',
        entityId: attemptId,
        data: { ...data, saleId: attempt.saleId, from: attempt.status, to: t.to },
      });
      return row;
    });
  }

  /** A fact about a sale or attempt that changes no status (a re-submission, a notification, a mismatch). */
  note(
    entity: 'sale' | 'attempt',
    entityId: string,
    type: string,
    actor: Actor,
    data: Record<string, unknown>,
  ) {
    this.journal.appendEvent({ at: this.now(), actor, type, entity, entityId, data });
  }

  private guard<T>(lookup: () => T): T {
    try {
      return lookup();
    } catch (err) {
      if (err instanceof LifecycleError) this.log?.error({ err: err.message }, 'illegal transition refused');
      throw err;
    }
  }

  private requireSale(id: string): SaleRow {
    const sale = this.journal.getSale(id);
    if (!sale) throw new Error(`sale ${id} not found`);
    return sale;
  }

  private requireAttempt(id: string): AttemptRow {
    const attempt = this.journal.getAttempt(id);
    if (!attempt) throw new Error(`attempt ${id} not found`);
    return attempt;
  }
}
