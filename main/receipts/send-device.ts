/**
 * Raw ESC/POS to a printer device file (Linux usblp: /dev/usb/lp0). Opened non-blocking and without
 * creating or truncating anything, and refused unless it is a character device or FIFO: a mistyped path
 * must never overwrite an ordinary file. A full printer buffer (EAGAIN) is retried until the deadline.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { errorCode, portError, printerError, printerMessages, type SendResult } from './printer-errors';

/** Retry interval while the printer's buffer is full: about one short receipt line's print time. */
const RETRY_MS = 20;

const OPEN_FLAGS = constants.O_WRONLY | (constants.O_NOCTTY ?? 0) | (constants.O_NONBLOCK ?? 0);

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function sendDevice(path: string, bytes: Uint8Array, timeoutMs: number): Promise<SendResult> {
  const deadline = Date.now() + timeoutMs;
  let fh: FileHandle | null = null;
  try {
    fh = await open(path, OPEN_FLAGS);
    const st = await fh.stat();
    if (!st.isCharacterDevice() && !st.isFIFO()) {
      return printerError('PRINTER_NOT_A_DEVICE', printerMessages.notADevice(path));
    }
    let offset = 0;
    while (offset < bytes.length) {
      let written = 0;
      try {
        written = (await fh.write(bytes, offset, bytes.length - offset)).bytesWritten;
      } catch (err) {
        if (errorCode(err) !== 'EAGAIN') throw err;
      }
      offset += written;
      if (written === 0) {
        if (Date.now() >= deadline) {
          return printerError('PRINTER_TIMEOUT', printerMessages.timeout(path, timeoutMs));
        }
        await wait(RETRY_MS);
      }
    }
    return { ok: true };
  } catch (err) {
    return portError(errorCode(err), path);
  } finally {
    await fh?.close().catch(() => undefined);
  }
}
