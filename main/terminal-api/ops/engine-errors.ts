/** The core's refusals (EngineError) as the API's errors, with the same bilingual message. */
import { EngineError } from '../../payments/sale-engine';
import { ApiError } from '../errors';

export function engineToApi(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof EngineError) {
    const map: Record<string, string> = {
      SALE_BUSY: 'TILL_BUSY',
      AMOUNT_TOO_LARGE: 'AMOUNT_TOO_LARGE',
      AMOUNT_INVALID: 'BAD_REQUEST',
      AMOUNT_OVER_LIMIT: 'AMOUNT_OVER_LIMIT',
      ORDER_NOT_PAID: 'NOT_PAID',
      SALE_NOT_FOUND: 'SALE_NOT_FOUND',
      SHOP_ZONE_NEEDED: 'SHOP_ZONE_NEEDED',
    };
    const code = map[err.code];
    if (code) return new ApiError(code, err.message, { message: err.userMessage });
    return new ApiError(err.code, err.message, { status: 409, message: err.userMessage });
  }
  return new ApiError('INTERNAL', err instanceof Error ? err.message : String(err));
}
