/**
 * The manager's Reports: the shift and day reports, or the Sales view. The Sales view (and the chart library
 * with it) is a chunk of its own, fetched the first time it opens.
 */
import { Suspense, lazy, useState } from 'react';
import { useT } from '../../i18n/use-t';
import { ReportsPanel } from './ReportsPanel';

const SalesView = lazy(() => import('./sales/SalesView'));

export function ReportsArea() {
  const { t } = useT();
  const [view, setView] = useState<'reports' | 'sales'>('reports');
  return (
    <>
      <div className="m-actions reports-views" role="group" aria-label={t('reports.view.label')}>
        {(['reports', 'sales'] as const).map((v) => (
          <button
            key={v}
            type="button"
            className="button"
            aria-pressed={view === v}
            data-testid={`reports-view-${v}`}
            onClick={() => setView(v)}
          >
            {t(`reports.view.${v}`)}
          </button>
        ))}
      </div>
      {view === 'reports' ? (
        <ReportsPanel />
      ) : (
        <Suspense fallback={<p className="muted">{t('sales.loading')}</p>}>
          <SalesView />
        </Suspense>
      )}
    </>
  );
}
