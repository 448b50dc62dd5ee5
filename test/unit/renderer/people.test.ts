// People on the counter's store, against the in-memory PosApi fake (see fake-pos-api.ts for why a fake here);
// the same flows end to end against the real core are in test/e2e/people.e2e.test.ts.
import { describe, expect, it } from 'vitest';
import type { PeopleState, PersonRef } from '../../../preload/api';
import { routeCashierKey } from '../../../renderer/src/store/cashier-keys';
import { approversFor } from '../../../renderer/src/store/approvers';
import { createPosStore, signInShown } from '../../../renderer/src/store/pos-store';
import { createFakePosApi, fail, ok, settle, snapshot } from './fake-pos-api';

const person = (id: string, name: string, role: PersonRef['role'], disabled = false): PersonRef => ({
  id,
  name,
  role,
  hasBadge: false,
  disabled,
  source: 'till',
});
const ANN = person('ann', 'Ann Lee', 'cashier');
const BO = person('bo', 'Bo Chen', 'supervisor');
const MAY = person('manager-1', 'Manager', 'manager');
const GONE = person('gone', 'Old Hand', 'manager', true);

function people(over: Partial<PeopleState> = {}): PeopleState {
  return {
    mode: 'sign_in',
    current: null,
    roster: [ANN, BO, MAY, GONE],
    idleSignOutMinutes: 5,
    serverList: null,
    ...over,
  };
}

function setup(state: PeopleState) {
  const api = createFakePosApi();
  api.on('getSnapshot', () => ok(snapshot({ people: state })));
  let clock = 1_000_000;
  const store = createPosStore(api, { now: () => clock });
  return { api, store, tick: (ms: number) => (clock += ms) };
}

describe('who is offered to approve', () => {
  it('offers the signed-in person first, then everyone enabled on the roster', () => {
    const offer = approversFor(people({ current: ANN }), 'refund');
    expect(offer.people.map((p) => p.id)).toEqual(['ann', 'bo', 'manager-1']);
    expect(offer.initial).toBe('ann');
  });

  it('in no-sign-in mode offers only the roles that hold the permission, chosen when there is one', () => {
    const counter = person('counter', 'Cashier', 'cashier');
    const base = people({ mode: 'no_sign_in', current: counter });
    const voids = approversFor(base, 'void');
    expect(voids.people.map((p) => p.id)).toEqual(['bo', 'manager-1']);
    expect(voids.initial).toBeNull();
    const managers = approversFor(base, 'manage_people');
    expect(managers.people.map((p) => p.id)).toEqual(['manager-1']);
    expect(managers.initial).toBe('manager-1');
  });

  it('offers nobody on a till whose core sends no people', () => {
    expect(approversFor(null, 'refund')).toEqual({ people: [], initial: null });
  });
});

describe('the counter follows who is signed in', () => {
  it('covers the counter with the sign-in screen while nobody is signed in, and sale keys do nothing there', async () => {
    const { store } = setup(people());
    store.getState().start();
    await settle();
    expect(signInShown(store.getState())).toBe(true);
    const used = routeCashierKey(store, '5', { editable: false, onButton: false });
    expect(used).toBe(false);
    expect(store.getState().amount).toBe('');
  });

  it('keeps a refused PIN on the sign-in screen, not in the notice bar, and signs in with the chosen person', async () => {
    const { api, store } = setup(people());
    store.getState().start();
    await settle();
    api.on('signIn', ({ personId, pin }) =>
      pin === '1357' && personId === 'ann'
        ? ok(people({ current: ANN }))
        : fail('WRONG_PIN', 'Wrong PIN: 4 tries left.'),
    );
    store.getState().choosePerson('ann');
    expect(await store.getState().signIn('9999')).toBe(false);
    expect(store.getState().switcher.problem?.code).toBe('WRONG_PIN');
    expect(store.getState().notice).toBeNull();
    expect(await store.getState().signIn('1357')).toBe(true);
    expect(store.getState().people?.current?.id).toBe('ann');
    expect(signInShown(store.getState())).toBe(false);
    expect(api.callsOf('signIn')).toEqual([
      { personId: 'ann', pin: '9999' },
      { personId: 'ann', pin: '1357' },
    ]);
  });

  it('closes an open switch when the core signs the person out (idle), and returns to the sign-in screen', async () => {
    const { api, store } = setup(people({ current: BO }));
    store.getState().start();
    await settle();
    store.getState().openSwitch();
    store.getState().choosePerson('ann');
    api.emit({ type: 'people', people: people({ current: null }) });
    expect(store.getState().switcher).toEqual({
      switching: false,
      personId: null,
      problem: null,
      busy: false,
    });
    expect(signInShown(store.getState())).toBe(true);
  });

  it('tells the core about activity at most once per 15 s, and not when nobody is signed in', async () => {
    const { api, store, tick } = setup(people({ current: ANN }));
    api.on('noteActivity', () => ok(null));
    store.getState().start();
    await settle();
    store.getState().noteActivity();
    store.getState().noteActivity();
    tick(14_999);
    store.getState().noteActivity();
    expect(api.callsOf('noteActivity')).toHaveLength(1);
    tick(1);
    store.getState().noteActivity();
    expect(api.callsOf('noteActivity')).toHaveLength(2);
    api.emit({ type: 'people', people: people({ current: null }) });
    tick(60_000);
    store.getState().noteActivity();
    expect(api.callsOf('noteActivity')).toHaveLength(2);
  });
});
