/**
 * Omipay's notifications reaching the store server (POST /api/omipay/notify/:storeId), over real HTTP: a genuine one
 * sent by the sandbox for a paid order is verified with the store's sealed merchant secret and relayed to the
 * till that owns the order; forged, replayed, stale, oversized, unknown-store and unknown-order ones are recorded
 * and relayed to nobody. The relay is observed on the server's link registry (the tills' WebSocket side is the
 * server core's; the cross-till test drives it end to end).
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { OmipayClient } from '../../main/omipay';
import { makeNonce, omipaySign } from '../../main/omipay/sign';
import { startSandbox } from '../../main/sandbox';
import type { ServerMessage } from '../../main/shared/store-link-protocol';
import type { StoreServerHandle } from '../../main/store-server/server';
import { storeNotifyUrl } from '../../main/store-server/notify-url';
import { bucketAllows, flood } from '../helpers/flood';
import { describeOnBothDatabases, seedSale, seedStore, seedTill, startServer } from '../helpers/store-server';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

describeOnBothDatabases('store server notifications', (target) => {
  let server: StoreServerHandle;
  let sandbox: Sandbox;
  let sent: { tillId: string; message: ServerMessage }[];
  let merchant: { mNumber: string; secretKey: string };

  beforeEach(async () => {
    sandbox = await startSandbox({ timeScale: 0.02 });
    merchant = sandbox.merchants[0]!;
    server = await startServer(target.fresh(), { gatewayBaseUrl: sandbox.url });
    const db = server.db;
    await seedStore(db, 'store-1', 'Main St');
    await db.query('UPDATE stores SET merchant_no = $1, merchant_secret_enc = $2 WHERE id = $3', [
      merchant.mNumber,
      server.context.sealer.seal(merchant.secretKey),
      'store-1',
    ]);
    await seedStore(db, 'store-2', 'No merchant yet');
    await seedTill(db, { id: 'till-a', storeId: 'store-1', name: 'Counter 1', posNo: 'POSA' });
    await seedTill(db, { id: 'till-b', storeId: 'store-1', name: 'Counter 2', posNo: 'POSB' });
    sent = [];
    vi.spyOn(server.context.links, 'send').mockImplementation((tillId, message) => {
      sent.push({ tillId, message });
      return true;
    });
  });
  afterEach(async () => {
    await server.close();
    await sandbox.close();
  });

  const url = (storeId = 'store-1') => `${server.url}/api/omipay/notify/${storeId}`;
  const post = (body: string, storeId?: string, type = 'application/json') =>
    fetch(url(storeId), { method: 'POST', headers: { 'content-type': type }, body });
  const signed = (fields: Record<string, unknown>, secret = merchant.secretKey, timestamp = Date.now()) => {
    const nonce = makeNonce();
    return JSON.stringify({
      nonce_str: nonce,
      timestamp,
      sign: omipaySign(merchant.mNumber, timestamp, nonce, secret),
      order_no: 'ORD1',
      currency: 'AUD',
      amount: 1234,
      order_time: '20261201100000',
      pay_time: '20261201100005',
      ...fields,
    });
  };
  const recorded = async () =>
    (
      await server.db.query<{
        verdict: string;
        till_id: string | null;
        out_order_no: string | null;
        delivered: boolean;
      }>('SELECT verdict, till_id, out_order_no, delivered FROM notifications ORDER BY id')
    ).rows;

  it('relays the sandbox notification of a paid order to the till that owns it, and answers SUCCESS', async () => {
    // Till B's attempt is replicated; the server finds its owner by the attempt row.
    await seedSale(server.db, {
      tillId: 'till-b',
      id: 'S1',
      storeId: 'store-1',
      amountCents: 1234,
      outOrderNo: 'POSB261201ab1200001',
    });
    const client = new OmipayClient({ baseUrl: sandbox.url, credentials: merchant });
    const notifyUrl = storeNotifyUrl(server.url, 'store-1')!;
    expect(notifyUrl).toBe(url());
    await client.makeScanOrder({
      orderName: 'test',
      amount: 1234,
      qrcode: '130000000000000000',
      posNo: 'POSB',
      outOrderNo: 'POSB261201ab1200001',
      notifyUrl,
    });
    // Till A's attempt has not replicated yet: its POS number in the out_order_no names it.
    await client.makeScanOrder({
      orderName: 'test',
      amount: 500,
      qrcode: '130000000000000000',
      posNo: 'POSA',
      outOrderNo: 'POSA261201zz9900007',
      notifyUrl,
    });
    await vi.waitFor(() => expect(sent).toHaveLength(2), { timeout: 5_000 });
    const byTill = Object.fromEntries(sent.map((s) => [s.tillId, s.message]));
    expect(byTill['till-b']).toMatchObject({
      type: 'check',
      outOrderNo: 'POSB261201ab1200001',
      amountCents: 1234,
      currency: 'AUD',
    });
    expect(byTill['till-a']).toMatchObject({
      type: 'check',
      outOrderNo: 'POSA261201zz9900007',
      amountCents: 500,
    });
    await vi.waitFor(() =>
      expect(sandbox.control.notificationsSent().filter((n) => n.delivered)).toHaveLength(2),
    );
    expect((await recorded()).map((r) => [r.verdict, r.till_id, r.delivered]).sort()).toEqual([
      ['relayed', 'till-a', true],
      ['relayed', 'till-b', true],
    ]);
  });

  it('refuses forged, replayed, stale and oversized notifications, and relays none of them', async () => {
    const own = { out_order_no: 'POSA261201zz9900001' };
    const forged = await post(signed(own, 'not-the-merchant-secret-000000000'));
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ return_code: 'FAIL' });

    const genuine = signed(own);
    const first = await post(genuine);
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('{"return_code":"SUCCESS"}');
    const replay = await post(genuine);
    expect(replay.status).toBe(400);

    expect((await post(signed(own, undefined, Date.now() - 3_600_000))).status).toBe(400);
    expect((await post('x'.repeat(17 * 1024))).status).toBe(413);
    expect((await post('not a notification', undefined, 'text/plain')).status).toBe(400);

    expect(sent.map((s) => s.tillId)).toEqual(['till-a']);
    expect((await recorded()).map((r) => r.verdict)).toEqual([
      'bad_signature',
      'relayed',
      'replayed_nonce',
      'stale_timestamp',
      'too_large',
      'malformed',
    ]);
    // The nonce is remembered in the database, under this store.
    const nonce = (JSON.parse(genuine) as { nonce_str: string }).nonce_str;
    expect(
      (await server.db.query('SELECT 1 FROM notification_nonces WHERE nonce = $1', [`store-1:${nonce}`])).rows
        .length,
    ).toBe(1);
  });

  it('records an unknown store, a store without a merchant and an unknown order, telling no till', async () => {
    expect((await post(signed({ out_order_no: 'POSA261201zz9900001' }), 'no-such-store')).status).toBe(404);
    expect((await post(signed({ out_order_no: 'POSA261201zz9900001' }), 'store-2')).status).toBe(503);
    // Authentic, but no till of this store owns it (another store's POS number, a foreign format).
    const unknown = await post(signed({ out_order_no: 'POSX261201zz9900001' }));
    expect(unknown.status).toBe(200);
    expect((await post(signed({ out_order_no: 'SOMETHING-ELSE' }))).status).toBe(200);
    expect(sent).toEqual([]);
    expect((await recorded()).map((r) => r.verdict)).toEqual([
      'no_merchant',
      'unknown_order',
      'unknown_order',
    ]);
    const audit = await server.db.query<{ action: string }>('SELECT action FROM audit_log');
    expect(audit.rows.map((r) => r.action)).toEqual(['notification.unknown_store']);
  });

  it('limits the rate per source address', async () => {
    const { statuses: codes, elapsedMs } = await flood(45, () => post('{}'));
    // The server's bucket: 30 at once, 10 more a second; every request it lets through is refused as junk.
    expect(codes.filter((c) => c === 400).length).toBeGreaterThanOrEqual(30);
    const allowed = Math.min(45, bucketAllows({ burst: 30, perSecond: 10 }, elapsedMs));
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(45 - allowed);
    expect(codes.every((c) => c === 400 || c === 429)).toBe(true);
  });
});
