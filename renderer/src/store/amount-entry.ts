/**
 * The cashier's amount is built as text, one key at a time, and only ever turned into integer cents by the
 * shared parser: no floating point touches money on the screen.
 */
import { AmountParseError, parseAmountToCents } from '../../../main/shared/money';
import { cnyEstimateFen } from '../../../main/shared/cny-estimate';

/** Longest whole part a cashier can type; the core's maximum (TerminalInfo.maxAmountCents) is the real cap. */
const MAX_WHOLE_DIGITS = 7;

export type AmountKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '.' | 'Backspace';

export function isAmountKey(key: string): key is AmountKey {
  return /^[0-9.]$/.test(key) || key === 'Backspace';
}

/**
 * Applies one key to the amount text. Keys that would make an impossible amount (a third decimal, a second
 * point, too many digits, above `maxCents`) leave the text unchanged, so the caller can tell by comparing.
 */
export function pressAmountKey(text: string, key: AmountKey, maxCents?: number): string {
  if (key === 'Backspace') return text.slice(0, -1);
  const dot = text.indexOf('.');
  if (key === '.') {
    if (dot >= 0) return text;
    return text === '' ? '0.' : `${text}.`;
  }
  let next: string;
  if (dot >= 0) {
    if (text.length - dot - 1 >= 2) return text;
    next = text + key;
  } else if (text === '0') {
    next = key;
  } else {
    if (text.length >= MAX_WHOLE_DIGITS) return text;
    next = text + key;
  }
  if (maxCents !== undefined) {
    const cents = amountTextToCents(next);
    if (cents !== null && cents > maxCents) return text;
  }
  return next;
}

/** Exact cents of the text, or null when it is not (yet) a chargeable amount (empty, zero, malformed). */
export function amountTextToCents(text: string): number | null {
  try {
    return parseAmountToCents(text);
  } catch (err) {
    if (err instanceof AmountParseError) return null;
    throw err;
  }
}

/** Cents back to entry text ("880" → "8.80"), integer arithmetic only. */
export function centsToAmountText(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) return '';
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/**
 * What to draw: the digits typed so far (with thousands separators) and the faint "ghost" digits that complete
 * the amount to two decimals, so "12.5" reads as 12.50 without pretending the cashier typed the last zero.
 */
export function amountDisplayParts(text: string): { typed: string; ghost: string } {
  if (text === '') return { typed: '', ghost: '0.00' };
  const dot = text.indexOf('.');
  const whole = dot >= 0 ? text.slice(0, dot) : text;
  const frac = dot >= 0 ? text.slice(dot + 1) : null;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (frac === null) return { typed: grouped, ghost: '.00' };
  return { typed: `${grouped}.${frac}`, ghost: '0'.repeat(2 - frac.length) };
}

export interface CnyEstimate {
  platform: 'WECHATPAY' | 'ALIPAY';
  fen: number;
  rate: string;
}

/**
 * One estimate per wallet whose rate is known, WeChat Pay first. Before the customer's code is scanned the wallet
 * is unknown and the two wallets' rates differ, so each estimate names its wallet rather than pass one for both.
 */
export function cnyEstimates(
  cents: number | null,
  rates: Partial<Record<'WECHATPAY' | 'ALIPAY', { rate: string }>>,
): CnyEstimate[] {
  if (cents === null) return [];
  const out: CnyEstimate[] = [];
  for (const platform of ['WECHATPAY', 'ALIPAY'] as const) {
    const rate = rates[platform]?.rate;
    const fen = rate === undefined ? null : cnyEstimateFen(cents, rate);
    if (rate !== undefined && fen !== null) out.push({ platform, fen, rate });
  }
  return out;
}

/** Rate as the receipt prints it, from the gateway's integer ×10^8 form ("471230000" → "4.7123"). */
export function scaledRateToText(scaled: string | null): string | null {
  if (scaled === null || !/^\d{1,20}$/.test(scaled)) return null;
  const padded = scaled.padStart(9, '0');
  const whole = padded.slice(0, -8).replace(/^0+(?=\d)/, '');
  const frac = padded.slice(-8).replace(/0+$/, '');
  return frac === '' ? whole : `${whole}.${frac}`;
}

/** A rate as people read it: "4.71230000" → "4.7123" (trailing zeros dropped, at least two decimals kept). */
export function displayRate(rate: string): string {
  const m = /^(\d+)\.(\d*?)0*$/.exec(rate.trim());
  if (!m) return rate.trim();
  return `${m[1]}.${(m[2] ?? '').padEnd(2, '0')}`;
}

export type AmountEntryMode = 'cents' | 'decimal';

/** Why a key changed nothing: the amount would pass the terminal's maximum, or has no room for another digit. */
export type AmountRefusal = 'max' | 'length';

/** Most cents a cashier can type in cents-first mode: the same 7 whole digits as decimal entry. */
const MAX_CENTS_DIGITS = MAX_WHOLE_DIGITS + 2;

/**
 * EFTPOS-style entry: digits fill from the cents (1-2-5-0 is 12.50), Backspace takes the last digit off, and the
 * point is not needed (it is ignored, so a cashier who types "12.50" still gets 12.50). The text stays in the
 * same "12.50" form as decimal entry, so everything after the keypad is the same.
 */
export function pressCentsKey(text: string, key: AmountKey, maxCents?: number): string | AmountRefusal {
  const cents = amountTextToCents(text) ?? 0;
  if (key === 'Backspace') {
    const next = Math.floor(cents / 10);
    return next === 0 ? '' : centsToAmountText(next);
  }
  if (key === '.') return text;
  if (cents === 0 && key === '0') return text;
  if (String(cents).length >= MAX_CENTS_DIGITS) return 'length';
  const next = cents * 10 + Number(key);
  if (maxCents !== undefined && next > maxCents) return 'max';
  return centsToAmountText(next);
}

/** One key in either mode: the new text, or why the key was refused (a digit that did not fit). */
export function applyAmountKey(
  text: string,
  key: AmountKey,
  mode: AmountEntryMode,
  maxCents?: number,
): { text: string; refused: AmountRefusal | null } {
  if (mode === 'cents') {
    const next = pressCentsKey(text, key, maxCents);
    return next === 'max' || next === 'length' ? { text, refused: next } : { text: next, refused: null };
  }
  const next = pressAmountKey(text, key, maxCents);
  if (next !== text || !/^\d$/.test(key)) return { text: next, refused: null };
  if (text === '0' && key === '0') return { text, refused: null };
  // Unchanged by a digit: either it would pass the maximum, or there is no room (third decimal, 8th digit).
  const unbounded = pressAmountKey(text, key);
  return { text, refused: unbounded !== text ? 'max' : 'length' };
}
