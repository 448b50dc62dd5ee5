/** The amount, big: typed digits in full colour, the digits that complete it to cents faint. */
import { amountDisplayParts } from '../store/amount-entry';
import { formatAud } from '../i18n';
import { useT } from '../i18n/use-t';

export function AmountEntryDisplay({ text, labelId }: { text: string; labelId: string }) {
  const { t } = useT();
  const { typed, ghost } = amountDisplayParts(text);
  // The currency sign comes from the dictionary template, split around the amount placeholder.
  const [before, after] = t('money.aud').split('{amount}');
  return (
    <output className="amount-big" aria-labelledby={labelId} data-testid="amount-display">
      <span className="amount-currency">{before}</span>
      <span className="amount-typed">{typed}</span>
      <span className="amount-ghost" aria-hidden={typed === '' ? undefined : true}>
        {ghost}
      </span>
      {after ? <span className="amount-currency">{after}</span> : null}
    </output>
  );
}

export function AmountBig({ cents }: { cents: number }) {
  const { language } = useT();
  return (
    <p className="amount-big" data-testid="sale-amount">
      {formatAud(language, cents)}
    </p>
  );
}
