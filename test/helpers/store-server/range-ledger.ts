/**
 * A small ledger across Sydney's daylight-saving change (clocks go back from 03:00 AEDT to 02:00 AEST on
 * Sunday 5 April 2026), pushed through the till API by two tills of Main St and one of Harbour, and what the
 * range report must say about it, worked out by hand below. Used by the range pages' integration and Chromium
 * tests.
 */
import { FeedTill, type WebWorld } from './web';

export const FROM = '2026-04-04';
export const TO = '2026-04-06';
/** Midnight of each date in Sydney: 04-04 and 04-05 at +11, 04-06 at +10 (the 5th is 25 hours long). */
const at = (iso: string) => Date.parse(iso);

export interface RangeLedger {
  a1: FeedTill;
  a2: FeedTill;
  b1: FeedTill;
}

export async function pushRangeLedger(world: WebWorld): Promise<RangeLedger> {
  const a1 = await FeedTill.enrol(world, world.storeA, 'Front', 'A1');
  const a2 = await FeedTill.enrol(world, world.storeA, 'Back <b>&', 'A2');
  const b1 = await FeedTill.enrol(world, world.storeB, 'Harbour 1', 'B1');
  const d4 = { businessDate: '2026-04-04' };
  const d5 = { businessDate: '2026-04-05' };
  const d6 = { businessDate: '2026-04-06' };
  const mia = { personId: 'mia' };
  const manager = { personId: 'manager-1' };
  await a1.push(
    a1.person('mia', 'Mia <i>'),
    a1.person('manager-1', 'Manager', 'manager'),
    // 10:15 AEDT
    ...a1.sale('s1', {
      status: 'paid',
      cents: 1000,
      at: at('2026-04-03T23:15:00Z'),
      cny: 4800,
      ...d4,
      ...mia,
    }),
    // 14:30 AEDT, no CNY reported
    ...a1.sale('s2', {
      status: 'paid',
      cents: 2550,
      platform: 'ALIPAY',
      at: at('2026-04-04T03:30:00Z'),
      ...d4,
      ...mia,
    }),
    // 02:30 twice on the 5th: once in AEDT, once again an hour later in AEST
    ...a1.sale('s3', {
      status: 'paid',
      cents: 700,
      at: at('2026-04-04T15:30:00Z'),
      cny: 3300,
      ...d5,
      ...mia,
    }),
    ...a1.sale('s4', {
      status: 'paid',
      cents: 300,
      at: at('2026-04-04T16:30:00Z'),
      cny: 1400,
      ...d5,
      ...manager,
    }),
    // 10:00 AEST (11:00 if the offset were still +11)
    ...a1.sale('s5', {
      status: 'paid',
      cents: 5000,
      platform: 'ALIPAY',
      at: at('2026-04-05T00:00:00Z'),
      cny: 23500,
      ...d5,
      ...manager,
    }),
    // 09:05 AEST on the 6th: voided, then paid (a late payment), refunded in full at 11:00
    ...a1.sale('s6', {
      status: 'voided',
      paid: true,
      cents: 1200,
      at: at('2026-04-05T23:05:00Z'),
      cny: 5600,
      ...d6,
    }),
    // 12:00: voided, paid, kept
    ...a1.sale('s7', {
      status: 'voided',
      paid: true,
      cents: 800,
      platform: 'ALIPAY',
      at: at('2026-04-06T02:00:00Z'),
      ...d6,
    }),
    ...a1.sale('s8', { status: 'unresolved', cents: 450, at: at('2026-04-06T03:00:00Z'), ...d6 }),
    ...a1.sale('s9', { status: 'declined', cents: 999, at: at('2026-04-06T03:10:00Z'), ...d6 }),
    a1.refund('r1', 's2', 500, 'CLOSED', {
      at: at('2026-04-05T01:00:00Z'),
      reason: 'wrong size',
      requestedBy: 'mia',
      approvedBy: 'manager-1',
      ...d5,
    }),
    a1.refund('r2', 's1', 300, 'rejected', { at: at('2026-04-03T23:40:00Z'), reason: 'tried twice', ...d4 }),
    a1.refund('r3', 's6', 1200, 'CLOSED', {
      at: at('2026-04-06T01:00:00Z'),
      reason: 'paid after void',
      ...d6,
    }),
  );
  await a2.push(
    // Another till's own Manager: another person.
    a2.person('manager-1', 'Manager', 'manager'),
    // 15:00 AEST
    ...a2.sale('t1', {
      status: 'paid',
      cents: 2000,
      at: at('2026-04-06T05:00:00Z'),
      cny: 9600,
      ...d6,
      ...manager,
    }),
    // 16:00: A2 refunds A1's s5 (in flight)
    a2.remoteRefund('x1', { till: a1, saleId: 's5' }, 1000, 'APPLIED', {
      at: at('2026-04-06T06:00:00Z'),
      reason: 'came back <script>',
      ...d6,
    }),
  );
  await b1.push(
    ...b1.sale('b1', {
      status: 'paid',
      cents: 9999,
      platform: 'ALIPAY',
      at: at('2026-04-05T02:00:00Z'),
      ...d5,
    }),
    b1.refund('rb', 'b1', 100, 'CLOSED', { at: at('2026-04-05T03:00:00Z'), reason: 'HARBOUR-ONLY', ...d5 }),
  );
  return { a1, a2, b1 };
}

/** Main St over FROM..TO, by hand (cents). */
export const MAIN_ST = {
  // s1 1000 + s2 2550 + s3 700 + s4 300 + s5 5000 + t1 2000
  sales: { n: 6, cents: 11_550 },
  // s6 1200 + s7 800
  late: { n: 2, cents: 2_000 },
  // r1 500 + r3 1200 + x1 1000 (r2 failed: left out)
  refunds: { n: 3, cents: 2_700 },
  lateRefunds: { n: 1, cents: 1_200 },
  net: 11_550 + 2_000 - 2_700,
  tills: {
    Front: { sales: 9_550, late: 2_000, refunds: 1_700, net: 9_850 },
    Back: { sales: 2_000, late: 0, refunds: 1_000, net: 1_000 },
  },
  platforms: {
    // s1, s3, s4, t1; s6 late; r3
    WECHATPAY: { sales: 4_000, late: 1_200, refunds: 1_200, net: 4_000 },
    // s2, s5; s7 late; r1, x1
    ALIPAY: { sales: 7_550, late: 800, refunds: 1_500, net: 6_850 },
  },
  // s1 4800 + s3 3300 + s4 1400 + s5 23500 + t1 9600 + s6 5600; s2 and s7 without
  cny: { fen: 48_200, withCny: 6, of: 8 },
  byDay: {
    '2026-04-04': { sales: 3_550, refunds: 0, net: 3_550 },
    '2026-04-05': { sales: 6_000, refunds: 500, net: 5_500 },
    '2026-04-06': { sales: 2_000, late: 2_000, refunds: 2_200, net: 1_800 },
  },
  // By who served the sale / asked for the refund; a till's own Manager is that till's.
  byPerson: {
    'Front/mia': { name: 'Mia <i>', net: 1_000 + 2_550 + 700 - 500 },
    'Front/manager-1': { name: 'Manager', net: 300 + 5_000 },
    'Back <b>&/manager-1': { name: 'Manager', net: 2_000 },
    // s6, s7 late; r3, x1 refunds: nobody recorded
    '': { name: null, net: 1_200 + 800 - 1_200 - 1_000 },
  } as Record<string, { name: string | null; net: number }>,
  // Store-time hours: sales and late payments by when the sale began, refunds by when they were made.
  byHour: {
    2: { sales: 1_000, refunds: 0 },
    9: { sales: 0, late: 1_200, refunds: 0 },
    10: { sales: 6_000, refunds: 0 },
    11: { sales: 0, refunds: 1_700 },
    12: { sales: 0, late: 800, refunds: 0 },
    14: { sales: 2_550, refunds: 0 },
    15: { sales: 2_000, refunds: 0 },
    16: { sales: 0, refunds: 1_000 },
  } as Record<number, { sales: number; late?: number; refunds: number }>,
};
