/**
 * Assembles the POS core from a data directory: config, journal, gateway (live or embedded sandbox), engines,
 * scanner and PosService. Both shells (Electron main and the hub) start exactly this; so do the e2e tests.
 */
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { PosApi, ScannerStatus } from '../preload/api';
import type { StatusEvent } from './scanner/types';
import { chooseGateway, ensureDataDir, loadConfig, saveConfig, type TerminalConfig } from './config/config';
import { openJournal } from './journal/journal';
import { NotificationVerifier, NOTIFICATION_REPLY, OmipayClient } from './omipay';
import { startSandbox, type SandboxHandle, type SandboxOptions } from './sandbox';
import { ManagerAuth } from './payments/manager-auth';
import { SaleEngine } from './payments/sale-engine';
import { RefundEngine } from './payments/refund-engine';
import { PosService } from './payments/pos-service';
import { adaptiveSchedule } from './payments/poll-schedule';
import { ScannerService } from './scanner/scanner-service';
import type { PaymentGateway } from './payments/gateway';

export interface PosRuntimeOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  sandbox?: SandboxOptions;
  /** Scanner config override (else config.json's "scanner"). */
  scanner?: unknown;
  /** Public URL of the notification receiver, when the terminal is reachable from Omipay. */
  notifyUrl?: string;
  log?: Logger;
  /** Faster timings for tests and benchmarks; production uses the config's values. */
  tuning?: { maxWaitMs?: number; pollScale?: number; backgroundFirstMs?: number; callTimeoutMs?: number };
  /** Instrumentation seam for crash tests and benchmarks: wraps the gateway the engines call. */
  wrapGateway?: (gateway: PaymentGateway) => PaymentGateway;
}

export interface PosRuntime {
  api: PosApi;
  service: PosService;
  mode: 'sandbox' | 'live';
  sandboxUrl: string | null;
  /** The embedded sandbox, when running on it (tests drive its control API). */
  sandbox: SandboxHandle | null;
  config: TerminalConfig;
  handleNotification(
    body: Buffer,
    contentType: string | undefined,
  ): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export async function startPosRuntime(options: PosRuntimeOptions): Promise<PosRuntime> {
  const env = options.env ?? process.env;
  const log =
    options.log ??
    pino({ level: env.LOG_LEVEL ?? 'info', redact: ['secretKey', '*.secretKey', 'pin', '*.pin'] });
  ensureDataDir(options.dataDir);
  const config = loadConfig(options.dataDir);
  const choice = chooseGateway(config, options.dataDir, env);

  let sandbox: SandboxHandle | null = null;
  let baseUrl: string;
  let credentials: { mNumber: string; secretKey: string };
  if (choice.mode === 'live' && choice.baseUrl && choice.credentials) {
    baseUrl = choice.baseUrl;
    credentials = choice.credentials;
  } else {
    sandbox = await startSandbox({ ...options.sandbox });
    baseUrl = sandbox.url;
    const merchant = sandbox.merchants[0];
    if (!merchant) throw new Error('sandbox has no merchant');
    credentials = merchant;
  }

  const client = new OmipayClient({
    baseUrl,
    credentials,
    language: 'EN',
    httpMethod: config.gateway.httpMethod,
    timeoutMs: options.tuning?.callTimeoutMs ?? config.gateway.callTimeoutMs,
    gatewayTimeZone: config.gateway.timeZone,
    logger: log.child({ module: 'omipay' }),
  });
  const gateway: PaymentGateway = options.wrapGateway ? options.wrapGateway(client) : client;
  const journal = openJournal({ dir: options.dataDir, timeZone: config.timeZone });
  const auth = new ManagerAuth(journal);
  const pollScale = options.tuning?.pollScale ?? 1;
  const schedule = adaptiveSchedule({
    scale: pollScale,
    ...(options.tuning?.backgroundFirstMs ? { backgroundFirstMs: options.tuning.backgroundFirstMs } : {}),
  });
  const callTimeoutMs = options.tuning?.callTimeoutMs ?? config.gateway.callTimeoutMs;
  const engine = new SaleEngine({
    journal,
    gateway,
    posNo: config.posNo,
    orderName: config.orderName,
    maxAmountCents: config.maxAmountCents,
    maxWaitMs: options.tuning?.maxWaitMs ?? config.gateway.maxWaitMs,
    schedule,
    callTimeoutMs,
    ...(options.notifyUrl ? { notifyUrl: options.notifyUrl } : {}),
    log: log.child({ module: 'sale' }),
  });
  const refunds = new RefundEngine({
    journal,
    gateway,
    posNo: config.posNo,
    schedule,
    callTimeoutMs,
    log: log.child({ module: 'refund' }),
  });
  const service = new PosService({
    journal,
    engine,
    refunds,
    auth,
    gateway,
    terminal: {
      posNo: config.posNo,
      merchantName: config.merchantName,
      timeZone: config.timeZone,
      language: config.language,
      soundOn: config.soundOn,
      hasManagerPin: auth.hasPin(),
      maxAmountCents: config.maxAmountCents,
    },
    gatewayMode: choice.mode,
    gatewayRegion: choice.region,
    saveTerminal: (t) =>
      saveConfig(options.dataDir, {
        ...loadConfig(options.dataDir),
        language: t.language,
        soundOn: t.soundOn,
      }),
    log: log.child({ module: 'pos' }),
  });
  const verifier = new NotificationVerifier({ credentials });

  const scanner = new ScannerService();
  scanner.on('scan', (scan) => service.handleScan(scan.code));
  scanner.on('status', (status) => service.setScannerStatus(scannerStatusView(status)));
  scanner.on('diagnostic', (d) => service.emitScannerTest(d.rawBytes, d.decoded ?? null));
  service.setWedgeSink((code) => scanner.submitWedgeScan(code));
  const scannerConfig = options.scanner ?? config.scanner;
  if (scannerConfig !== undefined) {
    const started = await scanner.configure(scannerConfig);
    if (!started.ok) log.warn({ issues: JSON.stringify(started).slice(0, 300) }, 'scanner config rejected');
  }

  engine.recover();
  refunds.recover();
  log.info(
    { mode: choice.mode, region: choice.region, dataDir: options.dataDir, journal: join(options.dataDir) },
    'POS core started',
  );

  return {
    api: service,
    service,
    mode: choice.mode,
    sandboxUrl: sandbox?.url ?? null,
    sandbox,
    config,
    async handleNotification(body, contentType) {
      const verdict = verifier.verify(body, contentType);
      if (!verdict.ok) {
        log.warn({ reason: verdict.reason }, 'notification rejected');
        return { status: 400, body: JSON.stringify({ return_code: 'FAIL', reason: verdict.reason }) };
      }
      const applied = engine.applyNotification(verdict.notification);
      log.info(
        { outOrderNo: verdict.notification.outOrderNo, applied: applied.applied, reason: applied.reason },
        'notification',
      );
      return { status: 200, body: NOTIFICATION_REPLY };
    },
    async close() {
      await scanner.stop();
      engine.close();
      refunds.close();
      await Promise.allSettled([engine.idle(), refunds.idle()]);
      service.close();
      journal.close();
      if (sandbox) await sandbox.close();
    },
  };
}

function scannerStatusView(e: StatusEvent): ScannerStatus {
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
  };
}
