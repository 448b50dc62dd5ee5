/**
 * The till's side of the store server (docs/store-server.md, "On the till"): enrolment and unlinking, the
 * replicator that forwards the journal's outbox, and the link WebSocket that relays notification checks and
 * refunds made at other tills. With no enrolment nothing here runs: no timer, no socket, no call.
 */
import type { Logger } from 'pino';
import type { NoticeView, StoreLinkStatus } from '../../preload/api';
import type { Journal } from '../journal/types';
import type { PaymentNotification } from '../omipay/types';
import { EngineError } from '../payments/sale-engine';
import type { ServerMessage } from '../shared/store-link-protocol';
import { enrolCodeSchema } from '../shared/store-link-protocol';
import { StoreLinkCallError, StoreLinkClient, enrolWithServer, type CallFailure } from './client';
import {
  fileCredentialStore,
  normaliseServerUrl,
  readEnrolment,
  sandboxGatewayUrl,
  writeEnrolment,
  type CredentialStore,
  type Enrolment,
} from './enrolment';
import { LinkSocket } from './link-socket';
import { PeopleSync, type ServerPeopleSink } from './people-sync';
import { RefundsElsewhere } from './refunds-elsewhere';
import { storeLinkWords } from './messages';
import type { RefundAccess } from './refund-api';
import { Replicator, type ReplicatorProgress, type ReplicatorTiming } from './replicator';
import { STORE_LINK_OFF } from './off-status';

export interface StoreLinkDeps {
  dataDir: string;
  journal: Journal;
  /** The sale engine's notification entry: a trigger to check the order now (unknown orders are ignored). */
  applyNotification: (n: PaymentNotification) => unknown;
  /** The till's POS number (sent at enrolment; the server keeps one per store). */
  posNo: () => string;
  /** Called when the notify_url the till sends with its orders changes (enrol, unlink, the server's answer). */
  onNotifyUrl?: (url: string | null) => void;
  /** Sandbox or live payments: sent at enrolment (a server running a shared sandbox refuses a live till). */
  gatewayMode?: () => 'sandbox' | 'live';
  /**
   * Called when the store's shared sandbox changes (enrol, unlink, the server's answer): the runtime takes its
   * sandbox-mode payments through it, and never a live till's.
   */
  onSandboxGateway?: (url: string | null) => void | Promise<void>;
  credentials?: CredentialStore;
  appVersion?: string;
  /** Where the store's staff list goes (the journal's people); without it the list is not pulled. */
  people?: ServerPeopleSink;
  /** After a staff list was applied: the till's people state may have changed. */
  onPeopleApplied?: () => void;
  timing?: Partial<ReplicatorTiming> & {
    socketBackoffInitialMs?: number;
    socketBackoffMaxMs?: number;
    /** How often the staff list is pulled besides the link's "people-changed" (default 30 s). */
    peoplePullMs?: number;
  };
  now?: () => number;
  log?: Logger;
}

export class StoreLink {
  private readonly credentials: CredentialStore;
  private readonly now: () => number;
  private enrolment: Enrolment | null;
  private replicator: Replicator | null = null;
  private socket: LinkSocket | null = null;
  private peopleSync: PeopleSync | null = null;
  private current: StoreLinkStatus = STORE_LINK_OFF;
  private enrolling = false;
  private readonly statusListeners = new Set<(s: StoreLinkStatus) => void>();
  private readonly noticeListeners = new Set<(n: NoticeView) => void>();
  private readonly elsewhere: RefundsElsewhere;

  constructor(private readonly deps: StoreLinkDeps) {
    this.credentials = deps.credentials ?? fileCredentialStore(deps.dataDir);
    this.now = deps.now ?? Date.now;
    this.enrolment = readEnrolment(deps.journal);
    this.elsewhere = new RefundsElsewhere({
      journal: deps.journal,
      now: this.now,
      notify: (n) => {
        for (const l of this.noticeListeners) l(n);
      },
      ...(deps.log ? { log: deps.log } : {}),
    });
  }

  get enrolled(): boolean {
    return this.enrolment !== null;
  }

  status(): StoreLinkStatus {
    return this.current;
  }

  /** The notify_url to send with each order: the server's, when it gave one. */
  notifyUrl(): string | null {
    return this.enrolment?.notifyUrl ?? null;
  }

  /** The store server's shared sandbox (server `--sandbox`), when this till is enrolled with one. */
  sandboxGatewayUrl(): string | null {
    return sandboxGatewayUrl(this.enrolment?.sandboxGatewayUrl);
  }

  onStatus(listener: (s: StoreLinkStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Refund anywhere (./remote-refunds.ts): where the server is and this till's credential; null when not enrolled. */
  refundAccess(): RefundAccess | null {
    const e = this.enrolment;
    if (!e || this.current.state === 'revoked') return null;
    const credential = this.credentials.read();
    return credential ? { url: e.url, credential, tillId: e.tillId, tillName: e.tillName } : null;
  }

  onNotice(listener: (n: NoticeView) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  /** Starts replication and the link when this till is enrolled; does nothing otherwise. */
  start(): void {
    if (!this.enrolment) return;
    const credential = this.credentials.read();
    if (!credential) {
      this.deps.log?.warn({}, 'store link: enrolled but the credential is missing; enrol again');
      this.publish({ ...this.base(this.enrolment), state: 'revoked', problem: storeLinkWords.unknownTill });
      return;
    }
    this.startParts(this.enrolment, credential);
  }

  /** Manager: trades a one-time code for this till's credential and starts the link. */
  async enrol(urlText: string, codeText: string): Promise<StoreLinkStatus> {
    if (this.enrolling) throw new EngineError('ENROL_IN_PROGRESS', storeLinkWords.enrolling);
    this.enrolling = true;
    try {
      return await this.enrolOnce(urlText, codeText);
    } finally {
      this.enrolling = false;
    }
  }

  private async enrolOnce(urlText: string, codeText: string): Promise<StoreLinkStatus> {
    if (this.enrolment) {
      throw new EngineError('ALREADY_ENROLLED', storeLinkWords.alreadyEnrolled(this.enrolment.storeName));
    }
    const url = normaliseServerUrl(urlText);
    if (!url) throw new EngineError('INVALID_ARGUMENT', storeLinkWords.badUrl);
    const code = enrolCodeSchema.safeParse(codeText);
    if (!code.success) throw new EngineError('INVALID_ARGUMENT', storeLinkWords.enrolRefused('bad_code'));
    let answer;
    try {
      answer = await enrolWithServer(url, {
        code: code.data,
        posNo: this.deps.posNo(),
        journalId: this.deps.journal.journalId(),
        ...(this.deps.gatewayMode ? { gatewayMode: this.deps.gatewayMode() } : {}),
        ...(this.deps.appVersion ? { appVersion: this.deps.appVersion } : {}),
      });
    } catch (err) {
      throw enrolError(err);
    }
    // The credential first: an enrolment saved without it would be a till that cannot speak.
    this.credentials.write(answer.credential);
    const enrolment: Enrolment = {
      url,
      tillId: answer.tillId,
      tillName: answer.tillName,
      storeId: answer.storeId,
      storeName: answer.storeName,
      notifyUrl: answer.notifyUrl,
      sandboxGatewayUrl: sandboxGatewayUrl(answer.sandboxGatewayUrl),
      enrolledAt: this.now(),
    };
    writeEnrolment(this.deps.journal, enrolment);
    this.enrolment = enrolment;
    this.deps.journal.appendEvent({
      at: this.now(),
      actor: 'manager',
      type: 'store_link.enrolled',
      entity: 'settings',
      entityId: 'storeLink',
      data: {
        url,
        tillId: answer.tillId,
        tillName: answer.tillName,
        storeId: answer.storeId,
        storeName: answer.storeName,
      },
    });
    this.deps.log?.info({ url, tillId: answer.tillId, storeId: answer.storeId }, 'store link: enrolled');
    this.deps.onNotifyUrl?.(enrolment.notifyUrl);
    // Awaited: once the manager sees "enrolled", the next sale goes through the store's gateway.
    await this.deps.onSandboxGateway?.(enrolment.sandboxGatewayUrl ?? null);
    this.startParts(enrolment, answer.credential);
    return this.current;
  }

  /**
   * Manager: forgets the server and the credential. The outbox stays: enrolling again with the same server resumes
   * this till by its journal identity and sends only what the server lacks; a new server gets it all.
   */
  async unlink(): Promise<StoreLinkStatus> {
    const was = this.enrolment;
    if (!was) throw new EngineError('NOT_ENROLLED', storeLinkWords.notEnrolled);
    await this.stopParts();
    this.credentials.remove();
    writeEnrolment(this.deps.journal, null);
    this.enrolment = null;
    this.deps.journal.appendEvent({
      at: this.now(),
      actor: 'manager',
      type: 'store_link.unlinked',
      entity: 'settings',
      entityId: 'storeLink',
      data: { url: was.url, tillId: was.tillId, storeName: was.storeName },
    });
    this.deps.onNotifyUrl?.(null);
    if (was.sandboxGatewayUrl) await this.deps.onSandboxGateway?.(null);
    this.publish(STORE_LINK_OFF);
    return this.current;
  }

  /** A local write happened: push soon. Cheap; safe to call on every sale event. */
  nudge(): void {
    this.replicator?.nudge();
  }

  /** How many staff-list pulls applied a list and how many failed since the link started; null when not linked. */
  peopleSyncCounts(): { applied: number; failed: number } | null {
    return this.peopleSync ? { ...this.peopleSync.counts } : null;
  }

  /** The replicator's quiet point (Replicator.whenIdle); at once when the till is not enrolled. */
  whenIdle(): Promise<void> {
    return this.replicator?.whenIdle() ?? Promise.resolve();
  }

  async close(): Promise<void> {
    await this.stopParts();
  }

  private startParts(enrolment: Enrolment, credential: string): void {
    const client = new StoreLinkClient(enrolment.url, credential);
    const log = this.deps.log?.child({ module: 'store-link' });
    const t = this.deps.timing ?? {};
    this.replicator = new Replicator({
      journal: this.deps.journal,
      client,
      timing: t,
      now: this.now,
      ...(log ? { log } : {}),
      onProgress: (p) => this.publish(this.fromProgress(enrolment, p)),
      onCursor: (c) => this.noteServerView(c),
    });
    this.socket = new LinkSocket({
      url: client.linkUrl(),
      authorization: client.authorization(),
      backoff: { initialMs: t.socketBackoffInitialMs ?? 1_000, maxMs: t.socketBackoffMaxMs ?? 30_000 },
      ...(log ? { log } : {}),
      onOpen: () => {
        this.replicator?.reconnected();
        // A change made while the link was down is in the list now.
        void this.peopleSync?.pull();
        // What changed while the link was down: refunds of this till's sales made at other tills.
        void this.elsewhere.pull(client);
      },
      onMessage: (m) => this.handle(m),
      onRefused: () => {
        // The HTTP side finds out on its next call; asking now makes the status say so at once.
        this.replicator?.retryNow();
      },
    });
    this.publish({
      ...this.base(enrolment),
      state: 'connecting',
      backlog: this.replicator.progress().backlog,
    });
    if (this.deps.people) {
      this.peopleSync = new PeopleSync({
        client,
        sink: this.deps.people,
        now: this.now,
        ...(t.peoplePullMs !== undefined ? { everyMs: t.peoplePullMs } : {}),
        ...(this.deps.onPeopleApplied ? { onApplied: this.deps.onPeopleApplied } : {}),
        ...(log ? { log } : {}),
      });
    }
    this.replicator.start();
    this.socket.start();
    this.peopleSync?.start();
  }

  private async stopParts(): Promise<void> {
    this.peopleSync?.stop();
    this.peopleSync = null;
    this.socket?.stop();
    this.socket = null;
    const r = this.replicator;
    this.replicator = null;
    await r?.stop();
  }

  private handle(message: ServerMessage): void {
    switch (message.type) {
      case 'hello':
        this.replicator?.serverHas(message.lastSeq);
        return;
      case 'check':
        this.deps.applyNotification({
          outOrderNo: message.outOrderNo,
          orderNo: message.orderNo,
          amount: message.amountCents,
          currency: message.currency ?? '',
          returnCode: message.returnCode,
          orderTime: null,
          payTime: null,
          exchangeRate: null,
          payCurrency: null,
          cnyAmount: null,
          nonce: '',
          timestamp: this.now(),
        });
        return;
      case 'refunded-elsewhere':
        this.elsewhere.fromMessage(message);
        return;
      case 'people-changed':
        void this.peopleSync?.pull();
        return;
    }
  }

  private noteServerView(c: {
    tillId: string;
    tillName: string;
    storeName: string;
    notifyUrl: string | null;
    sandboxGatewayUrl?: string | null | undefined;
  }): void {
    const e = this.enrolment;
    if (!e) return;
    const notifyUrl = c.notifyUrl && /^https?:\/\//.test(c.notifyUrl) ? c.notifyUrl : null;
    const sandboxUrl = sandboxGatewayUrl(c.sandboxGatewayUrl);
    const tillId = c.tillId || e.tillId;
    if (
      e.tillId === tillId &&
      e.tillName === c.tillName &&
      e.storeName === c.storeName &&
      e.notifyUrl === notifyUrl &&
      (e.sandboxGatewayUrl ?? null) === sandboxUrl
    )
      return;
    // The server merged this till into the id it had before (store-server dedupe): its own sales are there now.
    const next = {
      ...e,
      tillId,
      tillName: c.tillName || e.tillName,
      storeName: c.storeName || e.storeName,
      notifyUrl,
      sandboxGatewayUrl: sandboxUrl,
    };
    this.enrolment = next;
    try {
      writeEnrolment(this.deps.journal, next);
    } catch (err) {
      this.deps.log?.warn({ err: String(err) }, 'store link: names not saved');
    }
    if (e.notifyUrl !== notifyUrl) this.deps.onNotifyUrl?.(notifyUrl);
    // The server was started with or without --sandbox since this till last asked.
    if ((e.sandboxGatewayUrl ?? null) !== sandboxUrl) void this.deps.onSandboxGateway?.(sandboxUrl);
  }

  private base(e: Enrolment): StoreLinkStatus {
    return { ...STORE_LINK_OFF, url: e.url, storeName: e.storeName, tillName: e.tillName };
  }

  private fromProgress(e: Enrolment, p: ReplicatorProgress): StoreLinkStatus {
    const names = this.enrolment ?? e;
    return {
      state: p.state,
      backlog: p.backlog,
      lastSyncAt: p.lastSyncAt,
      url: e.url,
      storeName: names.storeName,
      tillName: names.tillName,
      problem: p.state === 'online' || p.state === 'connecting' ? null : problemWords(p.failure),
    };
  }

  private publish(next: StoreLinkStatus): void {
    const prev = this.current;
    this.current = next;
    if (JSON.stringify(prev) === JSON.stringify(next)) return;
    for (const l of this.statusListeners) {
      try {
        l(next);
      } catch (err) {
        this.deps.log?.warn({ err: String(err) }, 'store link: status listener failed');
      }
    }
  }
}

function problemWords(f: CallFailure | null) {
  if (!f) return null;
  switch (f.kind) {
    case 'unreachable':
      return storeLinkWords.unreachable(f.detail);
    case 'revoked':
      return storeLinkWords.revoked;
    case 'unknown_till':
      return storeLinkWords.unknownTill;
    case 'server':
    case 'refused':
      return storeLinkWords.serverError(f.status);
    case 'gap':
    case 'bad_answer':
      return storeLinkWords.serverError(0);
  }
}

function enrolError(err: unknown): EngineError {
  if (err instanceof StoreLinkCallError) {
    const f = err.failure;
    if (f.kind === 'unreachable')
      return new EngineError('STORE_SERVER_UNREACHABLE', storeLinkWords.enrolUnreachable(f.detail));
    // The words say what happened; no error key goes to the screen as a "detail".
    if (f.kind === 'refused' || f.kind === 'server')
      return new EngineError(
        'ENROL_REFUSED',
        storeLinkWords.enrolRefused(f.error?.error ?? 'invalid_request'),
      );
    // An enrolment has no credential yet: a 401 here means the server does not know the code.
    if (f.kind === 'unknown_till')
      return new EngineError('ENROL_REFUSED', storeLinkWords.enrolRefused('unknown_code'));
    if (f.kind === 'revoked')
      return new EngineError('ENROL_REFUSED', storeLinkWords.enrolRefused('code_used_or_expired'));
    return new EngineError('ENROL_REFUSED', storeLinkWords.enrolBadAnswer);
  }
  return new EngineError(
    'ENROL_REFUSED',
    storeLinkWords.enrolBadAnswer,
    err instanceof Error ? err.message : String(err),
  );
}
