/**
 * A till's enrolment refused, in words (Settings → Store server): a mistyped address, a code of the wrong shape,
 * a code the server does not know, a revoked till's code. Each answer says what is wrong in English and Chinese
 * and carries no error key as a "detail" for the screen to show. A real till runtime and a real server.
 */
import { expect, it, vi } from 'vitest';
import type { PosResult } from '../../contract/views';
import { revokeTill } from '../../main/store-server/admin';
import { describeOnBothDatabases, PIN, enrolCode, newStore, startServer } from '../helpers/store-server';
import { useCleanups } from '../helpers/cleanups';
import { startHarnessFor, unwrap } from '../helpers/runtime-harness';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

function refusal(r: PosResult<unknown>) {
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
}

describeOnBothDatabases('till enrolment refused in words', (target) => {
  const cleanups = useCleanups();

  it('says what is wrong with the address or the code, never an error key', async () => {
    const server = await startServer(target.fresh());
    cleanups.push(() => server.close());
    const storeId = await newStore(server);
    const h = await startHarnessFor(cleanups);
    const api = h.runtime.api;
    unwrap(await api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
    const enrol = (url: string, code: string) => api.enrolStoreServer({ url, code, pin: PIN });

    const badUrl = refusal(await enrol('store server', 'ABCD-EFGH-JKMN'));
    expect(badUrl.message.en).toBe('Enter the store server address, such as https://store.example.com.');
    expect(badUrl.detail).toBeUndefined();

    const badCode = refusal(await enrol(server.url, 'abc!'));
    expect(badCode.message.en).toContain('An enrolment code is 12 letters and digits');
    expect(badCode.message.zh).toContain('登记码由 12 个字母和数字组成');
    expect(badCode.detail).toBeUndefined();

    const unknown = refusal(await enrol(server.url, 'ABCD-EFGH-JKMN'));
    expect(unknown.message.en).toContain('The store server does not know that enrolment code.');
    expect(unknown.detail).toBeUndefined();

    const code = await enrolCode(server, storeId, 'Front');
    const tillId = (await server.db.query<{ id: string }>(`SELECT id FROM tills WHERE name = 'Front'`))
      .rows[0]!.id;
    await revokeTill(server.db, tillId, 'test', Date.now());
    const revoked = refusal(await enrol(server.url, code));
    expect(revoked.message.en).toContain('That enrolment code has been used or has expired.');
    expect(revoked.detail).toBeUndefined();
  });
});
