import type { EventEmitter } from 'node:events';
import type { Bilingual } from '../shared/bilingual';

export type ScanSourceKind = 'serial' | 'hid' | 'wedge';

/** One code read by a scanner, after framing and prefix/AIM stripping. */
export interface ScanEvent {
  code: string;
  source: ScanSourceKind;
  /** Epoch milliseconds when the frame completed. */
  at: number;
  /** The bytes of the frame as received (terminator excluded), for the settings test mode. */
  raw: Uint8Array;
  /** AIM symbology identifier when the scanner sent one, e.g. "]Q1". */
  symbology?: string;
}

export type ScannerState = 'connected' | 'disconnected' | 'error' | 'idle';

export interface ScannerDevice {
  /** Serial path or HID path the source opened. */
  path?: string;
  vendorId?: number;
  productId?: number;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
}

export interface StatusEvent {
  state: ScannerState;
  source: ScanSourceKind | 'none';
  reason?: Bilingual;
  device?: ScannerDevice;
}

export type DiagnosticKind =
  | 'frame'
  | 'noise'
  | 'partial_discarded'
  | 'overflow'
  | 'duplicate'
  | 'list_failed'
  | 'open_failed'
  | 'report_ignored';

export interface DiagnosticEvent {
  kind: DiagnosticKind;
  source: ScanSourceKind | 'none';
  /** Raw bytes, lowercase hex separated by spaces ("31 32 0d"); empty when there were none. */
  rawBytes: string;
  /** The decoded code when the bytes formed one. */
  decoded?: string;
  detail?: string;
  at: number;
}

export interface ScanSourceEvents {
  scan: [ScanEvent];
  status: [StatusEvent];
  diagnostic: [DiagnosticEvent];
}

/**
 * Every kind of scanner looks the same to the rest of the POS: start it, stop it, listen.
 * start() never rejects for a device problem (those become 'status' events); stop() releases the device
 * and all timers so the process can exit.
 */
export interface ScanSource extends EventEmitter<ScanSourceEvents> {
  readonly kind: ScanSourceKind;
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly status: StatusEvent;
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0) out += ' ';
    out += (bytes[i] ?? 0).toString(16).padStart(2, '0');
  }
  return out;
}
