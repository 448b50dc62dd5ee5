/**
 * Finds what a person at the screen would see cut or hidden, by measuring the page in Chromium: text clipped
 * by its box (scrollWidth > clientWidth where overflow is not visible), text running past its table cell, an
 * ellipsis or line clamp in effect, a drop-down or field whose chosen text is wider than the control, an element
 * outside the viewport, and siblings drawn over one another. Each problem names the element (tag, test id or class, and its text).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { keepScreenshots } from '../helpers/chromium';

export interface LayoutCheckOptions {
  /** The screen must fit the viewport: nothing to reach by scrolling (the sale screens). */
  noScroll?: boolean;
}

/** Runs in the page: every problem found, as "what: element". */
function findProblems(opts: LayoutCheckOptions): string[] {
  const problems: string[] = [];
  const vw = document.documentElement.clientWidth;
  const vh = window.innerHeight;
  const canvas = document.createElement('canvas').getContext('2d');

  const name = (el: Element): string => {
    const testId = el.getAttribute('data-testid');
    const cls =
      typeof el.className === 'string' && el.className ? `.${el.className.split(/\s+/).join('.')}` : '';
    const text = (
      el instanceof HTMLSelectElement
        ? (el.selectedOptions[0]?.textContent ?? '')
        : el instanceof HTMLInputElement
          ? el.value || el.placeholder
          : (el.textContent ?? '')
    )
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 60);
    return `<${el.tagName.toLowerCase()}${testId ? ` data-testid="${testId}"` : ''}${cls}> "${text}"`;
  };

  const shown = (el: Element): boolean => {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0;
  };

  /** Inside something that scrolls on purpose (a settings page, a wide table): the scroller is judged, not it. */
  const textWidth = (text: string, style: CSSStyleDeclaration): number => {
    if (!canvas) return 0;
    canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    return canvas.measureText(text).width;
  };

  const all = [...document.querySelectorAll('body *')].filter(
    (el) => !el.closest('.visually-hidden, .print-area, [hidden], [aria-hidden="true"] svg') && shown(el),
  );

  for (const el of all) {
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const clipsX = style.overflowX !== 'visible';
    // Text cut by its own box.
    if (
      clipsX &&
      style.overflowX !== 'auto' &&
      style.overflowX !== 'scroll' &&
      el.scrollWidth > el.clientWidth + 1
    ) {
      problems.push(`clipped (${el.scrollWidth}px of text in ${el.clientWidth}px): ${name(el)}`);
    } else if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`ellipsis in effect: ${name(el)}`);
    }
    // Text running past its table cell: a fixed-layout table keeps its width, so text that cannot wrap spills
    // over the next cell and out of the card, drawn over whatever is there.
    if (!clipsX && el.matches('td, th') && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`runs past its cell (${el.scrollWidth}px of text in ${el.clientWidth}px): ${name(el)}`);
    }
    if (
      style.webkitLineClamp !== 'none' &&
      style.webkitLineClamp !== '' &&
      el.scrollHeight > el.clientHeight + 1
    ) {
      problems.push(`line clamp in effect: ${name(el)}`);
    }
    if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`scrolls sideways (${el.scrollWidth}px in ${el.clientWidth}px): ${name(el)}`);
    }
    // A drop-down shows its chosen text in the box beside the arrow; a field its value.
    if (el instanceof HTMLSelectElement) {
      const text = el.selectedOptions[0]?.textContent ?? '';
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      if (textWidth(text, style) > room + 1) problems.push(`drop-down text cut: ${name(el)}`);
    } else if (
      el instanceof HTMLInputElement &&
      ['text', 'search', 'tel', 'url', 'email', ''].includes(el.type)
    ) {
      const text = el.value || el.placeholder;
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      if (textWidth(text, style) > room + 1) problems.push(`field text cut: ${name(el)}`);
    }
    // Outside the viewport: sideways always; below only where the screen must not scroll.
    if (r.right > vw + 1 || r.left < -1) problems.push(`outside the viewport sideways: ${name(el)}`);
    if (
      opts.noScroll &&
      r.bottom > vh + 1 &&
      el.matches('button, a[href], input, select, textarea, [role="button"], h1, h2, h3')
    ) {
      problems.push(`below the fold: ${name(el)}`);
    }
  }

  // Siblings drawn over one another. Absolute and fixed layers are overlays on purpose; inline boxes of text
  // that wraps have bounding boxes spanning both lines, which overlap without anything being hidden.
  const laidOut = (el: Element): boolean => {
    const style = getComputedStyle(el);
    return (
      shown(el) && style.position !== 'absolute' && style.position !== 'fixed' && style.display !== 'inline'
    );
  };
  for (const parent of all) {
    const kids = [...parent.children].filter(laidOut);
    for (let i = 0; i < kids.length; i++) {
      for (let j = i + 1; j < kids.length; j++) {
        const a = kids[i]!.getBoundingClientRect();
        const b = kids[j]!.getBoundingClientRect();
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 2 && h > 2) problems.push(`overlaps its sibling ${name(kids[j]!)}: ${name(kids[i]!)}`);
      }
    }
  }
  if (opts.noScroll && document.scrollingElement && document.scrollingElement.scrollHeight > vh + 1) {
    problems.push(`the page scrolls (${document.scrollingElement.scrollHeight}px in ${vh}px)`);
  }
  return [...new Set(problems)];
}

export const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/**
 * Measures `page` as it is now and saves a screenshot under `dir` as `<name>.png`; returns the problems, each
 * prefixed with the screen's name.
 */
export async function checkLayout(
  page: Page,
  dir: string,
  name: string,
  opts: LayoutCheckOptions = {},
): Promise<string[]> {
  if (keepScreenshots) {
    mkdirSync(dir, { recursive: true });
    await page.screenshot({
      path: join(dir, `${name}.png`),
      fullPage: !opts.noScroll,
      animations: 'disabled',
    });
  }
  // Measured on a settled frame: a resize observer (a chart following its box) has redrawn by then.
  await page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
  const found = await page.evaluate(findProblems, opts);
  return found.map((p) => `${name}: ${p}`);
}
