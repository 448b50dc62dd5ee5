/**
 * Decodes HID-POS barcode scanner input reports (usage page 0x8C, "Bar Code Scanner Page").
 *
 * Reference: USB-IF "HID Point of Sale Usage Tables", version 1.02, section 4 (Bar Code Scanner Page,
 * 0x8C): the Scanned Data Report collection (usage 0x12) carries Symbology Identifier 1–3 (0xFB–0xFD),
 * Decoded Data (0xFE, a buffered byte array) and the Decode Data Continued flag (0xFF).
 *
 * The spec leaves the byte positions to each device's report descriptor. Scanners in "HID-POS" / "USB HID
 * bar code scanner" mode (Honeywell, Datalogic, Zebra, Newland and their OEMs) use this 64-byte layout,
 * which is the one decoded here (offsets with the report ID present, as node-hid delivers it):
 *
 *   byte 0       report ID: 0x02 for scanned data (other IDs carry trigger/status reports: ignored)
 *   byte 1       length: how many bytes of the data field below are valid in this report
 *   bytes 2–4    symbology identifier: the three AIM characters (e.g. "]E0"), or zeros
 *   bytes 5–60   decoded data, 56 bytes, zero-padded
 *   bytes 61–62  vendor specific (Honeywell code ID, reserved)
 *   byte 63      bit 0 = Decode Data Continued: more data for the same code follows in the next report
 *
 * Where the host strips the report ID (reportIdPresent: false) every offset moves down by one. A code
 * longer than one report arrives as several reports with the continuation bit set on all but the last.
 */

export interface HidPosLayout {
  /** node-hid on Linux/macOS/Windows delivers the report ID as byte 0 for devices with numbered reports. */
  reportIdPresent: boolean;
  scannedDataReportId: number;
  /** Bytes after the data field: vendor bytes plus the flag byte, which is the report's last byte. */
  trailerBytes: number;
  /** A code assembled from continued reports may not grow beyond this (a stuck continuation flag). */
  maxCodeBytes: number;
}

export const DEFAULT_HID_POS_LAYOUT: HidPosLayout = {
  reportIdPresent: true,
  scannedDataReportId: 0x02,
  trailerBytes: 3,
  maxCodeBytes: 4096,
};

export type HidPosResult =
  | { kind: 'code'; data: Uint8Array; symbology?: string }
  | { kind: 'partial' }
  | { kind: 'ignored'; reason: 'other_report' | 'short' | 'overflow' };

const AIM_BYTES = /^\][A-Za-z][0-9A-Za-z]$/;

export class HidPosDecoder {
  private readonly layout: HidPosLayout;
  private chunks: Uint8Array[] = [];
  private size = 0;
  private symbology: string | undefined;

  constructor(layout: Partial<HidPosLayout> = {}) {
    this.layout = { ...DEFAULT_HID_POS_LAYOUT, ...layout };
  }

  push(report: Uint8Array): HidPosResult {
    const base = this.layout.reportIdPresent ? 1 : 0;
    if (this.layout.reportIdPresent && report[0] !== this.layout.scannedDataReportId) {
      return { kind: 'ignored', reason: 'other_report' };
    }
    const dataStart = base + 4;
    const capacity = report.length - dataStart - this.layout.trailerBytes;
    if (capacity <= 0) return { kind: 'ignored', reason: 'short' };
    const length = Math.min(report[base] ?? 0, capacity);
    const continued = ((report[report.length - 1] ?? 0) & 0x01) === 1;

    if (this.chunks.length === 0) {
      const sym = String.fromCharCode(report[base + 1] ?? 0, report[base + 2] ?? 0, report[base + 3] ?? 0);
      this.symbology = AIM_BYTES.test(sym) ? sym : undefined;
    }
    this.chunks.push(report.slice(dataStart, dataStart + length));
    this.size += length;
    if (this.size > this.layout.maxCodeBytes) {
      this.reset();
      return { kind: 'ignored', reason: 'overflow' };
    }
    if (continued) return { kind: 'partial' };

    const data = new Uint8Array(this.size);
    let offset = 0;
    for (const c of this.chunks) {
      data.set(c, offset);
      offset += c.length;
    }
    const symbology = this.symbology;
    this.reset();
    return symbology === undefined ? { kind: 'code', data } : { kind: 'code', data, symbology };
  }

  /** Drops a half-assembled code (device lost mid-transfer). */
  reset(): void {
    this.chunks = [];
    this.size = 0;
    this.symbology = undefined;
  }
}
