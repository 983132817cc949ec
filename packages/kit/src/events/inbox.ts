import { lt } from 'drizzle-orm';
import { primaryKey, text, timestamp, type PgSchema } from 'drizzle-orm/pg-core';
import type { AnyPgDatabase } from './outbox.ts';
import type { EventEnvelope, EventHandler } from './types.ts';

/**
 * The inbox table (one row per event a consumer group has applied), for a subgraph's
 * `db/schema.ts`: `export const inbox = inboxTable(recommendationSchema);`.
 */
export function inboxTable(schema: PgSchema, name = 'inbox') {
  return schema.table(
    name,
    {
      consumerGroup: text('consumer_group').notNull(),
      eventId: text('event_id').notNull(),
      processedAt: timestamp('processed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    },
    (t) => [primaryKey({ columns: [t.consumerGroup, t.eventId] })],
  );
}

/** The table type returned by {@link inboxTable}. */
export type InboxTable = ReturnType<typeof inboxTable>;

/** Plain SQL statements equivalent to {@link inboxTable}, for tests and tools that do not run drizzle-kit. */
export function inboxTableSql(schemaName: string, name = 'inbox'): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS "${schemaName}"."${name}" (
  consumer_group text NOT NULL,
  event_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
)`,
  ];
}

/** The transaction type of a drizzle database. */
export type TransactionOf<TDb extends AnyPgDatabase> = Parameters<Parameters<TDb['transaction']>[0]>[0];

/**
 * Applies `event` at most once per `group`: in ONE transaction it records (group, event.id) in
 * the inbox (`ON CONFLICT DO NOTHING`) and, only if that row is new, runs `handler` with the same
 * transaction. Returns true when the handler ran, false for a redelivery. If the handler throws,
 * everything (inbox row included) rolls back and the error propagates, so the bus retries it.
 */
export async function consumeOnce<TDb extends AnyPgDatabase>(
  db: TDb,
  inbox: InboxTable,
  group: string,
  event: EventEnvelope,
  handler: (tx: TransactionOf<TDb>, event: EventEnvelope) => Promise<void>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(inbox)
      .values({ consumerGroup: group, eventId: event.id })
      .onConflictDoNothing()
      .returning({ eventId: inbox.eventId });
    if (inserted.length === 0) return false;
    await handler(tx as TransactionOf<TDb>, event);
    return true;
  });
}

/** An {@link EventHandler} for `bus.subscribe` that applies each event through {@link consumeOnce}. */
export function inboxHandler<TDb extends AnyPgDatabase>(
  db: TDb,
  inbox: InboxTable,
  group: string,
  handler: (tx: TransactionOf<TDb>, event: EventEnvelope) => Promise<void>,
): EventHandler {
  return async (event) => {
    await consumeOnce(db, inbox, group, event, handler);
  };
}

/** Deletes inbox rows processed before `before` (redeliveries older than that are no longer expected); returns the count. */
export async function pruneInbox(db: AnyPgDatabase, inbox: InboxTable, before: Date): Promise<number> {
  const deleted = await db.delete(inbox).where(lt(inbox.processedAt, before)).returning({ eventId: inbox.eventId });
  return deleted.length;
}
