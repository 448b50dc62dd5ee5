/**
 * The Terminal API: lets the shop's own POS software take Omipay payments through this till over a local HTTP
 * JSON API (docs/terminal-api.md). Started by the runtime when enabled in settings.
 */
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Journal } from '../journal/types';
import type { ManagerAuth } from '../payments/manager-auth';
import type { PosService } from '../payments/pos-service';
import type { RefundEngine } from '../payments/refund-engine';
import type { SaleEngine } from '../payments/sale-engine';
import { startTerminalApiServer, type TerminalApiServer } from './http';
import { TerminalApiService, type RefundApproval } from './service';
import { TerminalApiStore } from './store';

export { openApiDocument, API_BASE } from './openapi';
export { TerminalApiService } from './service';

export interface TerminalApiOptions {
  journal: Journal;
  engine: SaleEngine;
  refunds: RefundEngine;
  auth: ManagerAuth;
  service: PosService;
  host: string;
  port: number;
  refundApproval: () => RefundApproval;
  /** config terminalApi.takeOverIdleKeypad (docs/terminal-api.md). */
  takeOverIdleKeypad?: () => boolean;
  tls?: { certFile: string; keyFile: string };
  allowedHosts?: readonly string[];
  rate?: { burst: number; perSecond: number };
  log?: Logger;
}

export interface TerminalApiHandle {
  url: string;
  port: number;
  fingerprint: string | null;
  api: TerminalApiService;
  close(): Promise<void>;
}

export async function startTerminalApi(o: TerminalApiOptions): Promise<TerminalApiHandle> {
  const store = new TerminalApiStore(o.journal.path);
  const api = new TerminalApiService({
    journal: o.journal,
    engine: o.engine,
    refunds: o.refunds,
    auth: o.auth,
    service: o.service,
    store,
    refundApproval: o.refundApproval,
    showOnScreen: (notice) => o.service.announceApiRequest(notice),
    keypadHasAmount: () => o.service.keypad.busy,
    ...(o.takeOverIdleKeypad ? { takeOverIdleKeypad: o.takeOverIdleKeypad } : {}),
    ...(o.log ? { log: o.log } : {}),
  });
  let server: TerminalApiServer;
  try {
    api.recover();
    server = await startTerminalApiServer({
      api,
      store,
      service: o.service,
      host: o.host,
      port: o.port,
      ...(o.tls
        ? { tls: { cert: readFileSync(o.tls.certFile, 'utf8'), key: readFileSync(o.tls.keyFile, 'utf8') } }
        : {}),
      ...(o.allowedHosts ? { allowedHosts: o.allowedHosts } : {}),
      ...(o.rate ? { rate: o.rate } : {}),
      ...(o.log ? { log: o.log } : {}),
    });
  } catch (err) {
    api.close();
    store.close();
    throw err;
  }
  o.service.setApiKeys(api);
  o.log?.info({ url: server.url, fingerprint: server.fingerprint }, 'terminal api listening');
  return {
    url: server.url,
    port: server.port,
    fingerprint: server.fingerprint,
    api,
    async close() {
      o.service.setApiKeys(null);
      await server.close();
      api.close();
      store.close();
    },
  };
}
