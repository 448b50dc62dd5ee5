/**
 * The customer display's window: frameless and full screen on the customer's screen (kiosk-style), never
 * focusable (the cashier's window keeps the keyboard and the scanner's keystrokes), with the same renderer
 * settings as the main window and a preload that offers only the display feed. Follows hot-plug: it opens
 * when the chosen screen appears, moves when screens change, and closes when the screen goes or the
 * setting is turned off.
 */
import { BrowserWindow, screen, type Display, type Rectangle } from 'electron';
import { chooseCustomerScreen, type CustomerScreenSettings } from '../customer-display/choose-screen';
import { APP_ORIGIN } from './channels';
import { CUSTOMER_PAGE } from './customer-ipc';
import { secureWebPreferences } from './web-preferences';

export const CUSTOMER_START_URL = `${APP_ORIGIN}${CUSTOMER_PAGE}`;

export interface CustomerWindowOptions {
  preloadPath: string;
  devTools: boolean;
  settings: () => CustomerScreenSettings;
  /** Open on the cashier's screen when it is the only one (OMIPAY_POS_CUSTOMER_DISPLAY=same). */
  allowCashierScreen: boolean;
  /** Counts the window as a connected customer display while its page is loaded. */
  connect: () => () => void;
}

export interface ScreenOption {
  id: number;
  label: string;
  primary: boolean;
}

/** The screens as the settings panel lists them. */
export function listScreens(): ScreenOption[] {
  const primaryId = screen.getPrimaryDisplay().id;
  return screen.getAllDisplays().map((d, i) => ({
    id: d.id,
    label: d.label || `Screen ${i + 1} (${d.size.width}×${d.size.height})`,
    primary: d.id === primaryId,
  }));
}

export class CustomerWindow {
  private win: BrowserWindow | null = null;
  private disconnect: (() => void) | null = null;
  private readonly onScreensChanged = (): void => this.update();

  constructor(private readonly options: CustomerWindowOptions) {
    screen.on('display-added', this.onScreensChanged);
    screen.on('display-removed', this.onScreensChanged);
    screen.on('display-metrics-changed', this.onScreensChanged);
  }

  window(): BrowserWindow | null {
    return this.win !== null && !this.win.isDestroyed() ? this.win : null;
  }

  /** Opens, moves or closes the window for the screens and settings as they are now. */
  update(): void {
    const primaryId = screen.getPrimaryDisplay().id;
    const screens = screen
      .getAllDisplays()
      .map((d) => ({ id: d.id, primary: d.id === primaryId, display: d }));
    const target = chooseCustomerScreen(screens, this.options.settings(), this.options.allowCashierScreen);
    if (target === null) return this.close();
    const win = this.window();
    if (win === null) return void (this.win = this.open(target.display));
    const bounds = win.getBounds();
    const want = boundsOn(target.display, target.primary);
    if (
      bounds.x !== want.x ||
      bounds.y !== want.y ||
      bounds.width !== want.width ||
      bounds.height !== want.height
    ) {
      win.setFullScreen(false);
      win.setBounds(want);
      win.setFullScreen(!target.primary);
    }
  }

  close(): void {
    const win = this.window();
    this.win = null;
    this.markGone();
    if (win !== null) win.destroy();
  }

  dispose(): void {
    screen.off('display-added', this.onScreensChanged);
    screen.off('display-removed', this.onScreensChanged);
    screen.off('display-metrics-changed', this.onScreensChanged);
    this.close();
  }

  private open(display: Display): BrowserWindow {
    const onCashierScreen = display.id === screen.getPrimaryDisplay().id;
    const win = new BrowserWindow({
      ...boundsOn(display, onCashierScreen),
      show: false,
      frame: false,
      // On the cashier's own screen (demo/test only) it stays a window, so the cashier's window stays usable.
      fullscreen: !onCashierScreen,
      focusable: false,
      skipTaskbar: true,
      autoHideMenuBar: true,
      backgroundColor: '#f6f7f9',
      title: 'Omipay POS · Customer display',
      webPreferences: secureWebPreferences(this.options.preloadPath, this.options.devTools),
    });
    win.once('ready-to-show', () => win.showInactive());
    win.webContents.on('did-finish-load', () => {
      this.markGone();
      this.disconnect = this.options.connect();
    });
    win.webContents.on('render-process-gone', (_event, details) => {
      this.markGone();
      if (details.reason !== 'clean-exit' && !win.isDestroyed()) void win.loadURL(CUSTOMER_START_URL);
    });
    win.on('closed', () => {
      if (this.win === win) this.win = null;
      this.markGone();
    });
    void win.loadURL(CUSTOMER_START_URL);
    return win;
  }

  private markGone(): void {
    this.disconnect?.();
    this.disconnect = null;
  }
}

/** The whole customer screen; on the cashier's own screen (demo/test) a 10″-sized window in its corner. */
function boundsOn(display: Display, cashierScreen: boolean): Rectangle {
  const area = display.bounds;
  if (!cashierScreen) return area;
  const width = Math.min(1280, Math.round(area.width / 2));
  const height = Math.round((width * 10) / 16);
  return { x: area.x + area.width - width, y: area.y, width, height };
}
