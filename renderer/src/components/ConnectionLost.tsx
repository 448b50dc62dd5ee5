/**
 * Covers the whole window while the page has no link to the POS core (hub socket down): everything under it may
 * be stale, nothing the cashier does can reach a sale, so the one safe instruction is not to take payment.
 * Keys and scans are refused meanwhile (cashier-keys.ts, useCashierKeys.ts) and each refusal is said here.
 */
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useT } from '../i18n/use-t';
import { usePos } from '../store/context';
import { clearOfflineInput, offlineInput } from '../store/offline-input';

export function ConnectionLost() {
  const { t } = useT();
  const connection = usePos((s) => s.connection);
  const refused = useStore(offlineInput, (s) => s.refused);
  const lost = connection !== 'open';

  useEffect(() => {
    if (!lost) clearOfflineInput();
  }, [lost]);

  if (!lost) return null;
  return (
    <div className="connection-lost" role="alertdialog" aria-modal="true" data-testid="connection-lost">
      <div className="connection-lost-box">
        <h1 role="alert">{t('offline.title')}</h1>
        <p>{t('offline.detail')}</p>
        <p className="connection-lost-state">
          {t(connection === 'closed' ? 'status.connection.closed' : 'status.connection.connecting')}
        </p>
        {refused > 0 ? (
          // A new key each time, so a screen reader announces every refusal, not just the first.
          <p
            key={refused}
            className="connection-lost-refused"
            role="status"
            data-testid="connection-lost-refused"
          >
            {t('offline.refused')}
          </p>
        ) : null}
      </div>
    </div>
  );
}
