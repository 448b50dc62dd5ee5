/* global document, window, fetch, DOMParser, setTimeout */
// The managers' pages' only script (served from /web/static/app.js; the CSP allows no inline script). It keeps
// the live parts fresh: every [data-src] host fetches its server-rendered fragment again every data-every ms
// and swaps it in, so the numbers change while the page stays open. Nothing here builds HTML from strings.
'use strict';

function refresh(host) {
  const src = host.getAttribute('data-src');
  const every = Number(host.getAttribute('data-every')) || 3000;
  const untilFinished = host.getAttribute('data-until-finished') === '1';
  const stale = document.getElementById('stale');
  const again = () => setTimeout(() => refresh(host), every);
  fetch(src, { credentials: 'same-origin', headers: { accept: 'text/html' }, cache: 'no-store' })
    .then((res) => {
      if (res.status === 401) {
        window.location.assign('/web/sign-in');
        return null;
      }
      if (!res.ok) throw new Error(String(res.status));
      return res.text();
    })
    .then((text) => {
      if (text === null) return;
      const doc = new DOMParser().parseFromString(text, 'text/html');
      host.replaceChildren(...Array.from(doc.body.childNodes, (n) => document.importNode(n, true)));
      if (stale) stale.hidden = true;
      if (untilFinished && host.querySelector('[data-finished="1"]')) return;
      again();
    })
    .catch(() => {
      if (stale) stale.hidden = false;
      again();
    });
}

function start() {
  for (const host of document.querySelectorAll('[data-src]')) {
    if (host.getAttribute('data-until-finished') === '1' && host.querySelector('[data-finished="1"]'))
      continue;
    const every = Number(host.getAttribute('data-every')) || 3000;
    setTimeout(() => refresh(host), every);
  }
  // A filter's select applies itself (the Show button stays for keyboards and no-script use).
  for (const select of document.querySelectorAll('form.filters[method="get"] select')) {
    select.addEventListener('change', () => select.form.submit());
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
