/** Key/value settings kept in the journal, and the manager PIN's state (hash, failures, lockout). */
import { z } from 'zod';
import { JournalError } from '../errors';
import type { ManagerAuthState } from '../types';
import { managerAuthSchema, parse } from '../validation';
import type { JournalConnection } from './connection';

const settingKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/);

export class SettingTable {
  private readonly s;

  constructor(private readonly c: JournalConnection) {
    const p = (sql: string) => c.prepare(sql);
    this.s = {
      getSetting: p('SELECT value FROM settings WHERE key = ?'),
      setSetting: p(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
      getAuth: p('SELECT pin_hash, failed_attempts, locked_until FROM manager_auth WHERE id = 1'),
      setAuth: p('UPDATE manager_auth SET pin_hash = ?, failed_attempts = ?, locked_until = ? WHERE id = 1'),
    };
  }

  getSetting<T>(key: string): T | undefined {
    parse(settingKey, key, 'getSetting.key');
    const r = this.s.getSetting.get(key) as { value: string } | undefined;
    return r === undefined ? undefined : (JSON.parse(r.value) as T);
  }

  setSetting(key: string, value: unknown): void {
    parse(settingKey, key, 'setSetting.key');
    const json = value === undefined ? undefined : JSON.stringify(value);
    if (json === undefined) throw new JournalError('invalid_input', `setSetting ${key}: value is not JSON`);
    this.c.write(() => this.s.setSetting.run(key, json, Date.now()));
  }

  getManagerAuth(): ManagerAuthState {
    const r = this.s.getAuth.get() as {
      pin_hash: string | null;
      failed_attempts: number;
      locked_until: number | null;
    };
    return { pinHash: r.pin_hash, failedAttempts: r.failed_attempts, lockedUntil: r.locked_until };
  }

  setManagerAuth(state: ManagerAuthState): void {
    const s = parse(managerAuthSchema, state, 'setManagerAuth');
    this.c.write(() => this.s.setAuth.run(s.pinHash, s.failedAttempts, s.lockedUntil));
  }
}
