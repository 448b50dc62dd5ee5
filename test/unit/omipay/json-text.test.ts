import { describe, expect, it } from 'vitest';
import { parseJsonKeepingNumbers } from '../../../main/omipay';
import { trimKeys } from '../../../main/omipay/json-text';

describe('parseJsonKeepingNumbers', () => {
  it('keeps every number as its source text', () => {
    expect(parseJsonKeepingNumbers('{"return_code":"SUCCESS","rate": 5.01540000}')).toEqual({
      return_code: 'SUCCESS',
      rate: '5.01540000',
    });
    expect(
      parseJsonKeepingNumbers('{"a":12345678901234567890,"b":-1.5e3,"c":[0,1],"d":true,"e":null}'),
    ).toEqual({
      a: '12345678901234567890',
      b: '-1.5e3',
      c: ['0', '1'],
      d: true,
      e: null,
    });
  });

  it('never touches digits inside strings, including after escaped quotes and backslashes', () => {
    expect(parseJsonKeepingNumbers('{"msg":"rate 5.0 \\"x\\": 12","a":"x\\\\","b":2}')).toEqual({
      msg: 'rate 5.0 "x": 12',
      a: 'x\\',
      b: '2',
    });
    expect(parseJsonKeepingNumbers('{"错误":"时间戳 5 分钟","n":7}')).toEqual({
      错误: '时间戳 5 分钟',
      n: '7',
    });
  });

  it('does not turn invalid JSON numbers into valid text', () => {
    for (const bad of [
      '{"a":01}',
      '{"a":.5}',
      '{"a":1.}',
      '{"a":+1}',
      '{"a":1.2.3}',
      '{"a":NaN}',
      '{"a":"x 5}',
      '',
    ]) {
      expect(() => parseJsonKeepingNumbers(bad), bad).toThrow(SyntaxError);
    }
  });
});

describe('trimKeys', () => {
  it('reads the document\'s "refund_no " key as refund_no, exact keys winning', () => {
    expect(trimKeys({ 'refund_no ': 'R1' })?.['refund_no']).toBe('R1');
    expect(trimKeys({ 'refund_no ': 'R1', refund_no: 'R2' })?.['refund_no']).toBe('R2');
    expect(trimKeys({ refund_no: 'R2', 'refund_no ': 'R1' })?.['refund_no']).toBe('R2');
  });

  it('refuses non-objects and is safe with __proto__ keys', () => {
    expect(trimKeys(['a'])).toBeNull();
    expect(trimKeys('x')).toBeNull();
    expect(trimKeys(null)).toBeNull();
    const o = trimKeys(JSON.parse('{"__proto__":{"polluted":1},"a":"1"}'));
    expect(o?.['a']).toBe('1');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
