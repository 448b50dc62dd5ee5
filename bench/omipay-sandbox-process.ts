/**
 * Runs the embedded sandbox in its own process for bench/omipay-client-overhead.ts, so the gateway's work does
 * not share the measuring process's event loop. Prints one JSON line ({url, merchant}) and exits when its
 * parent closes stdin.
 */
import { startSandbox } from '../main/sandbox';

const sandbox = await startSandbox({ port: 0 });
process.stdout.write(`${JSON.stringify({ url: sandbox.url, merchant: sandbox.merchants[0] })}\n`);

const stop = (): void => {
  void sandbox.close().then(() => process.exit(0));
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
