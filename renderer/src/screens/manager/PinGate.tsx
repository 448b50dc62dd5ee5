/** The manager PIN pad, or "choose a manager PIN" on first run; says when a lock lifts. */
import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { isOwnWindow } from '../../bridge';
import { formatTime } from '../../i18n';
import { useT } from '../../i18n/use-t';
import { usePos } from '../../store/context';
import { useManagerPick } from '../../store/manager-context';
import { Problem } from './Problem';
import { PinInput, TextInput } from '../../components/TextInputs';
import { PinDots, PinPad } from '../../components/PinPad';
import { ApproverPicker } from '../../components/ApproverPicker';
import { useApprover } from '../../components/useApprover';

export function PinGate() {
  const { t, language } = useT();
  const { gate, submitPin, setFirstPin } = useManagerPick('gate', 'submitPin', 'setFirstPin');
  const timeZone = usePos((s) => s.terminal?.timeZone);
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [setupCode, setSetupCode] = useState('');
  const pinId = useId();
  const repeatId = useId();
  const setupId = useId();
  const needsSetupCode = gate.mode === 'set' && !isOwnWindow();
  const approver = useApprover(null);
  const [notChosen, setNotChosen] = useState(false);
  const pinField = useRef<HTMLInputElement>(null);
  const setupField = useRef<HTMLInputElement>(null);

  // The first field has focus as soon as the gate opens, so the manager types at once: the setup code when one
  // is asked for (it comes first, read off the POS's start-up line), else the PIN.
  useEffect(() => {
    (setupField.current ?? pinField.current)?.focus();
  }, [gate.mode]);

  // A failed try clears the pad, so the next attempt starts clean: in the same commit as the refusal shows, so
  // digits typed once it is on screen are never wiped a frame later.
  useLayoutEffect(() => {
    if (gate.problem && gate.mode === 'enter') setPin('');
  }, [gate.problem, gate.mode]);

  const locked = gate.lockedUntil !== null && gate.lockedUntil > Date.now();

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    if (gate.mode === 'set') void setFirstPin(pin, repeat, needsSetupCode ? setupCode : undefined);
    else if (approver.missing) setNotChosen(true);
    else void submitPin(pin, approver.personArg.personId ?? null);
  }

  return (
    <section className={`m-gate m-gate-${gate.mode}`} aria-labelledby="m-gate-heading" data-testid="pin-gate">
      <h2 id="m-gate-heading">
        {t(gate.mode === 'set' ? 'manager.gate.setHeading' : 'manager.gate.heading')}
      </h2>
      <p className="muted">{t(gate.mode === 'set' ? 'manager.gate.setIntro' : 'manager.gate.intro')}</p>
      {locked && gate.lockedUntil !== null ? (
        <p className="m-locked" role="alert" data-testid="pin-locked">
          {t('manager.gate.locked', { time: formatTime(language, gate.lockedUntil, timeZone) })}
        </p>
      ) : null}
      <Problem problem={gate.problem} testId="pin-problem" />
      {notChosen && approver.missing ? (
        <p className="m-problem" role="alert" data-testid="approver-needed">
          {t('people.approver.needed')}
        </p>
      ) : null}
      <form className="m-gate-form" onSubmit={onSubmit}>
        {needsSetupCode ? (
          <>
            <label htmlFor={setupId}>{t('manager.gate.setupCode')}</label>
            <TextInput
              ref={setupField}
              id={setupId}
              className="pin-input"
              inputMode="numeric"
              maxLength={9}
              value={setupCode}
              aria-describedby={`${setupId}-hint`}
              onValue={(v) => setSetupCode(v.replace(/[^\d ]/g, ''))}
            />
            <p className="hint" id={`${setupId}-hint`}>
              {t('manager.gate.setupCodeHint')}
            </p>
          </>
        ) : null}
        {gate.mode === 'set' ? (
          // Side by side, so the whole form and its button fit a 1024×768 screen without scrolling.
          <div className="m-gate-pair">
            <div>
              <label htmlFor={pinId}>{t('manager.gate.newPin')}</label>
              <PinInput ref={pinField} id={pinId} value={pin} onValue={setPin} />
            </div>
            <div>
              <label htmlFor={repeatId}>{t('manager.gate.repeatPin')}</label>
              <PinInput id={repeatId} value={repeat} onValue={setRepeat} />
            </div>
          </div>
        ) : (
          <>
            <ApproverPicker choice={approver} onChosen={() => setNotChosen(false)} />
            <label htmlFor={pinId}>{t('manager.gate.pin')}</label>
            <PinInput ref={pinField} id={pinId} value={pin} onValue={setPin} />
            <PinDots length={pin.length} />
            <PinPad onPin={setPin} />
          </>
        )}
        <button type="submit" className="button button-primary button-wide" disabled={gate.busy}>
          {t(gate.mode === 'set' ? 'manager.gate.setSubmit' : 'manager.gate.submit')}
        </button>
      </form>
    </section>
  );
}
