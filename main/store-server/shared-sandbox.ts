/**
 * `--sandbox`: one Omipay sandbox for the whole store (docs/store-server.md, "A shared sandbox"). Each till in
 * sandbox mode otherwise runs its own, so a refund made at another till, or the server's reconciliation, would
 * ask a gateway that never heard of the order. The server started it, so it is the only URL it ever hands a till
 * as a gateway: an operator's typed address, which could be a live gateway, is never passed on.
 */
import type { Logger } from 'pino';
import { startSandbox } from '../sandbox';

export interface SharedSandbox {
  readonly url: string;
  /** The sandbox's test merchant: what the tills sign with, and what reconciliation asks with. */
  readonly merchant: { mNumber: string; secretKey: string };
  close(): Promise<void>;
}

export async function startSharedSandbox(o: {
  host: string;
  port: number;
  log: Logger;
}): Promise<SharedSandbox> {
  const log = o.log.child({ module: 'sandbox' });
  const sandbox = await startSandbox({ host: o.host, port: o.port, logger: (line) => log.debug(line) });
  const merchant = sandbox.merchants[0];
  if (!merchant) {
    await sandbox.close();
    throw new Error('the sandbox has no merchant');
  }
  return { url: sandbox.url, merchant, close: () => sandbox.close() };
}
