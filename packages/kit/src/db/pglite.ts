import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { MIGRATIONS_TABLE, migrationsSchemaName } from './names.ts';
import { createStatementCounter } from './stats.ts';
import type { Database, DatabaseHandle, DatabaseOptions, SchemaModule } from './types.ts';

/** Extensions bundled into every PGlite instance; migrations may `CREATE EXTENSION IF NOT EXISTS` them. */
export const PGLITE_EXTENSIONS = { pg_trgm, unaccent } as const;

const MEMORY = 'memory://';

/** Data directories opened by this process: PGlite allows one instance (one connection) per directory. */
const openDirs = new Set<string>();

/** True when the options ask for an in-memory PGlite. */
export function isInMemory(dataDir: string | undefined): boolean {
  return dataDir === undefined || dataDir === '' || dataDir === MEMORY;
}

function dirKey(dataDir: string): string {
  return resolve(dataDir.startsWith('file://') ? dataDir.slice('file://'.length) : dataDir);
}

/** Opens an embedded PGlite (in-memory or on disk) wrapped as a {@link DatabaseHandle}. */
export async function openPglite<TSchema extends SchemaModule>(
  opts: DatabaseOptions<TSchema>,
): Promise<DatabaseHandle<TSchema>> {
  const memory = isInMemory(opts.dataDir);
  const key = memory ? undefined : dirKey(opts.dataDir as string);
  if (key !== undefined) {
    if (openDirs.has(key)) {
      throw new Error(`PGlite data directory ${key} is already open in this process (one instance per directory)`);
    }
    openDirs.add(key);
  }
  let client: PGlite;
  try {
    if (key !== undefined) await mkdir(key, { recursive: true });
    client = await PGlite.create({ dataDir: key ?? MEMORY, extensions: PGLITE_EXTENSIONS });
  } catch (err) {
    if (key !== undefined) openDirs.delete(key);
    throw err;
  }

  const counter = createStatementCounter();
  const db: Database<TSchema> = drizzle(client, { schema: opts.schema, logger: counter.logger });
  // Migrations go through an uncounted drizzle instance over the same single connection.
  const migrator = drizzle(client);
  let closed = false;
  let migrations: Promise<void> = Promise.resolve();

  return {
    name: opts.name,
    kind: 'pglite',
    db,
    stats: counter.stats,
    background: drizzle(client, { schema: opts.schema }),
    raw: { kind: 'pglite', client },
    migrate() {
      // One connection per PGlite instance, so no advisory lock; but drizzle reads the last applied migration
      // before its transaction, so overlapping calls on this handle are queued, not interleaved.
      const run = migrations.then(() =>
        migrate(migrator, {
          migrationsFolder: opts.migrationsFolder,
          migrationsSchema: migrationsSchemaName(opts.name),
          migrationsTable: MIGRATIONS_TABLE,
        }),
      );
      migrations = run.catch(() => {});
      return run;
    },
    async ping() {
      if (closed) return false;
      try {
        await client.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        if (key !== undefined) openDirs.delete(key);
      }
    },
  };
}
