/**
 * What every handler group of the PosService shares: the dependencies, the state the screens see (terminal,
 * gateway, scanner), the event stream, and the checks most commands start with (manager PIN, amount, sale).
 */
import { EventEmitter } from 'node:events';
import type {
  GatewayStatus,
  PosCheckedArgs,
  PosEvent,
  PosError,
  PosMethod,
  PosReturn,
  ScannerStatus,
  TerminalInfo,
} from '../../../preload/api';
import type { SaleRow } from '../../journal/types';
import type { PeopleState } from '../../../contract/people-views';
import type { PersonRow } from '../../journal/tables/people';
import { CounterPeople } from '../../people/counter-people';
import type { Permission } from '../../people/permissions';
import type { Platform } from '../../shared/platform';
import { parseAmountToCents } from '../../shared/money';
import { cashierMessage } from '../../omipay';
import { EngineError } from '../sale-engine';
import { ClosedLoop } from '../sale/closed-loop';
import { saleView } from '../views';
import { msg } from '../messages';
import { SessionReports } from '../session-reports';
import { HeldScans } from '../held-scan';
import { StorageGuard } from '../storage-guard';
import type { ApiKeysPort, PosServiceDeps, ScannerPort, SettingsPort, StoreLinkPort } from './ports';
import { KeypadReports } from '../keypad';
import { holdsIdleSignOut } from '../../people/sign-in-rules';
import { ScannerTestMode } from '../scanner-test-mode';

export type Handlers = {
  [M in PosMethod]: (args: PosCheckedArgs<M>) => Promise<PosReturn<M>> | PosReturn<M>;
};

export class ServiceContext {
  private readonly events = new EventEmitter();
  readonly now: () => number;
  terminal: TerminalInfo;
  scanner: ScannerStatus = { kind: 'none', state: 'idle', device: null, reason: null };
  /** When the first keyboard-wedge scan arrived (null: none since start). */
  private wedgeSeenAt: number | null = null;
  gateway: GatewayStatus;
  readonly rates = new Map<Platform, { rate: string; fetchedAt: number; date: string }>();
  /** Where keyboard-wedge scans go first (the scanner service's de-duplication), when one is attached. */
  wedgeSink: ((code: string) => { accepted: boolean; reason?: string }) | null = null;
  apiKeys: ApiKeysPort | null = null;
  readonly closedLoop: ClosedLoop;
  readonly sessions: SessionReports;
  /** A scan that came before the amount was charged (see held-scan.ts). */
  readonly held: HeldScans;
  /** Refuses new sales while the journal cannot be written (see storage-guard.ts). */
  readonly storage: StorageGuard;
  /** Screens with an amount typed and not charged: the Terminal API waits for them (see keypad.ts). */
  readonly keypad = new KeypadReports();
  /** The Settings screen's scanner test, owned by the screen that started it (see scanner-test-mode.ts). */
  readonly scannerTest: ScannerTestMode | null;
  /** Who is at the counter, and the permission check of every protected action. */
  readonly people: CounterPeople;

  constructor(readonly deps: PosServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.sessions = new SessionReports({
      journal: deps.journal,
      now: () => this.now(),
      timeZone: () => this.terminal.timeZone,
      saleView: (sale) => this.view(sale),
    });
    this.held = new HeldScans(this.now);
    this.storage = new StorageGuard(deps.journal, this.now);
    this.scannerTest = deps.scanners ? this.startScannerTest(deps.scanners) : null;
    this.terminal = { ...deps.terminal, hasManagerPin: deps.auth.hasPin() };
    this.people = new CounterPeople({
      journal: deps.journal,
      pins: deps.auth.pins,
      now: this.now,
      ...(deps.idleMinuteMs !== undefined ? { idleMinuteMs: deps.idleMinuteMs } : {}),
      busy: () => holdsIdleSignOut(deps.engine.activeSale),
      linked: () => (deps.storeLink?.status().state ?? 'off') !== 'off',
      changed: (people) => {
        this.emit({ type: 'people', people });
        // A person added, given a PIN, made manager or disabled may be the first or the last manager PIN.
        this.refreshManagerPin();
      },
    });
    this.gateway = {
      mode: deps.gatewayMode,
      region: deps.gatewayRegion,
      online: true,
      problem: null,
      clockSkewMs: null,
    };
    this.events.setMaxListeners(100);
    this.closedLoop = new ClosedLoop({
      journal: deps.journal,
      refunds: deps.refunds,
      policy: deps.latePaymentPolicy ?? (() => 'refund'),
      keep: (saleId) => deps.engine.keepLatePayment(saleId),
      notify: (notice) => this.emit({ type: 'notice', notice }),
      timeZone: () => this.terminal.timeZone,
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.log ? { log: deps.log } : {}),
    });
  }

  onEvent(listener: (event: PosEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  emit(event: PosEvent): void {
    this.events.emit('event', event);
  }

  closeEvents(): void {
    this.people.close();
    this.scannerTest?.close();
    this.events.removeAllListeners();
  }

  /** Whether an enabled manager with a PIN exists, told to the screens (TerminalInfo) whenever that changes. */
  refreshManagerPin(): void {
    const has = this.deps.auth.hasPin();
    if (has === this.terminal.hasManagerPin) return;
    this.terminal = { ...this.terminal, hasManagerPin: has };
    this.emit({ type: 'terminal', terminal: this.terminal });
  }

  /** The scanner's status as the screens see it: with the Settings test, when one runs, and a wedge seen. */
  scannerView(): ScannerStatus {
    const status =
      this.wedgeSeenAt === null ? this.scanner : { ...this.scanner, wedgeSeenAt: this.wedgeSeenAt };
    return this.scannerTest?.decorate(status) ?? status;
  }

  /** A keyboard-wedge scan reached the core: the first one changes the scanner's status words. */
  noteWedgeScan(): void {
    if (this.wedgeSeenAt !== null) return;
    this.wedgeSeenAt = this.now();
    this.emit({ type: 'scanner-status', status: this.scannerView() });
  }

  private startScannerTest(port: ScannerPort): ScannerTestMode {
    return new ScannerTestMode({
      setTestMode: (on) => port.setTestMode(on),
      statusChanged: () => this.emit({ type: 'scanner-status', status: this.scannerView() }),
      emit: (event) => this.emit(event),
      ...(port.testMaxMs !== undefined ? { maxMs: port.testMaxMs } : {}),
      ...(this.deps.log ? { log: this.deps.log } : {}),
    });
  }

  /**
   * A protected action's check (main/people/counter-people.ts): the PIN of the named person, the signed-in one,
   * or (no-sign-in mode) whoever holds the permission; then the permission, and a refund's amount against the
   * role's limit. The answer names the person, who is journalled with the action.
   */
  authorise(
    args: { pin: string; personId?: string | undefined },
    permission: Permission | readonly Permission[],
    action: string,
    amountCents?: number,
  ): { ok: true; person: PersonRow } | { ok: false; error: PosError } {
    const v = this.people.authorise(args.pin, args.personId, permission, action, amountCents);
    if (v.ok) return v;
    const error: PosError = { code: v.code, message: v.message };
    if (v.retryAfter) error.retryAfter = v.retryAfter;
    return { ok: false, error };
  }

  /** Who is at the counter, as the screens are told it. */
  peopleView(): PeopleState {
    return this.people.state();
  }

  /**
   * A refund's people: asked for by the signed-in person (else the person whose PIN approved it, who is then
   * the one at the counter), approved by the PIN's person.
   */
  refundPeople(approver: PersonRow): { requestedBy: string; approvedBy: string } {
    return { requestedBy: this.people.current()?.id ?? approver.id, approvedBy: approver.id };
  }

  parseAmount(text: string): number {
    return parseAmountToCents(text, this.terminal.maxAmountCents);
  }

  view(sale: SaleRow) {
    return saleView(
      this.deps.journal,
      sale,
      (id) => this.deps.engine.waitDeadline(id),
      (id) => this.deps.engine.storageState(id),
    );
  }

  requireSale(id: string): SaleRow {
    const sale = this.deps.journal.getSale(id);
    if (!sale) throw new EngineError('SALE_NOT_FOUND', msg.saleNotFound);
    return sale;
  }

  requireSettings(): SettingsPort {
    if (!this.deps.settings)
      throw new EngineError('UNAVAILABLE', msg.internal, 'settings are not available here');
    return this.deps.settings;
  }

  requireStoreLink(): StoreLinkPort {
    if (!this.deps.storeLink)
      throw new EngineError('UNAVAILABLE', msg.internal, 'the store server link is not available here');
    return this.deps.storeLink;
  }

  /** Every gateway call's outcome moves the online / problem banner; a SIGN_TIMEOUT also measures the clock. */
  noteGatewayCall(okCall: boolean, code: string | null): void {
    const before = this.gateway;
    let next: GatewayStatus;
    if (okCall) next = { ...before, online: true, problem: null };
    else if (code === 'TRANSPORT_NOT_SENT' || code === 'TRANSPORT_UNKNOWN') {
      next = { ...before, online: false, problem: cashierMessage(code) };
    } else if (code === 'SIGN_TIMEOUT') {
      next = { ...before, problem: cashierMessage(code) };
      void this.deps.measureClockSkew?.().then((skew) => {
        if (skew === null) return;
        this.gateway = { ...this.gateway, clockSkewMs: skew };
        this.emit({ type: 'gateway', status: this.gateway });
      });
    } else return;
    if (next.online === before.online && next.problem?.en === before.problem?.en) return;
    this.gateway = next;
    this.emit({ type: 'gateway', status: next });
  }
}
