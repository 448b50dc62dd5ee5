/* global document, window, fetch, DOMParser, setTimeout, uPlot */
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

// ── charts ────────────────────────────────────────────────────────────────────────────────────────────────
// Each figure.chart is drawn with uPlot (served from /web/static) from the numbers table beside it: the first
// cell of a row is its label, each th[data-series] a series whose cells carry cents in data-v. The first series
// is drawn as bars on a 'bars' chart, the others as lines; a 'lines' chart draws lines only.
const COLOURS = ['#2271b1', '#b32d2e', '#1a7f37', '#8c5e00'];

function drawChart(fig) {
  const host = fig.querySelector('.chart-canvas');
  const table = fig.querySelector('table.chart-data');
  if (!host || !table) return;
  const heads = Array.from(table.querySelectorAll('thead th[data-series]'));
  const rows = Array.from(table.querySelectorAll('tbody tr'));
  const labels = rows.map((r) => r.cells[0].textContent.trim());
  const xs = rows.map((_, i) => i);
  const data = [
    xs,
    ...heads.map((_, j) => rows.map((r) => Number(r.cells[j + 1].getAttribute('data-v')) / 100)),
  ];
  const bars = fig.getAttribute('data-chart') === 'bars';
  const width = Math.max(280, Math.floor(host.getBoundingClientRect().width) || 600);
  const step = Math.max(1, Math.ceil(labels.length / Math.max(1, Math.floor(width / 56))));
  const series = heads.map((th, j) => {
    const colour = COLOURS[j % COLOURS.length];
    const bar = bars && j === 0;
    return {
      label: th.textContent.trim(),
      stroke: colour,
      width: bar ? 1 : 2,
      fill: bar ? `${colour}99` : undefined,
      paths: bar ? uPlot.paths.bars({ size: [0.7, 60] }) : undefined,
      points: { show: !bar && labels.length <= 40 },
    };
  });
  const opts = {
    width,
    height: 220,
    scales: { x: { time: false, range: [-0.5, Math.max(0.5, xs.length - 0.5)] } },
    axes: [
      {
        splits: () => xs.filter((i) => i % step === 0),
        values: (_u, ticks) => ticks.map((i) => labels[i] ?? ''),
      },
      { values: (_u, ticks) => ticks.map((v) => v.toLocaleString()), size: 70 },
    ],
    series: [
      { label: table.querySelector('thead th').textContent.trim(), value: (_u, i) => labels[i] ?? '' },
      ...series,
    ],
  };
  host.replaceChildren();
  new uPlot(opts, data, host);
  fig.setAttribute('data-drawn', '1');
}

function drawCharts() {
  if (typeof uPlot !== 'function') return;
  for (const fig of document.querySelectorAll('figure.chart')) drawChart(fig);
}

function start() {
  // uPlot's script comes after this one (both deferred): DOMContentLoaded waits for it.
  if (document.querySelector('figure.chart')) {
    if (typeof uPlot === 'function') drawCharts();
    else document.addEventListener('DOMContentLoaded', drawCharts);
  }
  const print = document.getElementById('print');
  if (print) print.addEventListener('click', () => window.print());
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
