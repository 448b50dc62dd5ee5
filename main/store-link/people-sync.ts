/**
 * The store's staff on this till (docs/store-server.md, "Staff"): the till pulls its store's list
 * (GET /api/till/v1/people) when the link starts, whenever the server says over the link that it changed, and
 * on a timer (every 30 s) in case that message was missed, and hands it whole to the journal
 * (`people.applyServerPeople`): new people added, changed ones updated, disabled ones refused from then on,
 * people no longer listed disabled. A person disabled on the server is therefore refused here within a minute.
 *
 * Offline, nothing changes: the till keeps the people it knew and signs them in with the PIN hashes it has; the
 * time of the last list it applied (people.serverSyncedAt, shown as the list's age) stays where it was. A list
 * the journal cannot take is logged and the old one kept. Pulls run one at a time; a change announced during a
 * pull is pulled again after it.
 */
import type { Logger } from 'pino';
import type { ServerPersonWire } from '../shared/store-link-protocol';
import type { StoreLinkClient } from './client';

/** Where the list goes: the journal's people table (journal migration 11). */
export interface ServerPeopleSink {
  applyServerPeople(list: readonly ServerPersonWire[], syncedAt: number): unknown;
}

export const PEOPLE_PULL_EVERY_MS = 30_000;

export interface PeopleSyncDeps {
  client: Pick<StoreLinkClient, 'people'>;
  sink: ServerPeopleSink;
  now: () => number;
  /** Pull interval; default 30 s (tests shorten it). */
  everyMs?: number;
  /** After a list was applied (the till's people state may have changed). */
  onApplied?: () => void;
  log?: Logger;
}

export class PeopleSync {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  /** The last list this process applied, and its ETag: a 304 re-applies it, which dates the list now. */
  private last: { etag: string; list: readonly ServerPersonWire[] } | null = null;
  /** Pulls so far that applied a list, and that failed (tests and the logs read these). */
  readonly counts = { applied: 0, failed: 0 };

  constructor(private readonly deps: PeopleSyncDeps) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.pull();
    this.timer = setInterval(() => void this.pull(), this.deps.everyMs ?? PEOPLE_PULL_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Pulls now (or right after the pull under way). Never throws; failures are logged. */
  pull(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.pullOnce();
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pullOnce(): Promise<void> {
    let answer;
    try {
      answer = await this.deps.client.people(this.last?.etag ?? null);
    } catch (err) {
      this.counts.failed += 1;
      this.deps.log?.warn(
        { err: String(err) },
        'store link: staff list not fetched; keeping the one the till has',
      );
      return;
    }
    if (this.stopped) return;
    const list = answer === null ? this.last?.list : answer.list.people;
    if (list === undefined) return;
    try {
      this.deps.sink.applyServerPeople(list, this.deps.now());
    } catch (err) {
      this.counts.failed += 1;
      this.deps.log?.error(
        { err: String(err) },
        'store link: staff list not applied; keeping the one the till has',
      );
      return;
    }
    this.counts.applied += 1;
    if (answer !== null) this.last = answer.etag ? { etag: answer.etag, list } : null;
    this.deps.onApplied?.();
  }
}
