import { randomBytes } from 'node:crypto';
import { formatCents } from '../shared/money';
import { escapeHtml, jsonReply, type PlainReply } from './http-util';
import type { Ledger, OrderRecord } from './ledger';
import { pageHeaders } from './pay-page';

/**
 * The customer's side of a QR order. A real wallet scans `weixin://wxpay/bizpayurl?pr=…` or
 * `https://qr.alipay.com/…`; the sandbox cannot be those apps, so /wallet/{token} (or /wallet?qrcode=… with the
 * whole qrcode string) stands in for them: no merchant credentials, a Pay and a Fail button.
 */
const TOKEN_IN_QRCODE = /(?:[?&]pr=|qr\.alipay\.com\/|\/wallet\/|^)([a-z0-9]{24})(?:$|[?#&/])/;

export function tokenFromQrcode(qrcode: string): string | undefined {
  return TOKEN_IN_QRCODE.exec(qrcode.trim())?.[1];
}

export function orderForQrcode(ledger: Ledger, qrcode: string): OrderRecord | undefined {
  const token = tokenFromQrcode(qrcode);
  return token ? ledger.findByWalletToken(token) : undefined;
}

export function walletRedirect(query: URLSearchParams): PlainReply {
  const token = tokenFromQrcode(query.get('qrcode') ?? '');
  if (!token) return walletError(404, 'This QR code is not one of the sandbox’s orders.');
  return { status: 302, body: '', headers: { location: `/wallet/${token}`, 'cache-control': 'no-store' } };
}

export function walletError(status: number, message: string): PlainReply {
  const nonce = randomBytes(16).toString('base64');
  return {
    status,
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox wallet</title></head><body><h1>Sandbox wallet</h1><p>${escapeHtml(message)}</p></body></html>`,
    headers: pageHeaders(nonce),
  };
}

export function walletJson(order: OrderRecord | undefined, ledger: Ledger): PlainReply {
  return order
    ? jsonReply(200, { order: ledger.orderView(order) })
    : jsonReply(404, { error: 'Unknown QR code' });
}

export function renderWalletPage(order: OrderRecord | undefined): PlainReply {
  if (!order) return walletError(404, 'This QR code is not one of the sandbox’s orders (or it was reset).');
  const nonce = randomBytes(16).toString('base64');
  const pending = order.status === 'READY' || order.status === 'PAYING';
  const token = escapeHtml(order.walletToken ?? '');
  const wallet = order.platform === 'ALIPAY' ? 'Alipay' : 'WeChat Pay';
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sandbox wallet</title>
<style nonce="${nonce}">
body{font-family:system-ui,sans-serif;max-width:26rem;margin:2rem auto;padding:0 1rem;color:#222}
.amount{font-size:2rem;font-weight:600}button{font-size:1.1rem;padding:.6rem 1.4rem;margin-right:.6rem}
#status{font-weight:600}.note{color:#666;font-size:.85rem}
</style></head><body>
<h1>${wallet} (sandbox)</h1>
<p>${escapeHtml(order.orderName)}</p>
<p class="amount">A$${formatCents(order.amount)}</p>
<p>Status: <span id="status">${escapeHtml(order.status)}</span></p>
<p>${pending ? '<button id="pay" type="button">Pay</button><button id="fail" type="button">Fail</button>' : ''}</p>
<p class="note">Test wallet: no money moves. Order ${escapeHtml(order.orderNo)}</p>
<script nonce="${nonce}">
(() => {
  const statusEl = document.getElementById('status');
  const act = async (action) => {
    const r = await fetch('/wallet/${token}/' + action, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const j = await r.json();
    statusEl.textContent = j.order ? j.order.status : (j.error || 'error');
    if (j.order) document.querySelectorAll('button').forEach((b) => b.remove());
  };
  document.getElementById('pay')?.addEventListener('click', () => act('pay'));
  document.getElementById('fail')?.addEventListener('click', () => act('fail'));
})();
</script>
</body></html>`;
  return { status: 200, body, headers: pageHeaders(nonce) };
}
