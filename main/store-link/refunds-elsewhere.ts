/**
 * Refunds of this till's sales made at other tills (docs/store-server.md, "Told back to the owning till"). The
 * server pushes each change over the link; on every (re)connection the till also asks for what changed since it
 * last asked, so nothing missed while the link was down stays missed. Each step forward is journalled
 * (`refunds_elsewhere` and a `refund.elsewhere` event on the sale) and told as a notice that says what the
 * refund is now — never "refunded" before Omipay has closed it.
 */
import type { Logger } from 'pino';
import type { NoticeView } from '../../preload/api';
import type { Journal } from '../journal/types';
import { refundElsewhereState } from '../journal/status';
import { refundElsewhereWords } from '../payments/refund-elsewhere-words';
import {
  REFUNDS_ELSEWHERE_PAGE,
  type RefundElsewhere,
  type ServerMessage,
} from '../shared/store-link-protocol';
import type { StoreLinkClient } from './client';

/** Where the pull resumes (the server's clock) and when this till last heard the whole list (its own clock). */
export const ELSEWHERE_SYNC_KEY = 'storeLink.refundsElsewhere';
export interface ElsewhereSync {
  since: number;
  syncedAt: number;
}

export function readElsewhereSync(journal: Journal): ElsewhereSync | null {
  try {
    return journal.getSetting<ElsewhereSync>(ELSEWHERE_SYNC_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Pages a pull may take in one go; the rest comes at the next connection. */
const MAX_PAGES = 20;

export class RefundsElsewhere {
  private pulling: Promise<void> | null = null;

  constructor(
    private readonly deps: {
      journal: Journal;
      now: () => number;
      notify: (n: NoticeView) => void;
      log?: Logger;
    },
  ) {}

  /** A change the server pushed over the link. Older servers send only `status`: the state is read from it. */
  fromMessage(m: Extract<ServerMessage, { type: 'refunded-elsewhere' }>): void {
    const at = this.deps.now();
    this.apply({
      outRefundNo: m.outRefundNo,
      saleId: m.saleId,
      amountCents: m.amountCents,
      tillName: m.tillName,
      state: m.state ?? refundElsewhereState(m.status),
      status: m.status,
      errorCode: m.errorCode ?? null,
      requestedAt: m.requestedAt ?? at,
      changedAt: m.changedAt ?? at,
    });
  }

  /** Asks the server what changed since the last pull; one at a time. Errors are logged, never thrown. */
  pull(client: StoreLinkClient): Promise<void> {
    this.pulling ??= this.pullOnce(client).finally(() => {
      this.pulling = null;
    });
    return this.pulling;
  }

  private async pullOnce(client: StoreLinkClient): Promise<void> {
    const { journal } = this.deps;
    let since = readElsewhereSync(journal)?.since ?? 0;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const { refunds } = await client.refundsElsewhere(since);
        for (const r of refunds) this.apply(r);
        const last = refunds[refunds.length - 1];
        // `since` is inclusive: the rows at the boundary come again and change nothing.
        if (last) since = Math.max(since, last.changedAt);
        if (refunds.length < REFUNDS_ELSEWHERE_PAGE || !last) break;
      }
      journal.setSetting(ELSEWHERE_SYNC_KEY, { since, syncedAt: this.deps.now() } satisfies ElsewhereSync);
    } catch (err) {
      this.deps.log?.warn({ err: String(err) }, 'store link: refunds made at other tills not fetched');
    }
  }

  private apply(r: RefundElsewhere): void {
    const { journal } = this.deps;
    const at = this.deps.now();
    let noted;
    try {
      noted = journal.refundsElsewhere.note({ ...r, heardAt: at });
    } catch (err) {
      this.deps.log?.warn(
        { err: String(err), outRefundNo: r.outRefundNo },
        'store link: refund elsewhere not kept',
      );
      return;
    }
    if (!noted) {
      this.deps.log?.warn(
        { saleId: r.saleId },
        'store link: told of a refund of a sale this till does not have',
      );
      return;
    }
    if (!noted.changed) return;
    const row = noted.row;
    journal.appendEvent({
      at,
      actor: 'system',
      type: 'refund.elsewhere',
      entity: 'sale',
      entityId: row.saleId,
      data: {
        saleId: row.saleId,
        outRefundNo: row.outRefundNo,
        amountCents: row.amountCents,
        tillName: row.tillName,
        state: row.state,
        status: row.status,
        errorCode: row.errorCode,
      },
    });
    this.deps.notify({
      id: `${row.saleId}:refunded_elsewhere:${row.outRefundNo}:${row.state}`,
      saleId: row.saleId,
      kind: 'refunded_elsewhere',
      amountCents: row.amountCents,
      message: refundElsewhereWords(row),
      at,
    });
  }
}
