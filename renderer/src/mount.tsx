// First: the build runs on preact/compat; this makes the few React 19 behaviours the screens rely on hold. Each
// page's entry imports this module before its app, so the runtime is set up before any component is defined.
import './react-semantics';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

/** Draws a page's app into its root element (each page's HTML names one). */
export function mount(page: string, rootId: string, app: ReactNode): void {
  const container = document.getElementById(rootId);
  if (!container) throw new Error(`renderer/${page} has no #${rootId} element`);
  createRoot(container).render(<StrictMode>{app}</StrictMode>);
}
