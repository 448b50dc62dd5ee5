/**
 * Who is at the counter: the roster as name tiles, then the chosen person's PIN on the shared PIN pad, or a
 * staff badge scanned (the core signs its owner in and sends a `people` event; a refused badge is said in the
 * scan line). The same screen is the quick switch, opened from the name in the status bar, with a way back.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { formatTime, pick } from '../i18n';
import { useT } from '../i18n/use-t';
import { usePos, usePosPick } from '../store/context';
import { PinInput } from '../components/TextInputs';
import { PinPad } from '../components/PinPad';
import { ServerListAge } from '../components/ServerListAge';

function PinStep({ name }: { name: string }) {
  const { t, language } = useT();
  const { switcher, signIn, choosePerson } = usePosPick('switcher', 'signIn', 'choosePerson');
  const timeZone = usePos((s) => s.terminal?.timeZone);
  const [pin, setPin] = useState('');
  const pinId = useId();
  const field = useRef<HTMLInputElement>(null);
  const problem = switcher.problem;

  useEffect(() => field.current?.focus(), []);
  // A refused PIN clears the pad, so the next try starts clean. In the same commit as the refusal shows: digits
  // typed once it is on screen are the next try's, never wiped a frame later.
  useLayoutEffect(() => {
    if (problem) setPin('');
  }, [problem]);

  const lockedUntil = problem?.code === 'PIN_LOCKED' ? (problem.retryAfter ?? null) : null;

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    if (pin.length >= 4) void signIn(pin);
  }

  return (
    <form className="sign-in-pin" onSubmit={onSubmit} data-testid="sign-in-pin">
      <label htmlFor={pinId}>{t('people.signIn.pinFor', { name })}</label>
      <PinInput ref={field} id={pinId} value={pin} onValue={setPin} aria-describedby={`${pinId}-problem`} />
      <div id={`${pinId}-problem`}>
        {lockedUntil !== null ? (
          <p className="m-locked" role="alert" data-testid="sign-in-locked">
            {t('people.signIn.locked', { name, time: formatTime(language, lockedUntil, timeZone) })}
          </p>
        ) : problem ? (
          <p className="m-problem-text" role="alert" data-testid="sign-in-problem">
            {pick(problem.message, language)}
          </p>
        ) : null}
      </div>
      <PinPad onPin={setPin} />
      <div className="sign-in-actions">
        <button
          type="submit"
          className="button button-primary button-wide"
          disabled={switcher.busy || pin.length < 4}
        >
          {t('people.signIn.submit')}
        </button>
        <button type="button" className="button" onClick={() => choosePerson(null)}>
          {t('people.signIn.otherPerson')}
        </button>
      </div>
    </form>
  );
}

export function SignInScreen() {
  const { t, language } = useT();
  const { people, switcher, choosePerson, closeSwitch, scanNotice } = usePosPick(
    'people',
    'switcher',
    'choosePerson',
    'closeSwitch',
    'scanNotice',
  );
  if (people === null) return null;
  const roster = people.roster.filter((p) => !p.disabled);
  const chosen = roster.find((p) => p.id === switcher.personId) ?? null;
  const heading = switcher.switching ? 'people.signIn.switchHeading' : 'people.signIn.heading';

  return (
    <section className="screen sign-in" aria-labelledby="sign-in-heading" data-testid="sign-in">
      <header className="sign-in-head">
        <h2 id="sign-in-heading">{t(heading)}</h2>
        {switcher.switching ? (
          <button type="button" className="button button-quiet" onClick={closeSwitch}>
            {t('people.signIn.cancel')}
          </button>
        ) : null}
      </header>
      {scanNotice ? (
        <p className="warn-text" role="alert" data-testid="sign-in-scan">
          {pick(scanNotice.message, language)}
        </p>
      ) : null}
      {chosen ? (
        <PinStep key={chosen.id} name={chosen.name} />
      ) : (
        <>
          <p className="muted">{t('people.signIn.intro')}</p>
          {roster.length === 0 ? (
            <p className="warn-text" data-testid="sign-in-nobody">
              {t('people.signIn.nobody')}
            </p>
          ) : (
            <ul className="sign-in-roster" aria-label={t('people.signIn.rosterLabel')}>
              {roster.map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    className="button sign-in-tile"
                    data-testid="sign-in-tile"
                    data-person-id={p.id}
                    aria-current={people.current?.id === p.id ? 'true' : undefined}
                    onClick={() => choosePerson(p.id)}
                  >
                    <strong>{p.name}</strong>
                    <span className="muted">{t(`people.role.${p.role}`)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <p className="sign-in-badge" data-testid="sign-in-badge-hint">
            {t('people.signIn.badge')}
          </p>
          <ServerListAge people={people} now={Date.now()} />
        </>
      )}
    </section>
  );
}
