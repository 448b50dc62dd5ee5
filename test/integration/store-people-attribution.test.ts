/**
 * Who did it, from a real till to the server's pages (docs/store-server.md, "Staff"), on PGlite and PostgreSQL
 * 15: a cashier signed in at a real till takes a sale and asks for a refund a manager approves with their PIN;
 * the till replicates its people and the attribution, and the server's pages name them (HTML checked).
 */
import { afterEach, expect, it, vi } from 'vitest';
import { createUser } from '../../main/store-server/users';
import { unwrap } from '../helpers/runtime-harness';
import {
  PASSWORD,
  PIN,
  WebClient,
  describeOnBothDatabases,
  enrolledTill,
  sell,
  startServer,
  newStore,
  tillIdOf,
  waitDrained,
} from '../helpers/store-server';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describeOnBothDatabases('attribution from a real till', (target) => {
  it('names the cashier who served and asked for the refund, and the manager who approved it', async () => {
    const server = await startServer(target.fresh());
    cleanups.push(() => server.close());
    const storeId = await newStore(server, 'Main St');
    await createUser(
      server.db,
      { username: 'mia', displayName: 'Mia', role: 'store_manager', storeId, password: PASSWORD },
      Date.now(),
    );
    const h = await enrolledTill(server, storeId, 'Counter 1', { posNo: 'P1' });
    cleanups.push(() => h.close());
    const api = h.runtime.api;
    const people = unwrap(await api.listPeople({ pin: PIN }));
    const manager = people.find((p) => p.role === 'manager')!;
    const bo = unwrap(
      await api.savePerson({ pin: PIN, person: { name: 'Bo <Li>', role: 'cashier', newPin: '3917' } }),
    );
    const boId = bo.id;
    unwrap(await api.signIn({ personId: boId, pin: '3917' }));

    const sale = await sell(h, '12.50');
    unwrap(
      await api.refund({
        saleId: sale.id,
        amount: '5.00',
        reason: 'wrong size',
        pin: PIN,
        personId: manager.id,
      }),
    );
    await waitDrained(h, server, tillIdOf(h));

    const c = new WebClient(server.url);
    expect((await c.signIn('mia')).status).toBe(303);
    // The till's business date of the sale, as it replicated it.
    const day = (
      await server.db.query<{ business_date: string }>('SELECT business_date FROM sales WHERE id = $1', [
        sale.id,
      ])
    ).rows[0]!.business_date;
    const live = await (await c.get(`/web/live?date=${day}`)).text();
    expect(live).toMatch(
      new RegExp(`data-sale="${sale.id}">[\\s\\S]*?<td class="served-by">Bo &#60;Li&#62;</td>`),
    );
    const refunds = await (await c.get(`/web/refunds?date=${day}`)).text();
    expect(refunds).toMatch(
      new RegExp(
        `<td class="requested-by">Bo &#60;Li&#62;</td>\\s*<td class="approved-by">${manager.name}</td>`,
      ),
    );
    const report = await (await c.get(`/web/reports?date=${day}`)).text();
    expect(report).toMatch(new RegExp(`data-person="${boId}">\\s*<td>\\s*Bo &#60;Li&#62; \\(Counter 1\\)`));
    expect(report).not.toContain('<Li>');
  });
});
