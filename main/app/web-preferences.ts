import type { WebPreferences } from 'electron';

/**
 * The one set of renderer settings every POS window gets, the customer display's included: sandboxed,
 * context-isolated, no Node, no webviews, no middle-click (auxclick) navigation, nothing dropped in navigates. Only
 * the preload differs.
 */
export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    // A middle click never opens a link in a new window (Electronegativity's AUXCLICK_JS_CHECK).
    disableBlinkFeatures: 'Auxclick',
    devTools,
  };
}
