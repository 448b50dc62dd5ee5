import type { PeopleState, PosError } from '../../../../../../preload/api';

/** How often, at most, the screen tells the core someone is at the counter (the idle sign-out's clock). */
export const ACTIVITY_EVERY_MS = 15_000;

export interface SignInState {
  /** The quick switch is open over the counter (the signed-in person taps their name). */
  switching: boolean;
  /** The person whose PIN is being typed (null: the roster is shown). */
  personId: string | null;
  /** The core's refusal of the last PIN (wrong, locked, disabled …), for the person it was typed for. */
  problem: PosError | null;
  busy: boolean;
}

export interface PeopleSliceState {
  /** Who is at the counter and whom one can switch to (null: the core does not say). */
  people: PeopleState | null;
  switcher: SignInState;
}

export function initialSignIn(): SignInState {
  return { switching: false, personId: null, problem: null, busy: false };
}

export function initialPeople(): PeopleSliceState {
  return { people: null, switcher: initialSignIn() };
}

/** The sign-in screen covers the counter: nobody is signed in (sign-in mode), or the quick switch is open. */
export function signInShown(state: PeopleSliceState): boolean {
  const people = state.people;
  if (people === null) return false;
  return (people.mode === 'sign_in' && people.current === null) || state.switcher.switching;
}
