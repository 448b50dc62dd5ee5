/**
 * The customer page's only input: the display state. In Electron the customer window's preload puts a
 * read-only feed on `window.customerDisplay`; in a browser the page reads the hub's /customer/feed socket
 * (pairing token from the address, as for the cashier's page) and reconnects after a drop. There is no way
 * to send anything: the socket is read-only at the hub, and this client never writes to it.
 */
import {
  CUSTOMER_BOOT_ID,
  CUSTOMER_SOCKET_PATH,
  type CustomerDisplayFeed,
  type CustomerDisplayState,
} from '../../../preload/customer-display';
import { readPairingToken } from '../bridge';

declare global {
  interface Window {
    /** Set by the customer window's preload in Electron; absent in a browser. */
    customerDisplay?: CustomerDisplayFeed;
  }
}

export type FeedLink = 'connecting' | 'open';

export function readBootState(doc: Document = document): CustomerDisplayState | null {
  const text = doc.getElementById(CUSTOMER_BOOT_ID)?.textContent;
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<CustomerDisplayState> | null;
    return value && typeof value.screen === 'string' && value.title ? (value as CustomerDisplayState) : null;
  } catch {
    return null;
  }
}

export function subscribeDisplay(
  onState: (state: CustomerDisplayState) => void,
  onLink: (link: FeedLink) => void,
): () => void {
  if (window.customerDisplay !== undefined) {
    onLink('open');
    return window.customerDisplay.onState(onState);
  }
  const token = readPairingToken();
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  const url = `${scheme}//${window.location.host}${CUSTOMER_SOCKET_PATH}${query}`;
  let ws: WebSocket | null = null;
  let stopped = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const connect = (): void => {
    timer = null;
    ws = new WebSocket(url);
    ws.onopen = () => {
      failures = 0;
      onLink('open');
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data !== 'string') return;
      try {
        const frame = JSON.parse(ev.data) as { display?: CustomerDisplayState };
        if (frame.display && typeof frame.display.screen === 'string') onState(frame.display);
      } catch {
        /* not ours: ignore */
      }
    };
    ws.onclose = () => {
      ws = null;
      if (stopped) return;
      onLink('connecting');
      const delay = Math.min(5_000, 250 * 2 ** Math.min(failures, 5));
      failures += 1;
      timer = setTimeout(connect, delay);
    };
  };
  connect();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    ws?.close(1000, 'page closing');
  };
}
