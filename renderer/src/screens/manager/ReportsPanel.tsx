/** X report (so far today) and Z report (close the day), printing, CSV export and reconciliation. */
import { useEffect, useState } from 'react';
import type { Language, PlatformTotalsView, ReportView, SessionView } from '../../../../preload/api';
import {
  formatAud,
  formatBusinessDate,
  formatDateTime,
  formatTime,
  translateCode,
  type Translate,
} from '../../i18n';
import { BusinessDateField } from '../../components/BusinessDateField';
import { useT } from '../../i18n/use-t';
import { usePos } from '../../store/context';
import { useManager } from '../../store/manager-context';
import { Problem } from './Problem';
import { TableHead } from '../../components/TableHead';

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

/** Voided sales, payments that landed after a void, and their refunds: each its own line. */
function ClosedLoopLines({ report }: { report: ReportView }) {
  const { t, language } = useT();
  const { totals } = report;
  const voided = report.voidedCount ?? 0;
  if (voided === 0 && totals.latePaymentsCount === 0) return null;
  return (
    <ul className="m-list m-closed-loop" data-testid="m-report-closed-loop">
      <li>{t('report.voided', { count: voided })}</li>
      {totals.latePaymentsCount > 0 ? (
        <>
          <li data-testid="m-report-late">
            {t('report.latePayments', {
              count: totals.latePaymentsCount,
              amount: formatAud(language, totals.latePaymentsCents),
            })}
          </li>
          <li data-testid="m-report-late-refunds">
            {t('report.lateRefunds', {
              count: totals.lateRefundsCount,
              amount: formatAud(language, -totals.lateRefundsCents),
            })}
          </li>
        </>
      ) : null}
    </ul>
  );
}

function reportHeading(t: Translate, language: Language, report: ReportView): string {
  const date = formatBusinessDate(language, report.businessDate);
  if (report.kind === 'day') return t('report.dayHeading', { date });
  const seq = report.session?.seq ?? '–';
  return t(report.kind === 'Z' ? 'report.zHeading' : 'report.xHeading', { date, seq });
}

/** The day's shifts, each with its own net and a way to open its Z (or the open shift's X). */
function Sessions({ sessions }: { sessions: SessionView[] }) {
  const { t, language } = useT();
  const timeZone = usePos((s) => s.terminal?.timeZone);
  const load = useManager((s) => s.loadReport);
  return (
    <>
      <h4>{t('report.sessionsHeading')}</h4>
      {sessions.length === 0 ? (
        <p className="muted">{t('report.sessionsNone')}</p>
      ) : (
        <table className="table m-report-table" data-testid="m-report-sessions">
          <TableHead
            columns={[
              'report.col.z',
              'report.col.opened',
              'report.col.closed',
              'report.col.sales',
              'report.col.net',
              null,
            ]}
          />
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} data-testid="m-session-row" data-seq={s.seq} data-net={s.totals.netCents}>
                <th scope="row">{s.seq}</th>
                <td>{formatTime(language, s.openedAt, timeZone)}</td>
                <td>
                  {s.closedAt !== null ? formatTime(language, s.closedAt, timeZone) : t('report.sessionOpen')}
                </td>
                <td>{s.totals.salesCount}</td>
                <td>
                  <strong>{formatAud(language, s.totals.netCents)}</strong>
                </td>
                <td>
                  <button
                    type="button"
                    className="button"
                    onClick={() => void (s.closedAt !== null ? load('Z', s.id) : load('X'))}
                  >
                    {s.closedAt !== null
                      ? t('report.sessionShow', { seq: s.seq })
                      : t('report.sessionShowOpen')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Report({ report }: { report: ReportView }) {
  const { t, language } = useT();
  const timeZone = usePos((s) => s.terminal?.timeZone);
  const carried = report.carried ?? [];
  return (
    <div
      className="m-card"
      data-testid="m-report"
      data-kind={report.kind}
      data-seq={report.session?.seq ?? ''}
    >
      <h3>{reportHeading(t, language, report)}</h3>
      <p className="muted">
        {t('report.generated', { time: formatDateTime(language, report.generatedAt, timeZone) })}
      </p>
      <p className="muted" data-testid="m-report-zone">
        {t('report.timeZone', { zone: timeZone ?? '' })}
      </p>
      {report.kind !== 'day' && report.session ? (
        <p className="muted">
          {t('report.openedAt', { time: formatDateTime(language, report.session.openedAt, timeZone) })}
        </p>
      ) : null}
      {report.kind !== 'day' && report.session === null ? (
        <p className="muted" data-testid="m-report-no-session">
          {t('report.noSession')}
        </p>
      ) : null}
      {report.kind === 'day' ? null : report.closedAt !== null ? (
        <p className="m-closed" data-testid="m-report-closed">
          {t('report.closedAt', { time: formatDateTime(language, report.closedAt, timeZone) })}
          {report.forced ? ` ${t('report.forced')}` : ''}
        </p>
      ) : report.kind === 'Z' ? (
        <p className="warn-text">{t('report.notClosed')}</p>
      ) : null}
      <table className="table m-report-table">
        <TableHead
          columns={[
            'history.col.platform',
            'report.col.sales',
            'report.col.salesTotal',
            'report.col.refunds',
            'report.col.refundsTotal',
            'report.col.net',
          ]}
        />
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
      <ClosedLoopLines report={report} />
      {report.kind === 'day' ? <Sessions sessions={report.sessions ?? []} /> : null}
      {carried.length > 0 ? (
        <>
          <h4>{t('report.carriedHeading')}</h4>
          <p className="muted">{t('report.carriedText')}</p>
          <ul className="m-list" data-testid="m-report-carried">
            {carried.map(({ sale: s, fromSessionId }) => (
              <li key={s.id} className="m-row m-row-static">
                <span>{formatTime(language, s.createdAt, timeZone)}</span>
                <strong>{formatAud(language, s.amountCents)}</strong>
                <span className={`badge badge-${s.phase}`}>{t(`phase.${s.phase}`)}</span>
                <span>{t('report.carriedFrom', { id: fromSessionId })}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
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
  const nothingOpen = state.report?.kind !== 'day' && state.report?.session === null;

  return (
    <div className="m-reports" data-testid="m-reports-panel">
      <div className="m-actions m-toolbar">
        <BusinessDateField
          value={state.date ?? state.report?.businessDate ?? ''}
          onDate={(date) => void setDate(date)}
        />
        <button type="button" className="button" onClick={() => void load('X')}>
          {t('report.showX')}
        </button>
        <button type="button" className="button" onClick={() => void load('Z')}>
          {t('report.showZ')}
        </button>
        <button type="button" className="button" onClick={() => void load('day')}>
          {t('report.showDay')}
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
          disabled={state.busy || nothingOpen}
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
              <TableHead
                columns={[
                  'detail.outOrderNo',
                  'report.reconcileJournal',
                  'report.reconcileGateway',
                  'report.reconcileChanged',
                ]}
              />
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
