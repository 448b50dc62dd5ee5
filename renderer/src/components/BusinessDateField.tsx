/**
 * A business date typed in the shop's order (12/06/2026 in English, 2026-06-12 in Chinese) rather than a native
 * date picker, whose order follows the browser's locale (an en-US Chromium shows 06/12/2026 in an Australian
 * shop). Applied on Enter or on leaving the field; text that is not a real day is refused with the format to
 * use, and the date in force does not change.
 */
import { useId, useLayoutEffect, useState } from 'react';
import { formatBusinessDate, parseBusinessDate } from '../i18n';
import { useT } from '../i18n/use-t';

export function BusinessDateField({
  value,
  onDate,
}: {
  /** YYYY-MM-DD, or '' when none is chosen. */
  value: string;
  onDate(date: string | null): void;
}) {
  const { t, language } = useT();
  const id = useId();
  const shown = value ? formatBusinessDate(language, value) : '';
  const [text, setText] = useState(shown);
  const [wrong, setWrong] = useState(false);
  // The date in force (or the language) changed elsewhere: show it in the shop's order, in the same commit as
  // the report it heads (a frame later, the field would stand empty beside a dated report, and a date typed in
  // that frame would be wiped).
  useLayoutEffect(() => {
    setText(shown);
    setWrong(false);
  }, [shown]);

  function apply(): void {
    if (text.trim() === '') {
      setWrong(false);
      if (value !== '') onDate(null);
      return;
    }
    const date = parseBusinessDate(language, text);
    setWrong(date === null);
    if (date !== null && date !== value) onDate(date);
    else if (date !== null) setText(formatBusinessDate(language, date));
  }

  return (
    <span className="m-field m-date">
      <label htmlFor={id}>{t('report.date')}</label>
      <input
        id={id}
        className="text-input"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        data-testid="m-report-date"
        placeholder={t('report.dateFormat')}
        value={text}
        aria-invalid={wrong ? true : undefined}
        aria-describedby={wrong ? `${id}-wrong` : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            // The date is this Enter's meaning, not a key for the screen behind it.
            e.preventDefault();
            e.stopPropagation();
            apply();
          }
        }}
      />
      {wrong ? (
        <span className="m-field-message" id={`${id}-wrong`} role="alert" data-testid="m-report-date-wrong">
          {t('report.dateWrong', {
            format: t('report.dateFormat'),
            example: formatBusinessDate(language, '2026-06-12'),
          })}
        </span>
      ) : null}
    </span>
  );
}
