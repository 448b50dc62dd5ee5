/**
 * Real tills (their own journals, the embedded sandbox) enrolled with a real store server through their PosApi
 * (as the Settings screen does): sell on them, wait for their link status, and wait until a till and its link
 * are quiet, so that a comparison with the server (compare.ts) looks once.
 */
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { StoreLinkStatus } from '../../../preload/api';
import type { PosRuntimeOptions } from '../../../main/runtime';
import type { StoreServerHandle } from '../../../main/store-server/server';
import { scenario, startHarness, unwrap, type Harness } from '../runtime-harness';
import { waitFor, withDeadline } from '../wait-for';
import { isOpenRefundStatus } from '../../../main/journal/status';
import type { RefundStatus } from '../../../main/journal/types';
import { enrolCode } from './server';

export const PIN = '2468';

/** Fast link timings: a push 30 ms after a write, retries from 100 ms up to 400 ms, the cursor re-asked every 300 ms. */
export const FAST_LINK = {
  debounceMs: 30,
  watchMs: 100,
  backoffInitialMs: 100,
  backoffMaxMs: 400,
  recheckMs: 300,
  socketBackoffInitialMs: 100,
  socketBackoffMaxMs: 400,
};

/** A till with a manager PIN, enrolled with the server through its PosApi (as the Settings screen does). */
export interface TillOptions {
  posNo?: string;
  /** Link timings over FAST_LINK (and how often the staff list is pulled, default 30 s). */
  timing?: Partial<typeof FAST_LINK> & { peoplePullMs?: number };
  /** What the till's core runs with besides (a gateway of its own, tunings). */
  runtime?: Partial<PosRuntimeOptions>;
}

export async function enrolledTill(
  server: StoreServerHandle,
  storeId: string,
  tillName: string,
  { posNo, timing = {}, runtime = {} }: TillOptions = {},
): Promise<Harness> {
  const h = await startHarness({ ...runtime, storeLink: { timing: { ...FAST_LINK, ...timing } } });
  const api = h.runtime.api;
  unwrap(await api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
  if (posNo) unwrap(await api.updateSettings({ pin: PIN, patch: { posNo } }));
  const code = await enrolCode(server, storeId, tillName);
  unwrap(await api.enrolStoreServer({ url: server.url, code, pin: PIN }));
  return h;
}

export async function sell(h: Harness, amount: string, platform: 'wechat' | 'alipay' = 'wechat') {
  const sale = unwrap(await h.runtime.api.startSale({ amount }));
  unwrap(await h.runtime.api.submitCode({ saleId: sale.id, code: scenario(platform, '0000') }));
  return h.waitForSale(sale.id, (s) => s.phase === 'paid');
}

export function linkStatus(h: Harness): StoreLinkStatus {
  return h.runtime.storeLink.status();
}

export async function waitForLink(
  h: Harness,
  predicate: (s: StoreLinkStatus) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<StoreLinkStatus> {
  return waitFor(
    () => {
      const s = linkStatus(h);
      return predicate(s) ? s : null;
    },
    { what: `the store link to become ${what}`, timeoutMs, describe: () => linkStatus(h) },
  );
}

/**
 * The till has nothing left that writes on its own: no payment attempt or refund still followed at the gateway,
 * and every paid sale's details (pay time, CNY amount) fetched. From here its journal changes only when asked.
 */
export async function waitTillQuiet(h: Harness, timeoutMs = 30_000): Promise<void> {
  const pending = (): string[] => {
    const db = new Database(`${h.dataDir}/journal.sqlite`, { readonly: true });
    try {
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      const out: string[] = [];
      const attempts = count(
        "SELECT count(*) AS n FROM attempts WHERE status IN ('submitting','userpaying','pending','unknown')",
      );
      if (attempts > 0) out.push(`${attempts} open attempts`);
      const refunds = db.prepare('SELECT id, status FROM refunds').all() as Array<{ status: RefundStatus }>;
      const openRefunds = refunds.filter((r) => isOpenRefundStatus(r.status)).length;
      if (openRefunds > 0) out.push(`${openRefunds} open refunds`);
      const details = count(`SELECT count(*) AS n FROM sales s JOIN attempts a ON a.id = s.paid_attempt_id
        WHERE s.status = 'paid' AND a.order_no IS NOT NULL AND (a.pay_time IS NULL OR a.cny_amount IS NULL)`);
      if (details > 0) out.push(`${details} paid sales without details`);
      return out;
    } finally {
      db.close();
    }
  };
  await waitFor(() => pending().length === 0, {
    what: 'the till to have nothing left to follow',
    timeoutMs,
    describe: pending,
  });
}

/**
 * Everything sent and nothing more coming: the till is quiet (waitTillQuiet), the link reached its quiet point
 * (StoreLink.whenIdle: the server has the journal's last record, no push in flight or scheduled), and the
 * server's cursor says so.
 */
export async function waitDrained(h: Harness, server: StoreServerHandle, tillId: string): Promise<void> {
  await waitTillQuiet(h);
  await withDeadline(h.runtime.storeLink.whenIdle(), {
    what: 'the store link to drain',
    timeoutMs: 30_000,
    describe: () => linkStatus(h),
  });
  expect(linkStatus(h)).toMatchObject({ state: 'online', backlog: 0 });
  const { rows } = await server.db.query<{ last_seq: number }>('SELECT last_seq FROM tills WHERE id = $1', [
    tillId,
  ]);
  expect(Number(rows[0]?.last_seq)).toBe(outboxLastSeq(h));
}

export function outboxLastSeq(h: Harness): number {
  const db = new Database(`${h.dataDir}/journal.sqlite`, { readonly: true });
  try {
    return (db.prepare('SELECT coalesce(max(seq), 0) AS n FROM replication_outbox').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

export function tillIdOf(h: Harness): string {
  const db = new Database(`${h.dataDir}/journal.sqlite`, { readonly: true });
  try {
    const row = db.prepare("SELECT value FROM settings WHERE key = 'storeLink.enrolment'").get() as
      { value: string } | undefined;
    const e = row ? (JSON.parse(row.value) as { tillId?: string } | null) : null;
    if (!e?.tillId) throw new Error('till is not enrolled');
    return e.tillId;
  } finally {
    db.close();
  }
}
