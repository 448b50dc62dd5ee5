/**
 * The first-start question (docs/screens.md): the machine says UTC and the till is Australian, so before any sale
 * the shop's time zone is chosen — Sydney proposed, the seven Australian zones listed with their time now, or any
 * other IANA zone typed. The core holds every sale meanwhile; the answer is saved and applied at once.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { PosError, ShopZoneQuestion } from '../../../preload/api';
import { isValidTimeZone } from '../../../main/shared/business-date';
import { formatTime, pick } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { useT } from '../i18n/use-t';
import { usePos } from '../store/context';
import { PinInput, TextInput } from '../components/TextInputs';
import { ApproverPicker } from '../components/ApproverPicker';
import { useApprover } from '../components/useApprover';
import { ScanNotice } from './ScanPromptScreen';
import '../styles/shop-zone.css';

const OTHER = 'other';

/** A zone the browser's Intl knows (the core checks again with its own). */
const knownZone = (zone: string) => zone !== '' && isValidTimeZone(zone);

function cityKey(zone: string): MessageKey {
  return `zone.city.${zone.slice(zone.indexOf('/') + 1)}` as MessageKey;
}

export function ShopZoneScreen({ question }: { question: ShopZoneQuestion }) {
  const { t, language } = useT();
  const hasPin = usePos((s) => s.terminal?.hasManagerPin ?? false);
  const answer = usePos((s) => s.answerShopZone);
  const scanRefused = usePos((s) => s.scanNotice !== null);
  const [choice, setChoice] = useState<string>(question.proposed);
  const [other, setOther] = useState('');
  const [pin, setPin] = useState('');
  const approver = useApprover('settings');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<PosError | MessageKey | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const pinId = useId();

  // The time in each zone helps the manager recognise theirs; a minute is fine enough.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const zone = choice === OTHER ? other.trim() : choice;

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (choice === OTHER && !knownZone(zone)) return setProblem('zone.otherInvalid');
    if (hasPin && pin.length < 4) return setProblem('zone.pinNeeded');
    if (hasPin && approver.missing) return setProblem('people.approver.needed');
    setBusy(true);
    setProblem(null);
    const error = await answer(zone, hasPin ? pin : undefined, approver.personArg);
    setBusy(false);
    if (error) {
      setProblem(error);
      setPin('');
    }
  }

  const otherValid = other.trim() !== '' && knownZone(other.trim());
  return (
    <section className="shop-zone" aria-labelledby="shop-zone-heading" data-testid="shop-zone">
      <h2 id="shop-zone-heading">{t('zone.heading')}</h2>
      <p>{t('zone.intro', { machineZone: question.machineZone })}</p>
      {/* A scan refused while the question is open says the same, and why: it takes this line's place. */}
      {scanRefused ? (
        <ScanNotice />
      ) : (
        <p className="shop-zone-held" role="status" data-testid="shop-zone-held">
          {t('zone.held')}
        </p>
      )}
      <form className="shop-zone-form" onSubmit={(e) => void onSubmit(e)}>
        <fieldset className="shop-zone-list">
          <legend>{t('zone.legend')}</legend>
          {question.zones.map((z) => (
            <label key={z} className="shop-zone-choice">
              <input
                type="radio"
                name="shop-zone"
                value={z}
                checked={choice === z}
                onChange={() => {
                  setChoice(z);
                  setProblem(null);
                }}
              />
              <span className="shop-zone-city">
                {t(cityKey(z))}{' '}
                <span className="muted">
                  {formatTime(language, now, z).slice(0, 5)}
                  {z === question.proposed ? ` · ${t('zone.proposed')}` : ''}
                </span>
              </span>
            </label>
          ))}
          <div className="shop-zone-other">
            <label className="shop-zone-choice">
              <input
                type="radio"
                name="shop-zone"
                value={OTHER}
                checked={choice === OTHER}
                onChange={() => setChoice(OTHER)}
              />
              <span className="shop-zone-city">{t('zone.other')}</span>
            </label>
            {choice === OTHER ? (
              <>
                <TextInput
                  maxLength={64}
                  aria-label={t('zone.otherLabel')}
                  placeholder={t('zone.otherPlaceholder')}
                  value={other}
                  onValue={(v) => {
                    setOther(v);
                    setProblem(null);
                  }}
                  aria-invalid={other.trim() !== '' && !otherValid}
                  data-testid="shop-zone-other"
                />
                {otherValid ? (
                  <span className="muted">
                    {t('zone.otherNow', { time: formatTime(language, now, other.trim()).slice(0, 5) })}
                  </span>
                ) : null}
              </>
            ) : null}
          </div>
        </fieldset>
        {hasPin ? (
          <div className="shop-zone-pin">
            <ApproverPicker choice={approver} testId="shop-zone-approver" />
            <label htmlFor={pinId}>{t('zone.pin')}</label>
            <PinInput id={pinId} value={pin} onValue={setPin} data-testid="shop-zone-pin" />
          </div>
        ) : null}
        {problem ? (
          <p className="shop-zone-problem" role="alert" data-testid="shop-zone-problem">
            {typeof problem === 'string' ? t(problem) : pick(problem.message, language)}
          </p>
        ) : null}
        <div className="shop-zone-actions">
          <button type="submit" className="button button-primary" disabled={busy || zone === ''}>
            {t('zone.use', { zone: zone || '—' })}
          </button>
          <p className="hint">{t(hasPin ? 'zone.laterPin' : 'zone.later')}</p>
        </div>
      </form>
    </section>
  );
}
