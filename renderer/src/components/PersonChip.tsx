/**
 * The person at the counter, in the status bar: their name is a button that opens the quick switch (the roster,
 * then a PIN: two taps and a PIN), with "Sign out" beside it. In no-sign-in mode it names the built-in cashier.
 */
import { useT } from '../i18n/use-t';
import { usePosPick } from '../store/context';
import { COUNTER_PERSON } from '../store/approvers';
import '../styles/sign-in.css';

export function PersonChip() {
  const { t } = useT();
  const { people, openSwitch, signOut } = usePosPick('people', 'openSwitch', 'signOut');
  const current = people?.current ?? null;
  if (people === null || current === null) return null;
  // A till with nobody on its roster has no one to switch to: the built-in cashier needs no chip.
  if (people.roster.length === 0 && current.id === COUNTER_PERSON) return null;
  const label = t(people.mode === 'sign_in' ? 'people.chip.label' : 'people.chip.noSignIn', {
    name: current.name,
  });
  // No-sign-in mode runs as the built-in cashier: there is nobody to sign out until someone switched in.
  const canSignOut = people.mode === 'sign_in' || current.id !== COUNTER_PERSON;
  return (
    <span className="person-chip" data-testid="person-chip" data-person-id={current.id}>
      <button
        type="button"
        className="chip chip-button chip-person"
        data-testid="person-switch"
        aria-label={label}
        title={label}
        onClick={(e) => {
          // Let go of focus: Enter on the sale screen keeps its meaning after the switch.
          e.currentTarget.blur();
          openSwitch();
        }}
      >
        {current.name}
      </button>
      {canSignOut ? (
        <button
          type="button"
          className="chip chip-button chip-muted"
          data-testid="person-sign-out"
          onClick={(e) => {
            e.currentTarget.blur();
            void signOut();
          }}
        >
          {t('people.signOut')}
        </button>
      ) : null}
    </span>
  );
}
