/**
 * Pages the API serves for people: a readable list of the operations (from the same table as the OpenAPI
 * document) and the demo "shop POS" — a basket and a Pay button driving this till through the API, the way a
 * shop's own POS software would.
 */
import { OPERATIONS } from './operations';
import { API_BASE } from './openapi';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function docsPage(): string {
  const rows = OPERATIONS.map(
    (op) =>
      `<tr><td><code>${op.method}</code></td><td><code>${esc(API_BASE + op.path)}</code></td><td>${esc(op.summary)}</td></tr>`,
  ).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Terminal API</title>
<style>body{font:15px system-ui,sans-serif;margin:2rem;max-width:60rem}td{padding:.3rem .6rem;vertical-align:top;border-bottom:1px solid #ddd}</style>
</head><body><h1>Omipay counter POS — Terminal API v1</h1>
<p>Machine-readable: <a href="${API_BASE}/openapi.json">openapi.json</a> (OpenAPI 3.1). Try it: <a href="${API_BASE}/demo">demo shop POS</a>.</p>
<table>${rows}</table></body></html>`;
}

export const DEMO_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo shop POS</title>
<style>
body{font:16px system-ui,sans-serif;margin:2rem;max-width:32rem}
button{font:inherit;padding:.4rem .8rem;margin:.2rem}
#basket li{display:flex;justify-content:space-between}
#state{font-weight:bold;font-size:1.3rem}
pre{background:#f4f4f4;padding:.5rem;white-space:pre-wrap}
</style></head><body>
<h1>Demo shop POS</h1>
<p>Our own till software: it sends the basket total to the Omipay till, which takes the payment.</p>
<div id="catalogue">
  <button data-name="Flat white" data-cents="450">Flat white A$4.50</button>
  <button data-name="Croissant" data-cents="520">Croissant A$5.20</button>
  <button data-name="Green tea" data-cents="380">Green tea A$3.80</button>
</div>
<ul id="basket"></ul>
<p>Total: <span id="total">A$0.00</span></p>
<button id="pay" disabled>Pay with WeChat Pay / Alipay</button>
<button id="abort" disabled>Customer pays another way</button>
<button id="clear">New basket</button>
<p>Payment: <span id="state">—</span></p>
<p id="message"></p>
<pre id="receipt" hidden></pre>
<script src="${API_BASE}/demo/app.js"></script>
</body></html>`;

/** Plain browser JavaScript (no build step): what a POS integration needs, in 80 lines. */
export const DEMO_SCRIPT = `'use strict';
(function () {
  var base = '${API_BASE}';
  var items = [];
  var payment = null;
  var source = null;
  function $(id) { return document.getElementById(id); }
  function aud(c) { return 'A$' + (c / 100).toFixed(2); }
  function total() { return items.reduce(function (s, i) { return s + i.cents; }, 0); }
  function render() {
    $('basket').innerHTML = '';
    items.forEach(function (i) {
      var li = document.createElement('li');
      li.textContent = i.name + ' ' + aud(i.cents);
      $('basket').appendChild(li);
    });
    $('total').textContent = aud(total());
    var busy = payment !== null && !payment.final;
    $('pay').disabled = busy || total() === 0 || (payment !== null && payment.state === 'paid');
    $('abort').disabled = !busy;
  }
  function show(p) {
    payment = p;
    $('state').textContent = p.state;
    $('state').dataset.state = p.state;
    $('message').textContent = p.message ? p.message.en : '';
    if (p.state === 'paid') loadReceipt(p.id);
    render();
  }
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.from(b, function (x) { return x.toString(16).padStart(2, '0'); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }
  function follow(id) {
    if (source) source.close();
    source = new EventSource(base + '/payments/' + id + '/events');
    source.addEventListener('payment', function (e) {
      var p = JSON.parse(e.data);
      show(p);
      if (p.final) { source.close(); source = null; }
    });
  }
  function loadReceipt(id) {
    fetch(base + '/payments/' + id + '/receipt?format=text&columns=42').then(function (r) {
      return r.ok ? r.text() : '';
    }).then(function (t) {
      if (!t) return;
      $('receipt').textContent = t;
      $('receipt').hidden = false;
    });
  }
  function call(method, path, body) {
    return fetch(base + path, {
      method: method,
      headers: { 'Content-Type': 'application/json', 'X-POS-Name': 'Demo shop POS' },
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) throw j.error;
        return j;
      });
    });
  }
  document.querySelectorAll('#catalogue button').forEach(function (b) {
    b.addEventListener('click', function () {
      if (payment && !payment.final) return;
      items.push({ name: b.dataset.name, cents: Number(b.dataset.cents) });
      render();
    });
  });
  $('pay').addEventListener('click', function () {
    var id = uuid();
    $('pay').disabled = true;
    call('POST', '/payments', { id: id, amountCents: total(), currency: 'AUD', reference: 'basket-' + id.slice(0, 8) })
      .then(function (p) { show(p); follow(p.id); })
      .catch(function (e) { $('message').textContent = e.message.en; render(); });
  });
  $('abort').addEventListener('click', function () {
    if (!payment) return;
    call('POST', '/payments/' + payment.id + '/abort').then(show).catch(function (e) {
      $('message').textContent = e.message.en;
    });
  });
  $('clear').addEventListener('click', function () {
    if (payment && !payment.final) return;
    items = []; payment = null;
    $('state').textContent = '—'; $('state').dataset.state = '';
    $('message').textContent = ''; $('receipt').hidden = true;
    render();
  });
  render();
})();
`;
