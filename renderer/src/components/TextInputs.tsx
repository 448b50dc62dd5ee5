/**
 * The typed fields the screens share, so a PIN, an amount or a reason is entered the same way on every screen:
 * the same limits, the same filtering, no browser autofill.
 */
import type { InputHTMLAttributes, Ref } from 'react';

export type TextInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  value: string;
  onValue(value: string): void;
  ref?: Ref<HTMLInputElement>;
};

export function TextInput({ className, onValue, ...rest }: TextInputProps) {
  return (
    <input
      type="text"
      autoComplete="off"
      {...rest}
      className={className ? `text-input ${className}` : 'text-input'}
      onChange={(e) => onValue(e.target.value)}
    />
  );
}

/** A manager PIN: digits only, never shown. */
export function PinInput({ className = 'pin-input', onValue, ...rest }: TextInputProps) {
  return (
    <TextInput
      type="password"
      inputMode="numeric"
      maxLength={8}
      className={className}
      {...rest}
      onValue={(v) => onValue(v.replace(/\D/g, ''))}
    />
  );
}

/** A refund amount in dollars, as typed. */
export function AmountInput(props: TextInputProps) {
  return <TextInput className="m-amount-input" inputMode="decimal" maxLength={20} {...props} />;
}

/** A refund reason; the journal keeps it short. */
export function ReasonInput(props: TextInputProps) {
  return <TextInput maxLength={200} {...props} />;
}
