// The manager store driven by the real core: startPosRuntime with the embedded sandbox over HTTP and a SQLite
// journal in a temp dir. No fakes; only the store's clock is injected to test the idle lock.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createManagerStore,
  IDLE_MS,
  type ManagerStore,
  type ManagerStoreState,
} from '../../../renderer/src/store/manager-store';
import { scenario, startHarness, unwrap, type Harness } from '../../helpers/runtime-harness';
import { waitForState } from '../../helpers/wait-for';

let harness: Harness | null = null;

afterEach(async () => {
  await harness?.close();
  harness = null;
});

function waitFor(
  store: ManagerStore,
  predicate: (s: ManagerStoreState) => boolean,
  timeoutMs = 8_000,
): Promise<ManagerStoreState> {
  return waitForState(store, predicate, { what: 'the manager store to match', timeoutMs });
}

async function paidSale(h: Harness, amount: string) {
  const api = h.runtime.api;
  const sale = unwrap(await api.startSale({ amount }));
  unwrap(await api.submitCode({ saleId: sale.id, code: scenario('wechat', '0000') }));
  return h.waitForSale(sale.id, (s) => s.phase === 'paid');
}

describe('manager store on the real core', () => {
  it('first run sets a PIN, then wrong PINs lock the area with the time it lifts', async () => {
    harness = await startHarness();
    const api = harness.runtime.api;
    const store = createManagerStore(api);
    const stop = store.getState().start();
    store.getState().enter(false);
    expect(store.getState().gate.mode).toBe('set');
    expect(await store.getState().setFirstPin('5827', '5872')).toBe(false);
    expect(store.getState().gate.problem).toEqual({ source: 'ui', key: 'manager.gate.pinMismatch' });
    // A browser must give the setup code the POS showed at start; a common PIN is refused by the core.
    expect(await store.getState().setFirstPin('5827', '5827')).toBe(false);
    expect(store.getState().gate.problem).toMatchObject({ error: { code: 'SETUP_CODE_REQUIRED' } });
    const code = harness.runtime.setupCode() ?? '';
    expect(await store.getState().setFirstPin('1234', '1234', code)).toBe(false);
    expect(store.getState().gate.problem).toMatchObject({ error: { code: 'WEAK_PIN' } });
    expect(await store.getState().setFirstPin('5827', '5827', `${code.slice(0, 4)} ${code.slice(4)}`)).toBe(
      true,
    );
    expect(store.getState().pin).toBe('5827');

    store.getState().leave();
    expect(store.getState().pin).toBeNull();
    store.getState().enter(true);
    for (let i = 0; i < 4; i++) {
      expect(await store.getState().submitPin('9999')).toBe(false);
      expect(store.getState().gate.problem).toMatchObject({ source: 'core', error: { code: 'WRONG_PIN' } });
    }
    const before = Date.now();
    expect(await store.getState().submitPin('9999')).toBe(false);
    const gate = store.getState().gate;
    expect(gate.problem).toMatchObject({ source: 'core', error: { code: 'PIN_LOCKED' } });
    expect(gate.lockedUntil).toBeGreaterThan(before + 60_000);
    // Even the right PIN is refused while locked.
    expect(await store.getState().submitPin('5827')).toBe(false);
    expect(store.getState().pin).toBeNull();
    stop();
  });

  it('forgets the PIN after two idle minutes', async () => {
    harness = await startHarness();
    unwrap(
      await harness.runtime.api.setManagerPin({
        newPin: '2468',
        setupCode: harness.runtime.setupCode() ?? '',
      }),
    );
    let clock = 1_000_000;
    const store = createManagerStore(harness.runtime.api, { now: () => clock });
    store.getState().enter(true);
    expect(await store.getState().submitPin('2468')).toBe(true);
    clock += IDLE_MS - 1;
    expect(store.getState().expireIfIdle()).toBe(false);
    store.getState().touch();
    clock += IDLE_MS - 1;
    expect(store.getState().expireIfIdle()).toBe(false);
    clock += 1;
    expect(store.getState().expireIfIdle()).toBe(true);
    expect(store.getState().pin).toBeNull();
    expect(store.getState().gate.problem).toEqual({ source: 'ui', key: 'manager.gate.idleLocked' });
  });

  it('finds a scanned receipt, refunds exactly what was confirmed, and refuses more than is left', async () => {
    harness = await startHarness();
    const api = harness.runtime.api;
    unwrap(await api.setManagerPin({ newPin: '2468', setupCode: harness.runtime.setupCode() ?? '' }));
    const sale = await paidSale(harness, '10.00');
    const store = createManagerStore(api);
    const stop = store.getState().start();
    store.getState().enter(true);
    expect(await store.getState().submitPin('2468')).toBe(true);

    // The receipt's QR read by a scanner: the core raises reference-scanned, the refund screen opens the sale.
    unwrap(await api.submitWedgeScan({ code: sale.orderNo ?? '' }));
    const found = await waitFor(store, (s) => s.refund.detail?.sale.id === sale.id);
    expect(found.tab).toBe('refunds');
    expect(found.refund.detail?.refundableCents).toBe(1000);

    store.getState().setRefundAmount('3.3');
    store.getState().setRefundReason('one dish returned');
    store.getState().reviewRefund();
    expect(store.getState().refund.step).toBe('confirm');
    expect(store.getState().refund.confirmCents).toBe(330);
    await store.getState().confirmRefund();
    const afterFirst = store.getState().refund;
    expect(afterFirst.problem).toBeNull();
    expect(afterFirst.last?.amountCents).toBe(330);
    await waitFor(store, (s) => s.refund.detail?.refundableCents === 670);
    await waitFor(store, (s) => s.refund.receiptHtml !== null);
    expect(store.getState().refund.receiptHtml).toContain('3.30');

    store.getState().setRefundAmount('6.71');
    store.getState().reviewRefund();
    expect(store.getState().refund.step).toBe('edit');
    expect(store.getState().refund.problem).toEqual({ source: 'ui', key: 'refund.error.overRefundable' });

    store.getState().setRefundFull();
    expect(store.getState().refund.amount).toBe('6.70');
    store.getState().reviewRefund();
    await store.getState().confirmRefund();
    await waitFor(store, (s) => s.refund.detail?.refundableCents === 0);
    expect(store.getState().refund.detail?.refunds).toHaveLength(2);
    stop();
  });
});
