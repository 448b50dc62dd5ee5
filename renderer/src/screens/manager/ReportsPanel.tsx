/** X report (so far today) and Z report (close the day), printing, CSV export and reconciliation. */
import { useEffect, useState } from 'react';
import type { Language, PlatformTotalsView, ReportView, SessionView } from '../../../../preload/api';
import {
  formatAud,
  formatBusinessDate,
  formatDateTime,
  formatTime,
  pick,
  refundWord,
  type Translate,
} from '../../i18n';
import { BusinessDateField } from '../../components/BusinessDateField';
import { REPORT_COLUMN_KEYS, REPORT_COLUMN_WORDS, reportLine } from '../../../../main/shared/report-columns';
import { useT } from '../../i18n/use-t';
import type { MessageKey } from '../../i18n/en';
import { usePos } from '../../store/context';
import { useManager, useManagerPick } from '../../store/manager-context';
import { Problem } from './Problem';
import { TableHead } from '../../components/TableHead';

/**
 * One row of the report: each money column with its count, signed as it moves the net, and the net, which is
 * their sum (report-columns.ts) — the same figures the printed report and the report CSV give.
 */
function TotalsRow({
  label,
  t: totals,
  testId = 'm-report-row',
}: {
  label: string;
  t: Omit<PlatformTotalsView, 'platform'>;
  testId?: string;
}) {
  const { language } = useT();
  const line = reportLine(totals);
  return (
    <tr data-testid={testId} data-net={line.netCents}>
      <th scope="row">{label}</th>
      {line.columns.map((c) => (
        <td key={c.key} data-col={c.key} data-cents={c.cents} data-count={c.count}>
          {formatAud(language, c.cents)} <span className="muted">({c.count})</span>
        </td>
      ))}
      <td data-col="net">
        <strong>{formatAud(language, line.netCents)}</strong>
      </td>
    </tr>
  );
}

function ColumnHeads({ first = 'history.col.platform' }: { first?: MessageKey }) {
  const { t, language } = useT();
  return (
    <thead>
      <tr>
        <th scope="col">{t(first)}</th>
        {[...REPORT_COLUMN_KEYS, 'net' as const].map((key) => (
          <th key={key} scope="col">
            {pick(REPORT_COLUMN_WORDS[key], language)}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** The same columns per person: sales by who took them, refunds by who asked for them (rows add up to the total). */
function ByPerson({ report }: { report: ReportView }) {
  const { t } = useT();
  const rows = report.byPerson ?? [];
  if (rows.length === 0) return null;
  return (
    <>
      <h4>{t('report.byPerson')}</h4>
      <p className="muted">{t('report.byPerson.note')}</p>
      <table className="table m-report-table" data-testid="m-report-by-person">
        <ColumnHeads first="report.byPerson.col" />
        <tbody>
          {rows.map((p) => (
            <TotalsRow key={p.personId ?? ''} label={p.name} t={p} testId="m-report-person-row" />
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Sales voided with nothing paid: no money, so no column, but counted so the manager sees them. */
function VoidedLine({ report }: { report: ReportView }) {
  const { t } = useT();
  const voided = report.voidedCount ?? 0;
  if (voided === 0) return null;
  return (
    <p className="muted" data-testid="m-report-voided">
      {t('report.voided', { count: voided })}
    </p>
  );
}

/** Sales still unresolved from an earlier shift or day: the status bar counts them, so the report lists them. */
function EarlierUnresolved({ report }: { report: ReportView }) {
  const { t, language } = useT();
  const timeZone = usePos((s) => s.terminal?.timeZone);
  const earlier = report.unresolvedEarlier ?? [];
  if (earlier.length === 0) return null;
  return (
    <>
      <p className="warn-text">{t('report.unresolvedEarlier', { count: earlier.length })}</p>
      <ul className="m-list" data-testid="m-report-unresolved-earlier">
        {earlier.map(({ sale: s, fromSessionId }) => (
          <li key={s.id} className="m-row m-row-static" data-sale={s.id}>
            <span>{formatDateTime(language, s.createdAt, timeZone)}</span>
            <strong>{formatAud(language, s.amountCents)}</strong>
            <span className={`badge badge-${s.phase}`}>{t(`phase.${s.phase}`)}</span>
            <span>
              {fromSessionId === null
                ? t('report.earlierDay')
                : t('report.carriedFrom', { id: fromSessionId })}
            </span>
            <span className="mono m-row-order">{s.outOrderNo ?? ''}</span>
          </li>
        ))}
      </ul>
    </>
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
      <table className="table m-report-table" data-testid="m-report-table">
        <ColumnHeads />
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
        {t('report.net', { amount: formatAud(language, reportLine(report.totals).netCents) })}
      </p>
      <VoidedLine report={report} />
      <ByPerson report={report} />
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
      <EarlierUnresolved report={report} />
      {report.unresolved.length === 0 ? (
        <p className="muted" data-testid="m-report-no-unresolved">
          {t((report.unresolvedEarlier ?? []).length > 0 ? 'report.noUnresolvedHere' : 'report.noUnresolved')}
        </p>
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
                <span>{refundWord(language, r.status)}</span>
                <span className="mono m-row-order">{r.outRefundNo}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

type CsvFiles = { salesCsv: string; refundsCsv: string; reportCsv?: string };
type CsvLinks = { sales: string; refunds: string; report: string | null };

/** Blob URLs for the exported CSV files, revoked when replaced or when the panel goes. */
function useCsvLinks(csv: CsvFiles | null): CsvLinks | null {
  const [links, setLinks] = useState<CsvLinks | null>(null);
  useEffect(() => {
    if (!csv) {
      setLinks(null);
      return;
    }
    const type = 'text/csv;charset=utf-8';
    // The core's CSV already starts with its one byte-order mark (csv.ts); a second would be read as text.
    const url = (text: string) => URL.createObjectURL(new Blob([text], { type }));
    const made: CsvLinks = {
      sales: url(csv.salesCsv),
      refunds: url(csv.refundsCsv),
      report: csv.reportCsv === undefined ? null : url(csv.reportCsv),
    };
    setLinks(made);
    return () => {
      for (const u of [made.sales, made.refunds, made.report]) if (u) URL.revokeObjectURL(u);
    };
  }, [csv]);
  return links;
}

export function ReportsPanel() {
  const { t } = useT();
  const {
    reports: state,
    loadReport: load,
    printReport: print,
    exportCsv,
    closeDay,
    cancelClose,
    reconcile,
    setReportDate: setDate,
  } = useManagerPick(
    'reports',
    'loadReport',
    'printReport',
    'exportCsv',
    'closeDay',
    'cancelClose',
    'reconcile',
    'setReportDate',
  );
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
            {links.report ? (
              <a
                className="button"
                href={links.report}
                download={`day-report-${state.csv.date}.csv`}
                data-testid="m-csv-report"
              >
                {t('report.downloadReport')}
              </a>
            ) : null}
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
