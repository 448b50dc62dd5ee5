/** The money table every report shares: sales, late payments, refunds and net, by store, till and platform. */
import type { Language } from '../../../shared/bilingual';
import { html, money, type Html } from '../html';
import { t, type WordKey } from '../i18n';
import type { DayTotals, PlatformKey, Scope, TillTotals, Totals } from '../queries';

const PLATFORM_KEYS: PlatformKey[] = ['WECHATPAY', 'ALIPAY', 'UNKNOWN'];

export function platformName(p: string | null): string {
  if (p === 'WECHATPAY') return 'WeChat Pay';
  if (p === 'ALIPAY') return 'Alipay';
  return '—';
}

export function moneyCells(x: Totals): Html {
  return html`<td class="num">${x.salesCount}</td>
    <td class="num">${money(x.salesCents)}</td>
    <td class="num">${x.latePaymentsCount}</td>
    <td class="num">${money(x.latePaymentsCents)}</td>
    <td class="num">${x.refundsCount}</td>
    <td class="num">${money(x.refundsCents)}</td>
    <td class="num net">${money(x.netCents)}</td>`;
}

export function moneyHead(L: Language, first: WordKey[]): Html {
  return html`<thead>
    <tr>
      ${first.map((k) => html`<th>${t(L, k)}</th>`)}
      <th>${t(L, 'sales')} · ${t(L, 'count')}</th>
      <th>${t(L, 'sales')}</th>
      <th>${t(L, 'latePayments')} · ${t(L, 'count')}</th>
      <th>${t(L, 'latePayments')}</th>
      <th>${t(L, 'refunds')} · ${t(L, 'count')}</th>
      <th>${t(L, 'refunds')}</th>
      <th>${t(L, 'net')}</th>
    </tr>
  </thead>`;
}

function isEmpty(x: Totals): boolean {
  return x.salesCount + x.latePaymentsCount + x.refundsCount === 0;
}

/** A revoked till with nothing that day is left out; one with money that day is shown, marked revoked. */
export function shownTills(tills: TillTotals[]): TillTotals[] {
  return tills.filter((x) => !x.revoked || !isEmpty(x.totals));
}

export function tillName(L: Language, x: TillTotals): string {
  return x.revoked ? `${x.tillName} (${t(L, 'revoked')})` : x.tillName;
}

/**
 * The day's lines by store, till and platform, with each till's and store's total, and the chain's when the
 * view is the whole chain. Filtered to one till, there is no store or chain line: it would only repeat the till.
 */
export function dayTable(L: Language, day: DayTotals, scope: Scope): Html {
  const rows: Html[] = [];
  for (const s of day.stores) {
    for (const till of shownTills(s.tills)) {
      for (const p of PLATFORM_KEYS) {
        const x = till.perPlatform[p];
        if (p === 'UNKNOWN' && isEmpty(x)) continue;
        rows.push(
          html`<tr data-till="${till.tillId}" data-platform="${p}">
            <td>${s.storeName}</td>
            <td>${tillName(L, till)}</td>
            <td>${platformName(p)}</td>
            ${moneyCells(x)}
          </tr>`,
        );
      }
      rows.push(
        html`<tr class="subtotal" data-till-total="${till.tillId}">
          <td>${s.storeName}</td>
          <td>${tillName(L, till)}</td>
          <td>${t(L, 'total')}</td>
          ${moneyCells(till.totals)}
        </tr>`,
      );
    }
    if (scope.tillId === null)
      rows.push(
        html`<tr class="store-total" data-store-total="${s.storeId}">
          <td>${s.storeName}</td>
          <td>${t(L, 'allTills')}</td>
          <td>${t(L, 'total')}</td>
          ${moneyCells(s.totals)}
        </tr>`,
      );
  }
  if (scope.tillId === null && scope.storeId === null)
    rows.push(
      html`<tr class="chain-total" id="chain-total">
        <td>${t(L, 'allStores')}</td>
        <td></td>
        <td>${t(L, 'total')}</td>
        ${moneyCells(day.totals)}
      </tr>`,
    );
  return html`<table class="money">
      ${moneyHead(L, ['store', 'till', 'platform'])}
      <tbody>
        ${rows}
      </tbody>
    </table>
    <p class="formula">${t(L, 'formula')}</p>`;
}

/** "sales 12.00 + late payments 3.00 − refunds 5.00 = net 10.00", the way the till's report adds up. */
export function addsUp(L: Language, x: Totals): Html {
  return html`<p class="adds-up">
    ${t(L, 'howItAddsUp')}: ${t(L, 'sales')} ${money(x.salesCents)} + ${t(L, 'latePayments')}
    ${money(x.latePaymentsCents)} − ${t(L, 'refunds')} ${money(x.refundsCents)} = ${t(L, 'net')}
    <strong>${money(x.netCents)}</strong> (${t(L, 'lateRefunds')}: ${money(x.lateRefundsCents)})
  </p>`;
}
