import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { formatCents } from '../shared/money';
import { errorMessage, GatewayFailure } from './gateway-errors';
import { authenticate, type GatewayContext } from './gateway-api';
import { escapeHtml, type PlainReply } from './http-util';
import { parseParams, payPageSchema } from './params';
import type { SandboxMerchant } from './types';

const STATUS_FOR: Partial<Record<string, number>> = {
  PARAMETER_INVALID: 400,
  SIGN_ERROR: 401,
  SIGN_TIMEOUT: 401,
  MERCHANTNO_INVALID: 401,
  PERMISSION_ERROR: 403,
  ORDER_NO_ERROR: 404,
};

/**
 * The page behind pay_url (2.2): needs m_number, timestamp, nonce_str (or the document's `noncestring`) and sign,
 * signed like the APIs; redirect_url is optional (JSAPI orders have their own). `orderNo` is the path's number, or
 * undefined on the field's signed path, which names the order in `paycode`. Shows the order and its QR;
 * "Pay"/"Fail" act as the customer's wallet through the control endpoint.
 */
export async function renderPayPage(
  orderNo: string | undefined,
  query: URLSearchParams,
  ctx: GatewayContext,
): Promise<PlainReply> {
  let redirectUrl: string | undefined;
  let order;
  try {
    const merchant = payPageMerchant(query, ctx);
    const record = Object.fromEntries(query);
    redirectUrl = parseParams(payPageSchema, record).redirect_url;
    const no = orderNo ?? query.get('paycode') ?? '';
    order = ctx.ledger.getOrder(no);
    if (!order) throw new GatewayFailure('ORDER_NO_ERROR');
    if (order.mNumber !== merchant.mNumber) throw new GatewayFailure('PERMISSION_ERROR');
    redirectUrl ??= order.redirectUrl;
  } catch (err) {
    if (!(err instanceof GatewayFailure)) throw err;
    return errorPage(STATUS_FOR[err.code] ?? 400, `${err.code}: ${errorMessage(err.code, 'EN', err.detail)}`);
  }

  // A phone camera opens this address and gets the sandbox's wallet, which pays without merchant credentials.
  const qrText = `${ctx.publicUrl()}/wallet/${order.walletToken ?? ''}`;
  const svg = await QRCode.toString(qrText, {
    type: 'svg',
    margin: 1,
    width: 240,
    errorCorrectionLevel: 'M',
  });
  const nonce = randomBytes(16).toString('base64');
  const data = JSON.stringify({ orderNo: order.orderNo, redirectUrl: redirectUrl ?? null }).replace(
    /</g,
    '\\u003c',
  );
  const pending = order.status === 'READY' || order.status === 'PAYING';
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Omipay sandbox payment</title>
<style nonce="${nonce}">
body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#222}
.qr svg{width:240px;height:240px}.amount{font-size:2rem;font-weight:600}
button{font-size:1.1rem;padding:.6rem 1.4rem;margin-right:.6rem}#status{font-weight:600}
.note{color:#666;font-size:.85rem}
</style></head><body>
<h1>Omipay sandbox</h1>
<p>${escapeHtml(order.orderName)}</p>
<p class="amount">A$${formatCents(order.amount)}</p>
<div class="qr">${svg}</div>
<p>Status: <span id="status">${escapeHtml(order.status)}</span></p>
<p>${pending ? '<button id="pay" type="button">Pay</button><button id="fail" type="button">Fail</button>' : ''}</p>
<p class="note">Test page: no money moves. Order ${escapeHtml(order.orderNo)}</p>
<script type="application/json" id="order-data">${data}</script>
<script nonce="${nonce}">
(() => {
  const data = JSON.parse(document.getElementById('order-data').textContent);
  const statusEl = document.getElementById('status');
  const base = '/_sandbox/orders/' + encodeURIComponent(data.orderNo);
  const done = (status) => {
    statusEl.textContent = status;
    if (status === 'PAID' && data.redirectUrl) location.assign(data.redirectUrl);
    if (status !== 'READY' && status !== 'PAYING') document.querySelectorAll('button').forEach((b) => b.remove());
  };
  const act = async (action) => {
    const r = await fetch(base + '/' + action, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const j = await r.json();
    if (j.order) done(j.order.status); else statusEl.textContent = j.error || 'error';
  };
  document.getElementById('pay')?.addEventListener('click', () => act('pay'));
  document.getElementById('fail')?.addEventListener('click', () => act('fail'));
  setInterval(async () => {
    try { const r = await fetch(base); const j = await r.json(); if (j.order) done(j.order.status); } catch {}
  }, 1500);
})();
</script>
</body></html>`;
  return { status: 200, body, headers: pageHeaders(nonce) };
}

export function pageHeaders(nonce: string): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  };
}

function errorPage(status: number, message: string): PlainReply {
  const nonce = randomBytes(16).toString('base64');
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Omipay sandbox</title></head><body><h1>Payment page unavailable</h1><p>${escapeHtml(message)}</p></body></html>`;
  return { status, body, headers: pageHeaders(nonce) };
}

const SIGNING_KEYS = ['m_number', 'timestamp', 'nonce_str', 'noncestring', 'sign'] as const;

/**
 * SDKs append their own m_number/timestamp/nonce_str/sign to a pay_url that already carries the gateway's
 * (softbread's getQRRedirectUrl, liangjw's OmipayClient), and the field evidently takes those URLs. So the page
 * accepts a repeated signing key when either the first or the last value of each verifies; the APIs themselves
 * still refuse a repeated parameter.
 */
function payPageMerchant(query: URLSearchParams, ctx: GatewayContext): SandboxMerchant {
  const first: Record<string, string> = {};
  const last: Record<string, string> = {};
  for (const key of SIGNING_KEYS) {
    const all = query.getAll(key);
    if (all.length === 0) continue;
    first[key] = all[0] ?? '';
    last[key] = all[all.length - 1] ?? '';
  }
  const candidates = JSON.stringify(first) === JSON.stringify(last) ? [last] : [last, first];
  let failure: unknown;
  for (const record of candidates) {
    const nonceField =
      record.noncestring === undefined && record.nonce_str !== undefined ? 'nonce_str' : 'noncestring';
    try {
      // Reloading the page is normal in a browser, so the nonce is not burned here.
      return authenticate(record, ctx, nonceField, false);
    } catch (err) {
      failure ??= err;
    }
  }
  throw failure;
}
