import { EventEmitter } from 'node:events';
import type { FrameOutput } from './frame-decoder';
import {
  toHex,
  type DiagnosticEvent,
  type DiagnosticKind,
  type ScanSource,
  type ScanSourceEvents,
  type ScanSourceKind,
  type StatusEvent,
} from './types';

/** Shared plumbing: status de-duplication and turning decoder output into scan/diagnostic events. */
export abstract class SourceBase extends EventEmitter<ScanSourceEvents> implements ScanSource {
  abstract readonly kind: ScanSourceKind;
  private current: StatusEvent;

  protected constructor(kind: ScanSourceKind) {
    super();
    this.current = { state: 'idle', source: kind };
  }

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;

  get status(): StatusEvent {
    return this.current;
  }

  /** Emits only real changes: a retry loop must not flood the UI with identical statuses. */
  protected setStatus(next: Omit<StatusEvent, 'source'>): void {
    const event: StatusEvent = { ...next, source: this.kind };
    const prev = this.current;
    if (
      prev.state === event.state &&
      prev.reason?.en === event.reason?.en &&
      prev.device?.path === event.device?.path
    ) {
      return;
    }
    this.current = event;
    this.emit('status', event);
  }

  protected diagnostic(kind: DiagnosticKind, raw: Uint8Array, extra: Partial<DiagnosticEvent> = {}): void {
    this.emit('diagnostic', { kind, source: this.kind, rawBytes: toHex(raw), at: Date.now(), ...extra });
  }

  protected deliver(outputs: readonly FrameOutput[]): void {
    for (const out of outputs) {
      if (out.kind === 'code') {
        const at = Date.now();
        this.diagnostic('frame', out.raw, { decoded: out.code, at });
        const scan = { code: out.code, source: this.kind, at, raw: out.raw } as const;
        this.emit('scan', out.symbology === undefined ? scan : { ...scan, symbology: out.symbology });
      } else {
        const kind: DiagnosticKind =
          out.reason === 'partial_discarded'
            ? 'partial_discarded'
            : out.reason === 'overflow'
              ? 'overflow'
              : 'noise';
        this.diagnostic(kind, out.raw, { detail: out.reason });
      }
    }
  }
}
