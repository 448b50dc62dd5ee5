import { describe, expect, it } from 'vitest';
import { newCredential, newEnrolCode, normaliseEnrolCode } from '../../../main/store-server/ids';
import { enrolCodeSchema, enrolResponseSchema } from '../../../main/shared/store-link-protocol';

describe('enrolment codes and credentials', () => {
  it('makes codes a person types right: no look-alike characters, accepted by the wire schema', () => {
    const codes = new Set(Array.from({ length: 500 }, () => newEnrolCode()));
    expect(codes.size).toBe(500);
    for (const c of codes) {
      expect(c).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(c).not.toMatch(/[01OILU]/);
      expect(enrolCodeSchema.parse(c)).toBe(c);
    }
  });

  it('reads a code the same with or without dashes and in any case', () => {
    expect(normaliseEnrolCode(' abcd-efgh-jkmn ')).toBe('ABCDEFGHJKMN');
    expect(normaliseEnrolCode('ABCDEFGHJKMN')).toBe('ABCDEFGHJKMN');
  });

  it('makes credentials the wire accepts', () => {
    const c = newCredential();
    expect(c).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(() => enrolResponseSchema.shape.credential.parse(c)).not.toThrow();
  });
});
