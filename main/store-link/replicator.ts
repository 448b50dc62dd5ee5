/**
 * Store and forward: sends the journal's outbox to the store server, oldest first, in batches, until the
 * server's cursor reaches the till's last record. At-least-once (the server ignores what it already has, keyed
 * on the till's sequence), resumable (the cursor is asked again on every (re)connect, and a 409 gap rewinds to
 * the server's last + 1, which is how a server restored from an older backup gets back what it lost). Never in
 * the way of a sale: everything here is asynchronous, every failure is caught and retried with capped
 * exponential backoff, and the outbox is only read, never changed.
 */
import type { Logger } from 'pino';
import type { Journal, OutboxRecord } from '../journal/types';
import { backoffDelay } from '../scanner/backoff';
import { MAX_PUSH_BATCH, MAX_PUSH_BYTES, type CursorResponse } from '../shared/store-link-protocol';
import { StoreLinkCallError, type CallFailure, type StoreLinkClient } from './client';
import { ACKED_SEQ_SETTING } from './enrolment';

export type ReplicatorState = 'connecting' | 'online' | 'offline' | 'revoked';

export interface ReplicatorProgress {
  state: ReplicatorState;
  /** Records the server does not have yet, as far as the till knows. */
  backlog: number;
  lastSyncAt: number | null;
  failure: CallFailure | null;
}

export interface ReplicatorTiming {
  /** Wait after a local write before pushing, so a sale's few rows travel together. */
  debounceMs: number;
  /** How often the outbox's last sequence is looked at (one indexed read), when nothing nudged. */
  watchMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  /**
   * While idle, the server's cursor is asked again this often: a server restored from an older copy while this
   * till had nothing new to send learns it is behind without waiting for the next sale.
   */
  recheckMs: number;
}

export const DEFAULT_REPLICATOR_TIMING: ReplicatorTiming = {
  debounceMs: 200,
  watchMs: 1_000,
  backoffInitialMs: 1_000,
  backoffMaxMs: 30_000,
  recheckMs: 60_000,
};

export interface ReplicatorDeps {
  journal: Journal;
  client: StoreLinkClient;
  onProgress: (p: ReplicatorProgress) => void;
  /** The server's view of this till (names, notify URL) each time the cursor is asked. */
  onCursor?: (c: CursorResponse) => void;
  timing?: Partial<ReplicatorTiming>;
  now?: () => number;
  random?: () => number;
  log?: Logger;
}

/** Below MAX_PUSH_BYTES with room for the envelope. */
const BATCH_BYTES = MAX_PUSH_BYTES - 64 * 1024;
/** How often the acknowledged sequence is saved (it only sets the backlog shown before the server answers). */
const SAVE_ACK_EVERY_MS = 10_000;
/** Rewinds in a row without progress before the server is treated as misbehaving (backoff, then again). */
const MAX_REWINDS = 5;

export class Replicator {
  private readonly timing: ReplicatorTiming;
  private readonly now: () => number;
  private readonly random: () => number;
  /** The server's last sequence as last reported; null until asked (after start or any failure). */
  private serverSeq: number | null = null;
  private acked: number;
  private ackSavedAt = 0;
  private localSeq = 0;
  private state: ReplicatorState = 'connecting';
  private failure: CallFailure | null = null;
  private lastSyncAt: number | null = null;
  private cursorAt = 0;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private timerDue = 0;
  private watch: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly deps: ReplicatorDeps) {
    this.timing = { ...DEFAULT_REPLICATOR_TIMING, ...deps.timing };
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    const saved = deps.journal.getSetting<unknown>(ACKED_SEQ_SETTING);
    this.acked = typeof saved === 'number' && Number.isInteger(saved) && saved >= 0 ? saved : 0;
  }

  progress(): ReplicatorProgress {
    const known = this.serverSeq ?? this.acked;
    return {
      state: this.state,
      backlog: Math.max(0, this.localSeq - known),
      lastSyncAt: this.lastSyncAt,
      failure: this.failure,
    };
  }

  /**
   * Resolves at the link's quiet point: the server has everything the journal holds, and no push is in flight
   * or scheduled. Never resolves while the server is away or the till is revoked (callers bound the wait).
   */
  whenIdle(): Promise<void> {
    this.nudge();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.settleIdle();
    });
  }

  private settleIdle(): void {
    if (this.idleWaiters.length === 0) return;
    const idle =
      !this.stopped &&
      this.state === 'online' &&
      !this.running &&
      !this.timer &&
      this.serverSeq !== null &&
      this.serverSeq >= this.safeLocalSeq();
    if (idle) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.localSeq = this.safeLocalSeq();
    this.schedule(0);
    this.watch = setInterval(() => this.tick(), this.timing.watchMs);
    this.watch.unref();
    this.report();
  }

  private tick(): void {
    this.nudge();
    if (this.state === 'online' && !this.running && this.now() - this.cursorAt >= this.timing.recheckMs) {
      this.reconnected();
    }
  }

  /** The link (re)connected or it is time to look again: ask the server's cursor, then send what it lacks. */
  reconnected(): void {
    if (this.stopped || this.state === 'revoked') return;
    if (!this.running) this.serverSeq = null;
    this.schedule(0);
  }

  /** A local write happened (or may have): push soon, unless a retry is already waiting out its backoff. */
  nudge(): void {
    const seq = this.safeLocalSeq();
    if (seq === this.localSeq) return;
    this.localSeq = seq;
    this.report();
    if (this.stopped || this.state === 'revoked') return;
    if (this.failures > 0) return;
    this.schedule(this.timing.debounceMs);
  }

  /** The server says it has only up to `lastSeq` (the link's hello): resend from there. */
  serverHas(lastSeq: number): void {
    if (this.stopped || this.state === 'revoked') return;
    if (this.serverSeq === null || lastSeq < this.serverSeq) {
      this.serverSeq = lastSeq;
      this.report();
    }
    if (lastSeq < this.localSeq) this.schedule(0);
  }

  /** Try now (the link reconnected): a waiting backoff is cut short. */
  retryNow(): void {
    if (this.stopped || this.state === 'revoked') return;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.watch) clearInterval(this.watch);
    this.timer = null;
    this.watch = null;
    // A call in flight is not waited for past a second (its timeout is longer): shutting down is not held up by
    // an unreachable server, and whatever it brings back is dropped (stopped).
    if (this.running) {
      await Promise.race([
        this.running.catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, 1_000).unref()),
      ]);
    }
    this.saveAck(true);
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.state === 'revoked') return;
    if (this.running) {
      this.again = true;
      return;
    }
    const due = this.now() + delayMs;
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.run().finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.schedule(this.failures > 0 ? this.backoff() : this.timing.debounceMs);
        }
        this.settleIdle();
      });
    }, delayMs);
    this.timer.unref();
  }

  private backoff(): number {
    return backoffDelay(
      this.failures - 1,
      { initialMs: this.timing.backoffInitialMs, maxMs: this.timing.backoffMaxMs },
      this.random,
    );
  }

  private async run(): Promise<void> {
    try {
      await this.sync();
      this.failures = 0;
      this.failure = null;
      this.state = 'online';
      this.lastSyncAt = this.now();
      this.report();
    } catch (err) {
      if (this.stopped) return;
      const failure: CallFailure =
        err instanceof StoreLinkCallError
          ? err.failure
          : { kind: 'bad_answer', detail: err instanceof Error ? err.message : String(err) };
      this.failure = failure;
      // Whatever the server had may have changed while it was away (a restore): ask again next time.
      this.serverSeq = null;
      if (failure.kind === 'revoked' || failure.kind === 'unknown_till') {
        this.state = 'revoked';
        this.report();
        this.deps.log?.warn({ kind: failure.kind }, 'store link: credential refused; replication stopped');
        return;
      }
      this.failures += 1;
      this.state = 'offline';
      this.report();
      this.deps.log?.info({ kind: failure.kind, failures: this.failures }, 'store link: push failed');
      // Picked up by schedule()'s completion, which waits out the backoff.
      this.again = true;
    }
  }

  private async sync(): Promise<void> {
    if (this.serverSeq === null) {
      const cursor = await this.deps.client.cursor();
      if (this.stopped) return;
      this.serverSeq = cursor.lastSeq;
      this.cursorAt = this.now();
      this.reachable();
      this.deps.onCursor?.(cursor);
      this.noteAck(cursor.lastSeq);
      if (cursor.lastSeq > this.safeLocalSeq()) {
        // The server holds records this journal has not written: a journal restored from an older copy.
        this.deps.log?.error(
          { serverSeq: cursor.lastSeq, localSeq: this.localSeq },
          'store link: the server is ahead of this journal',
        );
      }
    }
    let rewinds = 0;
    for (;;) {
      if (this.stopped) return;
      const from = this.serverSeq;
      const batch = this.nextBatch(from);
      if (batch.length === 0) return;
      try {
        const res = await this.deps.client.push(batch);
        if (res.lastSeq <= from) {
          if (++rewinds > MAX_REWINDS) throw new Error(`server stays at ${res.lastSeq}`);
        } else rewinds = 0;
        this.serverSeq = res.lastSeq;
        this.noteAck(res.lastSeq);
        this.reachable();
      } catch (err) {
        if (!(err instanceof StoreLinkCallError) || err.failure.kind !== 'gap') throw err;
        if (++rewinds > MAX_REWINDS) throw err;
        this.deps.log?.info({ from, serverSeq: err.failure.lastSeq }, 'store link: server asked to rewind');
        this.serverSeq = err.failure.lastSeq;
      }
      this.localSeq = Math.max(this.localSeq, batch.at(-1)?.seq ?? 0);
      this.report();
      // Let the till's own work run between batches of a long backlog.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** The server answered: online from now on, even while a long backlog is still on its way. */
  private reachable(): void {
    this.failures = 0;
    this.failure = null;
    this.state = 'online';
  }

  /** Up to MAX_PUSH_BATCH records after `after`, cut to stay under the push size limit (at least one). */
  private nextBatch(after: number): OutboxRecord[] {
    const records = this.deps.journal.outboxAfter(after, MAX_PUSH_BATCH);
    let bytes = 0;
    for (let i = 0; i < records.length; i++) {
      bytes += Buffer.byteLength(JSON.stringify(records[i])) + 1;
      if (bytes > BATCH_BYTES && i > 0) return records.slice(0, i);
    }
    return records;
  }

  private noteAck(seq: number): void {
    this.acked = seq;
    this.saveAck(false);
  }

  private saveAck(force: boolean): void {
    const now = this.now();
    if (!force && now - this.ackSavedAt < SAVE_ACK_EVERY_MS) return;
    this.ackSavedAt = now;
    try {
      this.deps.journal.setSetting(ACKED_SEQ_SETTING, this.acked);
    } catch (err) {
      this.deps.log?.warn({ err: String(err) }, 'store link: acknowledged sequence not saved');
    }
  }

  private safeLocalSeq(): number {
    try {
      return this.deps.journal.outboxLastSeq();
    } catch {
      return this.localSeq;
    }
  }

  private report(): void {
    try {
      this.deps.onProgress(this.progress());
    } catch (err) {
      this.deps.log?.warn({ err: String(err) }, 'store link: status listener failed');
    }
  }
}
