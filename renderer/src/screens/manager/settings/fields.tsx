/**
 * The settings form's fields: each edits one draft field and shows, beside it, why the value is refused
 * (this screen's check or the core's reason).
 */
import { useId, type ReactNode } from 'react';
import { useT } from '../../../i18n/use-t';
import type { MessageKey } from '../../../i18n/en';
import { useManager } from '../../../store/manager-context';
import type { ManagerStoreState } from '../../../store/manager-store';
import { Problem } from '../Problem';
import type { DraftField, SettingsDraft } from '../../../store/settings-form';

type BooleanField =
  | 'soundOn'
  | 'printerDrawerKick'
  | 'customerDisplayOn'
  | 'terminalApiEnabled'
  | 'pricesIncludeGst'
  | 'taxInvoice'
  | 'printServedBy';

export function FieldRow({
  label,
  field,
  children,
  hint,
}: {
  label: MessageKey;
  field: DraftField;
  children: (id: string, errorId: string | undefined) => ReactNode;
  hint?: string;
}) {
  const { t } = useT();
  const id = useId();
  const errorId = useId();
  const error = useManager((s) => s.settings.fieldErrors[field]);
  const coreError = useManager((s) => s.settings.coreFieldErrors[field]);
  const text = error ? t(error) : coreError ? t('settings.error.core', { reason: coreError }) : null;
  return (
    <div className={text ? 'm-field m-field-error' : 'm-field'}>
      <label htmlFor={id}>{t(label)}</label>
      {children(id, text ? errorId : undefined)}
      {hint ? <p className="hint">{hint}</p> : null}
      {text ? (
        <p className="m-field-message" id={errorId} role="alert" data-testid={`error-${field}`}>
          {text}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({
  label,
  field,
  hint,
  inputMode,
}: {
  label: MessageKey;
  field: Exclude<DraftField, BooleanField>;
  hint?: string;
  inputMode?: 'numeric' | 'decimal' | 'text' | 'url';
}) {
  const value = useManager((s) => s.settings.draft?.[field] ?? '');
  const edit = useManager((s) => s.editSettings);
  return (
    <FieldRow label={label} field={field} hint={hint}>
      {(id, errorId) => (
        <input
          id={id}
          className="text-input"
          type="text"
          inputMode={inputMode}
          autoComplete="off"
          value={String(value)}
          aria-invalid={errorId ? true : undefined}
          aria-describedby={errorId}
          onChange={(e) => edit({ [field]: e.target.value } as Partial<SettingsDraft>)}
        />
      )}
    </FieldRow>
  );
}

/** A choice: its value, and the dictionary key of its label. */
export type Choice = readonly [value: string, label: MessageKey];

/**
 * Choices whose label keys are the prefix and the value ('settings.region.' + 'AU'); a value without such a
 * key in the dictionary does not compile.
 */
export function choicesUnder<P extends string, V extends string>(
  prefix: P,
  values: readonly V[] & (`${P}${V}` extends MessageKey ? unknown : never),
): readonly Choice[] {
  return values.map((v) => [v, `${prefix}${v}` as MessageKey] as const);
}

/**
 * A list to pick from: `choices` are translated here (value and label key side by side); `options` carry
 * labels built by the caller (device names).
 */
export function SelectField({
  label,
  field,
  choices = [],
  options = [],
}: {
  label: MessageKey;
  field: DraftField;
  choices?: readonly Choice[];
  options?: ReadonlyArray<{ value: string; label: string }>;
}) {
  const { t } = useT();
  const value = useManager((s) => s.settings.draft?.[field] ?? '');
  const edit = useManager((s) => s.editSettings);
  const all = [...choices.map(([v, key]) => ({ value: v, label: t(key) })), ...options];
  return (
    <FieldRow label={label} field={field}>
      {(id) => (
        <select
          id={id}
          className="text-input"
          value={String(value)}
          onChange={(e) => edit({ [field]: e.target.value } as Partial<SettingsDraft>)}
        >
          {all.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldRow>
  );
}

export function CheckField({ label, field }: { label: MessageKey; field: BooleanField }) {
  const { t } = useT();
  const id = useId();
  const errorId = useId();
  const value = useManager((s) => s.settings.draft?.[field] ?? false);
  const error = useManager((s) => s.settings.fieldErrors[field]);
  const edit = useManager((s) => s.editSettings);
  return (
    <div className={error ? 'm-field m-check m-field-error' : 'm-field m-check'}>
      <input
        id={id}
        type="checkbox"
        checked={value}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => edit({ [field]: e.target.checked })}
      />
      <label htmlFor={id}>{t(label)}</label>
      {error ? (
        <p className="m-field-message" id={errorId} role="alert" data-testid={`error-${field}`}>
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

/** The settings' last problem, shown where it arose: beside the secret key, the test print, or the save bar (null). */
export function SettingsProblem({
  near,
  testId,
}: {
  near: ManagerStoreState['settings']['problemNear'];
  testId: string;
}) {
  const { problem, problemNear } = useManager((s) => s.settings);
  return <Problem problem={problemNear === near ? problem : null} testId={testId} />;
}
