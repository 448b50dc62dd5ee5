/**
 * The Settings screen's scanner test as PosService offers it: the loan of the scanner belongs to the screen that
 * asked (main/scanner/test-mode-lease.ts), every screen learns it through the scanner status (`testMode`), and a
 * scan made meanwhile is said to the sale screens too — it charged nothing, it is never lost without a word.
 */
import type { Logger } from 'pino';
import type { PosEvent, ScannerStatus } from '../../preload/api';
import { currentCaller } from '../shared/caller';
import { ScannerTestLease } from '../scanner/test-mode-lease';
import { msg } from './messages';

export interface ScannerTestModeDeps {
  setTestMode(on: boolean): void;
  /** The scanner status changed (test mode started or ended): emit it again. */
  statusChanged(): void;
  emit(event: PosEvent): void;
  maxMs?: number;
  log?: Logger;
}

export class ScannerTestMode {
  private readonly lease: ScannerTestLease;

  constructor(private readonly deps: ScannerTestModeDeps) {
    this.lease = new ScannerTestLease({
      setTestMode: deps.setTestMode,
      changed: (endsAt, why) => {
        deps.log?.info({ on: endsAt !== null, why }, 'scanner test mode');
        deps.statusChanged();
      },
      ...(deps.maxMs !== undefined ? { maxMs: deps.maxMs } : {}),
    });
  }

  /** On for the calling screen (it ends when that screen goes), or off if that screen holds it. */
  set(on: boolean): void {
    const caller = currentCaller();
    if (on) this.lease.start(caller);
    else this.lease.stop(caller);
  }

  decorate(status: ScannerStatus): ScannerStatus {
    const endsAt = this.lease.endsAt;
    return { ...status, testMode: endsAt === null ? null : { endsAt } };
  }

  /** What the scanner sent during the test: to the Settings screen, and a word to every sale screen. */
  scanned(rawHex: string, decoded: string | null): void {
    this.deps.emit({ type: 'scanner-test', rawHex, decoded });
    if (decoded !== null) this.deps.emit({ type: 'scan-ignored', message: msg.scanWentToScannerTest });
  }

  close(): void {
    this.lease.close();
  }
}
