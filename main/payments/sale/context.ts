/** What the parts of the sale engine share: its dependencies, its settings and its outgoing events. */
import type { Logger } from 'pino';
import type { Bilingual } from '../../shared/bilingual';
import type { Journal, SaleRow, AttemptRow } from '../../journal/types';
import type { PaymentGateway } from '../gateway';
import type { PollSchedule } from '../poll-schedule';
import { msg } from '../messages';
import type { SaleRecorder } from './recorder';

export class EngineError extends Error {
  constructor(
    readonly code: string,
    readonly userMessage: Bilingual,
    detail?: string,
  ) {
    super(detail ?? userMessage.en);
    this.name = 'EngineError';
  }
}

export interface EngineSettings {
  posNo: string;
  /** Shown to the customer in their wallet. */
  orderName: string;
  maxAmountCents: number;
  /** How long the cashier's screen waits for a confirming customer before the sale goes to the background. */
  maxWaitMs: number;
  /** Per gateway call; a reply slower than this is an unknown outcome. */
  callTimeoutMs: number;
  notifyUrl?: string;
  /** Where a JSAPI payment page sends the customer afterwards. */
  jsapiRedirectUrl?: string;
}

export type EngineEvent =
  | { type: 'sale'; saleId: string }
  | { type: 'unresolved-count'; count: number }
  | { type: 'gateway-call'; ok: boolean; code: string | null }
  /** An attempt of a sale the shop had given up on (voided) turned out paid. */
  | { type: 'late-payment'; saleId: string; attemptId: string }
  /** The journal could not be written (disk full, I/O error): an attempt's answer waits for it. */
  | { type: 'storage-failed'; error: unknown };

export interface EngineContext {
  readonly journal: Journal;
  readonly gateway: PaymentGateway;
  readonly settings: EngineSettings;
  readonly schedule: PollSchedule;
  readonly recorder: SaleRecorder;
  readonly now: () => number;
  readonly log: Logger | undefined;
  emit(event: EngineEvent): void;
  isClosed(): boolean;
}

export function requireSale(ctx: EngineContext, id: string): SaleRow {
  const sale = ctx.journal.getSale(id);
  if (!sale) throw new EngineError('SALE_NOT_FOUND', msg.saleNotFound);
  return sale;
}

export function requireAttempt(ctx: EngineContext, id: string): AttemptRow {
  const attempt = ctx.journal.getAttempt(id);
  if (!attempt) throw new EngineError('SALE_NOT_FOUND', msg.saleNotFound, `attempt ${id}`);
  return attempt;
}

export function callOptions(ctx: EngineContext): { timeoutMs: number } {
  return { timeoutMs: ctx.settings.callTimeoutMs };
}

export function unresolvedCount(ctx: EngineContext): number {
  return ctx.journal.listActiveSales().filter((s) => s.status === 'unresolved').length;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function errorDetail(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
