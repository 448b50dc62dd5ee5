import { bilingual, type Bilingual } from '../shared/bilingual';

/** Everything a scanner source can tell the cashier, in one place so wording stays consistent. */
export const scannerMessages = {
  connected: (what: string): Bilingual => bilingual(`Scanner ready (${what}).`, `扫描枪已连接（${what}）。`),
  notFound: (what: string): Bilingual =>
    bilingual(
      `Scanner not found (${what}). Check the cable; it reconnects by itself once plugged in.`,
      `未找到扫描枪（${what}）。请检查连接线，插好后会自动重新连接。`,
    ),
  unplugged: (what: string): Bilingual =>
    bilingual(
      `Scanner unplugged (${what}). Plug it back in; it reconnects by itself.`,
      `扫描枪已断开（${what}）。请重新插好，会自动重新连接。`,
    ),
  permissionDenied: (what: string): Bilingual =>
    bilingual(
      `No permission to open the scanner (${what}). Ask the manager to give this user access to the device (on Linux: the "dialout" group or a udev rule).`,
      `没有权限打开扫描枪（${what}）。请联系店长为当前用户开通设备权限（Linux：加入 dialout 组或添加 udev 规则）。`,
    ),
  busy: (what: string): Bilingual =>
    bilingual(
      `The scanner (${what}) is in use by another program. Close the other program; it reconnects by itself.`,
      `扫描枪（${what}）被其他程序占用。请关闭该程序，会自动重新连接。`,
    ),
  openFailed: (what: string, detail: string): Bilingual =>
    bilingual(`Cannot open the scanner (${what}): ${detail}`, `无法打开扫描枪（${what}）：${detail}`),
  listFailed: (detail: string): Bilingual =>
    bilingual(
      `Cannot list the serial ports (${detail}). On Linux the "udev" package provides udevadm. Choose the port by its path instead, or install udev.`,
      `无法列出串口（${detail}）。Linux 需要 udev 软件包提供 udevadm。可改为按路径选择串口，或安装 udev。`,
    ),
  driverMissing: (what: string, detail: string): Bilingual =>
    bilingual(
      `${what} support is not available on this computer (${detail}). Use a keyboard-wedge or serial scanner, or install the system library.`,
      `此电脑不支持${what}（${detail}）。请改用键盘模式或串口模式扫描枪，或安装相应系统库。`,
    ),
  readFailed: (what: string, detail: string): Bilingual =>
    bilingual(
      `Scanner read error (${what}): ${detail}. Reconnecting…`,
      `扫描枪读取出错（${what}）：${detail}。正在重新连接…`,
    ),
  wedge: (): Bilingual =>
    bilingual(
      'Keyboard-mode scanner: scans are detected in the POS window.',
      '键盘模式扫描枪：在收银窗口中识别扫描。',
    ),
  none: (): Bilingual => bilingual('No scanner configured.', '未配置扫描枪。'),
  stopped: (): Bilingual => bilingual('Scanner stopped.', '扫描枪已停止。'),
} as const;

/** Error text for a status line: the message only, never a stack or an object dump. */
export function errorDetail(err: unknown): string {
  if (err instanceof Error) return err.message.slice(0, 200);
  return String(err).slice(0, 200);
}
