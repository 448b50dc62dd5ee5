/**
 * The Electron shell's main process: the POS core (startPosRuntime) behind one hardened window. Only this
 * directory and preload/ import electron; the core is the same plain-Node code the hub runs.
 *
 * Settings: OMIPAY_POS_DATA_DIR (default: Electron's userData directory), --kiosk / OMIPAY_POS_KIOSK=1,
 * --fullscreen / OMIPAY_POS_FULLSCREEN=1, LOG_LEVEL. The customer display opens on a second screen when one is
 * connected (settings choose which); OMIPAY_POS_CUSTOMER_DISPLAY=same also opens it on the cashier's only screen. Merchant credentials as for the core (OMIPAY_M_NUMBER, …);
 * the secret key entered in settings is stored with safeStorage (see ./secret-store).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, Menu, type BrowserWindow } from 'electron';
import pino from 'pino';
import { startPosRuntime, type PosRuntime } from '../runtime';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { hardenSessions, hardenWebContents } from './security';
import { registerPosIpc, type PosIpc } from './ipc';
import { createSafeStorageSecretStore } from './secret-store';
import { createMainWindow } from './window';
import { registerCustomerDisplayIpc, type CustomerIpc } from './customer-ipc';
import { CustomerWindow, listScreens } from './customer-window';

const here = dirname(fileURLToPath(import.meta.url));
const PRELOAD_PATH = join(here, '../preload/index.cjs');
const CUSTOMER_PRELOAD_PATH = join(here, '../preload/customer.cjs');
const RENDERER_DIR = join(here, '../renderer');

const log = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  redact: ['secretKey', '*.secretKey', 'pin', '*.pin'],
});

function flag(name: string): boolean {
  const env = process.env[`OMIPAY_POS_${name.toUpperCase()}`];
  return process.argv.includes(`--${name}`) || env === '1' || env === 'true';
}

// Before 'ready': one fixed name and data directory however the app was launched (packaged, or `electron
// dist/main/index.js` from the repository), every renderer sandboxed, and app:// known as a secure standard scheme.
app.setName('Omipay POS');
app.setPath('userData', join(app.getPath('appData'), 'Omipay POS'));
app.enableSandbox();
registerAppScheme();
hardenWebContents();

if (!app.requestSingleInstanceLock()) {
  // Two POS windows on one journal and one scanner would fight: the second launch just focuses the first.
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  let runtime: PosRuntime | null = null;
  let ipc: PosIpc | null = null;
  let customerIpc: CustomerIpc | null = null;
  let customerWindow: CustomerWindow | null = null;
  let quitting = false;

  app.on('second-instance', () => {
    if (mainWindow === null || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => app.quit());

  app.on('before-quit', (event) => {
    if (quitting || runtime === null) return;
    // Let the core finish journal writes and close SQLite before the process goes.
    event.preventDefault();
    quitting = true;
    ipc?.dispose();
    customerIpc?.dispose();
    customerWindow?.dispose();
    const closing = runtime.close();
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, 10_000));
    void Promise.race([closing, deadline])
      .catch((err: unknown) =>
        log.error({ err: err instanceof Error ? err.message : String(err) }, 'core close failed'),
      )
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(async () => {
      hardenSessions();
      handleAppProtocol(RENDERER_DIR);
      Menu.setApplicationMenu(
        process.platform === 'darwin'
          ? Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }])
          : null,
      );

      const dataDir = process.env.OMIPAY_POS_DATA_DIR || app.getPath('userData');
      const secretStore = createSafeStorageSecretStore(dataDir, log);
      runtime = await startPosRuntime({ dataDir, env: process.env, secretStore, log, displays: listScreens });
      log.info({ mode: runtime.mode }, 'POS started');

      const started = runtime;
      ipc = registerPosIpc(
        runtime.api,
        () => (mainWindow === null ? [] : [mainWindow]),
        log,
        () => started.setupCode(),
      );
      mainWindow = createMainWindow({
        preloadPath: PRELOAD_PATH,
        kiosk: flag('kiosk'),
        fullscreen: flag('fullscreen'),
        devTools: !app.isPackaged,
      });
      // The customer window does not keep the app open: closing the cashier's window quits.
      mainWindow.on('closed', () => app.quit());

      const core = runtime;
      customerWindow = new CustomerWindow({
        preloadPath: CUSTOMER_PRELOAD_PATH,
        devTools: !app.isPackaged,
        settings: () => core.config.customerDisplay,
        allowCashierScreen: process.env.OMIPAY_POS_CUSTOMER_DISPLAY === 'same',
        connect: () => core.customerDisplay.connect(),
      });
      const windowOfCustomer = customerWindow;
      customerIpc = registerCustomerDisplayIpc(core.customerDisplay, () => windowOfCustomer.window(), log);
      // Settings saved (switch, screen): open, move or close the window accordingly.
      core.customerDisplay.onStatus(() => windowOfCustomer.update());
      windowOfCustomer.update();
    })
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      log.fatal({ err: message }, 'POS could not start');
      dialog.showErrorBox('Omipay POS could not start / Omipay POS 无法启动', message);
      app.exit(1);
    });
}
