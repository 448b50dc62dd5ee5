/**
 * The first paint from the snapshot the hub's page carries: the store is ready before the core answers, and the
 * live snapshot then replaces it. Uses the in-memory PosApi fake (a mock: the point is to hold the core's answer).
 */
import { describe, expect, it } from 'vitest';
import { createPosStore } from '../../../renderer/src/store/pos-store';
import { createFakePosApi, ok, settle, snapshot, TERMINAL } from './fake-pos-api';

describe('boot snapshot', () => {
  it('draws at once from the page, then takes the live snapshot', async () => {
    const api = createFakePosApi();
    let answer: (() => void) | null = null;
    api.on(
      'getSnapshot',
      () =>
        new Promise((resolve) => {
          answer = () => resolve(ok(snapshot({ unresolvedCount: 3 })));
        }),
    );
    const store = createPosStore(api, {
      bootSnapshot: snapshot({
        terminal: { ...TERMINAL, merchantName: 'From the page' },
        unresolvedCount: 1,
      }),
    });
    store.getState().start();
    expect(store.getState().status).toBe('ready');
    expect(store.getState().terminal?.merchantName).toBe('From the page');
    expect(store.getState().unresolvedCount).toBe(1);
    await settle();
    answer!();
    await settle();
    expect(store.getState().unresolvedCount).toBe(3);
    expect(store.getState().terminal?.merchantName).toBe(TERMINAL.merchantName);
  });

  it('without one, waits for the core as before', () => {
    const api = createFakePosApi();
    api.on('getSnapshot', () => new Promise(() => {}));
    const store = createPosStore(api);
    store.getState().start();
    expect(store.getState().status).toBe('loading');
  });
});
