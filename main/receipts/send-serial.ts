/**
 * Raw ESC/POS to a serial (or USB virtual COM) printer: open, write, drain, close; each step bounded by one
 * deadline. The port is opened per receipt and closed after, so a printer unplugged between receipts is
 * simply found again next time.
 */
import type { SerialPort as SerialPortClass } from 'serialport';
import { errorCode, portError, printerError, printerMessages, type SendResult } from './printer-errors';

/** Loaded on first use, so a broken native binding is an error result, not a crash at start-up. */
async function loadSerialPort(): Promise<typeof SerialPortClass | null> {
  try {
    return (await import('serialport')).SerialPort;
  } catch {
    return null;
  }
}

function step(run: (cb: (err: Error | null | undefined) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => run((err) => (err ? reject(err) : resolve())));
}

export async function sendSerial(
  path: string,
  baudRate: number,
  bytes: Uint8Array,
  timeoutMs: number,
): Promise<SendResult> {
  const SerialPort = await loadSerialPort();
  if (!SerialPort) return printerError('PRINTER_DRIVER', printerMessages.driver());
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  // Every failure is reported through `work`; the port's own error events carry nothing more.
  port.on('error', () => undefined);
  let opened = false;
  const work = (async (): Promise<SendResult> => {
    await step((cb) => port.open(cb));
    opened = true;
    await step((cb) => port.write(Buffer.from(bytes), cb));
    await step((cb) => port.drain(cb));
    return { ok: true };
  })().catch((err: unknown) => portError(errorCode(err), path));
  // Whatever happens, and even when the open completes after the deadline, the port ends up closed.
  const closed = work.then(() => closePort(port));

  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const result = await Promise.race([work, deadline]);
  clearTimeout(timer);
  if (result !== 'timeout') {
    await closed;
    return result;
  }
  // A printer that is off, out of paper or holding CTS low stops taking bytes: drop what is queued and
  // close, which also ends the pending write.
  if (port.isOpen) {
    port.flush(() => undefined);
    await closePort(port);
  }
  return opened
    ? printerError('PRINTER_TIMEOUT', printerMessages.timeout(path, timeoutMs))
    : printerError('PRINTER_UNREACHABLE', printerMessages.unreachable(path, timeoutMs));
}

/** Closing a port stuck mid-write can itself hang on some drivers: never let it hold the caller long. */
function closePort(port: SerialPortClass): Promise<void> {
  if (!port.isOpen) return Promise.resolve();
  const grace = new Promise<void>((resolve) => setTimeout(resolve, 1_000).unref());
  return Promise.race([step((cb) => port.close(cb)).catch(() => undefined), grace]);
}
