import { fileURLToPath } from 'node:url';
import { openServiceRuntime, type OpenRuntimeOptions, type ServiceRuntime } from '@emporium/kit';
import * as schema from './db/schema.ts';

/** The inventory subgraph's drizzle schema module. */
export type InventorySchema = typeof schema;
/** The inventory subgraph's runtime (database, cache, bus, clock …). */
export type InventoryRuntime = ServiceRuntime<InventorySchema>;

/** Where the inventory subgraph's committed migrations live. */
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Opens the inventory subgraph's runtime (database migrated). */
export function openInventoryRuntime(opts: Omit<OpenRuntimeOptions<InventorySchema>, 'name' | 'schema' | 'migrationsFolder'> = {}) {
  return openServiceRuntime({ name: 'inventory', schema, migrationsFolder, ...opts });
}
export { schema };
