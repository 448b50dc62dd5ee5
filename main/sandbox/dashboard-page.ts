import { randomBytes } from 'node:crypto';
import { formatCents } from '../shared/money';
import { formatGatewayTime } from './gateway-time';
import { escapeHtml, type PlainReply } from './http-util';
import { pageHeaders } from './pay-page';
import type { SandboxNotificationRecord, SandboxOrderView, SandboxRefundView } from './types';

const SHOWN = 50;

export interface DashboardData {
  orders: SandboxOrderView[];
  refunds: SandboxRefundView[];
  notifications: SandboxNotificationRecord[];
  timeZone: string;
}

/** GET /: what an integration did, newest first, so a developer can see it without reading logs. */
export function renderDashboard(d: DashboardData): PlainReply {
  const nonce = randomBytes(16).toString('base64');
  const t = (ms: number | undefined): string => (ms === undefined ? '' : formatGatewayTime(ms, d.timeZone));
  const newest = <T extends { createdAt: number }>(rows: T[]): T[] =>
    [...rows].sort((a, b) => b.createdAt - a.createdAt).slice(0, SHOWN);
  const cell = (v: string | number): string => `<td>${escapeHtml(String(v))}</td>`;

  const orderRows = newest(d.orders)
    .map(
      (o) =>
        [
          o.orderNo,
          o.outOrderNo,
          o.kind,
          o.platform,
          `A$${formatCents(o.amount)}`,
          o.status,
          t(o.createdAt),
          t(o.paidAt),
          o.refundedCents > 0 ? `A$${formatCents(o.refundedCents)}` : '',
        ]
          .map(cell)
          .join('') + walletCell(o),
    )
    .map((r) => `<tr>${r}</tr>`)
    .join('\n');
  const refundRows = newest(d.refunds)
    .map((r) =>
      [r.refundNo, r.outRefundNo, r.orderNo, `A$${formatCents(r.amount)}`, r.status, t(r.createdAt)]
        .map(cell)
        .join(''),
    )
    .map((r) => `<tr>${r}</tr>`)
    .join('\n');
  const notificationRows = [...d.notifications]
    .reverse()
    .slice(0, SHOWN)
    .map((n) => {
      const attempts = n.history
        .map(
          (a, i) =>
            `<li>#${i + 1} ${escapeHtml(t(a.at))} ${escapeHtml(a.result)}${a.httpStatus === undefined ? '' : ` HTTP ${a.httpStatus}`}${a.error ? ` (${escapeHtml(a.error)})` : ''}</li>`,
        )
        .join('');
      return `<tr>${cell(n.orderNo)}${cell(n.url)}${cell(n.delivered ? 'delivered' : 'not delivered')}<td><ol>${attempts}</ol></td></tr>`;
    })
    .join('\n');

  const table = (title: string, id: string, head: string[], rows: string): string =>
    `<h2>${title}</h2><table id="${id}"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows || `<tr><td colspan="${head.length}">None yet</td></tr>`}</tbody></table>`;

  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>Omipay sandbox</title>
<style nonce="${nonce}">
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}table{border-collapse:collapse;margin-bottom:1.5rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;font-size:.85rem;text-align:left;vertical-align:top}
ol{margin:0;padding-left:1.2rem}.note{color:#666}
</style></head><body>
<h1>Omipay sandbox</h1>
<p class="note">The ${SHOWN} most recent of each, newest first; times are gateway times (${escapeHtml(d.timeZone)}). This page refreshes every 5 s. API: /omipay/api/v2/…; control: /_sandbox/; contract: docs/sandbox.md.</p>
${table('Orders', 'orders', ['order_no', 'out_order_no', 'kind', 'platform', 'amount', 'status', 'order_time', 'pay_time', 'refunded', 'customer'], orderRows)}
${table('Refunds', 'refunds', ['refund_no', 'out_refund_no', 'order_no', 'amount', 'status', 'refund_time'], refundRows)}
${table('Notifications', 'notifications', ['order_no', 'notify_url', 'result', 'attempts'], notificationRows)}
</body></html>`;
  return { status: 200, body, headers: pageHeaders(nonce) };
}

/** A link to the customer's wallet page while a QR/JSAPI order can still be paid. */
function walletCell(o: SandboxOrderView): string {
  const pending = o.status === 'READY' || o.status === 'PAYING';
  if (!pending || !o.walletToken) return '<td></td>';
  return `<td><a href="/wallet/${escapeHtml(o.walletToken)}">pay as the customer</a></td>`;
}
