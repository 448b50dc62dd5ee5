/**
 * PosService implements the PosApi contract on top of the engines: one handler per contract method (the methods
 * themselves come from ContractMethods), grouped by operation area under ./service/. Arguments from outside were
 * checked at the edge (contract/edge.ts) before they get here; every failure becomes a PosResult error with a
 * bilingual message, and nothing ever throws across the boundary.
 */
import type {
  ApiRequestNotice,
  PosApi,
  PosEvent,
  PosMethod,
  PosResult,
  ScannerStatus,
  ShopZoneQuestion,
  TerminalInfo,
} from '../../preload/api';
import { ContractMethods } from '../../contract/implement';
import { AmountParseError } from '../shared/money';
import { EngineError } from './sale-engine';
import { ServiceContext, type Handlers } from './service/context';
import { forwardEngineEvents } from './service/engine-events';
import type { ApiKeysPort, PosServiceDeps } from './service/ports';
import { fail, toPosError } from './service/results';
import { handleScan, type ScanOutcome } from './service/scans';
import { saleHandlers } from './service/sales';
import { historyHandlers } from './service/history';
import { refundHandlers } from './service/refunds';
import { reportHandlers } from './service/reports';
import { receiptHandlers } from './service/receipts';
import { settingsHandlers } from './service/settings';
import { peopleHandlers } from './service/people';
import { staffHandlers } from './service/staff';
import { storeLinkHandlers } from './service/store-link';
import { exchangeRateHandlers } from './service/exchange-rate';
import type { KeypadReports } from './keypad';

export type {
  ApiKeysPort,
  PosServiceDeps,
  ReceiptPort,
  ScannerPort,
  SettingsPort,
  StoreLinkPort,
} from './service/ports';
export { scaledRateText, toPosError } from './service/results';

export class PosService extends ContractMethods implements PosApi {
  private readonly ctx: ServiceContext;
  private readonly unsubscribe: Array<() => void>;
  private readonly handlers: Handlers;

  constructor(deps: PosServiceDeps) {
    super();
    this.ctx = new ServiceContext(deps);
    this.unsubscribe = forwardEngineEvents(this.ctx);
    this.handlers = {
      ...saleHandlers(this.ctx),
      ...historyHandlers(this.ctx),
      ...refundHandlers(this.ctx),
      ...reportHandlers(this.ctx),
      ...receiptHandlers(this.ctx),
      ...settingsHandlers(this.ctx),
      ...peopleHandlers(this.ctx),
      ...staffHandlers(this.ctx),
      ...storeLinkHandlers(this.ctx),
      ...exchangeRateHandlers(this.ctx),
    };
  }

  /** Start-up, after the engines recovered: late payments whose refund was never journalled are refunded now. */
  recoverClosedLoop(): Promise<void> {
    return this.ctx.closedLoop.recover();
  }

  // ——— the contract: handlers are in ./service/; the methods come from ContractMethods ———

  onEvent(listener: (event: PosEvent) => void): () => void {
    return this.ctx.onEvent(listener);
  }

  // ——— inputs from main (scanner, notifications) ———

  /** A scan from any hardware source (serial, HID) after the scanner service's de-duplication. */
  handleScan(raw: string): ScanOutcome {
    return handleScan(this.ctx, raw);
  }

  setWedgeSink(sink: (code: string) => { accepted: boolean; reason?: string }): void {
    this.ctx.wedgeSink = sink;
  }

  /** The runtime switched gateways (settings): the SANDBOX banner follows the mode. */
  setGatewayMode(mode: 'sandbox' | 'live', region: string): void {
    this.ctx.gateway = { mode, region, online: true, problem: null, clockSkewMs: null };
    this.ctx.rates.clear();
    this.ctx.emit({ type: 'gateway', status: this.ctx.gateway });
  }

  /** The terminal's details as the screens have them. */
  get terminalInfo(): TerminalInfo {
    return this.ctx.terminal;
  }

  /**
   * The first-start time zone question opened or closed (main/config/shop-zone.ts): the screens learn it with
   * the terminal's details, and ask it before any sale (the runtime holds the engine's sales meanwhile).
   */
  setShopZoneQuestion(question: ShopZoneQuestion | null): void {
    this.ctx.terminal = { ...this.ctx.terminal, shopZoneQuestion: question };
    this.ctx.emit({ type: 'terminal', terminal: this.ctx.terminal });
  }

  setScannerStatus(status: ScannerStatus): void {
    this.ctx.scanner = status;
    this.ctx.emit({ type: 'scanner-status', status: this.ctx.scannerView() });
  }

  /** Screens with an amount typed and not charged: the Terminal API waits for them (see keypad.ts). */
  get keypad(): KeypadReports {
    return this.ctx.keypad;
  }

  /** The Terminal API attaches its key store while it runs (null when it stops). */
  setApiKeys(port: ApiKeysPort | null): void {
    this.ctx.apiKeys = port;
  }

  /** The Terminal API shows a POS's request (or a pairing code) on the cashier's screen. */
  announceApiRequest(request: ApiRequestNotice): void {
    this.ctx.emit({ type: 'api-request', request });
  }

  emitScannerTest(rawHex: string, decoded: string | null): void {
    if (this.ctx.scannerTest) this.ctx.scannerTest.scanned(rawHex, decoded);
    else this.ctx.emit({ type: 'scanner-test', rawHex, decoded });
  }

  close(): void {
    for (const u of this.unsubscribe) u();
    this.ctx.closeEvents();
  }

  // ——— dispatch ———

  protected override async call(method: PosMethod, args: unknown): Promise<PosResult<unknown>> {
    try {
      const handler = this.handlers[method] as (
        a: unknown,
      ) => Promise<PosResult<unknown>> | PosResult<unknown>;
      return await handler(args);
    } catch (err) {
      const stored = this.ctx.storage.note(err);
      const log = this.ctx.deps.log;
      if (stored) {
        log?.error({ method, code: stored.detail }, 'journal cannot be written');
        return fail(stored.code, stored.message, stored.detail);
      }
      if (!(err instanceof EngineError) && !(err instanceof AmountParseError)) {
        log?.error({ method, err: err instanceof Error ? err.message : String(err) }, 'PosApi call failed');
      }
      return { ok: false, error: toPosError(err) };
    }
  }
}
