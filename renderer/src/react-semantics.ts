/**
 * The things React 19 does that the screens rely on and the build's runtime (preact/compat 10, which
 * vite.config.ts puts in place of react and react-dom; docs/ARCHITECTURE.md) does differently, made the same.
 * Each page's entry imports this module before anything else.
 *
 * 1. `ref` is an ordinary prop of a function component (`<PinInput ref={field} />` hands it on to its `<input>`,
 *    so the PIN field has focus when a gate opens). Preact 10 takes `ref` off and points it at the component's
 *    internal instance; here a function component gets it as a prop, as in React 19. Class components (Suspense)
 *    keep theirs.
 * 2. A controlled field always shows its `value` (`checked`) prop once an input event has been handled, even when
 *    the handler leaves the state as it was: a PIN field that drops a letter shows no dot for it. Preact redraws
 *    a field only when its component renders again, so the letter would stay in the field until the next digit.
 *    Here the field is put back to its last rendered value after the event's own render has run.
 * 3. `spellCheck={false}` (a payment code, a device path, an enrolment code) writes spellcheck="false"; compat
 *    would drop the attribute, and Electron's spell checker would underline the code.
 * 4. A render's effects have run before the next input is handled. React runs the effects of an update caused by
 *    a click or a key at once; Preact runs every effect after the next frame is painted. In that frame a key or
 *    a scan met the screen without them: the scanner's pace step not yet listening, a refused PIN's pad cleared
 *    after the next digit was typed, a date field still empty beside its report. Here they run as soon as the
 *    render has committed, before the browser paints or handles anything else.
 */
import { options, type VNode } from 'preact';
// compat's own option hooks first, so the ones below see the props it has normalised (onChange → oninput).
import 'preact/compat';

type Props = Record<string, unknown>;

/** A field's `value` / `checked` props as last drawn, kept on the element itself. */
const RENDERED = Symbol('rendered field props');

type Field = (HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement) & {
  [RENDERED]?: { value: unknown; checked: unknown };
};

const FIELD_TYPES = new Set(['input', 'textarea', 'select']);
const FIELD_EVENTS = /^on(input|change)$/i;

function isFunctionComponent(type: unknown): boolean {
  if (typeof type !== 'function') return false;
  const proto = (type as { prototype?: { render?: unknown } }).prototype;
  return typeof proto?.render !== 'function';
}

function isControlled(props: Props): boolean {
  return props.value != null || props.checked != null;
}

function isField(node: unknown): node is Field {
  return (
    node instanceof HTMLInputElement ||
    node instanceof HTMLTextAreaElement ||
    node instanceof HTMLSelectElement
  );
}

/** After an input event, puts the field back to what its component last drew (React's controlled fields). */
function putBack(field: Field): void {
  const drawn = field[RENDERED];
  if (!drawn) return;
  if (drawn.value != null && field.value !== String(drawn.value)) field.value = String(drawn.value);
  if (
    field instanceof HTMLInputElement &&
    drawn.checked != null &&
    field.checked !== Boolean(drawn.checked)
  ) {
    field.checked = Boolean(drawn.checked);
  }
}

function restoringAfter(handler: (e: Event) => unknown): (e: Event) => unknown {
  return (e) => {
    const field = e.currentTarget;
    const result = handler(e);
    // The handler's state change queued its render as a microtask already; this one runs after that render, so
    // a field whose value changed is left as drawn and one whose state did not is put back.
    if (isField(field)) queueMicrotask(() => putBack(field));
    return result;
  };
}

// Preact's scheduler for its after-paint effects (hooks read `options.requestAnimationFrame` at each render).
options.requestAnimationFrame = (flush) => queueMicrotask(flush);

const previousVNode = options.vnode;
options.vnode = (vnode: VNode<Props>) => {
  previousVNode?.(vnode);
  if (isFunctionComponent(vnode.type)) {
    if (vnode.ref != null) {
      vnode.props.ref = vnode.ref;
      vnode.ref = null;
    }
    return;
  }
  if (typeof vnode.type !== 'string') return;
  if ('spellCheck' in vnode.props) {
    // The DOM property, as React sets it (the attribute name is lower case; false must stay "false").
    vnode.props.spellcheck = vnode.props.spellCheck;
    delete vnode.props.spellCheck;
  }
  if (FIELD_TYPES.has(vnode.type) && isControlled(vnode.props)) {
    for (const name of Object.keys(vnode.props)) {
      const handler = vnode.props[name];
      if (FIELD_EVENTS.test(name) && typeof handler === 'function') {
        vnode.props[name] = restoringAfter(handler as (e: Event) => unknown);
      }
    }
  }
};

const previousDiffed = options.diffed;
options.diffed = (vnode: VNode<Props>) => {
  previousDiffed?.(vnode);
  if (typeof vnode.type !== 'string' || !FIELD_TYPES.has(vnode.type)) return;
  // `__e` is the element a vnode drew: Preact 10's published name for its internal `_dom` (the name compat's own
  // textarea hook and Preact's devtools read). The version is pinned exactly in package.json.
  const dom = (vnode as unknown as { __e?: unknown }).__e;
  if (isField(dom)) dom[RENDERED] = { value: vnode.props.value, checked: vnode.props.checked };
};
