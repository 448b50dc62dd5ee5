/** What the payment benches share: a real-time sandbox that records when each order was paid, and seeded draws. */
import type { Journal } from '../main/journal/types';
import type { SaleEngine } from '../main/payments/sale-engine';
import { startSandbox, type SandboxHandle } from '../main/sandbox';

export async function startPayingSandbox(): Promise<{ sandbox: SandboxHandle; paidAt: Map<string, number> }> {
  const sandbox = await startSandbox({ timeScale: 1 });
  const paidAt = new Map<string, number>();
  sandbox.control.events.on('order-status', (e: { orderNo: string; status: string; at: number }) => {
    if (e.status === 'PAID') paidAt.set(e.orderNo, e.at);
  });
  return { sandbox, paidAt };
}

/** `n` numbers uniform in [min, max) from mulberry32 with a fixed seed: every run draws the same list. */
export function seededUniform(n: number, min: number, max: number, seed0: number): number[] {
  let seed = seed0;
  const next = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, () => min + next() * (max - min));
}

/** The gateway's order number, once the attempt is USERPAYING (scenario 0007 keeps it there until paid). */
export function userpayingOrderNo(engine: SaleEngine, journal: Journal, attemptId: string): Promise<string> {
  return new Promise<string>((resolve) => {
    const off = engine.on(() => {
      const a = journal.getAttempt(attemptId);
      if (a?.orderNo && a.status === 'userpaying') {
        off();
        resolve(a.orderNo);
      }
    });
  });
}
