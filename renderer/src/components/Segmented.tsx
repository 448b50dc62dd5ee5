/** A row of choices, one of them pressed (the language, the way a sale is paid). */
export interface SegmentedOption<V extends string> {
  value: V;
  label: string;
  /** The language the label is written in, when it is not the screen's. */
  lang?: string;
}

export function Segmented<V extends string>({
  label,
  className = 'segmented',
  value,
  options,
  onChoose,
}: {
  label: string;
  className?: string;
  value: V;
  options: SegmentedOption<V>[];
  onChoose(value: V): void;
}) {
  return (
    <div className={className} role="group" aria-label={label}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          lang={option.lang}
          aria-pressed={value === option.value}
          onClick={(e) => {
            // Let go of focus: the Enter that follows keeps its meaning on the screen (charge, new sale).
            e.currentTarget.blur();
            onChoose(option.value);
          }}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
