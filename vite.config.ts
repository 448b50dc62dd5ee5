/**
 * Builds the cashier screens (renderer/index.html) and the customer display (renderer/customer.html) into
 * dist/renderer. The same output is served by the
 * Electron shell over app:// and by the hub over HTTP, both with a strict Content-Security-Policy
 * (script-src 'self', no inline code), so the build must never emit inline scripts or data: scripts.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { pageHeadPlugin } from './main/shared/page-head';

/**
 * The screens are written against React's API and typechecked with @types/react, but what ships is Preact's
 * compatibility layer (preact/compat, about 10 KB gzipped against react-dom's 60 KB): the renderer's size goal
 * (≤ 150 KB gzipped, bench/renderer.ts) counts every chunk. Exact matches only, so nothing else that merely
 * starts with "react" is redirected. docs/ARCHITECTURE.md lists what to watch when using a React API.
 */
export const PREACT_COMPAT_ALIASES = [
  { find: /^react$/, replacement: 'preact/compat' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/compat/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/compat/jsx-dev-runtime' },
];

const rendererRoot = fileURLToPath(new URL('./renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));

export default defineConfig(({ mode }) => ({
  root: rendererRoot,
  // Relative asset URLs: the page loads from app://pos/ in Electron and from http://host:port/ in hub mode.
  base: './',
  // The pages' referrer and CSP meta tags come from the one policy in main/shared/csp.ts.
  // The React plugin only compiles JSX here (automatic runtime, `react/jsx-runtime`, redirected below); the
  // renderer is always built, never served by Vite's dev server, so its Fast Refresh never runs.
  plugins: [react(), pageHeadPlugin()],
  resolve: { alias: PREACT_COMPAT_ALIASES },
  // Keep our own .env files out of the bundle: nothing in the renderer may read build-time secrets.
  envDir: false,
  publicDir: false,
  build: {
    outDir,
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: mode !== 'production',
    // The polyfill would be bundled, not inlined, but Chromium/Electron support modulepreload natively.
    modulePreload: { polyfill: false },
    // Inlined assets become data: URIs; only images may be data: under the CSP (img-src 'self' data:), so
    // fonts, audio and anything else must stay files.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    // Two pages: the cashier's screens and the customer-facing display (a small entry of its own).
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('./renderer/index.html', import.meta.url)),
        customer: fileURLToPath(new URL('./renderer/customer.html', import.meta.url)),
      },
    },
  },
  server: { host: '127.0.0.1', strictPort: false },
}));
