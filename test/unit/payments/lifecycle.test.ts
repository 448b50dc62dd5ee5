/** The lifecycle tables: every transition, every refusal, the predicates, and the diagrams in docs/payments.md. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ATTEMPT_TRANSITIONS,
  LifecycleError,
  REFUND_TRANSITIONS,
  SALE_TRANSITIONS,
  acceptsCode,
  attemptTransition,
  canSale,
  canVoid,
  isIdleSale,
  refundTransition,
  salePhase,
  saleTransition,
  statusesForPhase,
  type SaleEvent,
} from '../../../main/payments/sale/lifecycle';
import { LIFECYCLE_DIAGRAMS } from '../../../main/payments/sale/lifecycle-diagram';
import { ATTEMPT_STATUSES, REFUND_STATUSES, SALE_STATUSES } from '../../../main/journal/status';
import type { SaleStatus } from '../../../main/journal/types';

const SALE_EVENTS: SaleEvent[] = [
  'start',
  'send',
  'abandon',
  'paid',
  'late_paid',
  'unpaid',
  'wait_expired',
  'stop_waiting',
  'restart',
  'void',
  'keep',
];

/** The sale table as the design states it, written out independently of SALE_TRANSITIONS. */
const EXPECTED_SALE: Array<[SaleStatus, SaleEvent, SaleStatus]> = [
  ['open', 'send', 'in_progress'],
  ['declined', 'send', 'in_progress'],
  ['open', 'abandon', 'abandoned'],
  ['declined', 'abandon', 'abandoned'],
  ['in_progress', 'paid', 'paid'],
  ['unresolved', 'paid', 'paid'],
  ['declined', 'paid', 'paid'],
  ['failed', 'paid', 'paid'],
  ['voided', 'late_paid', 'voided'],
  ['abandoned', 'late_paid', 'voided'],
  ['in_progress', 'unpaid', 'declined'],
  ['unresolved', 'unpaid', 'failed'],
  ['voided', 'unpaid', 'voided'],
  ['in_progress', 'wait_expired', 'unresolved'],
  ['in_progress', 'stop_waiting', 'unresolved'],
  ['in_progress', 'restart', 'unresolved'],
  ['in_progress', 'void', 'voided'],
  ['unresolved', 'void', 'voided'],
  ['open', 'void', 'abandoned'],
  ['declined', 'void', 'abandoned'],
  ['voided', 'keep', 'paid'],
];

describe('the sale table', () => {
  it.each(EXPECTED_SALE)('%s + %s → %s', (from, event, to) => {
    expect(saleTransition(from, event).to).toBe(to);
  });

  it('refuses every other pair, with a LifecycleError naming it', () => {
    const allowed = new Set(EXPECTED_SALE.map(([f, e]) => `${f}:${e}`));
    for (const from of SALE_STATUSES) {
      for (const event of SALE_EVENTS) {
        if (allowed.has(`${from}:${event}`)) continue;
        expect(() => saleTransition(from, event), `${from}+${event}`).toThrow(LifecycleError);
      }
    }
    expect(() => saleTransition('paid', 'void')).toThrow('illegal sale transition: void from paid');
  });

  it('has no row the design does not state, and no two rows for one pair', () => {
    const rows = SALE_TRANSITIONS.flatMap((t) => t.from.map((f) => `${f}:${t.event}`));
    expect(new Set(rows).size).toBe(rows.length);
    expect(rows.length).toBe(EXPECTED_SALE.length);
  });

  it('a paid sale never leaves paid; a voided one leaves only by a manager keeping its late payment', () => {
    for (const event of SALE_EVENTS) expect(canSale('paid', event), event).toBe(false);
    const outOfVoided = SALE_TRANSITIONS.filter((t) => t.from.includes('voided') && t.to !== 'voided');
    expect(outOfVoided.map((t) => [t.event, t.to])).toEqual([['keep', 'paid']]);
  });

  it('random event sequences only ever move along the table, and money once paid stays paid', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SALE_EVENTS), { maxLength: 40 }), (events) => {
        let status: SaleStatus = 'open';
        let everPaid = false;
        for (const e of events) {
          if (!canSale(status, e)) {
            expect(() => saleTransition(status, e)).toThrow(LifecycleError);
            continue;
          }
          const next: SaleStatus = saleTransition(status, e).to;
          if (everPaid && status === 'paid') expect(next).toBe('paid');
          status = next;
          if (status === 'paid') everPaid = true;
        }
        if (everPaid) expect(['paid']).toContain(status);
      }),
    );
  });
});

describe('the attempt and refund tables', () => {
  it('an open attempt can reach every outcome; a final one only paid (money wins over an earlier answer)', () => {
    for (const from of ['submitting', 'userpaying', 'pending', 'unknown'] as const) {
      for (const e of ['userpaying', 'unknown', 'paid', 'declined', 'failed'] as const) {
        expect(attemptTransition(from, e).to).toBe(e === 'paid' ? 'paid' : e);
      }
    }
    expect(attemptTransition('submitting', 'qr_created').to).toBe('pending');
    expect(() => attemptTransition('userpaying', 'qr_created')).toThrow(LifecycleError);
    expect(attemptTransition('declined', 'paid').journal).toBe('attempt.paid_after_final');
    expect(attemptTransition('failed', 'paid').journal).toBe('attempt.paid_after_final');
    for (const e of ['userpaying', 'unknown', 'declined', 'failed', 'qr_created'] as const) {
      expect(() => attemptTransition('paid', e)).toThrow(LifecycleError);
      expect(() => attemptTransition('declined', e)).toThrow(LifecycleError);
    }
    expect(() => attemptTransition('paid', 'paid')).toThrow(LifecycleError);
    const statuses = new Set(ATTEMPT_TRANSITIONS.flatMap((t) => [...t.from, t.to]));
    expect([...statuses].sort()).toEqual([...ATTEMPT_STATUSES].sort());
  });

  it('a refund is sent until the gateway answers, then follows the gateway; CLOSED and failures are final', () => {
    expect(refundTransition('submitting', 'accepted').to).toBe('APPLIED');
    expect(refundTransition('unknown', 'rejected').to).toBe('rejected');
    expect(refundTransition('APPLIED', 'gateway_status', 'CLOSED').to).toBe('CLOSED');
    expect(refundTransition('MERCHANTCONFIRMED', 'gateway_status', 'ORGANIZATIONFAILED').to).toBe(
      'ORGANIZATIONFAILED',
    );
    for (const final of ['CLOSED', 'rejected', 'MERCHANTREJECTED', 'TIMEOUTCLOSED'] as const) {
      expect(() => refundTransition(final, 'gateway_status', 'APPLIED')).toThrow(LifecycleError);
      expect(() => refundTransition(final, 'accepted')).toThrow(LifecycleError);
    }
    expect(() => refundTransition('APPLIED', 'accepted')).toThrow(LifecycleError);
    const statuses = new Set(REFUND_TRANSITIONS.flatMap((t) => [...t.from, t.to]));
    expect([...statuses].sort()).toEqual([...REFUND_STATUSES].sort());
  });
});

describe('predicates and phases', () => {
  it('only an open or declined scan sale accepts a code; only an in-flight one can be voided', () => {
    for (const status of SALE_STATUSES) {
      expect(acceptsCode({ status, kind: 'scan' }), status).toBe(status === 'open' || status === 'declined');
      expect(acceptsCode({ status, kind: 'qr' }), status).toBe(false);
      expect(canVoid(status), status).toBe(status === 'in_progress' || status === 'unresolved');
      expect(isIdleSale(status), status).toBe(status === 'open' || status === 'declined');
    }
  });

  it('shows a voided sale by where its late payment is', () => {
    const voided = { status: 'voided' as const, paidAttemptId: null };
    const late = { status: 'voided' as const, paidAttemptId: 'A1' };
    expect(salePhase(voided, { status: 'unknown' }, undefined)).toBe('voided');
    expect(salePhase(late, { status: 'paid' }, undefined)).toBe('late_paid');
    expect(salePhase(late, { status: 'paid' }, { status: 'APPLIED' })).toBe('late_refunding');
    expect(salePhase(late, { status: 'paid' }, { status: 'submitting' })).toBe('late_refunding');
    expect(salePhase(late, { status: 'paid' }, { status: 'CLOSED' })).toBe('late_refunded');
    expect(salePhase(late, { status: 'paid' }, { status: 'rejected' })).toBe('late_paid');
    const inProgress = { status: 'in_progress' as const, paidAttemptId: null };
    expect(salePhase(inProgress, { status: 'submitting' }, undefined)).toBe('submitting');
    expect(salePhase(inProgress, { status: 'unknown' }, undefined)).toBe('checking');
    expect(salePhase(inProgress, { status: 'userpaying' }, undefined)).toBe('waiting_customer');
    expect(statusesForPhase('late_refunded')).toEqual(['voided']);
    expect(statusesForPhase('checking')).toEqual(['in_progress']);
  });
});

describe('docs/payments.md', () => {
  const doc = readFileSync(new URL('../../../docs/payments.md', import.meta.url), 'utf8');
  it.each(Object.entries(LIFECYCLE_DIAGRAMS))(
    'draws the %s lifecycle exactly as the table',
    (name, mermaid) => {
      const block = new RegExp(
        `<!-- lifecycle:${name} -->\\n+\`\`\`mermaid\\n([\\s\\S]*?)\\n\`\`\`\\n+<!-- /lifecycle:${name} -->`,
      ).exec(doc);
      expect(
        block?.[1],
        `docs/payments.md must carry, between its lifecycle:${name} markers:\n${mermaid}`,
      ).toBe(mermaid);
    },
  );
});
