import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { databaseApplicationName, MIGRATIONS_TABLE, migrationLockKey, migrationsSchemaName } from './names.ts';
import { createStatementCounter } from './stats.ts';
import type { Database, DatabaseHandle, DatabaseOptions, SchemaModule } from './types.ts';

/** Default pool size per subgraph (7 subgraphs share the server's 100 connections). */
export const DEFAULT_POOL_MAX = 5;
/** Seconds an idle pooled connection is kept before it is closed. */
export const IDLE_TIMEOUT_SECONDS = 30;
/** Seconds to wait for a connection to be established. */
export const CONNECT_TIMEOUT_SECONDS = 10;

const silent = (): void => {};

/** postgres.js options shared by the pool and the migration connection. */
function clientOptions(name: string, max: number, suffix = ''): postgres.Options<Record<string, postgres.PostgresType>> {
  return {
    max,
    idle_timeout: IDLE_TIMEOUT_SECONDS,
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    onnotice: silent,
    // JIT off for every session: our statements are short and planned per request, and a statement costed just over
    // jit_above_cost spent 70–90 ms compiling for a few ms of work (subgraphs/product README, "Caps at scale").
    connection: { application_name: databaseApplicationName(name) + suffix, jit: 'off' },
  };
}

/**
 * Applies migrations on a dedicated single connection holding `pg_advisory_lock(<key of name>)`, so replicas
 * starting together run them one at a time (advisory locks are per database; the lock dies with the connection).
 */
export async function migrateWithLock(url: string, name: string, migrationsFolder: string): Promise<void> {
  const sql = postgres(url, clientOptions(name, 1, '-migrate'));
  const key = migrationLockKey(name).toString();
  try {
    await sql`select pg_advisory_lock(${key}::bigint)`;
    try {
      await migrate(drizzle(sql), {
        migrationsFolder,
        migrationsSchema: migrationsSchemaName(name),
        migrationsTable: MIGRATIONS_TABLE,
      });
    } finally {
      // If the connection broke, the server released the lock already; keep the original error.
      await sql`select pg_advisory_unlock(${key}::bigint)`.catch(() => {});
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Opens a bounded postgres.js pool wrapped as a {@link DatabaseHandle}. */
export async function openPostgres<TSchema extends SchemaModule>(
  opts: DatabaseOptions<TSchema> & { url: string },
): Promise<DatabaseHandle<TSchema>> {
  const poolMax = opts.poolMax ?? DEFAULT_POOL_MAX;
  if (!Number.isInteger(poolMax) || poolMax < 1) {
    throw new Error(`poolMax must be a positive integer, got ${poolMax}`);
  }
  const client = postgres(opts.url, clientOptions(opts.name, poolMax));
  const counter = createStatementCounter();
  const db: Database<TSchema> = drizzle(client, { schema: opts.schema, logger: counter.logger });
  let closed = false;

  return {
    name: opts.name,
    kind: 'postgres',
    db,
    stats: counter.stats,
    background: drizzle(client, { schema: opts.schema }),
    raw: { kind: 'postgres', client },
    migrate: () => migrateWithLock(opts.url, opts.name, opts.migrationsFolder),
    async ping() {
      if (closed) return false;
      try {
        await client`select 1`;
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.end({ timeout: 5 });
    },
  };
}
