/**
 * The journal's `people` table (migration 11): people at the counter, their PIN hash and its lockout, their
 * badge's hash. People are never deleted, only disabled. People made at this till have source 'till'; those
 * from the store server's staff list have source 'server' and change only through applyServerPeople. The
 * built-in `counter` person ("Cashier", no PIN) is the till in no-sign-in mode.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { JournalError } from '../errors';
import { rowCodec, type Columns } from '../row-codec';
import { parse, timeSchema } from '../validation';
import type { JournalConnection } from './connection';

export const COUNTER_PERSON_ID = 'counter';
/** The person an upgraded journal's manager PIN became. */
export const FIRST_MANAGER_ID = 'manager-1';
/** When the till last had the store server's whole staff list (ms). */
export const SERVER_SYNCED_AT_SETTING = 'people.serverSyncedAt';

export type PersonRoleName = 'cashier' | 'supervisor' | 'manager';

export interface PersonRow {
  id: string;
  name: string;
  role: PersonRoleName;
  pinHash: string | null;
  badgeHash: string | null;
  badgeIssuedAt: number | null;
  disabledAt: number | null;
  source: 'till' | 'server';
  serverRev: number | null;
  failedAttempts: number;
  lockedUntil: number | null;
  lockStep: number;
  createdAt: number;
  updatedAt: number;
}

/** A person as the store server lists them for this till's store (GET /till/v1/people). */
export interface ServerPerson {
  id: string;
  name: string;
  role: PersonRoleName;
  /** The scrypt hash of the PIN the person set on the server (null: none set yet). */
  pinHash: string | null;
  disabledAt: number | null;
  rev: number;
}

export interface ServerPeopleApplied {
  added: string[];
  updated: string[];
  /** Gone from the store's list (removed from this store, or deleted on the server): disabled here. */
  disabled: string[];
  /** Ids the list could not take: a person made at this till already has that id. */
  skipped: string[];
}

/** Ids as the contract takes them (A-Z a-z 0-9 _ -). */
export const personIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '1–64 of A-Z a-z 0-9 _ -');
const nameSchema = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[^\p{Cc}]*$/u, 'no control characters');
const roleSchema = z.enum(['cashier', 'supervisor', 'manager']);
/** scrypt$N$r$p$salt$hash, as main/people/pin-hash.ts writes it; the checker refuses anything else anyway. */
const hashSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[\x21-\x7e]+$/);

const newPersonSchema = z.strictObject({
  id: personIdSchema.optional(),
  name: nameSchema,
  role: roleSchema,
  pinHash: hashSchema.nullable(),
  at: timeSchema,
});

const personPatchSchema = z.strictObject({
  name: nameSchema.optional(),
  role: roleSchema.optional(),
  pinHash: hashSchema.nullable().optional(),
  disabledAt: timeSchema.nullable().optional(),
});
export type PersonPatch = z.input<typeof personPatchSchema>;

const lockoutSchema = z.strictObject({
  failedAttempts: z.number().int().min(0).max(1_000_000),
  lockedUntil: timeSchema.nullable(),
  lockStep: z.number().int().min(0).max(1_000),
});
export type PersonLockout = z.infer<typeof lockoutSchema>;

const serverPersonSchema = z.strictObject({
  id: personIdSchema,
  name: nameSchema,
  role: roleSchema,
  pinHash: hashSchema.nullable(),
  disabledAt: timeSchema.nullable(),
  rev: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
const serverListSchema = z.array(serverPersonSchema).max(10_000);

type Db = Columns<PersonRow>;

const fromDb = rowCodec<PersonRow, Db>()([
  'id',
  'name',
  'role',
  'pinHash',
  'badgeHash',
  'badgeIssuedAt',
  'disabledAt',
  'source',
  'serverRev',
  'failedAttempts',
  'lockedUntil',
  'lockStep',
  'createdAt',
  'updatedAt',
]).fromDb;

export class PeopleTable {
  private readonly s;

  constructor(private readonly c: JournalConnection) {
    const p = (sql: string) => c.prepare(sql);
    this.s = {
      get: p('SELECT * FROM people WHERE id = ?'),
      list: p('SELECT * FROM people ORDER BY name COLLATE NOCASE, id'),
      byBadge: p('SELECT * FROM people WHERE badge_hash = ?'),
      insert:
        p(`INSERT INTO people (id, name, role, pin_hash, source, server_rev, disabled_at, created_at, updated_at)
        VALUES (@id, @name, @role, @pin_hash, @source, @server_rev, @disabled_at, @at, @at)`),
      update:
        p(`UPDATE people SET name = @name, role = @role, pin_hash = @pin_hash, disabled_at = @disabled_at,
        server_rev = @server_rev, failed_attempts = @failed_attempts, locked_until = @locked_until,
        lock_step = @lock_step, updated_at = @at WHERE id = @id`),
      badge: p('UPDATE people SET badge_hash = ?, badge_issued_at = ?, updated_at = ? WHERE id = ?'),
      lockout: p('UPDATE people SET failed_attempts = ?, locked_until = ?, lock_step = ? WHERE id = ?'),
      getSetting: p('SELECT value FROM settings WHERE key = ?'),
      saleNames: p(`SELECT s.person_id AS taken_id, t.name AS taken, v.name AS voided FROM sales s
        LEFT JOIN people t ON t.id = s.person_id LEFT JOIN people v ON v.id = s.voided_by WHERE s.id = ?`),
      refundNames: p(`SELECT q.name AS requested, a.name AS approved FROM refunds r
        LEFT JOIN people q ON q.id = r.requested_by LEFT JOIN people a ON a.id = r.approved_by WHERE r.id = ?`),
      setSetting: p(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
    };
  }

  private actingFn: () => string | null = () => null;

  /**
   * Who acts at the till now (the signed-in person, or `counter`): sales, attempts and the cashier's events
   * name them unless the writer names someone. Set once by the people service; a person unknown to the journal
   * is not named (the journal would refuse the reference).
   */
  setActing(fn: () => string | null): void {
    this.actingFn = fn;
  }

  acting(): string | null {
    const id = this.actingFn();
    return id !== null && this.s.get.get(id) !== undefined ? id : null;
  }

  get(id: string): PersonRow | undefined {
    const r = this.s.get.get(id) as Db | undefined;
    return r && fromDb(r);
  }

  /** Everyone, disabled and `counter` included, in name order. */
  list(): PersonRow[] {
    return (this.s.list.all() as Db[]).map(fromDb);
  }

  findByBadgeHash(badgeHash: string): PersonRow | undefined {
    const r = this.s.byBadge.get(parse(hashSchema, badgeHash, 'findByBadgeHash')) as Db | undefined;
    return r && fromDb(r);
  }

  /** A new person made at this till; the id is drawn when not given. */
  create(input: z.input<typeof newPersonSchema>): PersonRow {
    const p = parse(newPersonSchema, input, 'createPerson');
    const id = p.id ?? randomUUID();
    return this.c.transaction(() => {
      if (this.get(id)) throw new JournalError('invalid_input', `createPerson: ${id} exists`);
      this.s.insert.run({
        id,
        name: p.name,
        role: p.role,
        pin_hash: p.pinHash,
        source: 'till',
        server_rev: null,
        disabled_at: null,
        at: p.at,
      });
      return this.get(id)!;
    });
  }

  /**
   * Changes a person made at this till. A new PIN hash clears their lockout (the manager set it). People from
   * the store server are read-only here; `counter` keeps its name, role and no PIN.
   */
  update(id: string, patch: PersonPatch, at: number): PersonRow {
    const p = parse(personPatchSchema, patch, 'updatePerson');
    parse(timeSchema, at, 'updatePerson.at');
    return this.c.transaction(() => {
      const row = this.get(id);
      if (!row) throw new JournalError('not_found', `updatePerson: no person ${id}`);
      if (row.source === 'server') {
        throw new JournalError('invalid_input', `updatePerson: ${id} comes from the store server`);
      }
      if (id === COUNTER_PERSON_ID) {
        throw new JournalError('invalid_input', 'updatePerson: the built-in cashier is fixed');
      }
      const newPin = p.pinHash !== undefined && p.pinHash !== row.pinHash;
      this.write(row, { ...p, at, resetLock: newPin });
      return this.get(id)!;
    });
  }

  /** Sets (a new hash) or clears (null) a person's badge. */
  setBadge(id: string, badgeHash: string | null, at: number): PersonRow {
    const hash = parse(hashSchema.nullable(), badgeHash, 'setBadge');
    parse(timeSchema, at, 'setBadge.at');
    return this.c.transaction(() => {
      const row = this.get(id);
      if (!row) throw new JournalError('not_found', `setBadge: no person ${id}`);
      if (id === COUNTER_PERSON_ID) throw new JournalError('invalid_input', 'setBadge: the built-in cashier');
      this.c.write(() => this.s.badge.run(hash, hash === null ? null : at, at, id));
      return this.get(id)!;
    });
  }

  /** The PIN lockout after a try; written alone, so a wrong PIN changes nothing else (and replicates nothing). */
  setLockout(id: string, lockout: PersonLockout): void {
    const l = parse(lockoutSchema, lockout, 'setLockout');
    const changed = this.c.write(() =>
      this.s.lockout.run(l.failedAttempts, l.lockedUntil, l.lockStep, id),
    ).changes;
    if (changed !== 1) throw new JournalError('not_found', `setLockout: no person ${id}`);
  }

  /**
   * The store server's staff list for this till's store, whole: new people are added, known ones take the
   * server's name, role, PIN hash and disabled state; server people missing from the list are disabled here (a
   * till keeps their names for its history). A till-made person with a listed id is left alone (skipped). A
   * changed PIN hash clears that person's lockout. All in one transaction, with the time of the list.
   */
  applyServerPeople(list: readonly ServerPerson[], syncedAt: number): ServerPeopleApplied {
    const people = parse(serverListSchema, list, 'applyServerPeople');
    parse(timeSchema, syncedAt, 'applyServerPeople.syncedAt');
    const out: ServerPeopleApplied = { added: [], updated: [], disabled: [], skipped: [] };
    return this.c.transaction(() => {
      const listed = new Set<string>();
      for (const p of people) {
        if (listed.has(p.id)) continue;
        listed.add(p.id);
        const row = this.get(p.id);
        if (!row) {
          this.c.write(() =>
            this.s.insert.run({
              id: p.id,
              name: p.name,
              role: p.role,
              pin_hash: p.pinHash,
              source: 'server',
              server_rev: p.rev,
              disabled_at: p.disabledAt,
              at: syncedAt,
            }),
          );
          out.added.push(p.id);
          continue;
        }
        if (row.source !== 'server') {
          out.skipped.push(p.id);
          continue;
        }
        const same =
          row.name === p.name &&
          row.role === p.role &&
          row.pinHash === p.pinHash &&
          (row.disabledAt === null) === (p.disabledAt === null) &&
          row.serverRev === p.rev;
        if (same) continue;
        this.write(row, {
          name: p.name,
          role: p.role,
          pinHash: p.pinHash,
          // A person disabled here when they left the list keeps that time if the server still says disabled.
          disabledAt: p.disabledAt === null ? null : (row.disabledAt ?? p.disabledAt),
          serverRev: p.rev,
          at: syncedAt,
          resetLock: row.pinHash !== p.pinHash,
        });
        out.updated.push(p.id);
      }
      for (const row of this.list()) {
        if (row.source !== 'server' || listed.has(row.id) || row.disabledAt !== null) continue;
        this.write(row, { disabledAt: syncedAt, at: syncedAt, resetLock: false });
        out.disabled.push(row.id);
      }
      this.c.write(() => this.s.setSetting.run(SERVER_SYNCED_AT_SETTING, JSON.stringify(syncedAt), syncedAt));
      return out;
    });
  }

  /**
   * Who took a sale (id and name) and who voided it, by name (null: not recorded, as on sales from before
   * people). The one reader of sales.person_id: the sale's view and its receipt both use it.
   */
  saleNames(saleId: string): { takenById: string | null; takenBy: string | null; voidedBy: string | null } {
    const r = this.s.saleNames.get(saleId) as
      { taken_id: string | null; taken: string | null; voided: string | null } | undefined;
    return { takenById: r?.taken_id ?? null, takenBy: r?.taken ?? null, voidedBy: r?.voided ?? null };
  }

  /** Who asked for a refund and who approved it, by name. */
  refundNames(refundId: string): { requestedBy: string | null; approvedBy: string | null } {
    const r = this.s.refundNames.get(refundId) as
      { requested: string | null; approved: string | null } | undefined;
    return { requestedBy: r?.requested ?? null, approvedBy: r?.approved ?? null };
  }

  /** When the till last applied the store server's list; null: never. */
  serverSyncedAt(): number | null {
    const r = this.s.getSetting.get(SERVER_SYNCED_AT_SETTING) as { value: string } | undefined;
    const v: unknown = r === undefined ? null : JSON.parse(r.value);
    return typeof v === 'number' ? v : null;
  }

  private write(
    row: PersonRow,
    p: PersonPatch & { serverRev?: number | null; at: number; resetLock: boolean },
  ): void {
    this.c.write(() =>
      this.s.update.run({
        id: row.id,
        name: p.name ?? row.name,
        role: p.role ?? row.role,
        pin_hash: p.pinHash === undefined ? row.pinHash : p.pinHash,
        disabled_at: p.disabledAt === undefined ? row.disabledAt : p.disabledAt,
        server_rev: p.serverRev === undefined ? row.serverRev : p.serverRev,
        failed_attempts: p.resetLock ? 0 : row.failedAttempts,
        locked_until: p.resetLock ? null : row.lockedUntil,
        lock_step: p.resetLock ? 0 : row.lockStep,
        at: p.at,
      }),
    );
  }
}
