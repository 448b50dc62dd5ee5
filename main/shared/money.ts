/**
 * Money is integer cents (AUD) end to end. Cashier input is parsed as text, never through floats.
 */
export type Cents = number;

export class AmountParseError extends Error {
  constructor(
    message: string,
    readonly reason: 'empty' | 'format' | 'too_many_decimals' | 'zero' | 'too_large',
  ) {
    super(message);
    this.name = 'AmountParseError';
  }
}

const AMOUNT_PATTERN = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?$/;

/** Parses "12", "12.5", "12.50", "1,234.56", "$12.50" into cents. */
export function parseAmountToCents(input: string, maxCents: Cents = Number.MAX_SAFE_INTEGER): Cents {
  const text = input.trim().replace(/^A?\$\s*/, '');
  if (text === '') throw new AmountParseError('Amount is empty', 'empty');
  const m = AMOUNT_PATTERN.exec(text);
  if (!m) throw new AmountParseError(`Not an amount: ${JSON.stringify(input.slice(0, 40))}`, 'format');
  const whole = (m[1] ?? '').replace(/,/g, '');
  const frac = m[2] ?? '';
  if (frac.length > 2) throw new AmountParseError('At most two decimal places', 'too_many_decimals');
  if (whole.length > 13) throw new AmountParseError('Amount too large', 'too_large');
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  if (cents === 0) throw new AmountParseError('Amount must be more than zero', 'zero');
  if (cents > maxCents) throw new AmountParseError('Amount is above the allowed maximum', 'too_large');
  return cents;
}

/** Formats cents as "12.50" (no currency sign); exact for every safe integer. */
export function formatCents(cents: Cents): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError('cents must be a safe integer');
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100).toString();
  const frac = (abs % 100).toString().padStart(2, '0');
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

export function isValidCents(value: unknown): value is Cents {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
