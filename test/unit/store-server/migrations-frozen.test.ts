import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { STORE_MIGRATIONS } from '../../../main/store-server/db/migrations';

// Applied migrations are frozen: a store database was built from exactly this SQL. Migrations 6–8 are assembled
// from shared pieces (the rollups' refresh bodies, report-hours.ts and report-store-hours.ts), so an edit to a
// piece would change an applied migration silently; these fingerprints make it loud. A new migration adds a
// line; an old one never changes.
const FROZEN: Record<number, string> = {
  1: 'aaae467251d09130280c5061d2c03fcc19a9894edd513b9cf483cf8ce10bacd4',
  2: 'e1bcd36796cabf4adc33ba59be5c5529361c47a27a3581212d74c987e3973f2a',
  3: '6d508e32c899a43f730f99cd3d581ea082d7f633a4e7d986042abed8607c52d4',
  4: '14dfcb7805debecbf08f86a885628769a549d9829a4251d31a68aed0b73cfe55',
  5: '8bdcda6f8d05dbe92d0dc0312d9ed1aecbd9b9a585e3530908089e91a0756b3a',
  6: '94e42b8e093330050643017762116f4678f0994c6ec56653d6624c737b77af3c',
  7: 'd0bbb1ae533a43a70bf3b0a0ef6a8ad2a5dd9c74bfb5deafbcfad569a9fe06de',
  8: '9d74f8497bd9aa922a7221371d137aa94e77c9827a5193c1e42ce1c3e8c2c0e5',
};

describe('frozen store server migrations', () => {
  it.each(STORE_MIGRATIONS.filter((m) => FROZEN[m.version] !== undefined))(
    'migration $version ($name) is byte-for-byte the SQL store databases were built from',
    (m) => {
      expect(createHash('sha256').update(m.sql).digest('hex')).toBe(FROZEN[m.version]);
    },
  );

  it('every migration is pinned', () => {
    expect(STORE_MIGRATIONS.map((m) => m.version)).toEqual(Object.keys(FROZEN).map(Number));
  });
});
