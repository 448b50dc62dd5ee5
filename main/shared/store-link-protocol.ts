/**
 * The wire between a till and its store server (docs/store-server.md). Both ends parse with these schemas, so a
 * hostile or malformed message is refused with the same words on each side. Versioned by path (/api/till/v1/…);
 * a change that an older till or server could misread gets a new path, never a new meaning for an old field.
 *
 * The till authenticates every call with `Authorization: Bearer <credential>`, the credential the server handed
 * out once at enrolment (the server keeps only its hash).
 */
import { z } from 'zod';

export const TILL_API_PREFIX = '/api/till/v1';

/** Version of a replicated record's `data` shape. A server keeps records of a version it does not know. */
export const REPLICATION_SCHEMA_VERSION = 1;

/** At most this many records per push; the till sends its backlog in batches of this size. */
export const MAX_PUSH_BATCH = 500;
/** A push body is refused above this size (bytes). */
export const MAX_PUSH_BYTES = 4 * 1024 * 1024;

const id = z.string().min(1).max(64);
const cents = z.number().int().positive().max(100_000_000);
const time = z.number().int().nonnegative();

// ── enrolment ────────────────────────────────────────────────────────────────────────────────────────────────

/** A one-time enrolment code as the manager types it: groups of letters and digits, dashes optional. */
export const enrolCodeSchema = z
  .string()
  .trim()
  .min(8)
  .max(40)
  .regex(/^[A-Za-z0-9-]+$/);

/** A journal's own identity (journal migration 8): a lower-case UUID v4, made with the journal, never changed. */
export const JOURNAL_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const enrolRequestSchema = z.object({
  code: enrolCodeSchema,
  /**
   * The till's journal identity: the server resumes the till it already knows by it (same till id, cursor and POS
   * number) instead of counting the same journal twice. Absent from tills older than journal migration 8.
   */
  journalId: z.string().regex(JOURNAL_ID_PATTERN, 'journalId: a lower-case UUID v4').optional(),
  /** The till's POS number (its out_order_no prefix); the server refuses a second till of a store with it. */
  posNo: z.string().min(1).max(16),
  appVersion: z.string().max(32).optional(),
  /**
   * Whether the till takes live payments or runs on a sandbox. A server running a shared sandbox refuses a live
   * till (409 `live_till_on_sandbox_server`): its sales could never be refunded at a sandbox till nor reconciled.
   * Absent from older tills, which are then taken as they always were.
   */
  gatewayMode: z.enum(['sandbox', 'live']).optional(),
});
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;

export const enrolResponseSchema = z.object({
  tillId: id,
  tillName: z.string().min(1).max(80),
  storeId: id,
  storeName: z.string().min(1).max(80),
  /** Shown once; the till keeps it in its secret store (0600 file or the OS keychain). */
  credential: z.string().min(32).max(128),
  /** The notify_url the till sends with every order, when the server is reachable from the internet. */
  notifyUrl: z.string().url().nullable(),
  /**
   * The store's shared Omipay sandbox (`--sandbox` on the server), else null; absent from older servers. A till
   * without live credentials takes its payments through it; a live till ignores it.
   */
  sandboxGatewayUrl: z.string().url().nullable().optional(),
});
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

// ── replication (store and forward) ──────────────────────────────────────────────────────────────────────────

/**
 * One change from a till's journal, in the order it was committed. `seq` is the till's own outbox sequence:
 * 1, 2, 3, … with no gaps. `op` is `upsert` for a row's latest state (sale, attempt, refund, session,
 * remote_refund) and `append` for an entry of the append-only event log.
 */
export const replicatedRecordSchema = z.object({
  seq: z.number().int().positive(),
  v: z.number().int().positive(),
  at: time,
  entity: z.string().min(1).max(32),
  entityId: z.string().min(1).max(64),
  op: z.enum(['upsert', 'append']),
  data: z.record(z.string(), z.unknown()),
});
export type ReplicatedRecord = z.infer<typeof replicatedRecordSchema>;

export const pushRequestSchema = z.object({
  records: z.array(replicatedRecordSchema).min(1).max(MAX_PUSH_BATCH),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * Accepted: everything up to `lastSeq` is stored (records at or below the server's last were duplicates and
 * ignored). A push whose first record is beyond lastSeq + 1 is refused with 409 and `{ error: 'gap', lastSeq }`:
 * the till rewinds to lastSeq + 1 (this is how a server restored from an older backup asks for what it lost).
 */
export const pushResponseSchema = z.object({ lastSeq: z.number().int().nonnegative() });
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const cursorResponseSchema = z.object({
  lastSeq: z.number().int().nonnegative(),
  tillId: id,
  tillName: z.string(),
  storeId: id,
  storeName: z.string(),
  notifyUrl: z.string().nullable(),
  /** As in the enrolment's answer: the server may have been started with or without `--sandbox` since. */
  sandboxGatewayUrl: z.string().nullable().optional(),
});
export type CursorResponse = z.infer<typeof cursorResponseSchema>;

// ── refunds of a till's sales made at other tills (told back to the till that took the sale) ──────────────

/**
 * requested: the server holds the amount and the other till is asking Omipay; pending: Omipay has it and has not
 * finished; refunded: the money went back (CLOSED); failed: Omipay refused or gave up, no money went back;
 * cancelled: the other till gave the hold back before sending anything.
 */
export const REFUND_ELSEWHERE_STATES = ['requested', 'pending', 'refunded', 'failed', 'cancelled'] as const;
export type RefundElsewhereState = (typeof REFUND_ELSEWHERE_STATES)[number];

export const refundElsewhereSchema = z.object({
  outRefundNo: z.string().min(1).max(64),
  saleId: id,
  amountCents: cents,
  /** The till that made (or is making) the refund. */
  tillName: z.string().max(80),
  state: z.enum(REFUND_ELSEWHERE_STATES),
  /** The gateway's status (`held` while reserved only, `released` once given back unused). */
  status: z.string().max(32),
  errorCode: z.string().max(64).nullable(),
  /** When it was asked for, and when the server last saw it change (the server's clock). */
  requestedAt: time,
  changedAt: time,
});
export type RefundElsewhere = z.infer<typeof refundElsewhereSchema>;

/** GET /refunds/elsewhere?since=<changedAt>: the changes since then, oldest first, at most `limit`. */
export const REFUNDS_ELSEWHERE_PAGE = 500;
export const refundsElsewhereResponseSchema = z.object({ refunds: z.array(refundElsewhereSchema) });

// ── the store's staff, pulled by its tills (GET /people) ─────────────────────────────────────────────────────

/**
 * One person of the store's staff as a till keeps them (journal `people`, source 'server'): the PIN's scrypt
 * hash travels so the till checks it offline (null until the person has set one, and for a disabled person);
 * never a badge secret. `rev` moves on with every change of the person on the server.
 */
export const serverPersonSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  name: z.string().min(1).max(60),
  role: z.enum(['cashier', 'supervisor', 'manager']),
  pinHash: z.string().min(1).max(256).nullable(),
  disabledAt: time.nullable(),
  rev: z.number().int().nonnegative(),
});
export type ServerPersonWire = z.infer<typeof serverPersonSchema>;

/** The whole list for the till's store (disabled people included, so the till refuses them); an ETag header. */
export const peopleResponseSchema = z.object({
  rev: z.number().int().nonnegative(),
  people: z.array(serverPersonSchema).max(10_000),
});
export type PeopleResponse = z.infer<typeof peopleResponseSchema>;

// ── the link: one WebSocket per till, server → till pushes ───────────────────────────────────────────────────

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), lastSeq: z.number().int().nonnegative() }),
  /** The store's staff list changed (someone added, edited, disabled or gave a PIN): pull GET /people now. */
  z.object({ type: z.literal('people-changed') }),
  /**
   * A verified payment notification reached the server for one of this till's orders. A trigger only: the till
   * checks the order with the gateway now (the lifecycle's rule), and ignores it for an order it does not know.
   */
  z.object({
    type: z.literal('check'),
    outOrderNo: z.string().min(1).max(64),
    orderNo: z.string().min(1).max(64),
    amountCents: z.number().int().nonnegative(),
    currency: z.string().max(8).nullable(),
    returnCode: z.string().max(32).nullable(),
  }),
  /**
   * Another till is refunding, or refunded, one of this till's sales: sent at each change of that refund's state
   * (reserved, sent, final). The fields after `status` came later; a message without them is read from `status`.
   */
  z.object({
    type: z.literal('refunded-elsewhere'),
    saleId: id,
    outRefundNo: z.string().min(1).max(64),
    amountCents: cents,
    tillName: z.string().max(80),
    status: z.string().max(32),
    state: z.enum(REFUND_ELSEWHERE_STATES).optional(),
    errorCode: z.string().max(64).nullable().optional(),
    requestedAt: time.optional(),
    changedAt: time.optional(),
  }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

// ── refund anywhere ──────────────────────────────────────────────────────────────────────────────────────────

export const saleSearchRequestSchema = z.object({
  /** A receipt's out_order_no or Omipay order number (scanned or typed), or an amount in cents. */
  query: z.string().trim().min(1).max(64),
  limit: z.number().int().min(1).max(50).default(20),
});

export const remoteSaleSchema = z.object({
  saleId: id,
  tillId: id,
  tillName: z.string(),
  outOrderNo: z.string(),
  orderNo: z.string().nullable(),
  platform: z.string().nullable(),
  amountCents: z.number().int(),
  refundedCents: z.number().int(),
  reservedCents: z.number().int(),
  /** paid − refunded − reserved: what may still be refunded. */
  refundableCents: z.number().int(),
  status: z.string(),
  paidAt: time.nullable(),
  businessDate: z.string(),
});
export type RemoteSale = z.infer<typeof remoteSaleSchema>;

export const saleSearchResponseSchema = z.object({ sales: z.array(remoteSaleSchema) });

export const reserveRequestSchema = z.object({
  /** The till that took the sale (sale ids are unique per till; the pair names one sale). */
  tillId: id,
  saleId: id,
  amountCents: cents,
  reason: z.string().trim().min(1).max(200),
  /** The till's own id for this refund request: a retried reserve returns the same reservation. */
  requestId: id,
});
export type ReserveRequest = z.infer<typeof reserveRequestSchema>;

/**
 * The balance is held on the server until the refund that uses `outRefundNo` reaches a final status (replicated
 * from the till that sent it): a success turns the hold into a refund, a refusal releases it.
 */
export const reservationSchema = z.object({
  reservationId: id,
  outRefundNo: z.string().min(1).max(32),
  saleId: id,
  orderNo: z.string().min(1),
  amountCents: cents,
  ownerTillId: id,
  ownerTillName: z.string(),
  refundableAfterCents: z.number().int().nonnegative(),
});
export type Reservation = z.infer<typeof reservationSchema>;

/**
 * Gives back a hold the till never used: the refund was refused on the till before anything was journalled or
 * sent (so no refund can exist with its out_refund_no). Only the till that reserved it may; answered with the
 * reservation's status (`released`, or what it already was).
 */
export const releaseRequestSchema = z.object({ reservationId: id });
export const releaseResponseSchema = z.object({
  reservationId: id,
  status: z.enum(['held', 'refunded', 'released']),
});

/** Error body of every refused till call: a code the till maps to its bilingual words, and detail for the log. */
export const tillApiErrorSchema = z.object({
  error: z.enum([
    'unauthorized',
    'revoked',
    'invalid_request',
    'gap',
    'not_found',
    'not_refundable',
    'over_balance',
    'pos_no_taken',
    'live_till_on_sandbox_server',
    'code_used_or_expired',
    'rate_limited',
    'server_error',
  ]),
  detail: z.string().max(300).optional(),
  lastSeq: z.number().int().nonnegative().optional(),
  refundableCents: z.number().int().nonnegative().optional(),
});
export type TillApiError = z.infer<typeof tillApiErrorSchema>;
