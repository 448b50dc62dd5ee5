/**
 * The link WebSocket between a real till runtime and a real store server, on PGlite and PostgreSQL 15: the
 * till connects with its credential; a relayed notification makes the sale engine look at the order (and an
 * unknown order is only recorded); a refund made at another till is journalled and shown to the manager in
 * both languages; an unreadable message changes nothing.
 */
import { expect, it } from 'vitest';
import {
  describeOnBothDatabases,
  enrolledTill,
  newStore,
  sell,
  startServer,
  tillIdOf,
  waitDrained,
} from '../helpers/store-server';
import type { Harness } from '../helpers/runtime-harness';
import type { NoticeView } from '../../preload/api';
import { openJournal } from '../../main/journal/journal';
import type { StoreServerHandle } from '../../main/store-server/server';
import { until } from '../helpers/wait-for';
import { useCleanups } from '../helpers/cleanups';

/** Two tills and a server on a shared 2-core machine: generous, the waits inside are what fail fast. */
const LINK_TEST_TIMEOUT_MS = 120_000;

const cleanups = useCleanups();

/** The till's own journal events of a type (read through a second connection, as an auditor would). */
function eventsOf(h: Harness, type: string) {
  const j = openJournal({ dir: h.dataDir });
  try {
    return j.listEvents({ limit: 10_000 }).filter((e) => e.type === type);
  } finally {
    j.close();
  }
}

describeOnBothDatabases('store link: the link socket', (target) => {
  async function setup(): Promise<{ server: StoreServerHandle; h: Harness; tillId: string }> {
    const server = await startServer(target.fresh());
    cleanups.push(() => server.close());
    const storeId = await newStore(server);
    const h = await enrolledTill(server, storeId, 'Till A');
    cleanups.push(() => h.close());
    const tillId = tillIdOf(h);
    await until('the link', () => server.context.links.connected(tillId));
    return { server, h, tillId };
  }

  it(
    'a relayed notification makes the engine look at that order; an unknown order is only recorded',
    async () => {
      const { server, h, tillId } = await setup();
      const sale = await sell(h, '9.90');
      const detail = await h.runtime.api.getSaleDetail({ saleId: sale.id });
      if (!detail.ok) throw new Error('no detail');
      const attempt = detail.value.attempts.at(-1)!;
      expect(
        server.context.links.send(tillId, {
          type: 'check',
          outOrderNo: attempt.outOrderNo,
          orderNo: attempt.orderNo ?? 'unknown',
          amountCents: 990,
          currency: 'AUD',
          returnCode: 'SUCCESS',
        }),
      ).toBe(true);
      const received = await until('notification.received', () => {
        const e = eventsOf(h, 'notification.received');
        return e.length > 0 ? e : null;
      });
      expect(received[0]).toMatchObject({ entity: 'attempt', entityId: attempt.id, actor: 'gateway' });

      server.context.links.send(tillId, {
        type: 'check',
        outOrderNo: 'NOSUCHORDER0001',
        orderNo: 'OM0000',
        amountCents: 100,
        currency: 'AUD',
        returnCode: 'SUCCESS',
      });
      await until('notification.unknown_order', () => eventsOf(h, 'notification.unknown_order').length > 0);
      // The sale stays exactly as it was.
      const after = await h.runtime.api.getSaleDetail({ saleId: sale.id });
      expect(after.ok && after.value.sale.phase).toBe('paid');
      // And those events replicate like any other.
      await waitDrained(h, server, tillId);
    },
    LINK_TEST_TIMEOUT_MS,
  );

  it(
    'a refund made at another till is journalled and shown to the manager in English and Chinese',
    async () => {
      const { server, h, tillId } = await setup();
      const sale = await sell(h, '20.00');
      server.context.links.send(tillId, {
        type: 'refunded-elsewhere',
        saleId: sale.id,
        outRefundNo: 'TBR2612010001',
        amountCents: 500,
        tillName: 'Till B',
        status: 'CLOSED',
      });
      const notice = await until('the notice', () => {
        const e = h.events.find((x) => x.type === 'notice' && x.notice.kind === 'refunded_elsewhere');
        return e && e.type === 'notice' ? e.notice : null;
      });
      expect(notice).toMatchObject<Partial<NoticeView>>({ saleId: sale.id, amountCents: 500 });
      expect(notice.message.en).toContain('refunded at Till B');
      expect(notice.message.en).toContain('A$ 5.00');
      expect(notice.message.zh).toContain('Till B');
      expect(notice.message.zh).toContain('退款');
      const logged = eventsOf(h, 'refund.elsewhere');
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ entity: 'sale', entityId: sale.id });
      expect(logged[0]?.data).toMatchObject({
        outRefundNo: 'TBR2612010001',
        amountCents: 500,
        tillName: 'Till B',
      });

      // A sale this till never took: nothing kept, no notice (the message after it is told, this one never).
      server.context.links.send(tillId, {
        type: 'refunded-elsewhere',
        saleId: 'not-our-sale',
        outRefundNo: 'TBR2612010002',
        amountCents: 100,
        tillName: 'Till B',
        status: 'CLOSED',
      });

      // The notice follows the refund's real state: a refund that failed is never told as a refund.
      const told = async (outRefundNo: string, status: string, state: string) => {
        server.context.links.send(tillId, {
          type: 'refunded-elsewhere',
          saleId: sale.id,
          outRefundNo,
          amountCents: 300,
          tillName: 'Till B',
          status,
        });
        return until(`the ${status} notice`, () => {
          const e = h.events.find(
            (x) =>
              x.type === 'notice' && x.notice.id === `${sale.id}:refunded_elsewhere:${outRefundNo}:${state}`,
          );
          return e && e.type === 'notice' ? e.notice : null;
        });
      };
      const failed = await told('TBR2612010003', 'rejected', 'failed');
      expect(failed.message.en).toBe(
        "A refund of A$ 3.00 of one of this till's sales, asked for at Till B, failed: Omipay refused it. No money went back to the customer (refund TBR2612010003).",
      );
      expect(eventsOf(h, 'refund.elsewhere').map((e) => e.data.saleId)).toEqual([sale.id, sale.id]);
      const j = openJournal({ dir: h.dataDir });
      try {
        expect(j.refundsElsewhere.get('TBR2612010002')).toBeUndefined();
        expect(j.refundsElsewhere.listForSale(sale.id).map((r) => r.state)).toEqual(['refunded', 'failed']);
      } finally {
        j.close();
      }
      expect(failed.message.en).not.toContain('was refunded');
      expect(failed.message.zh).toContain('未成功');
      const waiting = await told('TBR2612010004', 'APPLIED', 'pending');
      expect(waiting.message.en).toContain('is waiting for Omipay');
      expect(waiting.message.zh).toContain('等待 Omipay');
    },
    LINK_TEST_TIMEOUT_MS,
  );

  it(
    'the link comes back after the server restarts, and what was written since is sent',
    async () => {
      const place = target.fresh();
      let server = await startServer(place);
      const port = server.port;
      cleanups.push(() => server.close().catch(() => undefined));
      const storeId = await newStore(server);
      const h = await enrolledTill(server, storeId, 'Till A');
      cleanups.push(() => h.close());
      const tillId = tillIdOf(h);
      await until('the link', () => server.context.links.connected(tillId));
      await sell(h, '4.00');
      await waitDrained(h, server, tillId);
      await server.close();
      server = await startServer(place, { port });
      await until('the link again', () => server.context.links.connected(tillId), 15_000);
      await sell(h, '4.10');
      await waitDrained(h, server, tillId);
    },
    LINK_TEST_TIMEOUT_MS,
  );
});
