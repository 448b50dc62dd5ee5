/**
 * The renderer's only door to the POS core. In Electron the preload script puts a PosApi on `window.pos`; in a
 * browser opened on the hub, a WebSocket client provides the same PosApi. Screens call getPosApi() and never
 * know which one they got.
 */
import type { PosApi } from '../../../preload/api';
import { createHubClient, hubSocketUrl, type HubClient, type HubConnectionState } from './hub-client';

export type { HubConnectionState } from './hub-client';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in a browser. */
    pos?: PosApi;
  }
}

const TOKEN_KEY = 'omipay-pos.pairing-token';
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

let api: PosApi | null = null;
let hubClient: HubClient | null = null;

export function getPosApi(): PosApi {
  if (api !== null) return api;
  if (window.pos !== undefined) {
    api = window.pos;
    return api;
  }
  hubClient = createHubClient({ url: hubSocketUrl(window.location, readPairingToken()) });
  api = hubClient.api;
  return api;
}

/**
 * In the Electron window the core knows the screen is its own; a browser (hub mode) has to prove it is at the
 * terminal with the setup code the POS showed at start.
 */
export function isOwnWindow(): boolean {
  return window.pos !== undefined;
}

/** 'open' in Electron; in a browser, the state of the hub socket. */
export function getConnectionState(): HubConnectionState {
  getPosApi();
  return hubClient?.state() ?? 'open';
}

/**
 * Follows the link to the POS core. In a browser, after a drop and a later 'open', events may have been missed:
 * reload the snapshot then. In Electron the link never drops and the listener is never called.
 */
export function onConnectionChange(listener: (state: HubConnectionState) => void): () => void {
  getPosApi();
  return hubClient?.onConnectionChange(listener) ?? (() => undefined);
}

/**
 * The hub's pairing token: from the page address (`?token=`, as printed on the hub's console), remembered for
 * this tab so the socket can reconnect after the address bar was edited.
 */
export function readPairingToken(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl !== null && TOKEN_PATTERN.test(fromUrl)) {
    try {
      window.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage may be disabled; the token from the address still works for this page.
    }
    return fromUrl;
  }
  try {
    const stored = window.sessionStorage.getItem(TOKEN_KEY);
    return stored !== null && TOKEN_PATTERN.test(stored) ? stored : null;
  } catch {
    return null;
  }
}
