/** Every write method refuses bad input with JournalError('invalid_input') and leaves every table as it was. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalError } from '../../../main/journal/journal';
import type { Journal } from '../../../main/journal/types';
import type { TempJournal } from './fixtures';
import { POS, localTime, openSale, paidSale, rowCounts, startAttempt, tempJournal } from './fixtures';

let t: TempJournal;
let j: Journal;
const T0 = localTime('2024-03-15', '10:00');
let saleId = '';
let attemptId = '';
let paid: ReturnType<typeof paidSale>;

beforeAll(() => {
  t = tempJournal();
  j = t.journal;
  const s = openSale(j, { at: T0 });
  saleId = s.id;
  attemptId = startAttempt(j, s, T0).id;
  paid = paidSale(j, { at: T0, amountCents: 5000 });
});
afterAll(() => t.cleanup());

const sale = {
  id: 'sale-x',
  posNo: POS,
  kind: 'scan' as const,
  amountCents: 100,
  currency: 'AUD' as const,
  orderName: 'x',
  platform: null,
  status: 'open' as const,
  createdAt: T0,
};

const badSales: [string, unknown][] = [
  ['zero amount', { ...sale, amountCents: 0 }],
  ['negative amount', { ...sale, amountCents: -100 }],
  ['fractional cents', { ...sale, amountCents: 12.5 }],
  ['amount as text', { ...sale, amountCents: '100' }],
  ['NaN amount', { ...sale, amountCents: Number.NaN }],
  ['unsafe integer', { ...sale, amountCents: 2 ** 53 }],
  ['other currency', { ...sale, currency: 'CNY' }],
  ['unknown status', { ...sale, status: 'done' }],
  ['born paid', { ...sale, status: 'paid' }],
  ['unknown kind', { ...sale, kind: 'cash' }],
  ['unknown platform', { ...sale, platform: 'PAYPAL' }],
  ['empty id', { ...sale, id: '' }],
  ['id with spaces', { ...sale, id: 'a b' }],
  ['bad posNo', { ...sale, posNo: 'POS 1' }],
  ['negative time', { ...sale, createdAt: -1 }],
  ['unknown key', { ...sale, extra: 1 }],
  ['missing key', { ...sale, orderName: undefined }],
];

function expectRefusedUnchanged(fn: () => unknown, code = 'invalid_input') {
  const before = rowCounts(j.path);
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(JournalError);
  expect((err as JournalError).code).toBe(code);
  expect((err as JournalError).userMessage.zh.length).toBeGreaterThan(0);
  expect(rowCounts(j.path)).toEqual(before);
}

describe('createSale refuses', () => {
  it.each(badSales)('%s', (_name, row) => {
    expectRefusedUnchanged(() => j.createSale(row as never));
  });
  it('a duplicate id (constraint)', () => {
    expectRefusedUnchanged(() => j.createSale({ ...sale, id: saleId }), 'constraint');
  });
});

describe('updateSale refuses', () => {
  it.each<[string, unknown]>([
    ['unknown status', { status: 'done' }],
    ['amount change (not patchable)', { amountCents: 1 }],
    ['bad paidAt', { paidAt: 'yesterday' }],
    ['unknown platform', { platform: 'VISA' }],
  ])('%s', (_n, patch) => {
    expectRefusedUnchanged(() => j.updateSale(saleId, patch as never, T0));
  });
  it('a bad instant', () => {
    expectRefusedUnchanged(() => j.updateSale(saleId, { statusReason: 'x' }, -5));
  });
});

describe('createAttempt refuses', () => {
  const a = {
    id: 'att-x',
    saleId: '',
    kind: 'scan' as const,
    outOrderNo: 'POS0120240315999999',
    paymentCode: null,
    platform: null,
    createdAt: T0,
  };
  it.each<[string, Record<string, unknown>]>([
    ['a 33-char out_order_no', { outOrderNo: 'A'.repeat(33) }],
    ['an out_order_no with a space', { outOrderNo: 'POS01 1' }],
    ['a bad status', { status: 'maybe' }],
    ['a payment code with spaces', { paymentCode: '1234 5678' }],
  ])('%s', (_n, over) => {
    expectRefusedUnchanged(() => j.createAttempt({ ...a, saleId: paid.sale.id, ...over } as never));
  });
  it('an unknown sale', () => {
    expectRefusedUnchanged(() => j.createAttempt({ ...a, saleId: 'missing' }), 'not_found');
  });
});

describe('updateAttempt refuses', () => {
  it.each<[string, unknown]>([
    ['identity fields', { outOrderNo: 'X1' }],
    ['a non-digit exchange rate', { exchangeRateScaled: '5.0154' }],
    ['a negative check count', { checkCount: -1 }],
    ['a fractional CNY amount', { cnyAmount: 1.5 }],
  ])('%s', (_n, patch) => {
    expectRefusedUnchanged(() => j.updateAttempt(attemptId, patch as never, T0));
  });
  it('an unknown attempt', () => {
    expectRefusedUnchanged(() => j.updateAttempt('missing', { checkCount: 1 }, T0), 'not_found');
  });
});

describe('createRefund / updateRefund refuse', () => {
  const r = () => ({
    id: 'ref-x',
    saleId: paid.sale.id,
    attemptId: paid.attempt.id,
    orderNo: paid.attempt.orderNo ?? '',
    outRefundNo: 'POS01R20240315999999',
    amountCents: 100,
    reason: 'r',
    status: 'submitting' as const,
    createdAt: T0,
  });
  it.each<[string, Record<string, unknown>]>([
    ['zero amount', { amountCents: 0 }],
    ['fractional amount', { amountCents: 0.5 }],
    ['a 33-char out_refund_no', { outRefundNo: 'R'.repeat(33) }],
    ['an unknown status', { status: 'Applied' }],
  ])('%s', (_n, over) => {
    expectRefusedUnchanged(() => j.createRefund({ ...r(), ...over } as never));
  });
  it('an unknown refund on update', () => {
    expectRefusedUnchanged(() => j.updateRefund('missing', { status: 'APPLIED' }, T0), 'not_found');
  });
  it('an amount change on update', () => {
    expectRefusedUnchanged(() => j.updateRefund('missing', { amountCents: 5 } as never, T0));
  });
});

describe('queries refuse bad arguments', () => {
  it.each<[string, unknown]>([
    ['limit 0', { limit: 0 }],
    ['limit 501', { limit: 501 }],
    ['negative offset', { offset: -1 }],
    ['unknown status', { statuses: ['gone'] }],
    ['fractional amount', { amountCents: 1.5 }],
    ['unknown key', { order: 'x' }],
  ])('searchSales: %s', (_n, q) => {
    expect(() => j.searchSales(q as never)).toThrow(JournalError);
  });
  it('report: bad kind / date', () => {
    expect(() => j.report('Y' as never, '2024-03-15', T0)).toThrow(JournalError);
    expect(() => j.report('X', '2024-02-30', T0)).toThrow(JournalError);
    expect(() => j.report('X', '15/03/2024', T0)).toThrow(JournalError);
  });
  it('listEvents: limit out of range', () => {
    expect(() => j.listEvents({ limit: 0 })).toThrow(JournalError);
  });
  it('exportCsv: bad range values', () => {
    expect(() => j.exportCsv(Number.NaN, T0)).toThrow(JournalError);
  });
});
