/**
 * The History screen's from/to: typed as the shop writes dates (en-AU d/m/yyyy, zh-CN yyyy-m-d, a time hh:mm
 * optional) and read on the shop's clock, not the browser's. A "to" date without a time includes that whole day.
 */
import { useId } from 'react';
import type { Language } from '../../../preload/api';
import { useT } from '../i18n/use-t';
import type { MessageKey } from '../i18n/en';
import { businessDayRange } from '../../../main/shared/business-date';
import { localInstant, parseLocalDateTime, type DateOrder } from '../../../main/shared/local-date-time';
import { TextInput } from '../components/TextInputs';

export interface ReadRange {
  from: number | undefined;
  to: number | undefined;
  error: MessageKey | null;
}

export function dateOrderOf(language: Language): DateOrder {
  return language === 'zh' ? 'ymd' : 'dmy';
}

export function readRange(
  fromText: string,
  toText: string,
  language: Language,
  timeZone: string | undefined,
): ReadRange {
  const order = dateOrderOf(language);
  const read = (text: string, end: boolean): number | undefined | null => {
    if (text.trim() === '') return undefined;
    const at = parseLocalDateTime(text, order);
    if (!at) return null;
    if (end && at.minutes === null) return businessDayRange(at.date, timeZone).to;
    return localInstant(at, timeZone);
  };
  const from = read(fromText, false);
  const to = read(toText, true);
  if (from === null) return { from: undefined, to: undefined, error: 'history.range.badFrom' };
  if (to === null) return { from: undefined, to: undefined, error: 'history.range.badTo' };
  if (from !== undefined && to !== undefined && from >= to) {
    return { from, to, error: 'history.range.backwards' };
  }
  return { from, to, error: null };
}

function RangeField(props: {
  end: 'from' | 'to';
  value: string;
  error: MessageKey | null;
  errorId: string;
  placeholder: string;
  onValue: (text: string) => void;
}) {
  const { t } = useT();
  const id = useId();
  const mine = props.end === 'from' ? 'history.range.badFrom' : 'history.range.badTo';
  const invalid = props.error === mine || props.error === 'history.range.backwards';
  return (
    <>
      <label htmlFor={id}>{t(props.end === 'from' ? 'history.range.from' : 'history.range.to')}</label>
      <TextInput
        id={id}
        data-testid={`history-${props.end}`}
        maxLength={20}
        inputMode="numeric"
        placeholder={props.placeholder}
        value={props.value}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={props.error ? props.errorId : undefined}
        onValue={props.onValue}
      />
    </>
  );
}

export function HistoryRange(props: {
  from: string;
  to: string;
  error: MessageKey | null;
  onFrom: (text: string) => void;
  onTo: (text: string) => void;
}) {
  const { t, language } = useT();
  const errorId = useId();
  const placeholder = t(
    dateOrderOf(language) === 'ymd' ? 'history.range.formatYmd' : 'history.range.formatDmy',
  );
  const shared = { error: props.error, errorId, placeholder };
  return (
    <div className="history-range" data-testid="history-range">
      <RangeField end="from" value={props.from} onValue={props.onFrom} {...shared} />
      <RangeField end="to" value={props.to} onValue={props.onTo} {...shared} />
      {props.error ? (
        <p id={errorId} className="field-error" role="alert" data-testid="history-range-error">
          {t(props.error, { format: placeholder })}
        </p>
      ) : null}
    </div>
  );
}
