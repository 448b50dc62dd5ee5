/**
 * Real till records for the store-server benchmarks: a real till runtime (embedded sandbox over HTTP, journal on
 * disk) sells a small mix — paid at once, paid after the customer confirmed, declined then paid, one refunded —
 * and closes its day; its replication outbox is what the simulated tills send, renumbered per copy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal } from '../main/journal/journal';
import type { ReplicatedRecord } from '../main/shared/store-link-protocol';
import { scenario, startHarness, unwrap } from '../test/helpers/runtime-harness';

const PIN = '2468';

export interface TillMix {
  /** The records the mix wrote, from its first sale on, in outbox order. */
  records: ReplicatedRecord[];
  sales: number;
}

export async function captureTillMix(): Promise<TillMix> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-till-mix-'));
  try {
    const h = await startHarness({ dataDir });
    const api = h.runtime.api;
    unwrap(await api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
    const journal0 = openJournal({ dir: dataDir, timeZone: h.runtime.config.timeZone });
    const firstSeq = journal0.outboxLastSeq() + 1;
    journal0.close();
    const sell = async (amount: string, codes: string[]) => {
      const sale = unwrap(await api.startSale({ amount }));
      for (const [i, code] of codes.entries()) {
        unwrap(await api.submitCode({ saleId: sale.id, code }));
        const last = i === codes.length - 1;
        await h.waitForSale(sale.id, (s) => (last ? s.phase === 'paid' : s.phase === 'declined'), 10_000);
      }
      return sale.id;
    };
    const mix: [string, string[]][] = [
      ['12.50', [scenario('wechat', '0000')]],
      ['4.20', [scenario('alipay', '0000')]],
      ['33.00', [scenario('wechat', '0001')]],
      ['8.80', [scenario('alipay', '0003'), scenario('alipay', '0000')]],
      ['19.95', [scenario('wechat', '0000')]],
    ];
    const ids: string[] = [];
    for (const [amount, codes] of mix) ids.push(await sell(amount, codes));
    unwrap(await api.refund({ saleId: ids[4]!, amount: '5.00', reason: 'changed mind', pin: PIN }));
    await new Promise((r) => setTimeout(r, 1500)); // the refund reaches its final status
    unwrap(await api.closeDay({ pin: PIN, confirmUnresolved: true }));
    await h.close();
    const journal = openJournal({ dir: dataDir, timeZone: h.runtime.config.timeZone });
    const records = journal.outboxAfter(firstSeq - 1, 10_000).map((r) => ({ ...r }) as ReplicatedRecord);
    journal.close();
    return { records, sales: mix.length };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Copy `k` of a mix, numbered for a till whose outbox continues at `firstSeq`: every id, order and refund number
 * gets a per-copy suffix, event ids continue, times move to `now`. Shapes, sizes and order stay the real ones.
 */
export function copyOfMix(
  mix: TillMix,
  k: number,
  firstSeq: number,
  firstEventId: number,
  now: number,
): ReplicatedRecord[] {
  const t0 = mix.records[0]?.at ?? now;
  const shift = now - t0;
  const tokens = new Set<string>();
  for (const r of mix.records) {
    if (r.entity !== 'event' && r.entity !== 'session') tokens.add(r.entityId);
    for (const key of [
      'out_order_no',
      'order_no',
      'out_refund_no',
      'refund_no',
      'paid_attempt_id',
      'attempt_id',
    ]) {
      const v = r.data[key];
      if (typeof v === 'string' && v.length >= 4) tokens.add(v);
    }
  }
  const suffix = `k${k.toString(36)}`;
  const pattern = new RegExp(
    [...tokens]
      .sort((a, b) => b.length - a.length)
      .map(escape)
      .join('|'),
    'g',
  );
  let eventId = firstEventId;
  return mix.records.map((r, i) => {
    const text = tokens.size > 0 ? JSON.stringify(r).replace(pattern, (m) => m + suffix) : JSON.stringify(r);
    const c = JSON.parse(text) as ReplicatedRecord;
    c.seq = firstSeq + i;
    c.at = r.at + shift;
    for (const [key, v] of Object.entries(c.data)) {
      if (typeof v === 'number' && /(_at|_time)$/.test(key) && v > 1e12) c.data[key] = v + shift;
    }
    if (c.entity === 'event') {
      c.data.id = eventId;
      c.entityId = String(eventId++);
    }
    return c;
  });
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** How many event records one copy of the mix holds (so copies can number their events). */
export function eventsInMix(mix: TillMix): number {
  return mix.records.filter((r) => r.entity === 'event').length;
}
