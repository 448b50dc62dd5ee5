/**
 * Child process for the crash test: journals sales as the engine would (sale + attempt + event in one
 * transaction, then an update), printing each sale id only after its commit returned. The parent kills it
 * with SIGKILL mid-loop; every printed id must survive.
 */
import { openJournal } from '../../../../main/journal/journal';

const dir = process.argv[2];
if (!dir) throw new Error('usage: crash-writer <dir>');
const j = openJournal({ dir, timeZone: 'Australia/Sydney' });
const t0 = Date.UTC(2024, 2, 15, 1);
for (let i = 0; ; i++) {
  const at = t0 + i;
  const id = `crash-${process.pid}-${i}`;
  j.transaction(() => {
    j.createSale({
      id,
      posNo: 'POS01',
      kind: 'scan',
      amountCents: 100 + i,
      currency: 'AUD',
      orderName: 'crash test',
      platform: 'WECHATPAY',
      status: 'in_progress',
      createdAt: at,
    });
    j.createAttempt({
      id: `${id}-a`,
      saleId: id,
      kind: 'scan',
      outOrderNo: j.nextOutOrderNo('POS01', at),
      paymentCode: '134567890123456789',
      platform: 'WECHATPAY',
      createdAt: at,
    });
    j.appendEvent({
      at,
      actor: 'system',
      type: 'sale.submitting',
      entity: 'sale',
      entityId: id,
      data: { i },
    });
  });
  j.updateAttempt(`${id}-a`, { status: 'userpaying', orderNo: `OM${i}` }, at + 1);
  process.stdout.write(`${id}\n`);
}
