import { fileURLToPath } from 'node:url';
import { openServiceRuntime, type OpenRuntimeOptions, type ServiceRuntime } from '@emporium/kit';
import * as schema from './db/schema.ts';

/** The pricing subgraph's drizzle schema module. */
export type PricingSchema = typeof schema;
/** The pricing subgraph's runtime (database, cache, bus, clock …). */
export type PricingRuntime = ServiceRuntime<PricingSchema>;

/** Where the pricing subgraph's committed migrations live. */
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Opens the pricing subgraph's runtime (database migrated). */
export function openPricingRuntime(opts: Omit<OpenRuntimeOptions<PricingSchema>, 'name' | 'schema' | 'migrationsFolder'> = {}) {
  return openServiceRuntime({ name: 'pricing', schema, migrationsFolder, ...opts });
}
export { schema };
