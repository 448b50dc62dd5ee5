/** The manager PIN: the current one, then the new one twice. */
import { useId, useState, type FormEvent } from 'react';
import { useT } from '../../../i18n/use-t';
import { useManager } from '../../../store/manager-context';
import { PinInput } from '../../../components/TextInputs';

export function PinChange() {
  const { t } = useT();
  const currentId = useId();
  const nextId = useId();
  const repeatId = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const changed = useManager((s) => s.settings.pinChanged);
  const changePin = useManager((s) => s.changePin);
  function onSubmit(e: FormEvent): void {
    e.preventDefault();
    void changePin(current, next, repeat).then((ok) => {
      if (ok) {
        setCurrent('');
        setNext('');
        setRepeat('');
      }
    });
  }
  const pinInput = (id: string, value: string, set: (v: string) => void) => (
    <PinInput id={id} value={value} onValue={set} />
  );
  return (
    <form className="m-card m-fieldset m-form" onSubmit={onSubmit}>
      <h3>{t('settings.pin')}</h3>
      <label htmlFor={currentId}>{t('settings.pin.current')}</label>
      {pinInput(currentId, current, setCurrent)}
      <label htmlFor={nextId}>{t('manager.gate.newPin')}</label>
      {pinInput(nextId, next, setNext)}
      <label htmlFor={repeatId}>{t('manager.gate.repeatPin')}</label>
      {pinInput(repeatId, repeat, setRepeat)}
      <button type="submit" className="button">
        {t('settings.pin.change')}
      </button>
      {changed ? (
        <p className="m-ok" role="status">
          {t('settings.pin.changed')}
        </p>
      ) : null}
    </form>
  );
}
