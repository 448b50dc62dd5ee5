import { describe, expect, it } from 'vitest';
import {
  can,
  canRefund,
  DEFAULT_ROLES,
  normaliseRole,
  PERMISSION_WORDS,
  PERMISSIONS,
  ROLES,
  rolesFromSetting,
  rolesWith,
  withRole,
} from '../../../main/people/permissions';

describe('the default role table', () => {
  it('gives a cashier only sell, a supervisor the floor duties, a manager everything', () => {
    expect(DEFAULT_ROLES.cashier.permissions).toEqual(['sell']);
    expect(DEFAULT_ROLES.supervisor.permissions).toEqual([
      'sell',
      'void',
      'refund',
      'close_z',
      'late_payment',
      'reports',
    ]);
    expect(DEFAULT_ROLES.manager.permissions).toEqual([...PERMISSIONS]);
    for (const p of PERMISSIONS) expect(can(DEFAULT_ROLES, 'manager', p), p).toBe(true);
    expect(can(DEFAULT_ROLES, 'supervisor', 'settings')).toBe(false);
    expect(can(DEFAULT_ROLES, 'supervisor', 'manage_people')).toBe(false);
    expect(can(DEFAULT_ROLES, 'cashier', 'void')).toBe(false);
  });

  it('limits a supervisor to A$100.00 a refund, a manager not at all, and a cashier to none', () => {
    expect(canRefund(DEFAULT_ROLES, 'supervisor', 100_00)).toEqual({ ok: true });
    expect(canRefund(DEFAULT_ROLES, 'supervisor', 100_01)).toEqual({ ok: false, reason: 'over_limit' });
    expect(canRefund(DEFAULT_ROLES, 'manager', 99_999_999)).toEqual({ ok: true });
    expect(canRefund(DEFAULT_ROLES, 'cashier', 1)).toEqual({ ok: false, reason: 'not_allowed' });
  });

  it('names who holds a permission, most junior first', () => {
    expect(rolesWith(DEFAULT_ROLES, 'refund')).toEqual(['supervisor', 'manager']);
    expect(rolesWith(DEFAULT_ROLES, 'sell')).toEqual([...ROLES]);
    expect(rolesWith(DEFAULT_ROLES, 'settings')).toEqual(['manager']);
  });

  it('has words in both languages for every permission', () => {
    for (const p of PERMISSIONS) {
      expect(PERMISSION_WORDS[p].en.length, p).toBeGreaterThan(0);
      expect(PERMISSION_WORDS[p].zh.length, p).toBeGreaterThan(0);
    }
  });
});

describe('a shop adjusting the table', () => {
  it('lets a cashier refund up to a limit and a supervisor lose void', () => {
    let t = withRole(DEFAULT_ROLES, 'cashier', { permissions: ['sell', 'refund'], refundLimitCents: 20_00 })!;
    t = withRole(t, 'supervisor', { permissions: ['sell', 'refund', 'close_z'], refundLimitCents: null })!;
    expect(canRefund(t, 'cashier', 20_00)).toEqual({ ok: true });
    expect(canRefund(t, 'cashier', 20_01)).toEqual({ ok: false, reason: 'over_limit' });
    expect(can(t, 'supervisor', 'void')).toBe(false);
    expect(canRefund(t, 'supervisor', 5_000_00)).toEqual({ ok: true });
    // The defaults are not changed by adjusting a copy.
    expect(DEFAULT_ROLES.cashier.permissions).toEqual(['sell']);
  });

  it('keeps manage_people with the manager and sell with every role, whatever is stored', () => {
    const t = withRole(DEFAULT_ROLES, 'manager', { permissions: ['refund'], refundLimitCents: null })!;
    expect(t.manager.permissions).toEqual(['sell', 'refund', 'manage_people']);
    const c = withRole(DEFAULT_ROLES, 'cashier', { permissions: [], refundLimitCents: null })!;
    expect(c.cashier.permissions).toEqual(['sell']);
    // Only a manager keeps manage_people by force; another role may be given it.
    const s = withRole(DEFAULT_ROLES, 'supervisor', { permissions: ['manage_people'], refundLimitCents: 0 })!;
    expect(s.supervisor.permissions).toEqual(['sell', 'manage_people']);
  });

  it('refuses what is not a role table entry and changes nothing', () => {
    expect(withRole(DEFAULT_ROLES, 'cashier', { permissions: ['fly'], refundLimitCents: null })).toBeNull();
    expect(withRole(DEFAULT_ROLES, 'cashier', { permissions: ['sell'], refundLimitCents: -1 })).toBeNull();
    expect(withRole(DEFAULT_ROLES, 'cashier', { permissions: ['sell'], refundLimitCents: 1.5 })).toBeNull();
    expect(withRole(DEFAULT_ROLES, 'cashier', { permissions: 'sell', refundLimitCents: null })).toBeNull();
    expect(withRole(DEFAULT_ROLES, 'cashier', null)).toBeNull();
    expect(normaliseRole('cashier', { permissions: ['sell'] })).toBeNull();
  });

  it('reads the stored setting, falling back per role to the default where it is missing or broken', () => {
    const stored = {
      cashier: { permissions: ['sell', 'void', 'void'], refundLimitCents: null },
      supervisor: { permissions: ['nonsense'], refundLimitCents: 5 },
    };
    const t = rolesFromSetting(stored);
    expect(t.cashier.permissions).toEqual(['sell', 'void']);
    expect(t.supervisor).toEqual(DEFAULT_ROLES.supervisor);
    expect(t.manager).toEqual(DEFAULT_ROLES.manager);
    expect(rolesFromSetting(undefined)).toEqual(DEFAULT_ROLES);
    expect(rolesFromSetting('garbage')).toEqual(DEFAULT_ROLES);
  });
});
