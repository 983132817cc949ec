import { assertSubgraphName } from './names.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { DatabaseHandle, DatabaseOptions, SchemaModule } from './types.ts';

/**
 * Opens a subgraph's database: postgres.js on `opts.url` when set, otherwise an embedded PGlite at
 * `opts.dataDir` (in-memory when absent or 'memory://'). Does not migrate: call `handle.migrate()` at boot.
 */
export async function openDatabase<TSchema extends SchemaModule>(
  opts: DatabaseOptions<TSchema>,
): Promise<DatabaseHandle<TSchema>> {
  assertSubgraphName(opts.name);
  if (opts.url !== undefined && opts.url !== '') {
    return openPostgres({ ...opts, url: opts.url });
  }
  return openPglite(opts);
}
