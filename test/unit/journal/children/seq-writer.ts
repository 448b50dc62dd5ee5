/** Child process for the concurrency test: takes `count` out_order_nos from a shared journal and prints them. */
import { openJournal } from '../../../../main/journal/journal';

const [dir, countText, at] = process.argv.slice(2);
if (!dir || !countText || !at) throw new Error('usage: seq-writer <dir> <count> <at>');
const j = openJournal({ dir, timeZone: 'Australia/Sydney' });
// Start together: wait for the parent's go on stdin, so both processes contend for the lock.
process.stdin.once('data', () => {
  const out: string[] = [];
  for (let i = 0; i < Number(countText); i++) out.push(j.nextOutOrderNo('POS01', Number(at)));
  j.close();
  process.stdout.write(out.join('\n') + '\n', () => process.exit(0));
});
