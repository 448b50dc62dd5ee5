/**
 * The void question when the person at the counter may not void: who approves (someone who may) and their PIN,
 * sent with the void. The core checks the PIN and the permission; its refusal shows in the notice bar.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useT } from '../i18n/use-t';
import { usePosPick } from '../store/context';
import { ApproverPicker } from './ApproverPicker';
import { PinInput } from './TextInputs';
import { useApprover } from './useApprover';

export function VoidApproval() {
  const { t } = useT();
  const { busy, voidSale, keepSale } = usePosPick('busy', 'voidSale', 'keepSale');
  const approver = useApprover('void');
  const [pin, setPin] = useState('');
  const pinId = useId();
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);
  const ready = /^\d{4,8}$/.test(pin) && !approver.missing;

  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    if (!ready) return;
    void voidSale({ pin, ...approver.personArg });
    setPin('');
  }

  return (
    <form className="void-approval" onSubmit={onSubmit} data-testid="void-approval">
      <p>{t('people.approver.voidPin')}</p>
      <ApproverPicker choice={approver} testId="void-approver" />
      <label htmlFor={pinId}>{t('people.signIn.pin')}</label>
      <PinInput ref={field} id={pinId} value={pin} onValue={setPin} data-testid="void-pin" />
      <div className="screen-actions">
        <button type="submit" className="button button-void" disabled={busy || !ready}>
          {t('void.confirm')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={keepSale}>
          {t('void.keep')} <kbd>{t('scan.cancelHint')}</kbd>
        </button>
      </div>
    </form>
  );
}
