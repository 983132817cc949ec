import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, text, timestamp, uuid, type PgDatabase, type PgSchema } from 'drizzle-orm/pg-core';
import { createEnvelope, type EventEnvelope, type NewEvent } from './types.ts';

/** Any drizzle Postgres database or transaction (PGlite, postgres.js, ...). */
export type AnyPgDatabase = PgDatabase<any, any, any>;

/** Checks an event payload against its contract (e.g. `validateEventPayload` from `@emporium/events`). */
export type PayloadValidator = (type: string, payload: unknown) => { ok: boolean; errors?: string[] };

/** Thrown by {@link enqueueEvent} when the validator rejects a payload. */
export class EventValidationError extends Error {
  constructor(
    readonly type: string,
    readonly errors: readonly string[],
  ) {
    super(`invalid ${type} payload: ${errors.length > 0 ? errors.join('; ') : 'rejected by validator'}`);
    this.name = 'EventValidationError';
  }
}

/**
 * The transactional outbox table, for a subgraph's `db/schema.ts` (so drizzle-kit generates it
 * into that subgraph's migrations): `export const outbox = outboxTable(productSchema);`.
 * `seq` breaks ties between events with the same `occurred_at` (insertion order); the partial
 * index keeps the relay's "oldest unpublished first" scan cheap however large the table grows.
 */
export function outboxTable(schema: PgSchema, name = 'outbox') {
  return schema.table(
    name,
    {
      id: uuid('id').primaryKey(),
      seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
      type: text('type').notNull(),
      source: text('source').notNull(),
      payload: jsonb('payload').notNull(),
      occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
      publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
      attempts: integer('attempts').notNull().default(0),
      lastError: text('last_error'),
    },
    (t) => [index(`${name}_unpublished_idx`).on(t.occurredAt, t.seq).where(sql`published_at IS NULL`)],
  );
}

/** The table type returned by {@link outboxTable}. */
export type OutboxTable = ReturnType<typeof outboxTable>;

/** Plain SQL statements equivalent to {@link outboxTable}, for tests and tools that do not run drizzle-kit. */
export function outboxTableSql(schemaName: string, name = 'outbox'): string[] {
  const t = `"${schemaName}"."${name}"`;
  return [
    `CREATE TABLE IF NOT EXISTS ${t} (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  type text NOT NULL,
  source text NOT NULL,
  payload jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  published_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text
)`,
    `CREATE INDEX IF NOT EXISTS "${name}_unpublished_idx" ON ${t} (occurred_at, seq) WHERE published_at IS NULL`,
  ];
}

function check(events: readonly EventEnvelope[], validate: PayloadValidator | undefined): void {
  if (!validate) return;
  for (const e of events) {
    const result = validate(e.type, e.payload);
    if (!result.ok) throw new EventValidationError(e.type, result.errors ?? []);
  }
}

/**
 * Inserts an event into the outbox inside the caller's transaction `tx` and returns its envelope;
 * it is published by the relay only if that transaction commits. With `validate`, an invalid
 * payload throws {@link EventValidationError} (listing the errors) before anything is written.
 */
export async function enqueueEvent<T>(
  tx: AnyPgDatabase,
  outbox: OutboxTable,
  event: NewEvent<T>,
  validate?: PayloadValidator,
): Promise<EventEnvelope<T>> {
  const [envelope] = await enqueueEvents(tx, outbox, [event], validate);
  return envelope!;
}

/** Like {@link enqueueEvent} for several events, in one INSERT (they keep their order). */
export async function enqueueEvents<T>(
  tx: AnyPgDatabase,
  outbox: OutboxTable,
  events: readonly NewEvent<T>[],
  validate?: PayloadValidator,
): Promise<EventEnvelope<T>[]> {
  const envelopes = events.map((e) => createEnvelope(e));
  check(envelopes, validate);
  if (envelopes.length === 0) return envelopes;
  await tx.insert(outbox).values(
    envelopes.map((e) => ({
      id: e.id,
      type: e.type,
      source: e.source,
      payload: e.payload as unknown,
      occurredAt: new Date(e.occurredAt),
    })),
  );
  return envelopes;
}
