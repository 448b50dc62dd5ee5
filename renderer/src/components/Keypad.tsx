/** On-screen keypad for touch tills; the same keys work from the keyboard. */
import type { AmountKey } from '../store/amount-entry';
import { useT } from '../i18n/use-t';

const ROWS: AmountKey[][] = [
  ['7', '8', '9'],
  ['4', '5', '6'],
  ['1', '2', '3'],
  ['.', '0', 'Backspace'],
];

export function Keypad({ onKey, disabled }: { onKey: (key: AmountKey) => void; disabled?: boolean }) {
  const { t } = useT();
  return (
    <div className="keypad" role="group" aria-label={t('keypad.label')}>
      {ROWS.flat().map((key) => {
        const label =
          key === '.' ? t('keypad.point') : key === 'Backspace' ? t('keypad.backspace') : undefined;
        return (
          <button
            key={key}
            type="button"
            className="keypad-key"
            aria-label={label}
            disabled={disabled}
            // Keep keyboard focus where it was, so Enter after tapping keys still charges.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onKey(key)}
          >
            {key === 'Backspace' ? '⌫' : key}
          </button>
        );
      })}
    </div>
  );
}
