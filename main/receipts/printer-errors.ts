/**
 * What a cashier reads when a receipt does not print, in English and 简体中文, and the stable code behind it.
 * Messages name the printer's address or port (never anything secret) and say what to check.
 */
import type { Bilingual } from '../shared/bilingual';

export type PrinterErrorCode =
  | 'PRINTER_CONFIG_INVALID'
  | 'PRINTER_NOT_ESCPOS'
  | 'PRINTER_UNREACHABLE'
  | 'PRINTER_REFUSED'
  | 'PRINTER_HOST_NOT_FOUND'
  | 'PRINTER_TIMEOUT'
  | 'PRINTER_DISCONNECTED'
  | 'PRINTER_NOT_FOUND'
  | 'PRINTER_PERMISSION'
  | 'PRINTER_BUSY'
  | 'PRINTER_NOT_A_DEVICE'
  | 'PRINTER_DRIVER'
  | 'PRINTER_IO';

export type SendResult = { ok: true } | { ok: false; code: PrinterErrorCode; message: Bilingual };

export function printerError(code: PrinterErrorCode, message: Bilingual): SendResult {
  return { ok: false, code, message };
}

const seconds = (ms: number): string => String(Math.max(1, Math.round(ms / 1000)));

export const printerMessages = {
  invalidConfig: (reason: string): Bilingual => ({
    en: `The printer settings are not valid: ${reason}. Fix them in Settings.`,
    zh: `打印机设置无效：${reason}。请在设置中修改。`,
  }),
  notEscPos: (): Bilingual => ({
    en: 'This printer is not an ESC/POS thermal printer: print through the system printer or PDF.',
    zh: '此打印机不是 ESC/POS 热敏打印机，请使用系统打印或 PDF。',
  }),
  refused: (where: string): Bilingual => ({
    en: `The printer at ${where} refused the connection. Check that it is switched on and that the port is right (usually 9100).`,
    zh: `打印机 ${where} 拒绝连接。请检查打印机是否开机，端口是否正确（通常为 9100）。`,
  }),
  unreachable: (where: string, ms?: number): Bilingual => ({
    en:
      ms === undefined
        ? `The printer at ${where} cannot be reached. Check its network cable or Wi-Fi and its IP address.`
        : `The printer at ${where} did not answer within ${seconds(ms)} s. Check that it is on, its network cable or Wi-Fi, and its IP address.`,
    zh:
      ms === undefined
        ? `无法连接打印机 ${where}。请检查网线或 Wi-Fi 以及打印机 IP 地址。`
        : `打印机 ${where} 在 ${seconds(ms)} 秒内没有响应。请检查打印机是否开机、网线或 Wi-Fi 以及 IP 地址。`,
  }),
  hostNotFound: (host: string): Bilingual => ({
    en: `No printer named "${host}" was found on the network. Enter its IP address instead.`,
    zh: `网络上找不到名为“${host}”的打印机，请改为输入其 IP 地址。`,
  }),
  timeout: (where: string, ms: number): Bilingual => ({
    en: `The printer at ${where} did not take the receipt within ${seconds(ms)} s. Check that it is on, has paper and its cover is closed, then print again.`,
    zh: `打印机 ${where} 在 ${seconds(ms)} 秒内未接收小票。请检查打印机是否开机、有纸、纸仓盖已合上，然后重新打印。`,
  }),
  disconnected: (where: string): Bilingual => ({
    en: `The connection to the printer at ${where} dropped while printing. Check the receipt and print it again if it is incomplete.`,
    zh: `打印过程中与打印机 ${where} 的连接中断。请检查小票，如不完整请重新打印。`,
  }),
  notFound: (path: string): Bilingual => ({
    en: `No printer at ${path}. Check that it is plugged in and switched on, and the port in Settings.`,
    zh: `${path} 上没有打印机。请检查打印机是否已连接并开机，以及设置中的端口。`,
  }),
  permission: (path: string): Bilingual => ({
    en: `This computer user may not use ${path}. On Linux add the user to the "dialout" (serial) or "lp" (USB) group.`,
    zh: `当前电脑用户无权使用 ${path}。在 Linux 上请将该用户加入 "dialout"（串口）或 "lp"（USB）用户组。`,
  }),
  busy: (path: string): Bilingual => ({
    en: `${path} is in use by another program. Close it and print again.`,
    zh: `${path} 正被其他程序占用。请关闭该程序后重新打印。`,
  }),
  notADevice: (path: string): Bilingual => ({
    en: `${path} is not a printer port (it is a file or a folder). Check the path in Settings.`,
    zh: `${path} 不是打印机端口（是普通文件或文件夹）。请检查设置中的路径。`,
  }),
  driver: (): Bilingual => ({
    en: 'The serial port driver could not be loaded on this computer. Use a network or USB printer, or reinstall the app.',
    zh: '本机无法加载串口驱动。请改用网络或 USB 打印机，或重新安装本程序。',
  }),
  io: (where: string, code: string): Bilingual => ({
    en: `Printing to ${where} failed (${code}). Check the printer and print again.`,
    zh: `向打印机 ${where} 打印失败（${code}）。请检查打印机后重新打印。`,
  }),
};

/** An error's code (ECONNREFUSED …) or, for libraries that only put it in the text, the code found there. */
export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code) return code;
  const text = err instanceof Error ? err.message : String(err);
  const match = /\b(ENOENT|ENODEV|ENXIO|EACCES|EPERM|EBUSY|EISDIR|EAGAIN|EIO)\b/.exec(text);
  if (match?.[1]) return match[1];
  if (/No such file|cannot find|not found/i.test(text)) return 'ENOENT';
  if (/Permission denied|Access denied/i.test(text)) return 'EACCES';
  if (/Cannot lock|Resource busy|in use/i.test(text)) return 'EBUSY';
  return 'EIO';
}

/** Errors that are about the port or device itself, common to serial and device files. */
export function portError(code: string, path: string): SendResult {
  switch (code) {
    case 'ENOENT':
    case 'ENODEV':
    case 'ENXIO':
      return printerError('PRINTER_NOT_FOUND', printerMessages.notFound(path));
    case 'EACCES':
    case 'EPERM':
      return printerError('PRINTER_PERMISSION', printerMessages.permission(path));
    case 'EBUSY':
      return printerError('PRINTER_BUSY', printerMessages.busy(path));
    case 'EISDIR':
      return printerError('PRINTER_NOT_A_DEVICE', printerMessages.notADevice(path));
    default:
      return printerError('PRINTER_IO', printerMessages.io(path, code));
  }
}
