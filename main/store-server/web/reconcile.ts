/**
 * Reconciliation: for one store and business date, ask the gateway again (QueryOrder) about every order the
 * store's tills attempted, and list where the gateway and the replicated rows disagree. The store's own merchant
 * number and secret are used (opened from their seal only for the run, never logged or sent to the page). A few
 * queries run at once (CONCURRENCY) so a busy day neither takes all night nor floods the gateway; the job's
 * progress is read by the page while it runs.
 */
import { randomUUID } from 'node:crypto';
import { OmipayClient } from '../../omipay/client';
import { GatewayError } from '../../omipay/errors';
import type { StoreServerContext } from '../http/router';

export const CONCURRENCY = 4;
/** Jobs kept for the page to read after they finish. */
const KEEP_JOBS = 50;

export type DifferenceKind =
  | 'paid_at_gateway_only'
  | 'paid_here_only'
  | 'amount_differs'
  | 'order_unknown'
  | 'no_order_no'
  | 'query_failed';

export interface Difference {
  kind: DifferenceKind;
  tillName: string;
  saleId: string;
  outOrderNo: string;
  orderNo: string | null;
  hereStatus: string;
  hereAmountCents: number;
  gatewayStatus: string | null;
  gatewayAmountCents: number | null;
  /** The gateway's error code, for order_unknown / query_failed. */
  code: string | null;
}

export interface ReconcileJob {
  id: string;
  storeId: string;
  storeName: string;
  businessDate: string;
  startedBy: string;
  total: number;
  done: number;
  finished: boolean;
  differences: Difference[];
  startedAt: number;
  finishedAt: number | null;
}

// What QueryOrder answers for an order number this merchant does not have: the API's own list has only
// PERMISSION_ERROR for it; ORDER_NO_ERROR is seen too (the sandbox's queryOrderUnknownCode switch).
const UNKNOWN_ORDER_CODES = new Set(['PERMISSION_ERROR', 'ORDER_NO_ERROR']);

interface AttemptRow {
  till_name: string;
  sale_id: string;
  out_order_no: string;
  order_no: string | null;
  status: string;
  amount_cents: number;
}

export class ReconcileJobs {
  private readonly jobs = new Map<string, ReconcileJob>();

  get(id: string): ReconcileJob | undefined {
    return this.jobs.get(id);
  }

  /** Starts a run; resolves once the attempts are counted (the queries go on in the background). */
  async start(
    ctx: StoreServerContext,
    store: { id: string; name: string },
    credentials: { mNumber: string; secretKey: string },
    businessDate: string,
    startedBy: string,
  ): Promise<ReconcileJob> {
    const attempts = await ctx.db.query<AttemptRow>(
      `SELECT t.name AS till_name, a.sale_id, a.out_order_no, a.order_no, a.status, s.amount_cents
         FROM attempts a JOIN sales s ON s.till_id = a.till_id AND s.id = a.sale_id
         JOIN tills t ON t.id = a.till_id
        WHERE s.store_id = $1 AND s.business_date = $2
        ORDER BY a.created_at, a.till_id, a.id`,
      [store.id, businessDate],
    );
    const job: ReconcileJob = {
      id: randomUUID(),
      storeId: store.id,
      storeName: store.name,
      businessDate,
      startedBy,
      total: attempts.rows.length,
      done: 0,
      finished: false,
      differences: [],
      startedAt: ctx.now(),
      finishedAt: null,
    };
    this.jobs.set(job.id, job);
    while (this.jobs.size > KEEP_JOBS) this.jobs.delete(this.jobs.keys().next().value!);
    const client = new OmipayClient({
      baseUrl: ctx.gatewayBaseUrl,
      credentials,
      timeoutMs: 10_000,
    });
    void runAll(attempts.rows, job, client)
      .catch((err: unknown) => ctx.log.error({ err: String(err) }, 'reconciliation failed'))
      .finally(() => {
        client.close();
        job.finished = true;
        job.finishedAt = ctx.now();
        ctx.log.info(
          { store: store.id, businessDate, checked: job.done, differences: job.differences.length },
          'reconciliation finished',
        );
      });
    return job;
  }
}

async function runAll(rows: AttemptRow[], job: ReconcileJob, client: OmipayClient): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++]!;
      const d = await checkOne(row, client);
      if (d) job.differences.push(d);
      job.done += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rows.length) }, worker));
}

async function checkOne(a: AttemptRow, client: OmipayClient): Promise<Difference | null> {
  const herePaid = a.status === 'paid';
  const base = {
    tillName: a.till_name,
    saleId: a.sale_id,
    outOrderNo: a.out_order_no,
    orderNo: a.order_no,
    hereStatus: a.status,
    hereAmountCents: Number(a.amount_cents),
  };
  if (a.order_no === null) {
    // Never reached the gateway (declined or failed before an order number came back): nothing to compare.
    if (a.status === 'declined' || a.status === 'failed') return null;
    return { ...base, kind: 'no_order_no', gatewayStatus: null, gatewayAmountCents: null, code: null };
  }
  try {
    const g = await client.queryOrder({ orderNo: a.order_no });
    const gatewayPaid = g.status === 'PAID';
    const gw = { gatewayStatus: g.status, gatewayAmountCents: g.amount, code: null };
    if (gatewayPaid && !herePaid) return { ...base, ...gw, kind: 'paid_at_gateway_only' };
    if (!gatewayPaid && herePaid) return { ...base, ...gw, kind: 'paid_here_only' };
    if (gatewayPaid && g.amount !== Number(a.amount_cents)) return { ...base, ...gw, kind: 'amount_differs' };
    return null;
  } catch (err) {
    const code = err instanceof GatewayError ? err.code : err instanceof Error ? err.name : 'error';
    const kind: DifferenceKind =
      err instanceof GatewayError && UNKNOWN_ORDER_CODES.has(err.code) ? 'order_unknown' : 'query_failed';
    return { ...base, kind, gatewayStatus: null, gatewayAmountCents: null, code };
  }
}
