import { fileURLToPath } from 'node:url';
import { openServiceRuntime, type OpenRuntimeOptions, type ServiceRuntime } from '@emporium/kit';
import * as schema from './db/schema.ts';

/** The order subgraph's drizzle schema module. */
export type OrderSchema = typeof schema;
/** The order subgraph's runtime (database, cache, bus, clock …). */
export type OrderRuntime = ServiceRuntime<OrderSchema>;

/** Where the order subgraph's committed migrations live. */
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Opens the order subgraph's runtime (database migrated). */
export function openOrderRuntime(opts: Omit<OpenRuntimeOptions<OrderSchema>, 'name' | 'schema' | 'migrationsFolder'> = {}) {
  return openServiceRuntime({ name: 'order', schema, migrationsFolder, ...opts });
}
export { schema };
