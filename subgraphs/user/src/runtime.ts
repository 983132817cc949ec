import { fileURLToPath } from 'node:url';
import { openServiceRuntime, type OpenRuntimeOptions, type ServiceRuntime } from '@emporium/kit';
import * as schema from './db/schema.ts';

/** The user subgraph's drizzle schema module. */
export type UserSchema = typeof schema;
/** The user subgraph's runtime (database, cache, bus, clock …). */
export type UserRuntime = ServiceRuntime<UserSchema>;

/** Where the user subgraph's committed migrations live. */
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Opens the user subgraph's runtime (database migrated). */
export function openUserRuntime(opts: Omit<OpenRuntimeOptions<UserSchema>, 'name' | 'schema' | 'migrationsFolder'> = {}) {
  return openServiceRuntime({ name: 'user', schema, migrationsFolder, ...opts });
}
export { schema };
