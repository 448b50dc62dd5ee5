// The store driven by the real core: startPosRuntime with the embedded sandbox over HTTP and a SQLite journal
// in a temp dir (test/helpers/runtime-harness.ts). No fakes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPosStore,
  type Outcome,
  type PosStore,
  type PosStoreState,
} from '../../../renderer/src/store/pos-store';
import { scenario, startHarness, type Harness } from '../../helpers/runtime-harness';
import { waitForState } from '../../helpers/wait-for';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

function waitFor(
  store: PosStore,
  predicate: (s: PosStoreState) => boolean,
  timeoutMs = 8_000,
): Promise<PosStoreState> {
  return waitForState(store, predicate, {
    what: 'the store to match',
    timeoutMs,
    describe: (s) => `sale phase ${s.sale?.phase ?? 'none'}`,
  });
}

async function freshStore(sounds: Outcome[] = []) {
  const store = createPosStore(harness.runtime.api, { playSound: (o) => sounds.push(o) });
  const stop = store.getState().start();
  await waitFor(store, (s) => s.status === 'ready');
  return { store, stop };
}

async function charge(store: PosStore, amount: string) {
  await store.getState().newSale();
  for (const k of amount) store.getState().pressAmountKey(k as '1');
  await store.getState().charge();
  const sale = store.getState().sale;
  expect(sale?.phase).toBe('awaiting_code');
  return sale!;
}

describe('store on the real core', () => {
  it('loads the sandbox terminal and sells with scenario 0000, then shows the receipt', async () => {
    const sounds: Outcome[] = [];
    const { store, stop } = await freshStore(sounds);
    expect(store.getState().gateway?.mode).toBe('sandbox');
    await waitFor(store, (s) => s.rates.WECHATPAY !== undefined);

    const sale = await charge(store, '12.50');
    expect(sale.amountCents).toBe(1250);
    await store.getState().submitCode(scenario('wechat', '0000'));
    const paid = await waitFor(store, (s) => s.sale?.phase === 'paid' && s.receipt !== null);
    expect(paid.sale?.platform).toBe('WECHATPAY');
    expect(paid.receipt?.amountCents).toBe(1250);
    expect(paid.receipt?.orderNo).toBe(paid.sale?.orderNo);
    expect(paid.receipt?.outOrderNo).toBe(paid.sale?.outOrderNo);
    expect(sounds).toEqual(['paid']);

    await store.getState().searchHistory(paid.sale!.orderNo!);
    expect(store.getState().history.rows.map((r) => r.id)).toEqual([sale.id]);
    stop();
  });

  it('declined, then a fresh code retries the same sale and pays', async () => {
    const { store, stop } = await freshStore();
    const sale = await charge(store, '3.20');
    await store.getState().submitCode(scenario('alipay', '0003'));
    const declined = await waitFor(store, (s) => s.sale?.phase === 'declined');
    expect(declined.sale?.message?.en).toBeTruthy();
    await store.getState().submitCode(scenario('alipay', '0000'));
    const paid = await waitFor(store, (s) => s.sale?.phase === 'paid');
    expect(paid.sale?.id).toBe(sale.id);
    expect(paid.sale?.attempts).toBe(2);
    stop();
  });

  it('waits for the customer with a deadline, then sees the payment (0001)', async () => {
    const { store, stop } = await freshStore();
    await charge(store, '8.00');
    await store.getState().submitCode(scenario('wechat', '0001'));
    const waiting = await waitFor(store, (s) => s.sale?.phase === 'waiting_customer');
    expect(waiting.sale?.waitDeadline).toBeGreaterThan(Date.now());
    await waitFor(store, (s) => s.sale?.phase === 'paid');
    stop();
  });

  it('stop waiting leaves an unresolved sale that New sale does not close', async () => {
    const { store, stop } = await freshStore();
    const sale = await charge(store, '5.00');
    await store.getState().submitCode(scenario('wechat', '0007'));
    await waitFor(store, (s) => s.sale?.phase === 'waiting_customer');
    await store.getState().stopWaiting();
    const after = await waitFor(store, (s) => s.sale?.phase === 'unresolved');
    expect(after.unresolvedCount).toBeGreaterThanOrEqual(1);
    await store.getState().newSale();
    expect(store.getState().sale).toBeNull();
    expect(store.getState().notice).toBeNull();
    const detail = await harness.runtime.api.getSaleDetail({ saleId: sale.id });
    expect(detail.ok && detail.value.sale.phase).toBe('unresolved');
    stop();
  });

  it('a refused amount becomes the core’s bilingual notice', async () => {
    const { store, stop } = await freshStore();
    await store.getState().newSale();
    store.setState({ amount: '99999999' });
    // A large amount asks for a second Enter before anything reaches the core.
    await store.getState().charge();
    expect(store.getState().confirmLarge).toBe(9_999_999_900);
    await store.getState().charge();
    const notice = store.getState().notice;
    expect(notice?.source).toBe('core');
    expect(notice?.source === 'core' && notice.message.zh).toBeTruthy();
    stop();
  });
});
