/**
 * "Scan a test code": learns a keyboard-wedge scanner's pace. While it runs, the scanner is in test mode (a real
 * payment code scanned here charges nothing) and the next run of keys ended by Enter/Tab is measured. The learned
 * bound goes into the draft; Save settings keeps it in config.json (scanner.maxInterKeyMs).
 */
import { useLayoutEffect, useState, type MouseEvent } from 'react';
import { useT } from '../../../i18n/use-t';
import { learnPace, onWedgeRun, type PaceResult } from '../../../scanner/pace';
import { DEFAULT_WEDGE_OPTIONS } from '../../../scanner/wedge-detector';
import { useManager, useManagerPick } from '../../../store/manager-context';

export function ScannerPace() {
  const { t } = useT();
  const learned = useManager((s) => s.settings.draft?.wedgeMaxInterKeyMs ?? null);
  const testOn = useManager((s) => s.settings.scannerTest);
  const { setScannerTest: setTest, editSettings: edit } = useManagerPick('setScannerTest', 'editSettings');
  const [listening, setListening] = useState(false);
  const [result, setResult] = useState<PaceResult | null>(null);

  // Subscribed as the "scan now" words are committed, not a frame later: a scan that starts the moment they
  // show is measured, not lost.
  useLayoutEffect(() => {
    if (!listening) return;
    return onWedgeRun((run) => {
      const r = learnPace(run);
      setResult(r);
      setListening(false);
      if (r.ok) edit({ wedgeMaxInterKeyMs: r.maxInterKeyMs });
    });
  }, [listening, edit]);

  function start(e: MouseEvent<HTMLButtonElement>): void {
    // The scan's Enter must not press this button again (and start over): focus leaves it.
    e.currentTarget.blur();
    setResult(null);
    setListening(true);
    // Whatever is scanned here must not charge anyone.
    if (!testOn) void setTest(true);
  }

  const bound = learned ?? DEFAULT_WEDGE_OPTIONS.maxInterKeyMs;
  return (
    <div className="m-scanner-pace" data-testid="m-scanner-pace">
      <p className="hint" data-testid="m-scanner-pace-now">
        {t(learned === null ? 'settings.pace.default' : 'settings.pace.learned', { ms: bound })}
      </p>
      <button type="button" className="button" aria-pressed={listening} onClick={start}>
        {t('settings.pace.start')}
      </button>
      {listening ? (
        <p className="lead" role="status">
          {t('settings.pace.waiting')}
        </p>
      ) : null}
      {result ? (
        <p className={result.ok ? 'lead' : 'warn-text'} role="status" data-testid="m-scanner-pace-result">
          {result.ok
            ? t('settings.pace.ok', {
                pace: result.paceMs,
                slowest: result.slowestMs,
                ms: result.maxInterKeyMs,
              })
            : result.reason === 'too_slow'
              ? t('settings.pace.tooSlow', { pace: result.paceMs })
              : t('settings.pace.tooShort', { keys: result.keys })}
        </p>
      ) : null}
    </div>
  );
}
