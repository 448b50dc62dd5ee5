/**
 * A bar chart drawn by uPlot (small, fast, canvas, no eval: it runs under script-src 'self'). The chart is a
 * picture for the eye; its numbers are in the table the caller puts beside it, so the canvas is hidden from
 * screen readers and named by `label`. Each series is a set of bars side by side per category.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface BarSeries {
  label: string;
  /** One value per category (AUD dollars). */
  values: number[];
  color: string;
}

const HEIGHT = 220;

export function BarChart({
  categories,
  series,
  label,
  testId,
}: {
  categories: string[];
  series: BarSeries[];
  label: string;
  testId: string;
}) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.max(320, el.clientWidth);
    const n = series.length;
    const x = categories.map((_, i) => i);
    const opts: uPlot.Options = {
      width,
      height: HEIGHT,
      // The legend names the series only: the values are in the table beside the chart.
      legend: { show: n > 1, live: false },
      cursor: { show: false },
      scales: {
        x: { time: false, range: [-0.5, categories.length - 0.5] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        {
          // Category labels at whole positions only, thinned when they would crowd.
          splits: () => x.filter((i) => i % Math.ceil(categories.length / 12) === 0),
          values: (_u, splits) => splits.map((i) => categories[i] ?? ''),
          grid: { show: false },
        },
        { size: 60, values: (_u, splits) => splits.map((v) => `$${v.toLocaleString('en-AU')}`) },
      ],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          fill: s.color,
          stroke: s.color,
          width: 0,
          // One series: a centred bar; two: this range's bar left of the slot's middle, the other's right.
          paths: uPlot.paths.bars?.({
            size: [n > 1 ? 0.4 : 0.7, 48],
            align: n > 1 ? (i === 0 ? -1 : 1) : 0,
          }),
          points: { show: false },
        })),
      ],
    };
    const chart = new uPlot(opts, [x, ...series.map((s) => s.values)], el);
    // The chart follows its box: a window resized (or the layout stacking) redraws it at the new width.
    const resized = new ResizeObserver(() => {
      const w = Math.max(320, el.clientWidth);
      if (w !== chart.width) chart.setSize({ width: w, height: HEIGHT });
    });
    resized.observe(el);
    return () => {
      resized.disconnect();
      chart.destroy();
    };
  }, [categories, series]);

  return <div ref={box} className="sales-chart" role="img" aria-label={label} data-testid={testId} />;
}
