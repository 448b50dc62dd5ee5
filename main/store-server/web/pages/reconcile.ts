/** Reconciliation with the gateway: the form, and the run's progress and differences (refreshed live). */
import type { Language } from '../../../shared/bilingual';
import { dateField, html, money, type Html } from '../html';
import { t } from '../i18n';
import type { ReconcileJob } from '../reconcile';
import {
  csrfField,
  headRow,
  layout,
  storeOptions,
  type Chrome,
  type FilterState,
  type StoreChoice,
} from './layout';

function differences(L: Language, job: ReconcileJob): Html | string {
  if (job.finished && job.differences.length === 0)
    return html`<p id="no-differences">${t(L, 'reconcileNoDiff')}</p>`;
  if (job.differences.length === 0) return '';
  return html`<table id="differences">
    ${headRow(L, ['status', 'till', html`out_order_no`, html`order_no`, 'here', 'gateway'])}
    <tbody>
      ${job.differences.map(
        (d) =>
          html`<tr data-kind="${d.kind}" data-out-order-no="${d.outOrderNo}">
            <td>${t(L, `diff_${d.kind}`)}</td>
            <td>${d.tillName}</td>
            <td>${d.outOrderNo}</td>
            <td>${d.orderNo}</td>
            <td>${d.hereStatus} · ${money(d.hereAmountCents)}</td>
            <td>
              ${d.gatewayStatus ?? d.code ?? '—'}${d.gatewayAmountCents !== null ? html` · ${money(d.gatewayAmountCents)}` : ''}
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export function reconcileFragment(L: Language, job: ReconcileJob): Html {
  return html`<section id="reconcile-job" data-finished="${job.finished ? '1' : '0'}" data-job="${job.id}">
    <p>
      <label
        >${t(L, 'reconcileProgress')} <progress max="${Math.max(job.total, 1)}" value="${job.done}"></progress
      ></label>
      <span id="progress-text">${job.done} / ${job.total}</span> ${job.finished ? t(L, 'reconcileDone') : ''}
    </p>
    ${differences(L, job)}
  </section>`;
}

export function reconcilePage(
  c: Chrome,
  stores: StoreChoice[],
  f: FilterState,
  job: ReconcileJob | null,
  refusal: Html | null,
): Html {
  const L = c.lang;
  return layout(
    c,
    t(L, 'reconcileHeading'),
    html`${refusal}
      <form method="post" action="/web/reconcile" class="filters">
        ${csrfField(c)}
        <label>${t(L, 'date')} ${dateField(L, 'date', 'date', f.date ?? '', true)}</label>
        <label
          >${t(L, 'store')}
          <select name="store" id="store">
            ${storeOptions(stores, f.storeId)}
          </select></label
        >
        <button type="submit" id="reconcile-start">${t(L, 'reconcileStart')}</button>
      </form>
      ${
        job
          ? html`<div
              id="live-host"
              data-src="/web/reconcile/fragment?job=${job.id}"
              data-every="1000"
              data-until-finished="1"
            >
              ${reconcileFragment(L, job)}
            </div>`
          : ''
      }`,
  );
}
