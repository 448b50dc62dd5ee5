import { createHash, randomBytes, randomInt } from 'node:crypto';
import { wallClock } from '../shared/zoned-time';

/**
 * Order and refund numbers. The field shows 24 characters, `TR` + yyMMdd + the merchant number in 10 digits + a
 * 6-digit sequence (TR1812060010011263009795); the document says "32 characters" and its examples are 32
 * lowercase hex. Refund numbers are never shown in the field: `RF` in the same layout is the sandbox's guess.
 */
export type GatewayNoFormat = 'omipay' | 'hex32';

export class GatewayIds {
  // A random start keeps numbers from two sandbox runs on the same day from colliding in a journal.
  private seq = randomInt(0, 500_000);

  constructor(private readonly timeZone: string) {}

  next(kind: 'order' | 'refund', mNumber: string, at: number, format: GatewayNoFormat): string {
    if (format === 'hex32') return randomBytes(16).toString('hex');
    this.seq = (this.seq + 1) % 1_000_000;
    const w = wallClock(at, this.timeZone);
    const day = `${String(w.year % 100).padStart(2, '0')}${pad(w.month)}${pad(w.day)}`;
    return `${kind === 'order' ? 'TR' : 'RF'}${day}${merchantDigits(mNumber)}${String(this.seq).padStart(6, '0')}`;
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The merchant number as 10 digits; a number with letters is hashed to digits so the length stays 24. */
function merchantDigits(mNumber: string): string {
  if (/^\d{1,10}$/.test(mNumber)) return mNumber.padStart(10, '0');
  const hash = createHash('sha256').update(mNumber).digest();
  return String(hash.readUInt32BE(0) % 10_000_000_000).padStart(10, '0');
}

/** What a wallet scans for a QR order: WeChat's bizpayurl or Alipay's qr.alipay.com link. */
export function walletToken(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 24; i++) s += alphabet.charAt(randomInt(alphabet.length));
  return s;
}
