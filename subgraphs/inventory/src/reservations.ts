import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { AppError, badInput, conflict, ErrorCode, isUuid, notFound, type Database, type Transaction } from '@emporium/kit';
import type { ReservationLineInput, ReservationStatus } from './__generated__/resolvers-types.ts';
import { lockStockRows, maxWarehouseAvailable, reserveInOneWarehouse } from './db/queries.ts';
import type * as schema from './db/schema.ts';
import { reservationLines, reservations, stock } from './db/schema.ts';
import { enqueueStockChanged } from './events.ts';
import type { InsufficientStockModel, ReservationModel, ReservedLineModel } from './models.ts';

type Db = Database<typeof schema>;
type Tx = Transaction<typeof schema>;

/** Most lines one reservation may have. */
export const MAX_RESERVATION_LINES = 100;
/** Most units one line may hold (PostgreSQL `integer`). */
export const MAX_LINE_QUANTITY = 2_147_483_647;
/** Hold time when `ttlSeconds` is not given. */
export const DEFAULT_TTL_SECONDS = 900;
/** Longest hold a caller may ask for (24 h). */
export const MAX_TTL_SECONDS = 86_400;
/** Longest reference accepted. */
export const MAX_REFERENCE_LENGTH = 200;
/** How many times a line's conditional UPDATE is tried when it loses a race for its warehouse (fresh snapshot each). */
const RESERVE_ATTEMPTS = 3;

const ISO2 = /^[A-Z]{2}$/;

/** A validated reservation request. */
export interface ReserveRequest {
  lines: { productId: string; quantity: number }[];
  reference: string;
  ttlSeconds: number;
  country: string | null;
}

/** The reference, trimmed, 1–200 characters without control characters; else BAD_USER_INPUT naming `reference`. */
export function validateReference(reference: string): string {
  const ref = reference.trim();
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (ref.length === 0 || ref.length > MAX_REFERENCE_LENGTH || /[\u0000-\u001f\u007f]/.test(ref)) {
    throw badInput(`reference must be 1–${MAX_REFERENCE_LENGTH} printable characters, got ${JSON.stringify(reference.slice(0, 50))}.`, 'reference');
  }
  return ref;
}

/**
 * Checks a reservation request: 1–100 lines, UUID product ids each at most once, whole quantities ≥ 1, a reference,
 * `ttlSeconds` in 1..86,400 (default 900) and an optional ISO 3166-1 alpha-2 country. Throws BAD_USER_INPUT naming the
 * first bad argument. Lines come back sorted by product id: the order stock rows are locked in.
 */
export function validateReserve(args: {
  lines: readonly ReservationLineInput[];
  reference: string;
  ttlSeconds?: number | null;
  country?: string | null;
}): ReserveRequest {
  const { lines } = args;
  if (lines.length === 0) throw badInput('lines must contain at least one line.', 'lines');
  if (lines.length > MAX_RESERVATION_LINES) throw badInput(`At most ${MAX_RESERVATION_LINES} lines per reservation, got ${lines.length}.`, 'lines');
  const seen = new Set<string>();
  const checked = lines.map((line, i) => {
    if (!isUuid(line.productId)) throw badInput(`lines[${i}].productId must be a UUID, got "${line.productId}".`, `lines.${i}.productId`);
    const q = line.quantity;
    if (!Number.isInteger(q) || q < 1 || q > MAX_LINE_QUANTITY) {
      throw badInput(`lines[${i}].quantity must be a whole number ≥ 1, got ${q}.`, `lines.${i}.quantity`);
    }
    const productId = line.productId.toLowerCase();
    if (seen.has(productId)) throw badInput(`lines[${i}] repeats product ${productId}; give each product once.`, `lines.${i}.productId`);
    seen.add(productId);
    return { productId, quantity: q };
  });
  const ttl = args.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) {
    throw badInput(`ttlSeconds must be a whole number from 1 to ${MAX_TTL_SECONDS}, got ${ttl}.`, 'ttlSeconds');
  }
  const country = args.country ?? null;
  if (country !== null && !ISO2.test(country)) throw badInput(`country must be an ISO 3166-1 alpha-2 code such as GB, got "${country}".`, 'country');
  checked.sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
  return { lines: checked, reference: validateReference(args.reference), ttlSeconds: ttl, country };
}

type ReservationRow = typeof reservations.$inferSelect;

function toModel(row: ReservationRow, lines: ReservedLineModel[]): ReservationModel {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status as ReservationStatus,
    country: row.country,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lines: [...lines].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0)),
  };
}

/** Lines of the given reservations, by reservation id (one statement). */
async function linesOf(db: Db | Tx, ids: readonly string[]): Promise<Map<string, ReservedLineModel[]>> {
  const byId = new Map<string, ReservedLineModel[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byId;
  const rows = await db
    .select()
    .from(reservationLines)
    .where(inArray(reservationLines.reservationId, [...ids]))
    .orderBy(asc(reservationLines.productId));
  for (const r of rows) byId.get(r.reservationId)?.push({ productId: r.productId, warehouseCode: r.warehouseCode, quantity: r.quantity });
  return byId;
}

/** A reservation with its lines by reference, or null (two statements). */
export async function findReservation(db: Db | Tx, reference: string): Promise<ReservationModel | null> {
  const [row] = await db.select().from(reservations).where(eq(reservations.reference, reference));
  if (!row) return null;
  return toModel(row, (await linesOf(db, [row.id])).get(row.id) ?? []);
}

/** Thrown inside the reserve transaction to roll it back when a line cannot be served. */
class Shortfall extends Error {
  constructor(readonly productId: string) {
    super(`insufficient stock for ${productId}`);
  }
}

function sameLines(a: readonly { productId: string; quantity: number }[], b: readonly { productId: string; quantity: number }[]): boolean {
  const key = (ls: readonly { productId: string; quantity: number }[]) =>
    [...ls].map((l) => `${l.productId}:${l.quantity}`).sort().join(',');
  return key(a) === key(b);
}

/**
 * Holds stock for every line or none, in ONE transaction: inserts the reservation (its unique reference makes retries
 * idempotent — a concurrent call with the same reference waits for this one and then finds it), reserves each line in
 * product order with a conditional UPDATE that can never take more than is available, records the lines and enqueues
 * `stock.changed` for the products. When a line cannot be served everything rolls back and the typed
 * INSUFFICIENT_STOCK result lists the shortages. The same reference with the same lines answers the existing
 * reservation in whatever state it is; with other lines it is a CONFLICT.
 */
export async function reserve(db: Db, req: ReserveRequest, now: Date): Promise<{ result: ReservationModel | InsufficientStockModel; changed: boolean }> {
  const expiresAt = new Date(now.getTime() + req.ttlSeconds * 1000);
  try {
    return await db.transaction(async (tx) => {
      const id = randomUUID();
      const inserted = await tx
        .insert(reservations)
        .values({ id, reference: req.reference, status: 'HELD', country: req.country, createdAt: now, expiresAt })
        .onConflictDoNothing({ target: reservations.reference })
        .returning();
      const row = inserted[0];
      if (!row) {
        const existing = await findReservation(tx, req.reference);
        if (!existing) throw new AppError(ErrorCode.CONFLICT, `Reservation ${req.reference} is being changed; try again.`);
        if (!sameLines(existing.lines, req.lines)) {
          throw conflict(`Reference "${req.reference}" already reserves other lines; use a new reference for a different reservation.`);
        }
        return { result: existing, changed: false };
      }
      const lines: ReservedLineModel[] = [];
      for (const line of req.lines) {
        let warehouseCode: string | null = null;
        for (let attempt = 0; attempt < RESERVE_ATTEMPTS && warehouseCode === null; attempt++) {
          const result = await reserveInOneWarehouse(tx, line, req.country, now);
          warehouseCode = result.warehouseCode;
          // No warehouse had enough even before locking: short. Otherwise a concurrent reservation won the row: retry
          // with a fresh snapshot (another warehouse may still have enough).
          if (!result.candidate) break;
        }
        if (warehouseCode === null) throw new Shortfall(line.productId);
        lines.push({ ...line, warehouseCode });
      }
      await tx.insert(reservationLines).values(lines.map((l) => ({ reservationId: id, ...l })));
      await enqueueStockChanged(tx, lines.map((l) => l.productId), now);
      return { result: toModel(row, lines), changed: true };
    });
  } catch (err) {
    if (!(err instanceof Shortfall)) throw err;
    const available = await maxWarehouseAvailable(db, req.lines.map((l) => l.productId), req.country);
    let shortages = req.lines
      .map((l) => ({ productId: l.productId, requested: l.quantity, available: available.get(l.productId) ?? 0 }))
      .filter((s) => s.requested > s.available);
    // Stock freed since the failing UPDATE: still report the line that could not be served.
    if (shortages.length === 0) {
      const line = req.lines.find((l) => l.productId === err.productId)!;
      shortages = [{ productId: line.productId, requested: line.quantity, available: available.get(line.productId) ?? 0 }];
    }
    const where = req.country ? ` for ${req.country}` : '';
    const message =
      `Not enough stock${where}: ` +
      shortages.map((s) => `${s.productId} needs ${s.requested}, ${s.available} available in one warehouse`).join('; ') +
      '. Nothing was reserved.';
    return { result: { code: 'INSUFFICIENT_STOCK', message, shortages }, changed: false };
  }
}

/** The terminal states a HELD reservation can move to. */
type Closing = 'COMMITTED' | 'RELEASED' | 'EXPIRED';

/**
 * Moves the HELD reservations matched by `which` to `to` and applies their units to stock, in the caller's
 * transaction: a conditional `UPDATE … WHERE status = 'HELD'` decides, so of a commit, a release and the sweeper racing
 * for one reservation exactly one wins and the others change nothing. Stock rows are locked in (product, warehouse)
 * order, then `reserved` drops by the held units (and `committed` rises by them for COMMITTED). Enqueues
 * `stock.changed` for the products. Returns the reservations it moved.
 */
async function close(tx: Tx, which: SQL, to: Closing, now: Date): Promise<ReservationModel[]> {
  const moved = await tx
    .update(reservations)
    .set({ status: to, closedAt: now })
    .where(and(eq(reservations.status, 'HELD'), which))
    .returning();
  if (moved.length === 0) return [];
  const lines = await linesOf(tx, moved.map((r) => r.id));
  const units = new Map<string, { productId: string; warehouseCode: string; quantity: number }>();
  for (const ls of lines.values()) {
    for (const l of ls) {
      const key = `${l.productId}|${l.warehouseCode}`;
      const u = units.get(key);
      if (u) u.quantity += l.quantity;
      else units.set(key, { ...l });
    }
  }
  const all = [...units.values()];
  if (all.length > 0) {
    await lockStockRows(tx, [...new Set(all.map((u) => u.productId))], [...new Set(all.map((u) => u.warehouseCode))]);
    const values = sql.join(all.map((u) => sql`(${u.productId}::uuid, ${u.warehouseCode}::text, ${u.quantity}::int)`), sql`, `);
    const committedDelta = to === 'COMMITTED' ? sql`u.q` : sql`0`;
    await tx.execute(sql`update ${stock} s
      set reserved = s.reserved - u.q, committed = s.committed + ${committedDelta}, updated_at = ${now.toISOString()}::timestamptz
      from (values ${values}) as u(product_id, warehouse_code, q)
      where s.product_id = u.product_id and s.warehouse_code = u.warehouse_code`);
    await enqueueStockChanged(tx, all.map((u) => u.productId), now);
  }
  return moved.map((r) => toModel(r, lines.get(r.id) ?? []));
}

/**
 * Commits a reservation: HELD and not yet expired → COMMITTED (units move from reserved to committed). A HELD
 * reservation whose time is up is expired on the spot (units go back) and answered EXPIRED; COMMITTED, RELEASED and
 * EXPIRED ones are answered as they are. Unknown reference → NOT_FOUND.
 */
export async function commitReservation(db: Db, reference: string, now: Date): Promise<{ result: ReservationModel; changed: boolean }> {
  return db.transaction(async (tx) => {
    const [done] = await close(tx, and(eq(reservations.reference, reference), sql`${reservations.expiresAt} > ${now.toISOString()}::timestamptz`)!, 'COMMITTED', now);
    if (done) return { result: done, changed: true };
    const [expired] = await close(tx, eq(reservations.reference, reference), 'EXPIRED', now);
    if (expired) return { result: expired, changed: true };
    const existing = await findReservation(tx, reference);
    if (!existing) throw notFound(`No reservation with reference "${reference}".`);
    return { result: existing, changed: false };
  });
}

/** Releases a HELD reservation (units go back). Other states are answered as they are; unknown reference → NOT_FOUND. */
export async function releaseReservation(db: Db, reference: string, now: Date): Promise<{ result: ReservationModel; changed: boolean }> {
  return db.transaction(async (tx) => {
    const [done] = await close(tx, eq(reservations.reference, reference), 'RELEASED', now);
    if (done) return { result: done, changed: true };
    const existing = await findReservation(tx, reference);
    if (!existing) throw notFound(`No reservation with reference "${reference}".`);
    return { result: existing, changed: false };
  });
}

/**
 * Settles a COMMITTED reservation: RETURNED gives its units back (`committed` drops, so they are for sale again),
 * SHIPPED takes them out of the warehouse (`on_hand` and `committed` drop). A conditional `UPDATE … WHERE status =
 * 'COMMITTED'` decides, so concurrent calls apply the units once. Other states are answered as they are; unknown
 * reference → NOT_FOUND.
 */
export async function settleReservation(
  db: Db,
  reference: string,
  to: 'RETURNED' | 'SHIPPED',
  now: Date,
): Promise<{ result: ReservationModel; changed: boolean }> {
  return db.transaction(async (tx) => {
    const [moved] = await tx
      .update(reservations)
      .set({ status: to, settledAt: now })
      .where(and(eq(reservations.status, 'COMMITTED'), eq(reservations.reference, reference)))
      .returning();
    if (!moved) {
      const existing = await findReservation(tx, reference);
      if (!existing) throw notFound(`No reservation with reference "${reference}".`);
      return { result: existing, changed: false };
    }
    const lines = (await linesOf(tx, [moved.id])).get(moved.id) ?? [];
    if (lines.length > 0) {
      await lockStockRows(tx, [...new Set(lines.map((l) => l.productId))], [...new Set(lines.map((l) => l.warehouseCode))]);
      const values = sql.join(lines.map((l) => sql`(${l.productId}::uuid, ${l.warehouseCode}::text, ${l.quantity}::int)`), sql`, `);
      const onHandDelta = to === 'SHIPPED' ? sql`u.q` : sql`0`;
      await tx.execute(sql`update ${stock} s
        set committed = s.committed - u.q, on_hand = s.on_hand - ${onHandDelta}, updated_at = ${now.toISOString()}::timestamptz
        from (values ${values}) as u(product_id, warehouse_code, q)
        where s.product_id = u.product_id and s.warehouse_code = u.warehouse_code`);
      await enqueueStockChanged(tx, [...new Set(lines.map((l) => l.productId))], now);
    }
    return { result: toModel(moved, lines), changed: true };
  });
}

/** Reservations the sweeper expires per transaction. */
export const SWEEP_BATCH = 200;

/**
 * Expires HELD reservations whose `expires_at` ≤ `now`, oldest first, up to `limit` per transaction and until none
 * are left: their units go back to stock and `stock.changed` is enqueued. Rows another transaction holds (a commit or
 * release in flight) are skipped (FOR UPDATE SKIP LOCKED) and decided by that transaction. Returns how many expired.
 * Background work: pass `rt.db.background`.
 */
export async function sweepExpiredReservations(db: Db, now: Date, limit = SWEEP_BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const due = sql`${reservations.id} in (
        select r.id from ${reservations} r where r.status = 'HELD' and r.expires_at <= ${now.toISOString()}::timestamptz
        order by r.expires_at limit ${limit} for update skip locked)`;
      return (await close(tx, due, 'EXPIRED', now)).length;
    });
    total += n;
    if (n < limit) return total;
  }
}

/** A background loop that runs the sweeper every `intervalMs` (and on `wake()`); `stop()` waits for a sweep in flight. */
export function createReservationSweeper(opts: {
  db: Db;
  now: () => Date;
  intervalMs: number;
  onExpired: (count: number) => void;
  onError: (err: unknown) => void;
}) {
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = () => {
    inFlight = (async () => {
      try {
        const n = await sweepExpiredReservations(opts.db, opts.now());
        if (n > 0) opts.onExpired(n);
      } catch (err) {
        opts.onError(err);
      }
    })();
    void inFlight.then(() => {
      if (running) timer = setTimeout(tick, opts.intervalMs);
    });
  };
  return {
    start() {
      if (running) return;
      running = true;
      timer = setTimeout(tick, opts.intervalMs);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
