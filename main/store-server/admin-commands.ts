/**
 * The CLI's admin commands as data, run the same way on an open database (no server running) or by the running
 * server on the CLI's behalf (admin-api.ts): the embedded database can be open in one process only, so while a
 * server runs on a data dir, `store add` & co. go through it.
 */
import { z } from 'zod';
import { createEnrolCode, createStore, listStores, listTills, revokeTill, setStoreMerchant } from './admin';
import type { StoreDb } from './db/types';
import type { SecretSealer } from './secret-seal';
import { findDuplicateTills, mergeDuplicateTills } from './till-dedupe';
import { createUser } from './users';

export const adminCommandSchema = z.discriminatedUnion('command', [
  z.object({
    command: z.literal('store.add'),
    name: z.string(),
    merchantNo: z.string().optional(),
    merchantSecret: z.string().optional(),
    timeZone: z.string().optional(),
  }),
  z.object({
    command: z.literal('store.merchant'),
    storeId: z.string(),
    merchantNo: z.string(),
    merchantSecret: z.string(),
  }),
  z.object({ command: z.literal('store.list') }),
  z.object({
    command: z.literal('till.code'),
    storeId: z.string(),
    tillName: z.string(),
    ttlMs: z.number().int().optional(),
  }),
  z.object({ command: z.literal('till.list'), storeId: z.string().optional() }),
  z.object({ command: z.literal('till.revoke'), tillId: z.string() }),
  z.object({ command: z.literal('till.dedupe'), apply: z.boolean() }),
  z.object({
    command: z.literal('user.add'),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(['store_manager', 'head_office']),
    storeId: z.string().optional(),
    password: z.string(),
  }),
]);
export type AdminCommand = z.infer<typeof adminCommandSchema>;

export interface AdminEnv {
  db: StoreDb;
  sealer: SecretSealer;
  now(): number;
  /** Who runs it, for the audit log. */
  actor: string;
}

/** Runs one command; its result is JSON (the CLI prints it in words). Bad input throws AdminInputError. */
export async function runAdminCommand(env: AdminEnv, c: AdminCommand): Promise<unknown> {
  const now = env.now();
  switch (c.command) {
    case 'store.add':
      return createStore(
        env.db,
        {
          name: c.name,
          by: env.actor,
          ...(c.merchantNo !== undefined ? { merchantNo: c.merchantNo } : {}),
          ...(c.merchantSecret !== undefined ? { merchantSecret: c.merchantSecret } : {}),
          ...(c.timeZone !== undefined ? { timeZone: c.timeZone } : {}),
        },
        env.sealer,
        now,
      );
    case 'store.merchant':
      await setStoreMerchant(
        env.db,
        { storeId: c.storeId, merchantNo: c.merchantNo, merchantSecret: c.merchantSecret, by: env.actor },
        env.sealer,
        now,
      );
      return { storeId: c.storeId, merchantNo: c.merchantNo };
    case 'store.list':
      return listStores(env.db);
    case 'till.code':
      return createEnrolCode(
        env.db,
        {
          storeId: c.storeId,
          tillName: c.tillName,
          createdBy: env.actor,
          ...(c.ttlMs !== undefined ? { ttlMs: c.ttlMs } : {}),
        },
        now,
      );
    case 'till.list':
      return listTills(env.db, c.storeId);
    case 'till.revoke':
      await revokeTill(env.db, c.tillId, env.actor, now);
      return { tillId: c.tillId, revoked: true };
    case 'till.dedupe':
      return c.apply ? mergeDuplicateTills(env.db, env.actor, now) : findDuplicateTills(env.db);
    case 'user.add':
      return createUser(
        env.db,
        {
          username: c.username,
          displayName: c.displayName,
          role: c.role,
          password: c.password,
          by: env.actor,
          ...(c.storeId !== undefined ? { storeId: c.storeId } : {}),
        },
        now,
      );
  }
}
