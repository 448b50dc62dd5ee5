import { describe, expect, it } from 'vitest';
import {
  cashierMessage,
  GATEWAY_ERROR_CODES,
  INVALID_BASE_URL,
  INVALID_REQUEST,
  isDefiniteDecline,
  TRANSPORT_NOT_SENT,
  TRANSPORT_UNKNOWN,
} from '../../../main/omipay';
import { ERROR_LISTS } from '../../integration/sandbox-conformance-client';

/** Every code in the document's error lists (the conformance suite's transcript of it), each once. */
const DOCUMENT_CODES = [...new Set(Object.values(ERROR_LISTS).flat())];
const LOCAL_CODES = [TRANSPORT_NOT_SENT, TRANSPORT_UNKNOWN, INVALID_BASE_URL, INVALID_REQUEST];
const CJK = /[\u4e00-\u9fff]/;

describe('cashierMessage', () => {
  it('has a specific, short, bilingual message for every code in the document and every local outcome', () => {
    expect([...GATEWAY_ERROR_CODES].sort()).toEqual([...DOCUMENT_CODES].sort());
    const fallback = cashierMessage('SOMETHING_NEW');
    const seen = new Set<string>();
    for (const code of [...DOCUMENT_CODES, ...LOCAL_CODES]) {
      const m = cashierMessage(code);
      expect(m.en, code).not.toBe(fallback.en);
      expect(m.en.length, code).toBeGreaterThan(10);
      expect(m.en.length, code).toBeLessThanOrEqual(160);
      expect(m.zh, code).toMatch(CJK);
      expect(m.zh.length, code).toBeLessThanOrEqual(80);
      // Plain words: no codes or jargon shown to the cashier.
      expect(m.en, code).not.toMatch(/[A-Z]{2,}_[A-Z]/);
      expect(m.en, code).not.toMatch(/\b(HTTP|JSON|signature|timeout|socket)\b/i);
      seen.add(m.en);
    }
    expect(seen.size).toBe(DOCUMENT_CODES.length + LOCAL_CODES.length);
  });

  it('tells the cashier the next step', () => {
    expect(cashierMessage('QRCODE_EXPIRED').en).toMatch(/refresh the payment code/);
    expect(cashierMessage('QRCODE_EXPIRED').zh).toMatch(/刷新付款码/);
    expect(cashierMessage('USERPAYING').en).toMatch(/Do not charge again/);
    expect(cashierMessage('SYSTEM_ERROR').en).toMatch(/do not charge again/i);
    expect(cashierMessage(TRANSPORT_UNKNOWN).en).toMatch(/Do not charge again/);
    expect(cashierMessage(TRANSPORT_NOT_SENT).en).toMatch(/Nothing was charged.*try again/);
    expect(cashierMessage('SIGN_TIMEOUT').en).toMatch(/clock/);
  });

  it('reads codes case-insensitively and the document\'s "SIGN_TIMEOUOT" typo as SIGN_TIMEOUT', () => {
    expect(cashierMessage('sign_timeout')).toEqual(cashierMessage('SIGN_TIMEOUT'));
    expect(cashierMessage('SIGN_TIMEOUOT')).toEqual(cashierMessage('SIGN_TIMEOUT'));
    expect(cashierMessage(' not_enough ')).toEqual(cashierMessage('NOT_ENOUGH'));
  });

  it('falls back safely for unknown codes, never claiming nothing was charged', () => {
    const m = cashierMessage('NEW_CODE_2030');
    expect(m.en).toContain('NEW_CODE_2030');
    expect(m.en).toMatch(/Check the sale status/);
    expect(m.en).not.toMatch(/Nothing was charged/);
    expect(m.zh).toMatch(CJK);
    expect(cashierMessage('<script>alert(1)</script>').en).not.toMatch(/[<>]/);
    expect(cashierMessage('').en).toContain('UNKNOWN');
  });
});

describe('isDefiniteDecline', () => {
  it('is true only where no money can have moved', () => {
    for (const code of [
      'NOT_ENOUGH',
      'QRCODE_EXPIRED',
      'QRCODE_ERROR',
      'CARD_NOT_SUPPORT',
      'AMOUNT_INVALID',
      'POS_NOT_REGISTERED',
      'PARAMETER_INVALID',
      'SIGN_ERROR',
      'SIGN_TIMEOUT',
      'SIGN_TIMEOUOT',
      'MERCHANTNO_INVALID',
      'ORDER_NOT_PAID',
      'AMOUNT_OVER_LIMIT',
      'REFUND_NO_ERROR',
      'ORDER_NO_ERROR',
      'PERMISSION_ERROR',
      'WECHAT_STORE_NOT_EXISTS',
      TRANSPORT_NOT_SENT,
      INVALID_BASE_URL,
      INVALID_REQUEST,
    ]) {
      expect(isDefiniteDecline(code), code).toBe(true);
    }
    for (const code of [
      'SYSTEM_ERROR',
      'USERPAYING',
      'ORDER_PAID',
      'ORDER_CLOSED',
      TRANSPORT_UNKNOWN,
      'NEW_CODE',
      '',
    ]) {
      expect(isDefiniteDecline(code), code).toBe(false);
    }
  });
});
