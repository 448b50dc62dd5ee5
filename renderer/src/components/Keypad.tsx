/** On-screen keypad for touch tills; the same keys work from the keyboard. */
import type { AmountEntryMode, AmountKey } from '../store/amount-entry';
import { useT } from '../i18n/use-t';

const ROWS: AmountKey[][] = [
  ['7', '8', '9'],
  ['4', '5', '6'],
  ['1', '2', '3'],
  ['.', '0', 'Backspace'],
];

export function Keypad({
  onKey,
  disabled,
  mode = 'decimal',
}: {
  onKey: (key: AmountKey) => void;
  disabled?: boolean;
  mode?: AmountEntryMode;
}) {
  const { t } = useT();
  // Cents-first entry has no point: its place is a "00" key, as on an EFTPOS terminal.
  const double = mode === 'cents';
  return (
    <div className="keypad" role="group" aria-label={t('keypad.label')}>
      {ROWS.flat().map((key) => {
        const label =
          key === '.'
            ? t(double ? 'keypad.doubleZero' : 'keypad.point')
            : key === 'Backspace'
              ? t('keypad.backspace')
              : undefined;
        return (
          <button
            key={key}
            type="button"
            className="keypad-key"
            aria-label={label}
            disabled={disabled}
            // Keep keyboard focus where it was, so Enter after tapping keys still charges.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              if (key !== '.' || !double) onKey(key);
              else {
                onKey('0');
                onKey('0');
              }
            }}
          >
            {key === 'Backspace' ? '⌫' : key === '.' && double ? '00' : key}
          </button>
        );
      })}
    </div>
  );
}
