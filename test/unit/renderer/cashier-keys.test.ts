// Key routing over the real store; the PosApi behind it is the throwaway fake (fake-pos-api.ts).
import { describe, expect, it } from 'vitest';
import { routeCashierKey } from '../../../renderer/src/store/cashier-keys';
import { offlineInput } from '../../../renderer/src/store/offline-input';
import { createPosStore } from '../../../renderer/src/store/pos-store';
import { createFakePosApi, ok, sale, settle, snapshot } from './fake-pos-api';

const plain = { editable: false, onButton: false };

async function setup(active: ReturnType<typeof sale> | null = null) {
  const api = createFakePosApi();
  api.on('getSnapshot', () => ok(snapshot({ activeSale: active })));
  const store = createPosStore(api);
  store.getState().start();
  await settle();
  return { api, store };
}

describe('cashier keys', () => {
  it('digits, point, comma and Backspace build the amount; Enter charges; Esc clears', async () => {
    const { api, store } = await setup();
    api.on('startSale', () => ok(sale()));
    for (const k of ['4', '2', ',', '5', 'Backspace', '9'])
      expect(routeCashierKey(store, k, plain)).toBe(true);
    expect(store.getState().amount).toBe('42.9');
    expect(routeCashierKey(store, 'Escape', plain)).toBe(true);
    expect(store.getState().amount).toBe('');
    for (const k of ['7', 'Enter']) routeCashierKey(store, k, plain);
    await settle();
    expect(api.callsOf('startSale')).toEqual([{ amount: '7' }]);
  });

  it('while the time zone question is open no key types an amount behind it', async () => {
    const api = createFakePosApi();
    const question = { proposed: 'Australia/Sydney', zones: ['Australia/Sydney'], machineZone: 'Etc/UTC' };
    api.on('getSnapshot', () =>
      ok(snapshot({ terminal: { ...snapshot().terminal, shopZoneQuestion: question } })),
    );
    const store = createPosStore(api);
    store.getState().start();
    await settle();
    for (const k of ['4', '8', 'Enter']) expect(routeCashierKey(store, k, plain)).toBe(false);
    expect(store.getState().amount).toBe('');
    expect(api.callsOf('startSale')).toEqual([]);
  });

  it('without the core every key and Esc is refused and counted, in a field too; Tab still moves focus', async () => {
    const { api, store } = await setup(sale());
    api.on('clearSale', () => ok(null));
    store.getState().setConnection('connecting');
    const before = offlineInput.getState().refused;
    expect(routeCashierKey(store, 'Escape', plain)).toBe(true);
    expect(routeCashierKey(store, '5', { editable: true, onButton: false })).toBe(true);
    expect(routeCashierKey(store, 'Tab', plain)).toBe(false);
    await settle();
    expect(api.callsOf('clearSale')).toEqual([]);
    expect(offlineInput.getState().refused).toBe(before + 2);
  });

  it('leaves keys to a focused text field and Enter to a focused button', async () => {
    const { api, store } = await setup();
    expect(routeCashierKey(store, '5', { editable: true, onButton: false })).toBe(false);
    expect(store.getState().amount).toBe('');
    routeCashierKey(store, '5', plain);
    expect(routeCashierKey(store, 'Enter', { editable: false, onButton: true })).toBe(false);
    expect(api.callsOf('startSale')).toEqual([]);
    expect(routeCashierKey(store, 'x', plain)).toBe(false);
  });

  it('Enter in QR mode shows the first platform’s QR (the button with the Enter hint)', async () => {
    const { api, store } = await setup();
    store.getState().setEntryMode('qr');
    routeCashierKey(store, '5', plain);
    routeCashierKey(store, 'Enter', plain);
    await settle();
    expect(api.callsOf('startSale')).toEqual([]);
    expect(api.callsOf('startQrSale')).toEqual([{ amount: '5', platform: 'WECHATPAY', kind: 'qr' }]);
  });

  it('Esc cancels an open sale, stops waiting, and Enter starts a new sale after a result', async () => {
    const open = await setup(sale());
    open.api.on('clearSale', () => ok(null));
    expect(routeCashierKey(open.store, 'Escape', { editable: true, onButton: false })).toBe(true);
    await settle();
    expect(open.api.callsOf('clearSale')).toEqual([{ saleId: 'S1' }]);

    const waiting = await setup(sale({ phase: 'waiting_customer', attempts: 1 }));
    waiting.api.on('stopWaiting', () => ok(sale({ phase: 'unresolved', attempts: 1 })));
    expect(routeCashierKey(waiting.store, 'Enter', plain)).toBe(false);
    routeCashierKey(waiting.store, 'Escape', plain);
    await settle();
    expect(waiting.api.callsOf('stopWaiting')).toEqual([{ saleId: 'S1' }]);
    expect(waiting.store.getState().sale?.phase).toBe('unresolved');
    routeCashierKey(waiting.store, 'Enter', plain);
    await settle();
    expect(waiting.store.getState().sale).toBeNull();

    const sending = await setup(sale({ phase: 'submitting', attempts: 1 }));
    expect(routeCashierKey(sending.store, 'Escape', plain)).toBe(false);
  });

  it('does nothing on the history screen', async () => {
    const { api, store } = await setup();
    api.on('searchHistory', () => ok([]));
    store.getState().showView('history');
    expect(routeCashierKey(store, '5', plain)).toBe(false);
    expect(store.getState().amount).toBe('');
  });
});
