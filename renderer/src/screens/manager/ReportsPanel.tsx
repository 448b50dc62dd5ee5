/** X report (so far today) and Z report (close the day), printing, CSV export and reconciliation. */
import { useEffect, useState } from 'react';
import type { PlatformTotalsView, ReportView } from '../../../../preload/api';
import { formatAud, formatDateTime, formatTime, translateCode } from '../../i18n';
import { useT } from '../../i18n/use-t';
import { usePos } from '../../store/context';
import { useManager } from '../../store/manager-context';
import { Problem } from './Problem';

function TotalsRow({ label, t: totals }: { label: string; t: Omit<PlatformTotalsView, 'platform'> }) {
  const { language } = useT();
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{totals.salesCount}</td>
      <td>{formatAud(language, totals.salesCents)}</td>
      <td>{totals.refundsCount}</td>
      <td>{formatAud(language, -totals.refundsCents)}</td>
      <td>
        <strong>{formatAud(language, totals.netCents)}</strong>
      </td>
    </tr>
  );
}

function Report({ report }: { report: ReportView }) {
  const { t, language } = useT();
  const timeZone = usePos((s) => s.terminal?.timeZone);
  return (
    <div className="m-card" data-testid="m-report" data-kind={report.kind}>
      <h3>{t(report.kind === 'Z' ? 'report.zHeading' : 'report.xHeading', { date: report.businessDate })}</h3>
      <p className="muted">
        {t('report.generated', { time: formatDateTime(language, report.generatedAt, timeZone) })}
      </p>
      {report.closedAt !== null ? (
        <p className="m-closed" data-testid="m-report-closed">
          {t('report.closedAt', { time: formatDateTime(language, report.closedAt, timeZone) })}
          {report.forced ? ` ${t('report.forced')}` : ''}
        </p>
      ) : report.kind === 'Z' ? (
        <p className="warn-text">{t('report.notClosed')}</p>
      ) : null}
      <table className="table m-report-table">
        <thead>
          <tr>
            <th scope="col">{t('history.col.platform')}</th>
            <th scope="col">{t('report.col.sales')}</th>
            <th scope="col">{t('report.col.salesTotal')}</th>
            <th scope="col">{t('report.col.refunds')}</th>
            <th scope="col">{t('report.col.refundsTotal')}</th>
            <th scope="col">{t('report.col.net')}</th>
          </tr>
        </thead>
        <tbody>
          {report.perPlatform.map((p) => (
            <TotalsRow
              key={p.platform}
              label={p.platform === 'UNKNOWN' ? t('platform.unknown') : t(`platform.${p.platform}`)}
              t={p}
            />
          ))}
        </tbody>
        <tfoot data-testid="m-report-totals">
          <TotalsRow label={t('report.total')} t={report.totals} />
        </tfoot>
      </table>
      <p className="m-net" data-testid="m-report-net">
        {t('report.net', { amount: formatAud(language, report.totals.netCents) })}
      </p>
      <h4>{t('report.unresolvedHeading')}</h4>
      {report.unresolved.length === 0 ? (
        <p className="muted">{t('report.noUnresolved')}</p>
      ) : (
        <>
          <p className="warn-text">{t('report.unresolvedApart')}</p>
          <ul className="m-list" data-testid="m-report-unresolved">
            {report.unresolved.map((s) => (
              <li key={s.id} className="m-row m-row-static">
                <span>{formatTime(language, s.createdAt, timeZone)}</span>
                <strong>{formatAud(language, s.amountCents)}</strong>
                <span className={`badge badge-${s.phase}`}>{t(`phase.${s.phase}`)}</span>
                <span className="mono m-row-order">{s.outOrderNo ?? ''}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {report.pendingRefunds.length > 0 ? (
        <>
          <h4>{t('report.pendingRefunds')}</h4>
          <ul className="m-list">
            {report.pendingRefunds.map((r) => (
              <li key={r.id} className="m-row m-row-static">
                <strong>{formatAud(language, r.amountCents)}</strong>
                <span>{translateCode(language, 'refund', r.status)}</span>
                <span className="mono m-row-order">{r.outRefundNo}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** Blob URLs for the exported CSV files, revoked when replaced or when the panel goes. */
function useCsvLinks(
  csv: { salesCsv: string; refundsCsv: string } | null,
): { sales: string; refunds: string } | null {
  const [links, setLinks] = useState<{ sales: string; refunds: string } | null>(null);
  useEffect(() => {
    if (!csv) {
      setLinks(null);
      return;
    }
    const type = 'text/csv;charset=utf-8';
    // The core's CSV already starts with its one byte-order mark (csv.ts); a second would be read as text.
    const sales = URL.createObjectURL(new Blob([csv.salesCsv], { type }));
    const refunds = URL.createObjectURL(new Blob([csv.refundsCsv], { type }));
    setLinks({ sales, refunds });
    return () => {
      URL.revokeObjectURL(sales);
      URL.revokeObjectURL(refunds);
    };
  }, [csv]);
  return links;
}

export function ReportsPanel() {
  const { t } = useT();
  const state = useManager((s) => s.reports);
  const load = useManager((s) => s.loadReport);
  const print = useManager((s) => s.printReport);
  const exportCsv = useManager((s) => s.exportCsv);
  const closeDay = useManager((s) => s.closeDay);
  const cancelClose = useManager((s) => s.cancelClose);
  const reconcile = useManager((s) => s.reconcile);
  const setDate = useManager((s) => s.setReportDate);
  const links = useCsvLinks(state.csv);
  const closed = state.report?.kind === 'Z' && state.report.closedAt !== null;

  return (
    <div className="m-reports" data-testid="m-reports-panel">
      <div className="m-actions m-toolbar">
        <label className="m-field m-date">
          <span>{t('report.date')}</span>
          <input
            type="date"
            value={state.date ?? state.report?.businessDate ?? ''}
            onChange={(e) => void setDate(e.target.value || null)}
          />
        </label>
        <button type="button" className="button" onClick={() => void load('X')}>
          {t('report.showX')}
        </button>
        <button type="button" className="button" onClick={() => void load('Z')}>
          {t('report.showZ')}
        </button>
        <button type="button" className="button" disabled={!state.report} onClick={() => void print()}>
          {t('report.print')}
        </button>
        <button type="button" className="button" disabled={state.busy} onClick={() => void exportCsv()}>
          {t('report.exportCsv')}
        </button>
        <button type="button" className="button" disabled={state.busy} onClick={() => void reconcile()}>
          {t('report.reconcile')}
        </button>
        <button
          type="button"
          className="button button-danger"
          disabled={state.busy || closed}
          onClick={() => void closeDay(false)}
        >
          {t('report.closeDay')}
        </button>
      </div>
      <Problem problem={state.problem} testId="m-report-problem" />
      {state.confirmClose ? (
        <div
          className="m-confirm"
          role="alertdialog"
          aria-labelledby="m-close-heading"
          data-testid="m-close-confirm"
        >
          <h4 id="m-close-heading">
            {t('report.confirmClose.heading', { count: state.confirmClose.count })}
          </h4>
          <p>{t('report.confirmClose.text')}</p>
          <div className="m-actions">
            <button
              type="button"
              className="button button-danger"
              disabled={state.busy}
              onClick={() => void closeDay(true)}
            >
              {t('report.confirmClose.submit', { count: state.confirmClose.count })}
            </button>
            <button type="button" className="button" onClick={cancelClose}>
              {t('report.confirmClose.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {links && state.csv ? (
        <div className="m-card m-csv" data-testid="m-csv">
          <p>{t('report.csvReady')}</p>
          <div className="m-actions">
            <a className="button" href={links.sales} download={`sales-${state.csv.date}.csv`}>
              {t('report.downloadSales')}
            </a>
            <a className="button" href={links.refunds} download={`refunds-${state.csv.date}.csv`}>
              {t('report.downloadRefunds')}
            </a>
          </div>
        </div>
      ) : null}
      {state.reconcile ? (
        <div className="m-card" data-testid="m-reconcile">
          <h4>{t('report.reconcileHeading')}</h4>
          {state.reconcile.length === 0 ? (
            <p className="muted">{t('report.reconcileNone')}</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('detail.outOrderNo')}</th>
                  <th scope="col">{t('report.reconcileJournal')}</th>
                  <th scope="col">{t('report.reconcileGateway')}</th>
                  <th scope="col">{t('report.reconcileChanged')}</th>
                </tr>
              </thead>
              <tbody>
                {state.reconcile.map((l) => (
                  <tr key={l.saleId} className={l.changed ? 'm-changed' : undefined}>
                    <td className="mono">{l.outOrderNo}</td>
                    <td>{l.journal}</td>
                    <td>{l.gateway}</td>
                    <td>{t(l.changed ? 'report.yes' : 'report.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ) : null}
      {state.loading && !state.report ? <p className="muted">{t('history.loading')}</p> : null}
      {state.report ? <Report report={state.report} /> : null}
    </div>
  );
}
