import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../main/journal/migrations';

// Applied migrations are frozen: a journal on disk was built from exactly this SQL. Some of it is assembled from
// shared pieces (schema/refund-ledger-columns.ts, the outbox triggers), so an edit to a piece would change a
// migration silently; these fingerprints make it loud. A new migration adds a line; an old one never changes.
const FROZEN: Record<number, string> = {
  1: 'cdc4b7e96b122b62c64a3b6669a0e20f2e26c327d83631fcf51b8f5257070512',
  2: 'f6f64c95214c3f4e39790bf657e9d02259c217c45f5b8c047524473c8cf64773',
  3: '4f86928bdb36f691727ef514b238f4643e0f6d9c3ef54fb38797a1f1f6edc8cd',
  4: '1c4783ef32a8531c617273025feeb3ccd5ceec5f2361b7602567425ed6665005',
  5: '09e1a12c90438961820fdd7be856a8bc08468c77a473d36c213d955c9f79673e',
  6: '8ff76536f9c859de05b8555db4bf5ef7a6dc5e1c411711f62999d9e9021a3093',
  7: '387e2c2823bc7ed0a12ab3f084335a3d3ed130d183a2c2ce06bd6f8fbfdf8da1',
  8: '763e44d88a579be1ff79f24a184538e30c2266c912f49f3c24392353efad9236',
  9: '0b00ddd0f3f48679d32a6d79fc07bfb6840292408f248a71bf70f19b3c62d65b',
  10: 'dc1fd709807fd0a3287e32307e9442a10dff25225a52429f2b9fb1b1efa7a82c',
  11: 'b01dbd8caa1e3c2486f6f25879c0ab84461af221917265aee1d077d928eb17ff',
  12: 'c8d37a27a802ae5543f9c9dda8ff26bd268fbc987183f5a464ea466d78613766',
  13: 'b89f1f286215317d7dd20cb6ef493f344ff8eef59bc16d73c8a95dfb70475540',
};

describe('frozen migrations', () => {
  it.each(MIGRATIONS.filter((m) => FROZEN[m.version] !== undefined))(
    'migration $version ($name) is byte-for-byte the SQL journals were built from',
    (m) => {
      expect(createHash('sha256').update(m.sql).digest('hex')).toBe(FROZEN[m.version]);
    },
  );

  it('every migration is pinned', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Object.keys(FROZEN).map(Number));
  });
});
