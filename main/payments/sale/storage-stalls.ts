/**
 * Attempts whose gateway answer could not be journalled (disk full, I/O error). The attempt itself — its
 * out_order_no and the customer's code — was committed before anything was sent, so the order is never
 * forgotten; only the answer is missing. A stalled attempt is checked again every STORAGE_RETRY_MS: while the disk
 * is still full the check's first journal write fails at once, so nothing reaches the gateway; once a check
 * writes again it asks the gateway (QueryOrder, or the same order re-submitted) and settles from its answer.
 */
import { storageProblem, type StorageProblem } from '../storage-guard';

export const STORAGE_RETRY_MS = 2_000;

export type StorageState = 'stalled' | 'recovered' | null;

export class StorageStalls {
  private readonly stalled = new Map<string, StorageProblem>();
  /** Settled after a stall: the cashier is told the answer came late, and why. Memory only. */
  private readonly recovered = new Set<string>();

  /** Marks the attempt stalled when `err` is a storage failure and returns the problem; null for other errors. */
  stall(attemptId: string, err: unknown): StorageProblem | null {
    const problem = storageProblem(err);
    if (problem) this.stalled.set(attemptId, problem);
    return problem;
  }

  /** A check of the attempt wrote to the journal again: returns whether it had been stalled. */
  clear(attemptId: string): boolean {
    if (!this.stalled.delete(attemptId)) return false;
    this.recovered.add(attemptId);
    return true;
  }

  state(attemptId: string): StorageState {
    if (this.stalled.has(attemptId)) return 'stalled';
    return this.recovered.has(attemptId) ? 'recovered' : null;
  }

  /** While stalled, the next check comes within STORAGE_RETRY_MS whatever the schedule says. */
  delay(attemptId: string, scheduled: number): number {
    return this.stalled.has(attemptId) ? Math.min(scheduled, STORAGE_RETRY_MS) : scheduled;
  }
}
