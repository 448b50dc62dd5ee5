import { BrowserWindow } from 'electron';
import { APP_START_URL } from './channels';
import { secureWebPreferences } from './web-preferences';

export interface WindowOptions {
  preloadPath: string;
  kiosk: boolean;
  fullscreen: boolean;
  devTools: boolean;
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    title: 'Omipay POS',
    autoHideMenuBar: true,
    kiosk: options.kiosk,
    fullscreen: options.fullscreen || options.kiosk,
    webPreferences: secureWebPreferences(options.preloadPath, options.devTools),
  });
  win.once('ready-to-show', () => win.show());
  // A crashed or killed renderer must not leave the counter with a blank window: load the page again.
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit' && !win.isDestroyed()) void win.loadURL(APP_START_URL);
  });
  void win.loadURL(APP_START_URL);
  return win;
}
