/**
 * The on-screen PIN pad every PIN entry shares (the manager gate, signing in, switching person): the dots that
 * say how many digits are typed, the ten digits, Clear and Backspace. The PIN itself lives in the caller's state.
 */
import { useT } from '../i18n/use-t';
import '../styles/pin-pad.css';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const MAX_PIN = 8;

export function PinDots({ length, testId = 'pin-dots' }: { length: number; testId?: string }) {
  const { t } = useT();
  return (
    <p className="pin-dots" aria-live="polite" data-testid={testId}>
      {length === 0 ? <span className="muted">{t('manager.gate.pinEmpty')}</span> : '•'.repeat(length)}
    </p>
  );
}

export function PinPad({ onPin }: { onPin(update: (pin: string) => string): void }) {
  const { t } = useT();
  const press = (d: string) => onPin((p) => (p.length >= MAX_PIN ? p : p + d));
  return (
    <div className="pin-pad" role="group" aria-label={t('keypad.label')}>
      {DIGITS.map((d) => (
        <button key={d} type="button" className="button pin-key" onClick={() => press(d)}>
          {d}
        </button>
      ))}
      <button type="button" className="button pin-key" onClick={() => onPin(() => '')}>
        {t('manager.gate.clear')}
      </button>
      <button type="button" className="button pin-key" onClick={() => press('0')}>
        {'0'}
      </button>
      <button
        type="button"
        className="button pin-key"
        aria-label={t('keypad.backspace')}
        onClick={() => onPin((p) => p.slice(0, -1))}
      >
        {'⌫'}
      </button>
    </div>
  );
}
