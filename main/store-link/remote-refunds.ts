/**
 * Refund anywhere, on the till (docs/store-server.md, "Refund anywhere"). While the till is enrolled with a store
 * server, EVERY refund first reserves the sale's refundable balance on the server, in one PostgreSQL transaction
 * there, and uses the out_refund_no the server assigned:
 *
 *   - a sale of this till then refunds exactly as before (its `refunds` row, the refund engine);
 *   - a sale of another till is written to `remote_refunds` BEFORE the Refund call, then sent and followed to a
 *     final status by the same refund engine code over that table (a RefundLedger), so a crash mid-call is
 *     resumed on start-up with the same out_refund_no — which Omipay answers with the refund already made, never a
 *     second one. Its outcome reaches the server through the outbox like every other row.
 *
 * With the server unreachable (or not knowing the sale yet: replication lags by seconds) a sale of this till is
 * refunded on today's rule — the journal's own balance, and the gateway's AMOUNT_OVER_LIMIT as the last guard —
 * and another till's sale cannot be found, which the screen says in words.
 */
import type { Logger } from 'pino';
import type { RemoteRefundView, StoreSaleSearchView } from '../../preload/api';
import type { Journal, RefundRow } from '../journal/types';
import type { RemoteRefundRow } from '../journal/remote-refunds';
import type { PaymentGateway } from '../payments/gateway';
import { newId } from '../payments/ids';
import type { PollSchedule } from '../payments/poll-schedule';
import { RefundEngine, type RefundLedger, type RefundPeople } from '../payments/refund-engine';
import { EngineError } from '../payments/sale/context';
import { REFUND_START } from '../payments/sale/lifecycle';
import { refundView } from '../payments/views';
import type { RemoteSale } from '../shared/store-link-protocol';
import {
  RefundApiError,
  releaseReservation,
  reserveRefund,
  searchStoreSales,
  type RefundAccess,
} from './refund-api';
import { remoteRefundWords } from './remote-refund-words';

export interface RemoteRefundsDeps {
  journal: Journal;
  gateway: PaymentGateway;
  /** The till's own refund engine (sales of this till). */
  refunds: RefundEngine;
  /** The store server and this till's credential; null when not enrolled. */
  access: () => RefundAccess | null;
  schedule?: PollSchedule;
  callTimeoutMs?: number;
  /** Deadline of a search or reservation call to the store server; default 8000 ms. */
  serverTimeoutMs?: number;
  now?: () => number;
  log?: Logger;
}

/** A sale found on the store server, as the manager's refund screen lists it. */
export interface StoreSaleView extends RemoteSale {
  /** Taken at this till: refunded from the sale itself. */
  own: boolean;
}

export function remoteRefundView(r: RemoteRefundRow): RemoteRefundView {
  const base = refundView({ ...r, attemptId: r.reservationId } satisfies RefundRow);
  return { ...base, saleTillId: r.saleTillId, ownerTillName: r.ownerTillName, outOrderNo: r.outOrderNo };
}

function remoteLedger(journal: Journal): RefundLedger {
  return {
    get: (id) => journal.remoteRefunds.get(id),
    update: (id, patch, at) => void journal.remoteRefunds.update(id, patch, at),
    listOpen: () => journal.remoteRefunds.listOpen(),
  };
}

/** The server's refusal in the manager's words (the reservation was not made: nothing was sent). */
function refusal(err: RefundApiError): EngineError {
  switch (err.code) {
    case 'over_balance':
      return new EngineError(
        'AMOUNT_OVER_LIMIT',
        remoteRefundWords.overBalance(err.refundableCents ?? 0),
        err.message,
      );
    case 'not_refundable':
      return new EngineError('NOT_REFUNDABLE', remoteRefundWords.notRefundable, err.message);
    case 'not_found':
      return new EngineError('SALE_NOT_FOUND', remoteRefundWords.notFound, err.message);
    case 'unreachable':
    case 'bad_answer':
      return new EngineError('STORE_SERVER_UNREACHABLE', remoteRefundWords.unreachable, err.message);
    case 'refused':
      return new EngineError('REFUND_REJECTED', remoteRefundWords.refused, err.message);
  }
}

export class RemoteRefunds {
  /** Sends and follows refunds of other tills' sales: the refund engine's own code over `remote_refunds`. */
  readonly engine: RefundEngine;
  private readonly now: () => number;

  constructor(private readonly deps: RemoteRefundsDeps) {
    this.now = deps.now ?? Date.now;
    this.engine = new RefundEngine({
      journal: deps.journal,
      ledger: remoteLedger(deps.journal),
      gateway: deps.gateway,
      // Never used: every remote refund carries the server's out_refund_no.
      posNo: 'REMOTE',
      ...(deps.schedule ? { schedule: deps.schedule } : {}),
      ...(deps.callTimeoutMs ? { callTimeoutMs: deps.callTimeoutMs } : {}),
      now: this.now,
      ...(deps.log ? { log: deps.log } : {}),
    });
  }

  private get serverTimeoutMs(): number {
    return this.deps.serverTimeoutMs ?? 8_000;
  }

  /** The store's sales across its tills (receipt number, order number or amount). Never throws for the server. */
  async search(query: string, limit = 20): Promise<StoreSaleSearchView> {
    const access = this.deps.access();
    if (!access) return { sales: [], server: 'off', message: remoteRefundWords.notLinked };
    try {
      const sales = await searchStoreSales(access, query, limit, this.serverTimeoutMs);
      return {
        sales: sales.map((s) => ({ ...s, own: s.tillId === access.tillId })),
        server: 'ok',
        message: null,
      };
    } catch (err) {
      this.deps.log?.warn({ err: String(err) }, 'store sale search failed');
      return { sales: [], server: 'unreachable', message: remoteRefundWords.unreachable };
    }
  }

  /**
   * A refund of this till's own sale. Enrolled: the server reserves first and its out_refund_no is used; a
   * server that is unreachable or has not received the sale yet leaves today's rule in charge.
   */
  async refundOwn(
    saleId: string,
    amountCents: number,
    reason: string,
    who?: RefundPeople,
  ): Promise<RefundRow> {
    const access = this.deps.access();
    if (!access) return this.deps.refunds.refund(saleId, amountCents, reason, 'manager', undefined, who);
    let reserved: { outRefundNo: string; reservationId: string } | undefined;
    try {
      const r = await reserveRefund(
        access,
        {
          tillId: access.tillId,
          saleId,
          amountCents,
          reason: reason.trim() || 'refund',
          requestId: newId('Q', this.now()),
        },
        this.serverTimeoutMs,
      );
      reserved = { outRefundNo: r.outRefundNo, reservationId: r.reservationId };
    } catch (err) {
      if (!(err instanceof RefundApiError)) throw err;
      // Only the server's word on the balance is final; its not knowing the sale (yet) is not.
      if (err.code === 'over_balance' || err.code === 'refused') throw refusal(err);
      this.deps.log?.info({ saleId, code: err.code }, 'refund without a server reservation');
    }
    try {
      return await this.deps.refunds.refund(saleId, amountCents, reason, 'manager', reserved, who);
    } catch (err) {
      // Refused here before a row existed (nothing was sent with that number): the hold goes back at once.
      const number = reserved?.outRefundNo;
      if (reserved && !this.deps.journal.listRefunds(saleId).some((r) => r.outRefundNo === number))
        this.release(access, reserved.reservationId);
      throw err;
    }
  }

  private release(access: RefundAccess, reservationId: string): void {
    releaseReservation(access, reservationId, this.serverTimeoutMs).then(
      (status) => this.deps.log?.info({ reservationId, status }, 'unused refund hold given back'),
      // Left held: a manager releases it on the server's page (docs/store-server.md).
      (err: unknown) =>
        this.deps.log?.warn({ reservationId, err: String(err) }, 'unused refund hold not released'),
    );
  }

  /**
   * A refund of a sale another till of the store took. Reserved on the server first (nothing is sent when it
   * refuses); then journalled, then sent. Resolves with the refund as it stands after the first reply.
   */
  async refundRemote(p: {
    tillId: string;
    saleId: string;
    amountCents: number;
    reason: string;
    outOrderNo?: string | null;
  }): Promise<RemoteRefundRow> {
    const access = this.deps.access();
    if (!access) throw new EngineError('STORE_SERVER_NOT_LINKED', remoteRefundWords.notLinked);
    if (p.tillId === access.tillId) throw new EngineError('OWN_SALE', remoteRefundWords.ownSale);
    const at = this.now();
    let reservation;
    try {
      reservation = await reserveRefund(
        access,
        {
          tillId: p.tillId,
          saleId: p.saleId,
          amountCents: p.amountCents,
          reason: p.reason.trim() || 'refund',
          requestId: newId('Q', at),
        },
        this.serverTimeoutMs,
      );
    } catch (err) {
      if (err instanceof RefundApiError) throw refusal(err);
      throw err;
    }
    const { journal } = this.deps;
    let row;
    try {
      row = journal.transaction(() => {
        const created = journal.remoteRefunds.create({
          id: newId('X', at),
          reservationId: reservation.reservationId,
          saleTillId: p.tillId,
          saleId: p.saleId,
          ownerTillName: reservation.ownerTillName,
          outOrderNo: p.outOrderNo ?? null,
          orderNo: reservation.orderNo,
          outRefundNo: reservation.outRefundNo,
          amountCents: p.amountCents,
          reason: p.reason,
          status: REFUND_START.status,
          createdAt: at,
        });
        journal.appendEvent({
          at,
          actor: 'manager',
          type: REFUND_START.journal,
          entity: 'refund',
          entityId: created.id,
          data: {
            remote: true,
            saleTillId: p.tillId,
            saleId: p.saleId,
            amountCents: p.amountCents,
            outRefundNo: created.outRefundNo,
            reason: p.reason,
          },
        });
        return created;
      });
    } catch (err) {
      // Not journalled, so never sent: the hold goes back.
      this.release(access, reservation.reservationId);
      throw err;
    }
    await this.engine.checkNow(row.id);
    return journal.remoteRefunds.get(row.id) ?? row;
  }

  get(id: string): RemoteRefundRow | undefined {
    return this.deps.journal.remoteRefunds.get(id);
  }

  on(listener: (row: RemoteRefundRow) => void): () => void {
    return this.engine.on((id) => {
      const row = this.deps.journal.remoteRefunds.get(id);
      if (row) listener(row);
    });
  }

  /** Start-up: every remote refund not final is followed again (sent ones queried, unsent ones sent once). */
  recover(): void {
    this.engine.recover();
  }

  close(): void {
    this.engine.close();
  }

  idle(): Promise<void> {
    return this.engine.idle();
  }
}
