/** PosResult builders and the mapping of thrown errors to a PosError with a bilingual message. */
import type { PosError, PosResult } from '../../../preload/api';
import { contractError } from '../../../contract';
import { AmountParseError } from '../../shared/money';
import { cashierMessage } from '../../omipay';
import { EngineError } from '../sale-engine';
import { msg } from '../messages';

export function ok<T>(value: T): PosResult<T> {
  return { ok: true, value };
}

export function fail(
  code: string,
  message: { en: string; zh: string },
  detail?: string,
  retryAfter?: number,
): PosResult<never> {
  const error: PosError = { code, message };
  if (detail) error.detail = detail;
  if (retryAfter) error.retryAfter = retryAfter;
  return { ok: false, error };
}

export function toPosError(err: unknown): PosError {
  if (err instanceof EngineError) {
    // An error with no detail of its own carries its English words as its message: not a detail to show again.
    const detail = err.message === err.userMessage.en ? undefined : err.message;
    return { code: err.code, message: err.userMessage, ...(detail !== undefined ? { detail } : {}) };
  }
  if (err instanceof AmountParseError) {
    return {
      code: err.reason === 'too_large' ? 'AMOUNT_TOO_LARGE' : 'AMOUNT_INVALID',
      message: err.reason === 'too_large' ? msg.amountTooLarge : msg.amountInvalid,
    };
  }
  if (
    err &&
    typeof err === 'object' &&
    'code' in err &&
    typeof (err as { code: unknown }).code === 'string'
  ) {
    const code = (err as { code: string }).code;
    return { code, message: cashierMessage(code) };
  }
  return contractError('INTERNAL_ERROR');
}

/** exchange_rate × 10^8 (integer text) → "4.7123". */
export function scaledRateText(scaled: string): string {
  const digits = scaled.replace(/^0+(?=\d)/, '').padStart(9, '0');
  const whole = digits.slice(0, -8);
  const frac = digits.slice(-8).replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}

/** A print's outcome as a PosResult: a printer the print dialog serves is UNAVAILABLE here (the screen prints). */
export function printResult(
  printed: { ok: true } | { ok: false; message: { en: string; zh: string }; dialog?: boolean },
): PosResult<null> {
  if (printed.ok) return ok(null);
  return printed.dialog
    ? fail('UNAVAILABLE', printed.message, 'print dialog')
    : fail('PRINT_FAILED', printed.message);
}
