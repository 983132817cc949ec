import { fileURLToPath } from 'node:url';
import { openServiceRuntime, type OpenRuntimeOptions, type ServiceRuntime } from '@emporium/kit';
import * as schema from './db/schema.ts';

/** The deal subgraph's drizzle schema module. */
export type DealSchema = typeof schema;
/** The deal subgraph's runtime (database, cache, bus, clock …). */
export type DealRuntime = ServiceRuntime<DealSchema>;

/** Where the deal subgraph's committed migrations live. */
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Opens the deal subgraph's runtime (database migrated). */
export function openDealRuntime(opts: Omit<OpenRuntimeOptions<DealSchema>, 'name' | 'schema' | 'migrationsFolder'> = {}) {
  return openServiceRuntime({ name: 'deal', schema, migrationsFolder, ...opts });
}
export { schema };
