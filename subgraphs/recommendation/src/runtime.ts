import { fileURLToPath } from 'node:url';
import { openServiceRuntime, type OpenRuntimeOptions, type ServiceRuntime } from '@emporium/kit';
import * as schema from './db/schema.ts';

/** The recommendation subgraph's drizzle schema module. */
export type RecommendationSchema = typeof schema;
/** The recommendation subgraph's runtime (database, cache, bus, clock …). */
export type RecommendationRuntime = ServiceRuntime<RecommendationSchema>;

/** Where the recommendation subgraph's committed migrations live. */
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Opens the recommendation subgraph's runtime (database migrated). */
export function openRecommendationRuntime(opts: Omit<OpenRuntimeOptions<RecommendationSchema>, 'name' | 'schema' | 'migrationsFolder'> = {}) {
  return openServiceRuntime({ name: 'recommendation', schema, migrationsFolder, ...opts });
}
export { schema };
