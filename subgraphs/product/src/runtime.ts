import { fileURLToPath } from 'node:url';
import { openServiceRuntime, type OpenRuntimeOptions, type ServiceRuntime } from '@emporium/kit';
import * as schema from './db/schema.ts';

/** The product subgraph's drizzle schema module. */
export type ProductSchema = typeof schema;
/** The product subgraph's runtime (database, cache, bus, clock …). */
export type ProductRuntime = ServiceRuntime<ProductSchema>;

/** Where the product subgraph's committed migrations live. */
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Opens the product subgraph's runtime (database migrated). */
export function openProductRuntime(opts: Omit<OpenRuntimeOptions<ProductSchema>, 'name' | 'schema' | 'migrationsFolder'> = {}) {
  return openServiceRuntime({ name: 'product', schema, migrationsFolder, ...opts });
}
export { schema };
