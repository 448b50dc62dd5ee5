/**
 * Who is at the counter: signing in with a name and a PIN, the quick switch, signing out, and telling the core
 * someone is still there (the idle sign-out is the core's; the screen follows its `people` events).
 */
import type { PeopleState, PosError, PosResult } from '../../../../../../preload/api';
import type { PosContext } from '../../context';
import { ACTIVITY_EVERY_MS, initialSignIn } from './initialState';

export interface PeopleActions {
  /** The quick switch: the roster over the counter, then a name and its PIN. */
  openSwitch(): void;
  closeSwitch(): void;
  /** A name tapped on the roster (null: back to the roster). */
  choosePerson(personId: string | null): void;
  /** The chosen person's PIN; true when they are signed in. */
  signIn(pin: string): Promise<boolean>;
  signOut(): Promise<void>;
  /** A key or a tap: the core's idle clock starts again (sent at most once per ACTIVITY_EVERY_MS). */
  noteActivity(): void;
}

const UNREACHABLE: PosError = {
  code: 'CORE_UNREACHABLE',
  message: {
    en: 'The POS did not answer. Check the connection and try again.',
    zh: '收银系统没有响应。请检查连接后重试。',
  },
};

export function createPeopleActions(ctx: PosContext): {
  actions: PeopleActions;
  applyPeople(people: PeopleState): void;
} {
  const { api, set, get, now, call } = ctx;
  let lastActivity = Number.NEGATIVE_INFINITY;

  /** The sign-in screen shows its own refusals beside the PIN pad, not in the notice bar. */
  async function quiet<T>(run: () => Promise<PosResult<T>>): Promise<PosResult<T>> {
    try {
      return await run();
    } catch {
      return { ok: false, error: UNREACHABLE };
    }
  }

  function applyPeople(people: PeopleState): void {
    const before = get().people?.current?.id ?? null;
    const after = people.current?.id ?? null;
    // Someone else is at the counter now (signed in, switched, signed out by the core when idle): whatever
    // the switch had open belonged to the person before, and the next person starts at the sale screen (the
    // manager area the one before opened is locked by its own store).
    if (before !== after) {
      const view = get().view === 'manager' ? 'sale' : get().view;
      set({ people, switcher: initialSignIn(), view });
    } else set({ people });
  }

  const actions: PeopleActions = {
    openSwitch() {
      set({ switcher: { ...initialSignIn(), switching: true } });
    },

    closeSwitch() {
      set({ switcher: initialSignIn() });
    },

    choosePerson(personId) {
      set({ switcher: { ...get().switcher, personId, problem: null } });
    },

    async signIn(pin) {
      const { personId, busy } = get().switcher;
      if (personId === null || busy) return false;
      set({ switcher: { ...get().switcher, busy: true, problem: null } });
      const result = await quiet(() => api.signIn({ personId, pin }));
      if (!result.ok) {
        set({ switcher: { ...get().switcher, busy: false, problem: result.error } });
        return false;
      }
      lastActivity = now();
      applyPeople(result.value);
      set({ switcher: initialSignIn() });
      return true;
    },

    async signOut() {
      const result = await call(() => api.signOut());
      if (result?.ok) applyPeople(result.value);
    },

    noteActivity() {
      const people = get().people;
      if (people?.current == null || people.idleSignOutMinutes === null) return;
      const at = now();
      if (at - lastActivity < ACTIVITY_EVERY_MS) return;
      lastActivity = at;
      // Nothing to show if it fails: the worst case is an idle sign-out a little early, said on screen.
      void quiet(() => api.noteActivity());
    },
  };

  return { actions, applyPeople };
}
