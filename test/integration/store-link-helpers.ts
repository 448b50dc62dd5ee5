/**
 * Real tills (their own journals, the embedded sandbox) enrolled with a real store server: start and restart the
 * server on the same database and port, enrol a till through its PosApi, wait for its link status, and compare
 * what the server projected with the till's journal, row for row.
 */
import Database from 'better-sqlite3';
import pino from 'pino';
import { expect } from 'vitest';
import type { StoreLinkStatus } from '../../preload/api';
import { createEnrolCode, createStore } from '../../main/store-server/admin';
import { startStoreServer, type StoreServerHandle } from '../../main/store-server/server';
import { scenario, startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { waitFor, withDeadline } from '../helpers/wait-for';
import { isOpenRefundStatus } from '../../main/journal/status';
import type { RefundStatus } from '../../main/journal/types';

export const PIN = '2468';
export const silentLog = pino({ level: 'silent' });

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

export interface ServerPlace {
  dataDir: string;
  databaseUrl?: string;
}

export async function startServer(place: ServerPlace, port = 0): Promise<StoreServerHandle> {
  return startStoreServer({ ...place, port, log: silentLog, env: {} });
}

export async function newStore(server: StoreServerHandle, name = 'Main St'): Promise<string> {
  const store = await createStore(server.db, { name }, server.context.sealer, Date.now());
  return store.id;
}

export async function enrolCode(
  server: StoreServerHandle,
  storeId: string,
  tillName: string,
): Promise<string> {
  const { code } = await createEnrolCode(server.db, { storeId, tillName, createdBy: 'test' }, Date.now());
  return code;
}

/** A till with a manager PIN, enrolled with the server through its PosApi (as the Settings screen does). */
export async function enrolledTill(
  server: StoreServerHandle,
  storeId: string,
  tillName: string,
  posNo?: string,
  timing: Partial<typeof FAST_LINK> = {},
): Promise<Harness> {
  const h = await startHarness({ storeLink: { timing: { ...FAST_LINK, ...timing } } });
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

const TABLES = [
  { journal: 'sales', server: 'sales', key: 'id' },
  { journal: 'attempts', server: 'attempts', key: 'id' },
  { journal: 'refunds', server: 'refunds', key: 'id' },
] as const;

/**
 * The server's projection of this till equals its journal: the same sales, attempts and refunds, each row's
 * data column for column (the payment code excepted: it never leaves the till), sessions with their Z, and
 * exactly one stored record per outbox sequence. Called after waitDrained: the till is quiet, so one look is
 * the answer.
 */
export async function expectServerEqualsJournal(
  h: Harness,
  server: StoreServerHandle,
  tillId: string,
): Promise<{ sales: number; attempts: number; refunds: number; records: number }> {
  return compareServerWithJournalOnce(h, server, tillId);
}

async function compareServerWithJournalOnce(
  h: Harness,
  server: StoreServerHandle,
  tillId: string,
): Promise<{ sales: number; attempts: number; refunds: number; records: number }> {
  const db = new Database(`${h.dataDir}/journal.sqlite`, { readonly: true });
  const counts = { sales: 0, attempts: 0, refunds: 0, records: 0 };
  try {
    for (const t of TABLES) {
      const local = (
        db.prepare(`SELECT * FROM ${t.journal} ORDER BY ${t.key}`).all() as Record<string, unknown>[]
      ).map((r) => {
        const { payment_code: _never, ...rest } = r;
        return rest;
      });
      const { rows } = await server.db.query<{ id: string; data: Record<string, unknown> }>(
        `SELECT id, data FROM ${t.server} WHERE till_id = $1 ORDER BY id`,
        [tillId],
      );
      expect(rows.map((r) => r.id).sort()).toEqual(local.map((r) => String(r[t.key])).sort());
      const byId = new Map(rows.map((r) => [r.id, r.data]));
      for (const row of local)
        expect(byId.get(String(row[t.key])), `${t.journal} ${String(row[t.key])}`).toEqual(row);
      counts[t.journal] = local.length;
    }
    const sessions = db.prepare('SELECT id, closed_at, report FROM sessions ORDER BY id').all() as Array<{
      id: number;
      closed_at: number | null;
      report: string | null;
    }>;
    const { rows: serverSessions } = await server.db.query<{
      id: number;
      closed_at: number | null;
      report: unknown;
    }>('SELECT id, closed_at, report FROM sessions WHERE till_id = $1 ORDER BY id', [tillId]);
    expect(
      serverSessions.map((s) => [Number(s.id), s.closed_at === null ? null : Number(s.closed_at), s.report]),
    ).toEqual(sessions.map((s) => [s.id, s.closed_at, s.report === null ? null : JSON.parse(s.report)]));
    const last = (
      db.prepare('SELECT coalesce(max(seq), 0) AS n FROM replication_outbox').get() as { n: number }
    ).n;
    const { rows: recs } = await server.db.query<{ n: number; distinct_seq: number; max_seq: number }>(
      'SELECT count(*) AS n, count(DISTINCT seq) AS distinct_seq, max(seq) AS max_seq FROM till_records WHERE till_id = $1',
      [tillId],
    );
    expect(Number(recs[0]?.n)).toBe(last);
    expect(Number(recs[0]?.distinct_seq)).toBe(last);
    expect(Number(recs[0]?.max_seq)).toBe(last);
    counts.records = last;
  } finally {
    db.close();
  }
  return counts;
}
