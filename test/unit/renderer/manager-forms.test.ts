import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RefundView, SaleDetail, SettingsView } from '../../../preload/api';
import { RECEIPT_CSS } from '../../../main/receipts/html';
import {
  checkRefundAmount,
  refundBlocker,
  refundFormHidden,
  refundErrorHint,
  refundOutcome,
} from '../../../renderer/src/store/refund-form';
import { draftFromSettings, patchFromDraft } from '../../../renderer/src/store/settings-form';
import { QUIET_SALE_FIELDS, SANDBOX_GATEWAY_VIEW } from '../../helpers/view-fixtures';

function refund(status: string, extra: Partial<RefundView> = {}): RefundView {
  return {
    id: 'R1',
    saleId: 'S1',
    outRefundNo: 'T07R1',
    refundNo: null,
    amountCents: 100,
    reason: '',
    status,
    final: false,
    succeeded: false,
    message: null,
    createdAt: 0,
    refundTime: null,
    successTime: null,
    ...extra,
  };
}

function detail(
  refunds: RefundView[],
  refundableCents: number,
  phase: 'paid' | 'unresolved' = 'paid',
): SaleDetail {
  return {
    sale: {
      id: 'S1',
      kind: 'scan',
      amountCents: 1000,
      platform: 'WECHATPAY',
      phase,
      attempts: 1,
      outOrderNo: 'o',
      orderNo: 'n',
      createdAt: 0,
      paidAt: 0,
      ...QUIET_SALE_FIELDS,
      refundedCents: 1000 - refundableCents,
    },
    attempts: [],
    refunds,
    refundableCents,
    history: [],
  };
}

describe('refund amount', () => {
  it('reads exact cents and refuses what cannot be refunded', () => {
    expect(checkRefundAmount('5.5', 1000)).toEqual({ ok: true, cents: 550 });
    expect(checkRefundAmount(' 10.00 ', 1000)).toEqual({ ok: true, cents: 1000 });
    expect(checkRefundAmount('0.07', 1000)).toEqual({ ok: true, cents: 7 });
    expect(checkRefundAmount('10.01', 1000)).toEqual({ ok: false, key: 'refund.error.overRefundable' });
    expect(checkRefundAmount('', 1000)).toEqual({ ok: false, key: 'refund.error.amountMissing' });
    expect(checkRefundAmount('1.234', 1000)).toEqual({ ok: false, key: 'refund.error.amountInvalid' });
    expect(checkRefundAmount('0', 1000)).toEqual({ ok: false, key: 'refund.error.amountInvalid' });
    expect(checkRefundAmount('-1', 1000)).toEqual({ ok: false, key: 'refund.error.amountInvalid' });
    expect(checkRefundAmount('1e3', 100_000)).toEqual({ ok: false, key: 'refund.error.amountInvalid' });
  });

  it('every cents value typed as text comes back exactly (no float rounding)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999 }), (cents) => {
        const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
        expect(checkRefundAmount(text, cents)).toEqual({ ok: true, cents });
        expect(checkRefundAmount(text, cents - 1).ok).toBe(false);
      }),
    );
  });
});

describe('refund outcome and blockers', () => {
  it('names each status for the manager', () => {
    expect(refundOutcome(refund('submitting'))).toBe('unknown');
    expect(refundOutcome(refund('unknown'))).toBe('unknown');
    expect(refundOutcome(refund('APPLIED'))).toBe('in_progress');
    expect(refundOutcome(refund('CLOSED', { final: true, succeeded: true }))).toBe('refunded');
    expect(refundOutcome(refund('ORGANIZATIONFAILED', { final: true }))).toBe('failed');
  });

  it('never offers a second refund while one has an unknown outcome', () => {
    expect(refundBlocker(detail([refund('unknown')], 900))).toBe('refund.blocked.unknownPending');
    expect(refundBlocker(detail([refund('APPLIED')], 900))).toBeNull();
    expect(refundBlocker(detail([], 0))).toBe('refund.blocked.nothingLeft');
    expect(refundBlocker(detail([refund('CLOSED', { final: true, succeeded: true })], 0))).toBe(
      'refund.blocked.nothingLeft',
    );
    // The rest is held by a refund Omipay is still paying back: not "refunded in full" yet.
    expect(refundBlocker(detail([refund('APPLIED')], 0))).toBe('refund.blocked.allInFlight');
    expect(refundFormHidden(detail([refund('APPLIED')], 0))).toBe(true);
    expect(refundFormHidden(detail([], 0))).toBe(true);
    expect(refundFormHidden(detail([refund('APPLIED')], 900))).toBe(false);
    expect(refundFormHidden(detail([], 0, 'unresolved'))).toBe(false);
    expect(refundBlocker(detail([], 1000, 'unresolved'))).toBe('refund.blocked.notPaid');
    expect(refundErrorHint('AMOUNT_OVER_LIMIT')).toBe('refund.hint.AMOUNT_OVER_LIMIT');
    expect(refundErrorHint('SOMETHING')).toBeNull();
  });
});

const SETTINGS: SettingsView = {
  posNo: 'T07',
  merchantName: 'Harbour',
  orderName: 'POS purchase',
  timeZone: 'Australia/Perth',
  language: 'en',
  soundOn: true,
  maxAmountCents: 5_000_000,
  latePayments: 'refund',
  gateway: SANDBOX_GATEWAY_VIEW,
  scanner: { kind: 'serial', port: { path: '/dev/ttyACM0' }, framing: { mode: 'cr' }, baudRate: 115200 },
  printer: null,
  secretStorage: 'safeStorage',
};

describe('settings form', () => {
  it('round-trips unchanged settings without touching the scanner or printer', () => {
    const result = patchFromDraft(draftFromSettings(SETTINGS), SETTINGS);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.patch.scanner).toBeUndefined();
    expect(result.patch.printer).toBeUndefined();
    expect(result.patch.maxAmountCents).toBe(5_000_000);
    expect(result.patch.gateway).toMatchObject({ callTimeoutMs: 20_000, maxWaitMs: 60_000, baseUrl: null });
  });

  it('keeps the scanner fields it does not show when only the device changes', () => {
    const draft = {
      ...draftFromSettings(SETTINGS),
      scannerDevice: '/dev/ttyUSB1',
      scannerFraming: 'crlf' as const,
    };
    const result = patchFromDraft(draft, SETTINGS);
    expect(result.ok && result.patch.scanner).toEqual({
      kind: 'serial',
      port: { path: '/dev/ttyUSB1' },
      framing: { mode: 'crlf' },
      baudRate: 115200,
    });
  });

  it('refuses out-of-bounds timeouts and incomplete printers with a reason per field', () => {
    const draft = {
      ...draftFromSettings(SETTINGS),
      callTimeoutSeconds: '2',
      maxWaitSeconds: '999',
      maxAmount: '0.50',
      printerKind: 'escpos-tcp' as const,
      printerHost: '',
      printerPort: '70000',
    };
    const result = patchFromDraft(draft, SETTINGS);
    expect(result).toEqual({
      ok: false,
      errors: {
        callTimeoutSeconds: 'settings.error.callTimeout',
        maxWaitSeconds: 'settings.error.maxWait',
        maxAmount: 'settings.error.maxAmount',
        printerHost: 'settings.error.printerHost',
        printerPort: 'settings.error.printerPort',
      },
    });
  });

  it('builds a network printer and a custom gateway', () => {
    const draft = {
      ...draftFromSettings(SETTINGS),
      region: 'custom' as const,
      baseUrl: 'https://gw.example.test',
      printerKind: 'escpos-tcp' as const,
      printerHost: '10.0.0.9',
      printerPort: '9100',
      printerWidth: '58' as const,
    };
    const result = patchFromDraft(draft, SETTINGS);
    expect(result.ok && result.patch.printer).toEqual({
      kind: 'escpos-tcp',
      host: '10.0.0.9',
      port: 9100,
      widthMm: 58,
      cjk: 'gb18030',
      drawerKick: false,
    });
    expect(result.ok && result.patch.gateway?.baseUrl).toBe('https://gw.example.test');
  });
});

describe('receipt stylesheet', () => {
  it('the renderer ships RECEIPT_CSS unchanged (the CSP forbids the <style> element)', () => {
    const norm = (css: string) =>
      css
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\s+/g, '')
        .replace(/'/g, '"')
        .replace(/;}/g, '}');
    const shipped = readFileSync(join(__dirname, '../../../renderer/src/styles/receipt-html.css'), 'utf8');
    expect(norm(shipped)).toBe(norm(RECEIPT_CSS));
  });
});
