/**
 * Assembles the POS core from a data directory: config, journal, gateway (live or embedded sandbox), engines,
 * scanner, settings and PosService. Both shells (Electron main and the hub) start exactly this; so do the e2e
 * tests and the crash tests.
 */
import pino, { type Logger } from 'pino';
import type { PosApi, ScannerStatus } from '../preload/api';
import type { StatusEvent } from './scanner/types';
import type { ScannerConfig } from './scanner/scanner-config';
import {
  chooseGateway,
  ensureDataDir,
  envGateway,
  fileSecretStore,
  loadConfig,
  type GatewayChoice,
  type TerminalConfig,
} from './config/config';
import { SettingsService, measureClockSkew, type SecretStore } from './config/settings-service';
import {
  AUSTRALIAN_ZONES,
  PROPOSED_SHOP_ZONE,
  configuredTimeZone,
  machineTimeZone,
  needsShopZone,
  zoneRuleRegion,
} from './config/shop-zone';
import { isValidTimeZone } from './shared/business-date';
import { msg } from './payments/messages';
import { openJournal } from './journal/journal';
import type { Journal } from './journal/types';
import { formatCents } from './shared/money';
import { NotificationVerifier, NOTIFICATION_REPLY, OmipayClient } from './omipay';
import { DEFAULT_MERCHANT, startSandbox, type SandboxHandle, type SandboxOptions } from './sandbox';
import { ManagerAuth } from './payments/manager-auth';
import { SaleEngine } from './payments/sale-engine';
import { RefundEngine } from './payments/refund-engine';
import { PosService, type ReceiptPort } from './payments/pos-service';
import { adaptiveSchedule, chooseForegroundPlan } from './payments/poll-schedule';
import { SwitchableGateway } from './payments/switchable-gateway';
import type { PaymentGateway } from './payments/gateway';
import { ScannerService, parseScannerConfig } from './scanner/scanner-service';
import { createReceiptPort } from './receipts/receipt-port';
import { printerConfigSchema } from './receipts/printer-config';
import { CustomerDisplay } from './customer-display/feed';
import { withCustomerDisplayStatus } from './customer-display/with-status';
import { startTerminalApi, type TerminalApiHandle } from './terminal-api';
import { StoreLink, type StoreLinkDeps } from './store-link/store-link';
import { RemoteRefunds } from './store-link/remote-refunds';
import { readEnrolment, sandboxGatewayUrl } from './store-link/enrolment';

export interface PosRuntimeOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  sandbox?: SandboxOptions;
  /** Scanner config override (else config.json's "scanner"). */
  scanner?: unknown;
  /** Public URL of the notification receiver, when the terminal is reachable from Omipay. */
  notifyUrl?: string;
  /** Where the secret key is kept (the Electron shell passes its safeStorage store); default a 0600 file. */
  secretStore?: SecretStore;
  /** Printing (main/receipts), when the shell provides it. */
  receipts?: (config: () => TerminalConfig) => ReceiptPort;
  log?: Logger;
  /** Faster timings for tests and benchmarks; production uses the config's values. */
  tuning?: {
    maxWaitMs?: number;
    pollScale?: number;
    backgroundFirstMs?: number;
    callTimeoutMs?: number;
    /** How long the Settings screen's scanner test may run (default two minutes). */
    scannerTestMaxMs?: number;
    /** The scanner's duplicate window (default 2 s); tests widen it so "within the window" is not a race. */
    scanDedupeMs?: number;
  };
  /** Instrumentation seam for crash tests and benchmarks: wraps the gateway the engines call. */
  wrapGateway?: (gateway: PaymentGateway) => PaymentGateway;
  /** The screens the shell can show the customer display on (the Electron shell passes its screens). */
  displays?: () => Array<{ id: number; label: string; primary: boolean }>;
  /** Start the Terminal API whatever config.json says (tests, `npm run hub -- --terminal-api`); port 0 = any. */
  terminalApi?: { host?: string; port?: number; rate?: { burst: number; perSecond: number } };
  /** Faster store-link timings for tests (docs/store-server.md); production uses the defaults. */
  storeLink?: Pick<StoreLinkDeps, 'timing'>;
  /** The machine's time zone (default: what the runtime's Intl says); tests pose as a UTC machine with it. */
  machineZone?: string;
  /**
   * What a minute of the idle sign-out lasts (default 60 000 ms): a test knob (the hub reads POS_IDLE_MINUTE_MS),
   * ignored with live credentials.
   */
  idleMinuteMs?: number;
}

export interface PosRuntime {
  api: PosApi;
  service: PosService;
  readonly mode: 'sandbox' | 'live';
  /** Embedded sandbox base URL (tests use its /_sandbox control endpoint). */
  readonly sandboxUrl: string | null;
  /** The embedded sandbox, when running (tests drive its control API). */
  readonly sandbox: SandboxHandle | null;
  /** The Terminal API, when enabled (docs/terminal-api.md). */
  readonly terminalApi: TerminalApiHandle | null;
  /** The store server link; idle (no timer, no socket) until the till is enrolled. */
  readonly storeLink: StoreLink;
  readonly config: TerminalConfig;
  /**
   * The one-time code that allows setting the first manager PIN (null once a PIN exists). The hub prints it on
   * its console at start; the Electron shell passes it with its own window's calls.
   */
  setupCode(): string | null;
  /** What the customer-facing display shows (Electron's second window and the hub's /customer page). */
  readonly customerDisplay: CustomerDisplay;
  handleNotification(
    body: Buffer,
    contentType: string | undefined,
  ): Promise<{ status: number; body: string }>;
  /**
   * Resolves once no gateway check of a sale, refund step or remote refund is running: the quiet point after
   * which what a notification or a manual check triggered has been answered and journalled.
   */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startPosRuntime(options: PosRuntimeOptions): Promise<PosRuntime> {
  const env = options.env ?? process.env;
  const log =
    options.log ??
    pino({ level: env.LOG_LEVEL ?? 'info', redact: ['secretKey', '*.secretKey', 'pin', '*.pin'] });
  ensureDataDir(options.dataDir);
  const machineZone = options.machineZone ?? machineTimeZone();
  // A zone nobody chose is the machine's; it is used but never written down (main/config/shop-zone.ts).
  const zoneChosen = configuredTimeZone(options.dataDir) !== undefined;
  const loadedConfig = loadConfig(options.dataDir);
  const initialConfig =
    !zoneChosen && machineZone !== undefined && isValidTimeZone(machineZone)
      ? { ...loadedConfig, timeZone: machineZone }
      : loadedConfig;
  const secretStore: SecretStore = options.secretStore ?? {
    kind: 'file',
    read: () => fileSecretStore.read(options.dataDir),
    write: (secret) => fileSecretStore.write(options.dataDir, secret),
  };
  const tuning = options.tuning ?? {};

  // Opened first: the notification verifier keeps its nonces in it.
  const journal = openJournal({ dir: options.dataDir, timeZone: initialConfig.timeZone });
  const nonces = { remember: (n: string, now: number, exp: number) => journal.rememberNonce(n, now, exp) };
  let sandbox: SandboxHandle | null = null;
  let choice: GatewayChoice = chooseGateway(initialConfig, secretStore.read(), env);
  let verifier: NotificationVerifier;
  let currentClient: OmipayClient | null = null;
  let currentBaseUrl = '';
  // Enrolled with a store server that runs a shared sandbox (docs/store-server.md, "A shared sandbox"): in sandbox
  // mode this till pays through it, so the other tills and the server know its orders. Never in live mode.
  let sharedSandboxUrl = sandboxGatewayUrl(readEnrolment(journal)?.sandboxGatewayUrl);

  /** Builds the client for a gateway choice (starting the sandbox when it is the sandbox's turn). */
  const clientFor = async (c: GatewayChoice, config: TerminalConfig): Promise<PaymentGateway> => {
    let baseUrl: string;
    let credentials: { mNumber: string; secretKey: string };
    if (c.mode === 'live' && c.baseUrl && c.credentials) {
      baseUrl = c.baseUrl;
      credentials = c.credentials;
    } else if (sharedSandboxUrl) {
      // The shared sandbox's test merchant: a live gateway would refuse every call signed with it.
      baseUrl = sharedSandboxUrl;
      credentials = { ...DEFAULT_MERCHANT };
    } else {
      sandbox ??= await startSandbox({ ...options.sandbox });
      baseUrl = sandbox.url;
      const merchant = sandbox.merchants[0];
      if (!merchant) throw new Error('sandbox has no merchant');
      credentials = merchant;
    }
    verifier = new NotificationVerifier({ credentials, nonces });
    currentClient?.close();
    const client = new OmipayClient({
      baseUrl,
      credentials,
      language: 'EN',
      httpMethod: config.gateway.httpMethod,
      timeoutMs: tuning.callTimeoutMs ?? config.gateway.callTimeoutMs,
      gatewayTimeZone: config.gateway.timeZone,
      logger: log.child({ module: 'omipay' }),
    });
    currentClient = client;
    currentBaseUrl = baseUrl;
    return options.wrapGateway ? options.wrapGateway(client) : client;
  };

  const gateway = new SwitchableGateway(await clientFor(choice, initialConfig));
  const auth = new ManagerAuth(journal);
  const schedule = adaptiveSchedule({
    scale: tuning.pollScale ?? 1,
    plan: chooseForegroundPlan(initialConfig.gateway.pollSchedule, Boolean(options.notifyUrl)),
    ...(tuning.backgroundFirstMs ? { backgroundFirstMs: tuning.backgroundFirstMs } : {}),
  });
  const callTimeoutMs = tuning.callTimeoutMs ?? initialConfig.gateway.callTimeoutMs;
  const engine = new SaleEngine({
    journal,
    gateway,
    posNo: initialConfig.posNo,
    orderName: initialConfig.orderName,
    maxAmountCents: initialConfig.maxAmountCents,
    maxWaitMs: tuning.maxWaitMs ?? initialConfig.gateway.maxWaitMs,
    schedule,
    callTimeoutMs,
    ...(options.notifyUrl ? { notifyUrl: options.notifyUrl } : {}),
    log: log.child({ module: 'sale' }),
  });
  // Enrolled with a store server: its notify_url replaces the configured one (the server relays notifications).
  const storeLink = new StoreLink({
    dataDir: options.dataDir,
    journal,
    applyNotification: (n) => engine.applyNotification(n),
    posNo: () => settings.current.posNo,
    onNotifyUrl: (url) => engine.reconfigure({ notifyUrl: url ?? options.notifyUrl }),
    gatewayMode: () => choice.mode,
    onSandboxGateway: (url) => useSharedSandbox(url),
    // The store's staff list, pulled over the link (store-link/people-sync.ts).
    people: journal.people,
    ...(options.storeLink?.timing ? { timing: options.storeLink.timing } : {}),
    log: log.child({ module: 'store-link' }),
  });
  const enrolledNotifyUrl = storeLink.notifyUrl();
  if (enrolledNotifyUrl) engine.reconfigure({ notifyUrl: enrolledNotifyUrl });
  const refunds = new RefundEngine({
    journal,
    gateway,
    posNo: initialConfig.posNo,
    schedule,
    callTimeoutMs,
    log: log.child({ module: 'refund' }),
  });
  const remoteRefunds = new RemoteRefunds({
    journal,
    gateway,
    refunds,
    access: () => storeLink.refundAccess(),
    schedule,
    callTimeoutMs,
    log: log.child({ module: 'remote-refund' }),
  });
  const scanner = new ScannerService(
    options.tuning?.scanDedupeMs ? { dedupeWindowMs: options.tuning.scanDedupeMs } : {},
  );

  /** The store server's shared sandbox came, changed or went: a sandbox-mode till switches when nothing is open. */
  const useSharedSandbox = async (url: string | null): Promise<void> => {
    sharedSandboxUrl = sandboxGatewayUrl(url);
    if (choice.mode !== 'sandbox') return;
    // Already there (a server without --sandbox, and this till on its own sandbox): nothing to switch.
    if ((sharedSandboxUrl ?? sandbox?.url) === currentBaseUrl) return;
    const open = gatewayBlockers(journal);
    if (open.length > 0) {
      // Their orders are on the current gateway: following them elsewhere could never settle them.
      log.warn({ open: open.length }, 'shared sandbox: kept the current gateway until the next start');
      return;
    }
    try {
      gateway.switchTo(await clientFor(choice, settings.current));
      log.info({ baseUrl: currentBaseUrl }, 'sandbox gateway switched');
    } catch (err) {
      log.error({ err: String(err) }, 'shared sandbox: gateway not switched');
    }
  };

  const settings = new SettingsService({
    dataDir: options.dataDir,
    config: initialConfig,
    secretStore,
    envCredentials: Boolean(env.OMIPAY_SECRET_KEY?.trim()),
    env,
    sandbox: () => {
      if (sharedSandboxUrl && currentBaseUrl === sharedSandboxUrl)
        return { url: sharedSandboxUrl, ...DEFAULT_MERCHANT };
      const m = sandbox?.merchants[0];
      return sandbox && m ? { url: sandbox.url, mNumber: m.mNumber, secretKey: m.secretKey } : null;
    },
    gatewaySwitchBlocker: () => gatewayBlockers(journal),
    validateParts: (next) => {
      if (next.scanner !== undefined) {
        const parsed = parseScannerConfig(next.scanner);
        if (!parsed.ok) return `scanner: ${parsed.message.en}`;
      }
      if (next.printer !== undefined && next.printer !== null) {
        const parsed = printerConfigSchema.safeParse(next.printer);
        if (!parsed.success) {
          return `printer: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`;
        }
      }
      return null;
    },
    ...(options.displays ? { displays: options.displays } : {}),
    zoneChosen,
    // The plan was chosen at start-up by whether a notification URL was given (see adaptiveSchedule above).
    notificationsOn: () => Boolean(options.notifyUrl),
    apply: async (next, previous) => {
      // At once, not at the next start: History, reports, CSV and receipts all follow the terminal's zone.
      if (next.timeZone !== previous.timeZone) journal.setTimeZone(next.timeZone);
      engine.reconfigure({
        posNo: next.posNo,
        orderName: next.orderName,
        maxAmountCents: next.maxAmountCents,
        ...(tuning.maxWaitMs ? {} : { maxWaitMs: next.gateway.maxWaitMs }),
        ...(tuning.callTimeoutMs ? {} : { callTimeoutMs: next.gateway.callTimeoutMs }),
      });
      refunds.reconfigure({ posNo: next.posNo });
      if (JSON.stringify(next.scanner) !== JSON.stringify(previous.scanner)) {
        await scanner.configure(next.scanner ?? { kind: 'none' });
      }
      const nextChoice = chooseGateway(next, secretStore.read(), env);
      if (
        JSON.stringify(nextChoice) !== JSON.stringify(choice) ||
        JSON.stringify(next.gateway) !== JSON.stringify(previous.gateway)
      ) {
        gateway.switchTo(await clientFor(nextChoice, next));
        choice = nextChoice;
        service.setGatewayMode(choice.mode, choice.region);
        log.info({ mode: choice.mode, region: choice.region }, 'gateway switched');
      }
      // A zone chosen, or a switch to the Australian gateway, closes or opens the first-start question.
      refreshShopZoneQuestion();
      customerDisplay.settingsChanged();
    },
  });

  const service: PosService = new PosService({
    journal,
    engine,
    refunds,
    remoteRefunds,
    auth,
    gateway,
    terminal: {
      posNo: initialConfig.posNo,
      merchantName: initialConfig.merchantName,
      timeZone: initialConfig.timeZone,
      language: initialConfig.language,
      soundOn: initialConfig.soundOn,
      hasManagerPin: auth.hasPin(),
      maxAmountCents: initialConfig.maxAmountCents,
      amountEntry: initialConfig.amountEntry,
      largeAmountCents: initialConfig.largeAmountCents,
      latePayments: initialConfig.latePayments,
    },
    gatewayMode: choice.mode,
    gatewayRegion: choice.region,
    ...(options.idleMinuteMs !== undefined && choice.mode !== 'live'
      ? { idleMinuteMs: options.idleMinuteMs }
      : {}),
    // A setting that cannot be saved (disk full) must not crash the core: the screen still switches.
    saveTerminal: (t) =>
      void settings
        .update({ language: t.language, soundOn: t.soundOn })
        .catch((err: unknown) => log.warn({ err: String(err) }, 'terminal setting not saved')),
    settings,
    measureClockSkew: () => measureClockSkew(currentBaseUrl, Date.now),
    scanners: {
      listDevices: () => scanner.listDevices(),
      setTestMode: (on) => scanner.setTestMode(on),
      ...(options.tuning?.scannerTestMaxMs ? { testMaxMs: options.tuning.scannerTestMaxMs } : {}),
    },
    receipts: options.receipts
      ? options.receipts(() => settings.current)
      : createReceiptPort(() => settings.current.printer),
    latePaymentPolicy: () => settings.current.latePayments,
    storeLink,
    log: log.child({ module: 'pos' }),
  });
  /** Opens or closes the shop-zone question and holds sales while it is open (docs/screens.md). */
  const refreshShopZoneQuestion = (): void => {
    const config = settings.current;
    const open = needsShopZone({
      configuredZone: settings.zoneChosen ? config.timeZone : undefined,
      machineZone,
      region: zoneRuleRegion(choice, envGateway(env).region ?? config.gateway.region),
    });
    const wasOpen = Boolean(service.terminalInfo.shopZoneQuestion);
    engine.holdSales(open ? { code: 'SHOP_ZONE_NEEDED', message: msg.shopZoneNeeded } : null);
    if (open === wasOpen) return;
    service.setShopZoneQuestion(
      open
        ? {
            proposed: PROPOSED_SHOP_ZONE,
            zones: [...AUSTRALIAN_ZONES],
            machineZone: machineZone ?? 'UTC',
          }
        : null,
    );
    log.info({ open, machineZone }, 'shop time zone question');
  };
  refreshShopZoneQuestion();
  // Each local change is pushed soon after it is written (the replicator also looks every second).
  service.onEvent((e) => {
    if (e.type === 'sale' || e.type === 'refund' || e.type === 'remote-refund') storeLink.nudge();
  });

  const customerDisplay = new CustomerDisplay({
    api: service,
    enabled: () => settings.current.customerDisplay.enabled,
    log: log.child({ module: 'customer-display' }),
  });
  const api = withCustomerDisplayStatus(service, customerDisplay);

  // A scan the till refused (the time zone question open, no sale able to take it…) is forgotten by the duplicate
  // filter: the cashier scans again once the reason is gone, often within its 2 s.
  scanner.on('scan', (scan) => {
    if (service.handleScan(scan.code) === 'refused') scanner.forget(scan.code);
  });
  scanner.on('status', (status) => service.setScannerStatus(scannerStatusView(status, scanner.config)));
  scanner.on('test', (t) => service.emitScannerTest(t.rawBytes, t.decoded ?? null));
  service.setWedgeSink((code) => scanner.submitWedgeScan(code));
  const scannerConfig = options.scanner ?? initialConfig.scanner;
  if (scannerConfig !== undefined) {
    const started = await scanner.configure(scannerConfig);
    if (!started.ok) log.warn({ reason: started.message.en }, 'scanner config rejected');
  }

  engine.recover();
  refunds.recover();
  remoteRefunds.recover();
  await service.recoverClosedLoop();

  const apiConfig = initialConfig.terminalApi;
  // The till sells without it: a Terminal API that cannot listen (port taken, bad certificate) is logged, not fatal,
  // unless a caller asked for it explicitly (tests, benchmarks).
  const terminalApi =
    options.terminalApi || apiConfig.enabled
      ? await startTerminalApi({
          journal,
          engine,
          refunds,
          auth,
          service,
          host: options.terminalApi?.host ?? apiConfig.host,
          port: options.terminalApi?.port ?? apiConfig.port,
          refundApproval: () => settings.current.terminalApi.refundApproval,
          takeOverIdleKeypad: () => settings.current.terminalApi.takeOverIdleKeypad,
          ...(apiConfig.tls ? { tls: apiConfig.tls } : {}),
          allowedHosts: apiConfig.allowedHosts,
          ...(options.terminalApi?.rate ? { rate: options.terminalApi.rate } : {}),
          log: log.child({ module: 'terminal-api' }),
        }).catch((err: unknown) => {
          if (options.terminalApi) throw err;
          log.error({ err: err instanceof Error ? err.message : String(err) }, 'terminal api not started');
          return null;
        })
      : null;
  storeLink.start();
  log.info({ mode: choice.mode, region: choice.region, dataDir: options.dataDir }, 'POS core started');

  return {
    api,
    service,
    customerDisplay,
    get mode() {
      return choice.mode;
    },
    get sandboxUrl() {
      return sandbox?.url ?? null;
    },
    get sandbox() {
      return sandbox;
    },
    terminalApi,
    storeLink,
    get config() {
      return settings.current;
    },
    setupCode: () => auth.setupCode(),
    async handleNotification(body, contentType) {
      const verdict = verifier.verify(body, contentType);
      if (!verdict.ok) {
        log.warn({ reason: verdict.reason }, 'notification rejected');
        return { status: 400, body: JSON.stringify({ return_code: 'FAIL', reason: verdict.reason }) };
      }
      // A trigger only: the engine asks the gateway itself; the reply does not wait for that check.
      const seen = engine.applyNotification(verdict.notification);
      log.info(
        { outOrderNo: verdict.notification.outOrderNo, applied: seen.applied, reason: seen.reason },
        'notification',
      );
      return { status: 200, body: NOTIFICATION_REPLY };
    },
    async idle() {
      await Promise.all([engine.idle(), refunds.idle(), remoteRefunds.idle()]);
    },
    async close() {
      await terminalApi?.close();
      await storeLink.close();
      await scanner.stop();
      engine.close();
      refunds.close();
      remoteRefunds.close();
      await Promise.allSettled([engine.idle(), refunds.idle(), remoteRefunds.idle()]);
      customerDisplay.close();
      service.close();
      journal.close();
      currentClient?.close();
      if (sandbox) await sandbox.close();
    },
  };
}

/** The sales and refunds whose outcome is open on the current gateway, one line each for the manager. */
function gatewayBlockers(journal: Journal): string[] {
  const sales = journal.listOpenAttempts().map((a) => {
    const sale = journal.getSale(a.saleId);
    return `Sale ${a.outOrderNo} A$ ${formatCents(sale?.amountCents ?? 0)} (${a.status})`;
  });
  const refunds = journal
    .listOpenRefunds()
    .map((r) => `Refund ${r.outRefundNo} A$ ${formatCents(r.amountCents)} (${r.status})`);
  return [...sales, ...refunds];
}

function scannerStatusView(e: StatusEvent, config: ScannerConfig): ScannerStatus {
  const d = e.device;
  const device = d
    ? (d.path ??
      [
        d.manufacturer,
        d.product,
        d.vendorId !== undefined ? `${d.vendorId.toString(16)}:${(d.productId ?? 0).toString(16)}` : null,
      ]
        .filter(Boolean)
        .join(' '))
    : null;
  return {
    kind: e.source === 'none' ? 'none' : e.source,
    state: e.state,
    device: device || null,
    reason: e.reason ?? null,
    ...(config.kind === 'wedge' ? { wedgeMaxInterKeyMs: config.maxInterKeyMs } : {}),
  };
}
