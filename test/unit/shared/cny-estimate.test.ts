import { describe, expect, it } from 'vitest';
import { cnyEstimateFen } from '../../../main/shared/cny-estimate';
import { estimateFor } from '../../../main/customer-display/state';
import { cnyEstimates } from '../../../renderer/src/store/amount-entry';

describe('cnyEstimateFen (the one CNY estimate rounding)', () => {
  it.each([
    [1250, '4.7123', 5890], // 5890.375
    [100, '5.015', 502], // 501.5 → half up
    [100, '4.705', 471], // 470.5 → half up
    [100, '4.7049', 470], // 470.49
    [0, '4.7123', 0],
    [999_999_999, '4.71234567', 4_712_345_665],
    [1, '0.000000000001', 0],
    [100, ' 4.7 ', 470],
  ])('%i cents at %s → %i fen', (cents, rate, fen) => {
    expect(cnyEstimateFen(cents, rate)).toBe(fen);
  });

  it.each([
    [100, 'abc'],
    [100, '0'],
    [100, '0.000'],
    [100, '-4.7'],
    [100, '4.7e2'],
    [100, '1234567.1'],
    [-1, '4.7'],
    [1.5, '4.7'],
    [Number.MAX_SAFE_INTEGER + 2, '4.7'],
  ])('%j cents at %j: no estimate', (cents, rate) => {
    expect(cnyEstimateFen(cents, rate)).toBeNull();
  });

  it('the customer display and the amount screen give the same figure', () => {
    for (const [cents, rate] of [
      [1250, '4.7123'],
      [7, '4.705'],
      [123_456, '4.81234567'],
    ] as const) {
      const fen = cnyEstimateFen(cents, rate);
      expect(estimateFor(cents, rate)?.fen).toBe(fen);
      expect(cnyEstimates(cents, { WECHATPAY: { rate } })[0]?.fen).toBe(fen);
    }
  });
});
