/**
 * The out_refund_no the server assigns to a reserved refund. Omipay takes any string for it and keys it per
 * order; tills make theirs as `<posNo>R<yyMMdd>…`, so the server's start with `SV` and a digit (the date), which
 * keeps the two apart, and 12 random base-36 characters make them unique chain-wide (the table's UNIQUE index is
 * the guard; a collision is simply drawn again). Letters and digits only, 20 characters: within every limit.
 */
import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function newServerOutRefundNo(at: number, timeZone = 'Australia/Sydney'): string {
  const parts = new Intl.DateTimeFormat('en-AU', {
    timeZone,
    year: '2-digit',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(at));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  let tail = '';
  for (let i = 0; i < 12; i++) tail += ALPHABET[randomInt(ALPHABET.length)];
  return `SV${get('year')}${get('month')}${get('day')}${tail}`;
}

export function newReservationId(at: number): string {
  let tail = '';
  for (let i = 0; i < 10; i++) tail += ALPHABET[randomInt(ALPHABET.length)];
  return `RV${at.toString(36).toUpperCase()}${tail}`;
}
