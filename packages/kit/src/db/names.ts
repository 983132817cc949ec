import { createHash } from 'node:crypto';

const NAME = /^[a-z][a-z0-9_]{0,39}$/;

/** Throws unless `name` can be used as a subgraph name in schema names and application_name. */
export function assertSubgraphName(name: string): void {
  if (!NAME.test(name)) {
    throw new Error(`invalid subgraph name ${JSON.stringify(name)}: expected ${NAME.source}`);
  }
}

/** The Postgres schema holding a subgraph's drizzle migrations table: `${name}_migrations`. */
export function migrationsSchemaName(name: string): string {
  assertSubgraphName(name);
  return `${name}_migrations`;
}

/** Name of drizzle's migrations table inside {@link migrationsSchemaName}. */
export const MIGRATIONS_TABLE = '__drizzle_migrations';

/** The `application_name` a subgraph's connections report in pg_stat_activity. */
export function databaseApplicationName(name: string): string {
  return `emporium-${name}`;
}

/**
 * Stable signed 64-bit key for `pg_advisory_lock` guarding a subgraph's migrations: the first 8 bytes of
 * sha256('emporium:migrate:<name>'). Same name, same key, on every machine and Node version.
 */
export function migrationLockKey(name: string): bigint {
  assertSubgraphName(name);
  const digest = createHash('sha256').update(`emporium:migrate:${name}`).digest();
  return digest.readBigInt64BE(0);
}
