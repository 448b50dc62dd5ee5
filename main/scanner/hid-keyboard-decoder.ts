/**
 * Decodes USB HID keyboard boot-protocol input reports (HID 1.11, appendix B.1) into text.
 *
 * Report layout, 8 bytes:
 *   byte 0   modifier bits: 0 LCtrl, 1 LShift, 2 LAlt, 3 LGui, 4 RCtrl, 5 RShift, 6 RAlt, 7 RGui
 *   byte 1   reserved
 *   bytes 2–7 up to six key usages currently held (Keyboard/Keypad page 0x07), 0 = none
 * A 9-byte report is the same with a report ID in front (devices with several report IDs).
 *
 * A report lists the keys held *now*, so a key is typed when it newly appears compared with the previous
 * report: this handles rollover (the next key pressed before the last one is released) and makes repeated
 * identical reports harmless. All-zero reports are releases. Reports whose key slots say ErrorRollOver
 * (0x01: too many keys) carry no key information and are skipped without forgetting the held keys.
 */

/** Usage IDs from the HID Usage Tables, Keyboard/Keypad page (0x07). */
const USAGE = {
  errorRollOver: 0x01,
  postFail: 0x02,
  errorUndefined: 0x03,
  a: 0x04,
  z: 0x1d,
  digit1: 0x1e,
  digit0: 0x27,
  enter: 0x28,
  tab: 0x2b,
  capsLock: 0x39,
  keypadEnter: 0x58,
} as const;

const SHIFT_BITS = 0x02 | 0x20;
/** Ctrl, Alt and GUI: a scanner never sends them with a character of a code. */
const COMMAND_BITS = 0x01 | 0x04 | 0x08 | 0x10 | 0x40 | 0x80;

const DIGITS = '1234567890';
const SHIFTED_DIGITS = '!@#$%^&*()';

/** usage → [unshifted, shifted] for the US layout scanners default to. */
const PUNCTUATION: Record<number, readonly [string, string]> = {
  0x2c: [' ', ' '],
  0x2d: ['-', '_'],
  0x2e: ['=', '+'],
  0x2f: ['[', '{'],
  0x30: [']', '}'],
  0x31: ['\\', '|'],
  0x32: ['#', '~'],
  0x33: [';', ':'],
  0x34: ["'", '"'],
  0x35: ['`', '~'],
  0x36: [',', '<'],
  0x37: ['.', '>'],
  0x38: ['/', '?'],
};

/** Keypad keys (Num Lock on, as scanners in "keypad digits" mode assume). */
const KEYPAD: Record<number, string> = {
  0x54: '/',
  0x55: '*',
  0x56: '-',
  0x57: '+',
  0x59: '1',
  0x5a: '2',
  0x5b: '3',
  0x5c: '4',
  0x5d: '5',
  0x5e: '6',
  0x5f: '7',
  0x60: '8',
  0x61: '9',
  0x62: '0',
  0x63: '.',
};

export type KeyboardReportResult =
  { kind: 'keys'; text: string } | { kind: 'ignored'; reason: 'short' | 'rollover_error' };

export class BootKeyboardDecoder {
  private held = new Set<number>();
  private capsLock = false;

  /**
   * Returns the text typed by this report: printable characters, "\r" for Enter, "\t" for Tab.
   * Keys with Ctrl/Alt/GUI held and keys with no character are dropped.
   */
  push(report: Uint8Array): KeyboardReportResult {
    const r = report.length === 9 ? report.subarray(1) : report;
    if (r.length < 8) return { kind: 'ignored', reason: 'short' };
    const modifier = r[0] ?? 0;
    const keys: number[] = [];
    for (let i = 2; i < 8; i++) {
      const usage = r[i] ?? 0;
      if (usage !== 0) keys.push(usage);
    }
    if (keys.some((k) => k === USAGE.errorRollOver || k === USAGE.postFail || k === USAGE.errorUndefined)) {
      return { kind: 'ignored', reason: 'rollover_error' };
    }
    let text = '';
    for (const usage of keys) {
      if (this.held.has(usage)) continue;
      if (usage === USAGE.capsLock) {
        this.capsLock = !this.capsLock;
        continue;
      }
      if ((modifier & COMMAND_BITS) !== 0) continue;
      text += this.charFor(usage, (modifier & SHIFT_BITS) !== 0);
    }
    this.held = new Set(keys);
    return { kind: 'keys', text };
  }

  reset(): void {
    this.held.clear();
    this.capsLock = false;
  }

  private charFor(usage: number, shift: boolean): string {
    if (usage >= USAGE.a && usage <= USAGE.z) {
      const letter = String.fromCharCode(0x61 + usage - USAGE.a);
      return shift !== this.capsLock ? letter.toUpperCase() : letter;
    }
    if (usage >= USAGE.digit1 && usage <= USAGE.digit0) {
      const i = usage - USAGE.digit1;
      return (shift ? SHIFTED_DIGITS : DIGITS)[i] ?? '';
    }
    if (usage === USAGE.enter || usage === USAGE.keypadEnter) return '\r';
    if (usage === USAGE.tab) return '\t';
    const punct = PUNCTUATION[usage];
    if (punct) return shift ? punct[1] : punct[0];
    return KEYPAD[usage] ?? '';
  }
}
