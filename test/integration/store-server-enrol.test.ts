import { afterEach, expect, it, vi } from 'vitest';
import {
  AdminInputError,
  createEnrolCode,
  createStore,
  listStores,
  listTills,
  revokeTill,
  setStoreMerchant,
} from '../../main/store-server/admin';
import { sha256Hex } from '../../main/store-server/ids';
import { enrolResponseSchema, cursorResponseSchema } from '../../main/shared/store-link-protocol';
import { createUser, verifyPassword } from '../../main/store-server/users';
import {
  describeOnBothDatabases,
  call,
  enrolTill,
  eventRecords,
  push,
  startWithStore,
  type Started,
} from '../helpers/store-server';

// PGlite starts a fresh database per test; on a shared two-core machine that alone can take many seconds.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

describeOnBothDatabases('store server: stores, tills and enrolment', (target) => {
  let s: Started;
  afterEach(async () => {
    await s?.server.close();
  });

  it('enrols a till once with a code, and the credential then opens the cursor', async () => {
    s = await startWithStore(target, { publicUrl: 'https://pos.example.com' });
    const made = await createEnrolCode(
      s.server.db,
      { storeId: s.storeId, tillName: 'Counter 1', createdBy: 'manager' },
      s.clock.now,
    );
    expect(made.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(made.expiresAt).toBe(s.clock.now + 24 * 3600_000);
    // Only the code's hash is kept.
    const codes = await s.server.db.query<{ code_hash: string }>('SELECT code_hash FROM enrol_codes');
    expect(codes.rows).toEqual([{ code_hash: sha256Hex(made.code.replace(/-/g, '')) }]);

    // Typed in lower case, without dashes: the same code.
    const typed = made.code.replace(/-/g, '').toLowerCase();
    const r = await call(s.server, 'POST', '/enrol', {
      body: { code: typed, posNo: 'P1', appVersion: '0.1.0' },
    });
    expect(r.status).toBe(200);
    const enrolled = enrolResponseSchema.parse(r.body);
    expect(enrolled).toMatchObject({
      tillId: made.tillId,
      tillName: 'Counter 1',
      storeId: s.storeId,
      storeName: 'Main St',
    });
    expect(enrolled.notifyUrl).toBe(`https://pos.example.com/api/omipay/notify/${s.storeId}`);
    const till = await s.server.db.query<{ credential_hash: string; pos_no: string }>(
      'SELECT credential_hash, pos_no FROM tills WHERE id = $1',
      [made.tillId],
    );
    expect(till.rows[0]).toEqual({ credential_hash: sha256Hex(enrolled.credential), pos_no: 'P1' });

    const again = await call(s.server, 'POST', '/enrol', { body: { code: made.code, posNo: 'P2' } });
    expect(again).toMatchObject({ status: 409, body: { error: 'code_used_or_expired' } });

    const cursor = await call(s.server, 'GET', '/cursor', { credential: enrolled.credential });
    expect(cursor.status).toBe(200);
    expect(cursorResponseSchema.parse(cursor.body)).toMatchObject({ lastSeq: 0, tillId: made.tillId });

    const audit = await s.server.db.query<{ action: string }>('SELECT action FROM audit_log ORDER BY id');
    // The second use of the code is refused and logged as a failed enrolment.
    expect(audit.rows.map((a) => a.action)).toEqual([
      'store_add',
      'till_code',
      'till_enrol',
      'till_enrol_failed',
    ]);
  });

  it('refuses an expired code, an unknown code and a POS number another till holds (the code stays usable)', async () => {
    s = await startWithStore(target);
    const short = await createEnrolCode(
      s.server.db,
      { storeId: s.storeId, tillName: 'Counter 1', createdBy: 'manager', ttlMs: 60_000 },
      s.clock.now,
    );
    s.clock.now += 60_001;
    expect(await call(s.server, 'POST', '/enrol', { body: { code: short.code, posNo: 'P1' } })).toMatchObject(
      {
        status: 410,
        body: { error: 'code_used_or_expired' },
      },
    );
    expect(
      await call(s.server, 'POST', '/enrol', { body: { code: 'ABCD-EFGH-JKMN', posNo: 'P1' } }),
    ).toMatchObject({
      status: 401,
      body: { error: 'unauthorized' },
    });
    // A new code for the same, never-enrolled till voids the old one.
    const fresh = await createEnrolCode(
      s.server.db,
      { storeId: s.storeId, tillName: 'Counter 1', createdBy: 'manager' },
      s.clock.now,
    );
    expect(fresh.tillId).toBe(short.tillId);
    await enrolTill(s, 'Counter 2', 'P7');
    const taken = await call(s.server, 'POST', '/enrol', { body: { code: fresh.code, posNo: 'P7' } });
    expect(taken).toMatchObject({ status: 409, body: { error: 'pos_no_taken' } });
    const ok = await call(s.server, 'POST', '/enrol', { body: { code: fresh.code, posNo: 'P8' } });
    expect(ok.status).toBe(200);
    // POS numbers are unique across the chain, not only the store.
    const other = await createStore(s.server.db, { name: 'Second St' }, s.server.context.sealer, s.clock.now);
    const elsewhere = await createEnrolCode(
      s.server.db,
      { storeId: other.id, tillName: 'Counter 1', createdBy: 'manager' },
      s.clock.now,
    );
    expect(
      await call(s.server, 'POST', '/enrol', { body: { code: elsewhere.code, posNo: 'P8' } }),
    ).toMatchObject({
      status: 409,
      body: { error: 'pos_no_taken' },
    });
  });

  it('refuses a revoked till on every route, and an unknown credential with 401', async () => {
    s = await startWithStore(target);
    const till = await enrolTill(s, 'Counter 1', 'P1');
    expect((await push(s, till, eventRecords(1, 3))).status).toBe(200);
    await revokeTill(s.server.db, till.tillId, 'manager', s.clock.now);
    await expect(revokeTill(s.server.db, till.tillId, 'manager', s.clock.now)).rejects.toThrow(
      /already revoked/,
    );
    expect(await call(s.server, 'GET', '/cursor', { credential: till.credential })).toMatchObject({
      status: 403,
      body: { error: 'revoked' },
    });
    expect(await push(s, till, eventRecords(4, 1))).toMatchObject({
      status: 403,
      body: { error: 'revoked' },
    });
    const stored = await s.server.db.query<{ n: number }>('SELECT count(*) AS n FROM till_records');
    expect(stored.rows[0]!.n).toBe(3);
    expect(await call(s.server, 'GET', '/cursor', { credential: 'x'.repeat(43) })).toMatchObject({
      status: 401,
      body: { error: 'unauthorized' },
    });
    expect(await call(s.server, 'GET', '/cursor')).toMatchObject({ status: 401 });
    const [listed] = await listTills(s.server.db, s.storeId);
    expect(listed).toMatchObject({ id: till.tillId, revoked: true, lastSeq: 3, posNo: 'P1' });
    expect(listed!.lastSeenAt).toBe(s.clock.now);
  });

  it('rate-limits failed enrolment attempts per source, never a manager enrolling many tills', async () => {
    s = await startWithStore(target);
    for (let i = 0; i < 12; i++) await enrolTill(s, `Counter ${i}`, `P${i}`);
    const code = await createEnrolCode(
      s.server.db,
      { storeId: s.storeId, tillName: 'Counter 99', createdBy: 'manager' },
      s.clock.now,
    );
    const answers: number[] = [];
    for (let i = 0; i < 12; i++) {
      answers.push(
        (await call(s.server, 'POST', '/enrol', { body: { code: 'WRONG-CODE-0000', posNo: 'P99' } })).status,
      );
    }
    expect(answers).toEqual([...Array<number>(11).fill(401), 429]);
    // Blocked now, even with a good code: guessing must not be able to go on by mixing in one.
    expect(await call(s.server, 'POST', '/enrol', { body: { code: code.code, posNo: 'P99' } })).toMatchObject(
      {
        status: 429,
        body: { error: 'rate_limited' },
      },
    );
  });

  it('keeps a store merchant secret sealed, refuses bad admin input and writes nothing for it', async () => {
    s = await startWithStore(target);
    const sealer = s.server.context.sealer;
    const store = await createStore(
      s.server.db,
      {
        name: 'Chinatown',
        merchantNo: '000123',
        merchantSecret: 'sekret-key-1',
        timeZone: 'Australia/Perth',
      },
      sealer,
      s.clock.now,
    );
    const row = await s.server.db.query<{ merchant_secret_enc: string; time_zone: string }>(
      'SELECT merchant_secret_enc, time_zone FROM stores WHERE id = $1',
      [store.id],
    );
    expect(row.rows[0]!.merchant_secret_enc).not.toContain('sekret');
    expect(sealer.open(row.rows[0]!.merchant_secret_enc)).toBe('sekret-key-1');
    expect(row.rows[0]!.time_zone).toBe('Australia/Perth');
    await setStoreMerchant(
      s.server.db,
      { storeId: store.id, merchantNo: '000124', merchantSecret: 'next-key' },
      sealer,
      s.clock.now,
    );
    const listed = await listStores(s.server.db);
    expect(listed.find((x) => x.id === store.id)).toMatchObject({
      merchantNo: '000124',
      hasMerchantSecret: true,
    });
    expect(JSON.stringify(listed)).not.toContain('key');
    const audits = await s.server.db.query<{ detail: unknown }>('SELECT detail FROM audit_log');
    expect(JSON.stringify(audits.rows)).not.toMatch(/sekret|next-key/);

    const before = await s.server.db.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM stores) + (SELECT count(*) FROM tills) + (SELECT count(*) FROM audit_log) AS n',
    );
    await expect(createStore(s.server.db, { name: 'Chinatown' }, sealer, 1)).rejects.toThrow(
      /already exists/,
    );
    await expect(createStore(s.server.db, { name: ' ' }, sealer, 1)).rejects.toThrow(AdminInputError);
    await expect(createStore(s.server.db, { name: 'X', merchantNo: '1' }, sealer, 1)).rejects.toThrow(
      /go together/,
    );
    await expect(createStore(s.server.db, { name: 'X', timeZone: 'Mars/Base' }, sealer, 1)).rejects.toThrow(
      /time zone/,
    );
    await expect(
      createEnrolCode(s.server.db, { storeId: 'st_nope', tillName: 'A', createdBy: 'm' }, 1),
    ).rejects.toThrow(/no store/);
    await expect(
      createEnrolCode(s.server.db, { storeId: store.id, tillName: 'A', createdBy: 'm', ttlMs: 5 }, 1),
    ).rejects.toThrow(/at least a minute/);
    await expect(revokeTill(s.server.db, 'tl_nope', 'm', 1)).rejects.toThrow(/no till/);
    await expect(
      setStoreMerchant(s.server.db, { storeId: 'st_nope', merchantNo: '1', merchantSecret: 'k' }, sealer, 1),
    ).rejects.toThrow(/no store/);
    const after = await s.server.db.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM stores) + (SELECT count(*) FROM tills) + (SELECT count(*) FROM audit_log) AS n',
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('creates users with scrypt hashes and refuses weak passwords', async () => {
    s = await startWithStore(target);
    const u = await createUser(
      s.server.db,
      {
        username: 'Mia',
        displayName: 'Mia Chen',
        role: 'store_manager',
        storeId: s.storeId,
        password: 'correct horse 9',
      },
      s.clock.now,
    );
    expect(u).toMatchObject({ username: 'mia', role: 'store_manager', storeId: s.storeId });
    const { rows } = await s.server.db.query<{ password_hash: string }>('SELECT password_hash FROM users');
    expect(rows[0]!.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse 9', rows[0]!.password_hash)).toBe(true);
    expect(await verifyPassword('correct horse 8', rows[0]!.password_hash)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);

    const base = { displayName: 'X', role: 'head_office' as const };
    await expect(createUser(s.server.db, { ...base, username: 'ho', password: 'short' }, 1)).rejects.toThrow(
      /at least 10/,
    );
    await expect(
      createUser(s.server.db, { ...base, username: 'ho', password: 'aaaaaaaaaaaa' }, 1),
    ).rejects.toThrow(/different/);
    await expect(
      createUser(s.server.db, { ...base, username: 'ho', password: 'my-ho-password' }, 1),
    ).rejects.toThrow(/username/);
    await expect(
      createUser(s.server.db, { ...base, username: 'mia', password: 'a fine password' }, 1),
    ).rejects.toThrow(/taken/);
    await expect(
      createUser(
        s.server.db,
        { displayName: 'X', role: 'store_manager', username: 'sm', password: 'a fine password' },
        1,
      ),
    ).rejects.toThrow(/needs a store/);
    const n = await s.server.db.query<{ n: number }>('SELECT count(*) AS n FROM users');
    expect(n.rows[0]!.n).toBe(1);
  });
});
