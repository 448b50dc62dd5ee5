/**
 * Raw ESC/POS to a network printer (port 9100): connect, write, half-close, wait for the printer to close.
 * Printers may talk back (automatic status), so incoming bytes are read and dropped: unread data would turn
 * our close into a reset that can cut the receipt short.
 */
import { connect } from 'node:net';
import { printerError, printerMessages, type SendResult } from './printer-errors';

/** After all bytes are written, how long to wait for the printer to close its side before we close ours. */
const CLOSE_GRACE_MS = 2_000;

function where(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export function sendTcp(
  host: string,
  port: number,
  bytes: Uint8Array,
  timeoutMs: number,
): Promise<SendResult> {
  const at = where(host, port);
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    let connected = false;
    let flushed = false;
    let grace: NodeJS.Timeout | null = null;
    const socket = connect({ host, port });

    const done = (result: SendResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (grace) clearTimeout(grace);
      socket.destroy();
      resolve(result);
    };

    const timer = setTimeout(() => {
      if (!connected) done(printerError('PRINTER_UNREACHABLE', printerMessages.unreachable(at, timeoutMs)));
      else if (!flushed) done(printerError('PRINTER_TIMEOUT', printerMessages.timeout(at, timeoutMs)));
      else done({ ok: true });
    }, timeoutMs);

    socket.on('data', () => undefined);
    socket.once('connect', () => {
      connected = true;
      socket.setNoDelay(true);
      socket.end(bytes);
    });
    socket.once('finish', () => {
      flushed = true;
      grace = setTimeout(() => done({ ok: true }), CLOSE_GRACE_MS);
    });
    socket.once('close', () => {
      if (flushed) done({ ok: true });
      else done(printerError('PRINTER_DISCONNECTED', printerMessages.disconnected(at)));
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      switch (err.code) {
        case 'ECONNREFUSED':
          done(printerError('PRINTER_REFUSED', printerMessages.refused(at)));
          return;
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
        case 'EAI_NONAME':
          done(printerError('PRINTER_HOST_NOT_FOUND', printerMessages.hostNotFound(host)));
          return;
        case 'EHOSTUNREACH':
        case 'ENETUNREACH':
        case 'EHOSTDOWN':
        case 'ENETDOWN':
        case 'ETIMEDOUT':
          done(printerError('PRINTER_UNREACHABLE', printerMessages.unreachable(at)));
          return;
        default:
          done(
            connected
              ? printerError('PRINTER_DISCONNECTED', printerMessages.disconnected(at))
              : printerError('PRINTER_UNREACHABLE', printerMessages.unreachable(at)),
          );
      }
    });
  });
}
