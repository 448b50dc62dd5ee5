/** For when the scanner fails: the cashier types the customer's payment code. */
import { useId, useState, type FormEvent } from 'react';
import { useT } from '../i18n/use-t';
import { usePosPick } from '../store/context';
import { TextInput } from './TextInputs';

export function ManualCodeForm() {
  const { t } = useT();
  const id = useId();
  const [code, setCode] = useState('');
  const { submitCode, busy } = usePosPick('submitCode', 'busy');

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (await submitCode(code)) setCode('');
  }

  return (
    <form className="manual-code" onSubmit={(e) => void onSubmit(e)}>
      <label htmlFor={id}>{t('scan.manualLabel')}</label>
      <div className="manual-code-row">
        <TextInput
          id={id}
          inputMode="numeric"
          spellCheck={false}
          maxLength={64}
          value={code}
          onValue={(v) => setCode(v.replace(/\s+/g, ''))}
        />
        <button type="submit" className="button" disabled={busy}>
          {t('scan.manualSubmit')}
        </button>
      </div>
    </form>
  );
}
